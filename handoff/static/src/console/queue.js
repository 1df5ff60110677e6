/** The queue: one page of waiting chats (and the agent's own) at a time, oldest first, searched and
 * filtered on the server; the returning customers offered to this agent first; claiming and opening. */
import { api, ApiError, errorText, isLoggedOut } from "./api.js";
import { beep, notify } from "./alerts.js";
import { reasonText } from "./format.js";
import { queueCard, tickCard } from "./queuecard.js";
import { filtering, queueQuery, setUpFilters } from "./queuefilters.js";
import { els, state, t } from "./state.js";
import { openTab } from "./tabs.js";

// Keyset paging: the cursor that opens each page seen so far, and how many chats came before it.
const pages = { cursors: [null], offsets: [0], index: 0 };
const announced = new Set(); // returning customers this agent was told about
let loading = null;
let again = false;

function firstPage() {
  Object.assign(pages, { cursors: [null], offsets: [0], index: 0 });
}

/** Load the current page (one request at a time; a change meanwhile loads again) and show it. */
export function refreshQueue() {
  if (!state.me) return Promise.resolve();
  if (loading) {
    again = true;
    return loading;
  }
  loading = api("GET", "/queue" + queueQuery(pages.cursors[pages.index]))
    .then((data) => {
      const page = data && Array.isArray(data.items) ? data : { items: [], offered: [], total: 0, waiting: 0 };
      if (!page.items.length && pages.index > 0) {
        firstPage(); // the chats of this page were all taken meanwhile
        again = true;
      }
      state.queue = page;
      renderQueue();
    })
    .catch((error) => {
      if (isLoggedOut(error)) return;
      els.queueEmpty.hidden = false;
      els.queueEmpty.textContent = error instanceof ApiError && error.status === 400 ? t("bad_filter") : t("queue_failed");
    })
    .finally(() => {
      loading = null;
      if (again) {
        again = false;
        refreshQueue();
      }
    });
  return loading;
}

/** Forget the queue (logout). */
export function clearQueue() {
  firstPage();
  announced.clear();
  state.queue = { items: [], offered: [], total: 0, waiting: 0, next: null };
  renderQueue();
}

const cardKey = (item) => JSON.stringify([item.state, item.reason, item.language, item.intent_ranking, item.preview,
  item.handled_before, item.offered_to && item.offered_to.agent_id]);

/** Show ``items`` in ``list``, keeping the cards (and the focus) of chats still shown. */
function renderList(list, items) {
  const existing = new Map();
  for (const li of list.querySelectorAll(":scope > li[data-conversation-id]")) existing.set(li.dataset.conversationId, li);
  const keep = new Set(items.map((item) => item.conversation_id));
  for (const [id, li] of existing) if (!keep.has(id)) li.remove();
  let previous = null;
  for (const item of items) {
    let li = existing.get(item.conversation_id);
    if (li && li.dataset.key !== cardKey(item)) {
      const fresh = queueCard(item, onAction, list.id);
      const hadFocus = li.contains(document.activeElement);
      li.replaceWith(fresh);
      li = fresh;
      if (hadFocus) li.querySelector(".qi-action").focus();
    }
    if (!li) li = queueCard(item, onAction, list.id);
    li.dataset.key = cardKey(item);
    li.dataset.waitingSince = item.waiting_since || "";
    const expected = previous ? previous.nextElementSibling : list.firstElementChild;
    if (expected !== li) list.insertBefore(li, expected);
    previous = li;
  }
}

function announce(offered) {
  for (const item of offered) {
    if (announced.has(item.conversation_id)) continue;
    announced.add(item.conversation_id);
    notify(t("returning_customer", { reason: reasonText(item.reason) }), "info");
    if (els.sound.checked) beep();
  }
}

/** Show ``state.queue``: the offered chats, the page, the count, the pager. */
export function renderQueue() {
  const page = state.queue;
  const items = (page.items || []).filter((item) => item && item.conversation_id);
  const offered = (page.offered || []).filter((item) => item && item.conversation_id);
  renderList(els.queue, items);
  renderList(els.offeredList, offered);
  els.offered.hidden = offered.length === 0;
  announce(offered);
  els.queueCount.textContent = String(page.waiting || 0);
  const first = pages.offsets[pages.index] + 1;
  els.queueSummary.textContent = items.length
    ? t("queue_summary", { first, last: first + items.length - 1, total: page.total || items.length }) : "";
  els.queueEmpty.textContent = filtering() ? t("queue_no_match") : t("queue_empty");
  els.queueEmpty.hidden = items.length > 0;
  els.queuePrevious.disabled = pages.index === 0;
  els.queueNext.disabled = !page.next;
  els.queuePager.hidden = pages.index === 0 && !page.next;
}

function turnPage(step) {
  if (step > 0) {
    if (!state.queue.next) return;
    pages.cursors[pages.index + 1] = state.queue.next;
    pages.offsets[pages.index + 1] = pages.offsets[pages.index] + state.queue.items.length;
    pages.index += 1;
  } else if (pages.index > 0) {
    pages.index -= 1;
  }
  refreshQueue().then(() => els.queue.querySelector(".qi-action:not(:disabled)")?.focus());
}

/** Wire the search, the filters and the pager (once, at start). */
export function setUpQueue() {
  Object.assign(els, {
    offered: document.getElementById("offered"),
    offeredList: document.getElementById("offered-list"),
    queueSummary: document.getElementById("queue-summary"),
    queuePager: document.getElementById("queue-pager"),
    queuePrevious: document.getElementById("queue-previous"),
    queueNext: document.getElementById("queue-next"),
  });
  setUpFilters(() => {
    firstPage();
    refreshQueue();
  });
  els.queuePrevious.addEventListener("click", () => turnPage(-1));
  els.queueNext.addEventListener("click", () => turnPage(1));
}

/** Update the waiting times and the offers' countdowns; reload when an offer ran out. */
export function tick() {
  let expired = false;
  for (const li of document.querySelectorAll(".queue > li[data-conversation-id]")) expired = tickCard(li) || expired;
  if (expired) refreshQueue();
}

function onAction(item, li) {
  if (item.state === "agent") openTab(item.conversation_id, { select: true, focus: true });
  else claim(item.conversation_id, li);
}

async function claim(id, li) {
  const button = li && li.querySelector(".claim");
  if (button) {
    button.disabled = true;
    button.textContent = t("claiming");
  }
  try {
    await api("POST", `/conversations/${encodeURIComponent(id)}/claim`, {});
    for (const node of document.querySelectorAll(`.queue > li[data-conversation-id="${CSS.escape(id)}"]`)) node.remove();
    await openTab(id, { select: true, focus: true });
    refreshQueue();
  } catch (error) {
    if (isLoggedOut(error)) return;
    if (error instanceof ApiError && error.status === 409 && error.body.error === "offered") {
      notify(t("offered_elsewhere", { name: error.body.agent, seconds: error.body.seconds_left }), "error");
    } else if (error instanceof ApiError && error.status === 409) notify(t("taken"), "error");
    else notify(errorText(error, t("claim_failed")), "error");
    if (button && button.isConnected) {
      button.disabled = false;
      button.textContent = t("claim");
    }
    refreshQueue();
  }
}
