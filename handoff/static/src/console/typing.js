/** Typing indicators in an open chat: the customer's (shown for a few seconds after each event, gone
 * when their message arrives) and the agent's own (sent at most every 2 s while they type a reply). */
import { el } from "../shared/dom.js";
import { state, t } from "./state.js";

const SHOW_MS = 5000; // the customer's page repeats its event every 2 s while they type
const EMIT_MS = 2500; // the server passes one event per 2 s (TypingThrottle); more here against jitter

/** The indicator element of a tab (hidden), placed under its transcript. */
export function typingIndicator() {
  return el("p", { class: "typing-indicator", "aria-live": "polite", hidden: true }, [
    el("span", { class: "typing-dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]),
    el("span", { class: "typing-text", text: t("customer_typing") }),
  ]);
}

/** ``customer.typing`` for this tab. */
export function customerTyping(tab) {
  const indicator = tab.els.typing;
  indicator.hidden = false;
  clearTimeout(tab.typingTimer);
  tab.typingTimer = setTimeout(() => stopTyping(tab), SHOW_MS);
}

/** The customer's message arrived (or the tab closes): no more dots. */
export function stopTyping(tab) {
  clearTimeout(tab.typingTimer);
  tab.els.typing.hidden = true;
}

/** The agent types in the reply box of a chat they own: tell the customer (throttled). */
export function agentTyping(tab) {
  const socket = state.socket;
  if (!tab.owned || !socket || !socket.connected || !tab.els.replyText.value.trim()) return;
  const wait = (tab.typingSent || 0) + EMIT_MS - Date.now();
  if (wait > 0) {
    // Typing within the window still counts: said once at its end.
    if (!tab.typingLater) tab.typingLater = setTimeout(() => { tab.typingLater = null; agentTyping(tab); }, wait);
    return;
  }
  tab.typingSent = Date.now();
  socket.emit("typing", { conversation_id: tab.id });
}
