/** The agent's claimed chats, one tab each (WAI-ARIA tabs: arrow keys, Home, End). */
import { api, ApiError, errorText, isLoggedOut } from "./api.js";
import { notify } from "./alerts.js";
import { el } from "../shared/dom.js";
import { loadCanned } from "./compose.js";
import { watch } from "./socket.js";
import { els, state, t } from "./state.js";
import { createTab, showReturning } from "./tabview.js";
import { renderConversation, scrollToEnd } from "./transcript.js";
import { tabClosed, tabSelected } from "./unread.js";

/** After login: open a tab for every chat the agent owns, select the one last active. */
export async function restoreTabs() {
  let mine;
  try {
    mine = await api("GET", "/mine");
  } catch (error) {
    if (!isLoggedOut(error)) notify(errorText(error, t("mine_failed")), "error");
    return;
  }
  let remembered = null;
  try {
    remembered = sessionStorage.getItem("console.active");
  } catch (error) {
    remembered = null;
  }
  await Promise.all((mine || []).map((item) => openTab(item.conversation_id, { select: false })));
  if (!state.active && state.order.length) {
    selectTab(state.order.includes(remembered) ? remembered : state.order[0], { focus: false });
  }
}

/** Compare open tabs with GET /mine: open missing ones, mark lost ones. */
export async function reconcileTabs() {
  let mine;
  try {
    mine = await api("GET", "/mine");
  } catch (error) {
    return;
  }
  const owned = new Set((mine || []).map((item) => item.conversation_id));
  for (const id of state.order) setOwned(state.tabs.get(id), owned.has(id));
  for (const id of owned) if (!state.tabs.has(id)) openTab(id, { select: !state.active });
}

/** Open (or select) the tab of conversation ``id`` and load its transcript. */
export async function openTab(id, options) {
  const opts = options || {};
  if (state.tabs.has(id)) {
    if (opts.select) selectTab(id, { focus: opts.focus });
    return state.tabs.get(id);
  }
  const tab = createTab(id);
  state.tabs.set(id, tab);
  state.order.push(id);
  els.tablist.append(tab.els.tab);
  els.panels.append(tab.els.panel);
  updateEmptyState();
  if (opts.select || !state.active) selectTab(id, { focus: false });
  try {
    const data = await api("GET", `/conversations/${encodeURIComponent(id)}`);
    if (!state.tabs.has(id)) return null;
    renderConversation(tab, data);
    showReturning(tab, data.handled_before);
    watch(tab);
    loadCanned(tab);
    if (opts.focus && state.active === id) tab.els.replyText.focus();
  } catch (error) {
    if (isLoggedOut(error)) return null;
    tab.els.transcript.replaceChildren(
      el("p", { class: "transcript-error", text: errorText(error, t("chat_failed")) })
    );
    if (error instanceof ApiError && error.status === 404) setOwned(tab, false);
  }
  return tab;
}

export function onTabKey(event) {
  const index = state.order.indexOf(event.currentTarget.dataset.conversationId);
  let next = null;
  if (event.key === "ArrowRight") next = (index + 1) % state.order.length;
  else if (event.key === "ArrowLeft") next = (index - 1 + state.order.length) % state.order.length;
  else if (event.key === "Home") next = 0;
  else if (event.key === "End") next = state.order.length - 1;
  if (next === null) return;
  event.preventDefault();
  selectTab(state.order[next], { focus: "tab" });
}

/** Show tab ``id``; ``focus``: "tab" (the tab itself), true (the reply box) or false. */
export function selectTab(id, options) {
  const opts = options || {};
  const tab = state.tabs.get(id);
  if (!tab) return;
  state.active = id;
  try {
    sessionStorage.setItem("console.active", id);
  } catch (error) {
    /* storage may be blocked */
  }
  for (const [otherId, other] of state.tabs) {
    const selected = otherId === id;
    other.els.tab.setAttribute("aria-selected", selected ? "true" : "false");
    other.els.tab.tabIndex = selected ? 0 : -1;
    other.els.panel.hidden = !selected;
  }
  tabSelected(id);
  tab.els.tab.scrollIntoView({ block: "nearest", inline: "nearest" });
  scrollToEnd(tab);
  if (opts.focus === "tab") tab.els.tab.focus();
  else if (opts.focus) tab.els.replyText.focus();
}

/** Close tab ``id``; the focus moves to the next tab or the queue (not with ``quiet``). */
export function removeTab(id, options) {
  const opts = options || {};
  const tab = state.tabs.get(id);
  if (!tab) return;
  const index = state.order.indexOf(id);
  const hadFocus = tab.els.panel.contains(document.activeElement) || tab.els.tab === document.activeElement;
  tab.els.tab.remove();
  tab.els.panel.remove();
  state.tabs.delete(id);
  state.order.splice(index, 1);
  tabClosed(id);
  if (state.active === id) {
    state.active = null;
    const next = state.order[Math.min(index, state.order.length - 1)];
    if (next) selectTab(next, { focus: hadFocus && !opts.quiet ? "tab" : false });
    else if (hadFocus && !opts.quiet) {
      const firstClaim = els.queue.querySelector(".claim:not(:disabled)");
      (firstClaim || els.workspace).focus();
    }
  }
  updateEmptyState();
}

export function updateEmptyState() {
  const none = state.order.length === 0;
  els.emptyState.hidden = !none;
  els.tablist.hidden = none;
}

/** Mark a tab as the agent's (or no longer: a banner, and its controls disabled). */
export function setOwned(tab, owned) {
  if (!tab) return;
  tab.owned = owned;
  tab.els.lostBanner.hidden = owned;
  tab.els.panel.classList.toggle("is-lost", !owned);
  tab.els.tab.classList.toggle("is-lost", !owned);
  for (const control of [tab.els.replyText, tab.els.replySend, tab.els.canned, tab.els.handBack, tab.els.resolve]) {
    control.disabled = !owned;
  }
}
