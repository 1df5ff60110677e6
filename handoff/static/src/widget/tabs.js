/**
 * Tabs of the same site share one conversation. A tab without one asks the others over a
 * BroadcastChannel (same origin only) and joins theirs, so a second tab continues the chat (same
 * conversation, same language) instead of starting an empty one. The token stays in each tab's
 * sessionStorage: the conversation is gone from the browser when its last tab closes (no cookie,
 * nothing left on a shared computer).
 */
import { state } from "./state.js";

const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("breach-chat") : null;

/** True when this tab holds a conversation with messages in it (worth joining). */
function active() {
  return !!state.sessionId && state.maxId > 0;
}

/** Tell the other tabs about this tab's conversation (after its first stored message). */
export function announce() {
  if (channel && active()) channel.postMessage({ type: "session", session: state.sessionId });
}

/**
 * Listen to the other tabs; ``join(token)`` is called when one has a conversation and this tab has
 * none with messages yet. Asks once at start.
 */
export function shareConversation(join) {
  if (!channel) return;
  channel.addEventListener("message", (event) => {
    const data = event.data && typeof event.data === "object" ? event.data : {};
    if (data.type === "hello") announce();
    else if (data.type === "session" && typeof data.session === "string" && data.session !== state.sessionId &&
      !active()) join(data.session);
  });
  if (!active()) channel.postMessage({ type: "hello" });
}
