/** Where the widget runs: its script tag's settings, the front door's address, session storage. */

export const script = document.currentScript ||
  Array.from(document.querySelectorAll("script[src]")).filter((s) => /\/widget\.js(\?|#|$)/.test(s.src)).pop() ||
  null;
export const dataset = (script && script.dataset) || {};

function originOf(url) {
  try { return new URL(url, location.href).origin; } catch (e) { return ""; }
}

/** The front door: data-server, else the origin this script came from. */
export const SERVER = (dataset.server || (script && originOf(script.src)) || location.origin).replace(/\/+$/, "");
export const ID = "breach-chat";
// How long typing dots may show without a message: the bot answers within its timeout (8 s, then an
// apology comes); an agent's typing event repeats every 2 s while they type, so 5 s of silence means
// they stopped.
export const BOT_TYPING_MS = 15000;
export const AGENT_TYPING_MS = 5000;
// The server passes one typing event per 2 s (TypingThrottle); a little more here, so that network
// jitter does not put two events into one of its windows.
export const TYPING_EMIT_MS = 2500;
export const KEY = {
  session: "breach-chat-session",
  language: "breach-chat-language", // only what the customer chose with the switch
  followed: "breach-chat-language-followed", // what the conversation moved to (language detection)
  open: "breach-chat-open",
  outbox: "breach-chat-outbox",
  status: "breach-chat-status",
  agent: "breach-chat-agent",
  rated: "breach-chat-rated",
};

/** sessionStorage, or an in-memory stand-in where it is blocked. */
export const storage = (function () {
  try {
    const s = window.sessionStorage;
    s.setItem("breach-chat-probe", "1");
    s.removeItem("breach-chat-probe");
    return s;
  } catch (e) {
    const memory = {};
    return {
      getItem: (k) => (k in memory ? memory[k] : null),
      setItem: (k, v) => { memory[k] = String(v); },
      removeItem: (k) => { delete memory[k]; },
    };
  }
})();

export function readJSON(key, fallback) {
  try {
    const value = JSON.parse(storage.getItem(key));
    return value === null || value === undefined ? fallback : value;
  } catch (e) {
    return fallback;
  }
}

export function writeJSON(key, value) {
  try { storage.setItem(key, JSON.stringify(value)); } catch (e) { /* full or disabled */ }
}
