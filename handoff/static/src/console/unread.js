/**
 * What the agent has not seen yet, counted in the page title: "(3) Agent console".
 *
 * The count is the sum of
 * - new waiting chats: chats that asked for a person while the console was not in front (another
 *   window or browser tab had the focus) and still wait; they count as seen when the console comes to
 *   the front (its queue is then on screen) and stop counting when they stop waiting;
 * - unread customer messages in the open tabs: a message is unread when it arrives in a tab that is
 *   not selected, or while the console is not in front; it is read once its tab is selected with the
 *   console in front. Each tab shows its own number.
 * A title counter matters while the agent looks elsewhere: what arrives in front of them is seen.
 */
import { renderTitle } from "./alerts.js";
import { state, t } from "./state.js";

const newWaiting = new Set(); // conversation ids
const tabCounts = new Map(); // conversation id -> unread customer messages

/** True when the agent can see the console: visible and focused. */
export function inFront() {
  return document.visibilityState === "visible" && document.hasFocus();
}

/** The title's number (see the module comment). */
export function unreadTotal() {
  let total = newWaiting.size;
  for (const count of tabCounts.values()) total += count;
  return total;
}

function showTabCount(id) {
  const tab = state.tabs.get(id);
  if (!tab) return;
  const count = tabCounts.get(id) || 0;
  const badge = tab.els.tab.querySelector(".tab-unread");
  badge.hidden = count === 0;
  badge.textContent = count ? String(count) : "";
  tab.els.tab.querySelector(".tab-unread-label").textContent = count ? " " + t("tab_unread_count", { count }) : "";
  tab.els.tab.classList.toggle("has-unread", count > 0);
}

/** A chat asked for a person (``handoff.requested``). */
export function chatArrived(id) {
  if (!id || inFront()) return;
  newWaiting.add(id);
  renderTitle();
}

/** A chat changed state (``queue.changed``): if it was new and waiting, it waits no more. */
export function chatLeft(id) {
  if (newWaiting.delete(id)) renderTitle();
}

/** A customer message arrived live in ``tab``. */
export function customerMessage(tab) {
  if (inFront() && state.active === tab.id) return;
  tabCounts.set(tab.id, (tabCounts.get(tab.id) || 0) + 1);
  showTabCount(tab.id);
  renderTitle();
}

/** Tab ``id`` was selected (read, when the console is in front). */
export function tabSelected(id) {
  if (!inFront() || !tabCounts.has(id)) return;
  tabCounts.delete(id);
  showTabCount(id);
  renderTitle();
}

/** Tab ``id`` was closed: its unread messages no longer count. */
export function tabClosed(id) {
  if (tabCounts.delete(id)) renderTitle();
}

/** Forget everything (logout, expired session). */
export function clearUnread() {
  newWaiting.clear();
  tabCounts.clear();
  renderTitle();
}

/** The console came to the front: the queue and the selected tab are seen. */
function onAttention() {
  if (!inFront()) return;
  newWaiting.clear();
  if (state.active) tabSelected(state.active);
  renderTitle();
}

/** Follow the console's focus and visibility (once, at start). */
export function watchAttention() {
  window.addEventListener("focus", onAttention);
  document.addEventListener("visibilitychange", onAttention);
}
