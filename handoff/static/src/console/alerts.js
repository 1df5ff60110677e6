/** How the console gets the agent's attention: the notice bar, the title badge, a sound. */
import { els, state, t } from "./state.js";
import { unreadTotal } from "./unread.js";

let noticeTimer = null;

/** Show ``text`` in the notice bar; "info" notices go away after 8 s, errors stay. */
export function notify(text, kind) {
  clearTimeout(noticeTimer);
  els.notice.textContent = text;
  els.noticeBar.dataset.kind = kind || "info";
  els.noticeBar.hidden = false;
  if ((kind || "info") === "info") noticeTimer = setTimeout(clearNotice, 8000);
}

export function clearNotice() {
  clearTimeout(noticeTimer);
  els.notice.textContent = "";
  els.noticeBar.hidden = true;
}

/** The page title, with "(n)" for what the agent has not seen yet (unread.js says what counts). */
export function renderTitle() {
  const base = t("page_title");
  const unread = state.me ? unreadTotal() : 0;
  document.title = unread > 0 ? `(${unread}) ${base}` : base;
}

export function onSoundToggle() {
  try {
    localStorage.setItem("console.sound", els.sound.checked ? "on" : "off");
  } catch (error) {
    /* storage may be blocked */
  }
  if (els.sound.checked) {
    ensureAudio();
    beep();
  }
}

function ensureAudio() {
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!Context) return null;
  if (!state.audio) state.audio = new Context();
  if (state.audio.state === "suspended") state.audio.resume().catch(() => {});
  return state.audio;
}

/** A short two-tone chime (Web Audio, no sound file). */
export function beep() {
  const context = ensureAudio();
  if (!context) return;
  const now = context.currentTime;
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  oscillator.type = "sine";
  oscillator.frequency.setValueAtTime(880, now);
  oscillator.frequency.setValueAtTime(1175, now + 0.09);
  gain.gain.setValueAtTime(0.0001, now);
  gain.gain.exponentialRampToValueAtTime(0.15, now + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, now + 0.22);
  oscillator.connect(gain).connect(context.destination);
  oscillator.start(now);
  oscillator.stop(now + 0.25);
}
