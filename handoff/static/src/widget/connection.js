/** The socket to the front door (customer protocol, docs/front-door.md), the config, the language. */
import { normalLanguage } from "../shared/contract.js";
import { el } from "../shared/dom.js";
import { applyTexts, renderPrivacy, renderStarters } from "./build.js";
import { KEY, SERVER, storage } from "./config.js";
import { hasConversation, showMessage, updateWelcome } from "./messages.js";
import { flush, onAck, onRejected, send } from "./outbox.js";
import { scrollToEnd } from "./panel.js";
import { hideRating } from "./rating.js";
import { state, t, ui } from "./state.js";
import { hideTyping, onAgentTyping, onStatus, renderStatus, retireQueueChoices, setConnectionNotice } from "./status.js";
import { announce, shareConversation } from "./tabs.js";

function loadIO() {
  if (typeof window.io === "function") return Promise.resolve(window.io);
  if (state.ioLoading) return state.ioLoading;
  state.ioLoading = new Promise((resolve, reject) => {
    const tag = el("script", { src: SERVER + "/static/vendor/socket.io.min.js", async: true });
    tag.addEventListener("load", () => (typeof window.io === "function" ? resolve(window.io) : reject(new Error("no io"))));
    tag.addEventListener("error", () => reject(new Error("socket.io client did not load")));
    document.head.appendChild(tag);
  });
  state.ioLoading.catch(() => { state.ioLoading = null; });
  return state.ioLoading;
}

function requestSession(sessionId) {
  state.joined = false;
  state.socket.emit("session_request", {
    session_id: sessionId || null,
    customData: { language: state.language },
    last_seen_id: state.maxId,
    extended: true,
  });
}

function onHistory(data) {
  const messages = data && Array.isArray(data.messages) ? data.messages : [];
  messages.forEach((m) => showMessage(m, false));
  // Messages still waiting for their ack stay below what is already stored.
  for (const cid of state.outbox) {
    const p = state.pending.get(cid);
    if (p) ui.log.appendChild(p.el);
  }
  updateWelcome();
  if (!state.status || state.status.state !== "waiting") retireQueueChoices();
  state.joined = true;
  flush();
  scrollToEnd(true);
  announce();
}

function onSessionConfirm(token) {
  const id = typeof token === "string" ? token : token && token.session_id;
  if (typeof id !== "string" || !id) return;
  if (state.sessionId && id !== state.sessionId && hasConversation()) resetConversation();
  state.sessionId = id;
  storage.setItem(KEY.session, id);
}

/** Connect once (Socket.IO reconnects by itself); each (re)connection asks for the session and history. */
export function connect() {
  if (state.socket) return;
  state.socket = "loading";
  loadIO().then((io) => {
    const socket = io(SERVER, { transports: ["websocket"] });
    state.socket = socket;
    socket.on("connect", () => {
      state.connection += 1;
      state.everConnected = true;
      setConnectionNotice(null);
      requestSession(state.sessionId);
    });
    socket.on("disconnect", () => {
      state.joined = false;
      if (state.open || state.outbox.length) setConnectionNotice(t("offline"));
      flush();
    });
    socket.on("connect_error", () => {
      updateWelcome();
      setConnectionNotice(state.everConnected ? t("offline") : t("unavailable"));
      flush();
    });
    socket.on("session_confirm", onSessionConfirm);
    socket.on("history", onHistory);
    socket.on("bot_uttered", (message) => {
      if (message && message.error) onRejected();
      showMessage(message, true);
    });
    socket.on("message_ack", onAck);
    socket.on("handoff_status", onStatus);
    socket.on("agent_typing", onAgentTyping);
    socket.on("language", (data) => followLanguage(data && data.language));
  }).catch(() => {
    state.socket = null;
    setConnectionNotice(t("unavailable"));
    flush();
  });
}

function resetConversation() {
  ui.log.textContent = "";
  state.shown.clear();
  state.maxId = 0;
  state.lastSender = null;
  state.agentName = "";
  state.status = null;
  storage.removeItem(KEY.agent);
  storage.removeItem(KEY.status);
  hideTyping();
  hideRating();
  renderStatus();
  renderStarters();
}

/** Join the conversation another tab of this site holds (see tabs.js). */
function join(token) {
  state.sessionId = token;
  storage.setItem(KEY.session, token);
  if (state.socket && state.socket.connected) requestSession(token);
  else connect();
  loadConfig();
}

/** Listen for other tabs' conversations (called once at start). */
export function shareWithTabs() {
  shareConversation(join);
}

/** ``language`` from the server: the conversation's language changed (the customer wrote in another
 * language, or another tab switched); the widget's own texts follow. */
function followLanguage(value) {
  const language = normalLanguage(value);
  if (state.languageAsked) {
    if (language !== state.languageAsked) return; // sent before the server had the customer's choice
    state.languageAsked = null;
  }
  if (language === state.language) return;
  state.languageUnsure = false; // the customer wrote in (or chose) a language: that is what they read
  state.language = language;
  storage.setItem(state.languageChosen ? KEY.language : KEY.followed, language);
  applyTexts();
  renderStarters();
}

/** ``GET /widget/config``: retention days, notice link, company name (once). */
export function loadConfig() {
  if (state.config || state.configLoading) return;
  state.configLoading = true;
  fetch(SERVER + "/widget/config", { credentials: "omit" })
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status)))))
    .then((config) => {
      state.config = config && typeof config === "object" ? config : {};
      renderPrivacy();
    })
    .catch(() => { state.configLoading = false; });
}

/** Switch the chat's language; in a running conversation the bot is told so ("Deutsch bitte"). */
export function switchLanguage(language) {
  language = normalLanguage(language);
  const same = language === state.language;
  if (same && state.languageChosen) return;
  state.language = language;
  state.languageChosen = true;
  storage.setItem(KEY.language, language);
  if (same) return; // the language it had becomes the customer's choice
  state.languageAsked = language;
  applyTexts();
  renderStarters();
  if (hasConversation()) {
    send(t("switch_to"));
    return;
  }
  // Nothing said yet: start the conversation afresh in the new language.
  state.sessionId = null;
  storage.removeItem(KEY.session);
  if (state.socket && state.socket.connected) requestSession(null);
}
