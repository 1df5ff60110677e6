/** Sending: every customer message waits in an outbox (kept across reloads) until the server acks it. */
import { newClientId } from "../shared/dom.js";
import { KEY, readJSON, TYPING_EMIT_MS, writeJSON } from "./config.js";
import { connect } from "./connection.js";
import { messageNode, remember, retireEarlierGroups, setDelivery, updateWelcome } from "./messages.js";
import { autosize, scrollToEnd } from "./panel.js";
import { state, ui } from "./state.js";
import { hideRating } from "./rating.js";
import { onStatus, showBotTyping } from "./status.js";
import { announce } from "./tabs.js";

function persistOutbox() {
  writeJSON(KEY.outbox, state.outbox.map((cid) => {
    const p = state.pending.get(cid);
    return { id: cid, text: p.text, display: p.display };
  }));
}

function enqueue(cid, text, display) {
  const node = messageNode({ sender: "customer", text: display || text });
  node.setAttribute("data-client-id", cid);
  ui.log.appendChild(node);
  retireEarlierGroups(node);
  state.pending.set(cid, { text, display: display || null, el: node, emittedOn: 0 });
  state.outbox.push(cid);
  return node;
}

/** The text of the input, sent; an empty input only gets the focus back. */
export function submitInput() {
  const text = ui.input.value;
  if (!text.trim()) {
    ui.input.focus();
    return;
  }
  ui.input.value = "";
  autosize();
  send(text);
  ui.input.focus();
}

/** Send ``text`` (shown as ``display``, e.g. a button's title); queued while offline. */
export function send(text, display) {
  text = String(text == null ? "" : text);
  if (!text.trim()) return;
  const node = enqueue(newClientId(), text, display);
  persistOutbox();
  setDelivery(node, isReady() ? "pending" : "queued");
  updateWelcome();
  // Writing again after a closed chat goes to the assistant (the server sends no status for it).
  if (state.status && state.status.state === "resolved") onStatus({ state: "bot" });
  hideRating();
  scrollToEnd(true);
  showBotTyping();
  connect();
  flush();
}

export function isReady() {
  return !!(state.socket && state.socket.connected && state.joined);
}

/** Emit every unacknowledged message not yet emitted on this connection (same client id). */
export function flush() {
  if (!isReady()) {
    for (const cid of state.outbox) {
      const p = state.pending.get(cid);
      if (p && p.el.getAttribute("data-state") !== "failed") setDelivery(p.el, "queued");
    }
    return;
  }
  for (const cid of state.outbox) {
    const p = state.pending.get(cid);
    if (!p || p.emittedOn === state.connection) continue;
    p.emittedOn = state.connection;
    setDelivery(p.el, "pending");
    // The language goes along only when the customer chose it: otherwise the server goes by the
    // language the message is written in.
    state.socket.emit("user_uttered", {
      message: p.text, session_id: state.sessionId, client_message_id: cid,
      language: state.languageChosen ? state.language : undefined,
      language_unsure: state.languageUnsure && !state.languageChosen ? true : undefined,
    });
  }
}

function forget(cid) {
  state.pending.delete(cid);
  state.outbox = state.outbox.filter((x) => x !== cid);
  persistOutbox();
}

/** ``message_ack``: the message is stored under ``id``. */
export function onAck(data) {
  if (!data || typeof data !== "object") return;
  const cid = data.client_message_id;
  const p = state.pending.get(cid);
  if (!p) return;
  forget(cid);
  const id = typeof data.id === "number" ? data.id : null;
  if (id !== null && state.shown.has(id) && state.shown.get(id) !== p.el) {
    p.el.remove(); // history already showed it (the first attempt got through)
    return;
  }
  if (id !== null) p.el.setAttribute("data-id", String(id));
  setDelivery(p.el, "sent");
  remember(id, p.el);
  announce();
}

/** The customer types: the person in the chat sees it (at most every 2 s; only while a person is
 * involved, the bot needs no such hint). */
export function noteTyping() {
  const kind = state.status && state.status.state;
  if ((kind !== "waiting" && kind !== "agent") || !isReady() || !ui.input.value.trim()) return;
  const wait = state.typingSent + TYPING_EMIT_MS - Date.now();
  if (wait > 0) {
    // Typing within the window still counts: said once at its end (so a short burst right after
    // the last event is not lost).
    if (!state.typingLater) state.typingLater = setTimeout(() => { state.typingLater = null; noteTyping(); }, wait);
    return;
  }
  state.typingSent = Date.now();
  state.socket.emit("typing", {});
}

/** A polite error from the server: the oldest message in flight was not taken. */
export function onRejected() {
  const cid = state.outbox.find((x) => {
    const p = state.pending.get(x);
    return p && p.emittedOn === state.connection;
  });
  if (!cid) return;
  const p = state.pending.get(cid);
  forget(cid);
  setDelivery(p.el, "failed");
}

/** After a reload: show the messages that were still waiting for their ack, queued. */
export function restoreOutbox() {
  for (const item of readJSON(KEY.outbox, [])) {
    if (!item || typeof item.id !== "string" || typeof item.text !== "string") continue;
    setDelivery(enqueue(item.id, item.text, item.display), "queued");
  }
  updateWelcome();
}
