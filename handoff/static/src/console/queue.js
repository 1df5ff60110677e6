/** The queue of waiting customers: oldest first, with reason, language, the bot's last guess; claiming. */
import { api, ApiError, errorText, isLoggedOut } from "./api.js";
import { notify } from "./alerts.js";
import { el } from "../shared/dom.js";
import { languageText, percent, reasonText, waitText } from "./format.js";
import { els, state, t } from "./state.js";
import { openTab } from "./tabs.js";

let queueLoading = null;

/** Load the queue (one request at a time) and show it. */
export function refreshQueue() {
  if (!state.me) return Promise.resolve();
  if (queueLoading) return queueLoading;
  queueLoading = api("GET", "/queue")
    .then((items) => {
      state.queue = Array.isArray(items) ? items : [];
      renderQueue();
    })
    .catch((error) => {
      if (!isLoggedOut(error)) els.queueEmpty.textContent = t("queue_failed");
    })
    .finally(() => {
      queueLoading = null;
    });
  return queueLoading;
}

function lastGuess(ranking) {
  if (!Array.isArray(ranking) || !ranking.length) return null;
  const last = ranking[ranking.length - 1];
  return last && last.intent ? last : null;
}

function queueItem(item) {
  const li = el("li", { class: "queue-item", dataset: { conversationId: item.conversation_id } });
  const guess = lastGuess(item.intent_ranking);
  li.append(
    el("div", { class: "qi-top" }, [
      el("span", { class: "qi-reason", dataset: { reason: item.reason || "" }, text: reasonText(item.reason) }),
      el("span", { class: "qi-wait", title: t("waiting_time") }, [
        el("span", { class: "visually-hidden", text: t("waiting_prefix") + " " }),
        el("span", { class: "qi-wait-value", text: waitText(item.waiting_since) }),
      ]),
    ]),
    el("div", { class: "qi-meta" }, [
      el("span", { class: "lang-badge", title: languageText(item.language), text: (item.language || "?").toUpperCase() }),
      el("span", { class: "visually-hidden", text: ` ${languageText(item.language)}` }),
      guess
        ? el("span", { class: "qi-guess" }, [
            t("bot_guessed") + " ", el("code", { text: guess.intent }), ` ${percent(guess.confidence)}`,
          ])
        : el("span", { class: "qi-guess muted", text: t("no_guesses_short") }),
    ]),
    el("button", {
      type: "button",
      class: "button button-primary button-small claim",
      "aria-label": t("claim_label", { reason: reasonText(item.reason), language: languageText(item.language) }),
      text: t("claim"),
    })
  );
  li.querySelector(".claim").addEventListener("click", () => claim(item.conversation_id, li));
  return li;
}

const itemKey = (item) => `${item.reason}|${item.language}|${JSON.stringify(item.intent_ranking)}`;

/** Show ``state.queue``, keeping list items (and the focus) of chats still waiting. */
export function renderQueue() {
  const list = els.queue;
  const existing = new Map();
  for (const li of list.querySelectorAll(":scope > li[data-conversation-id]")) existing.set(li.dataset.conversationId, li);
  const wanted = state.queue.filter((item) => item && item.conversation_id);
  const keep = new Set(wanted.map((item) => item.conversation_id));
  for (const [id, li] of existing) if (!keep.has(id)) li.remove();
  let previous = null;
  for (const item of wanted) {
    let li = existing.get(item.conversation_id);
    if (li && li.dataset.reasonKey !== itemKey(item)) {
      const fresh = queueItem(item);
      const hadFocus = li.contains(document.activeElement);
      li.replaceWith(fresh);
      li = fresh;
      if (hadFocus) li.querySelector(".claim").focus();
    }
    if (!li) li = queueItem(item);
    li.dataset.reasonKey = itemKey(item);
    li.dataset.waitingSince = item.waiting_since || "";
    li.querySelector(".qi-wait-value").textContent = waitText(item.waiting_since);
    const expected = previous ? previous.nextElementSibling : list.firstElementChild;
    if (expected !== li) list.insertBefore(li, expected);
    previous = li;
  }
  els.queueCount.textContent = String(wanted.length);
  els.queueEmpty.textContent = t("queue_empty");
  els.queueEmpty.hidden = wanted.length > 0;
}

/** Update the waiting times. */
export function tick() {
  for (const li of els.queue.querySelectorAll("li[data-conversation-id]")) {
    li.querySelector(".qi-wait-value").textContent = waitText(li.dataset.waitingSince);
  }
}

async function claim(id, li) {
  const button = li && li.querySelector(".claim");
  if (button) {
    button.disabled = true;
    button.textContent = t("claiming");
  }
  try {
    await api("POST", `/conversations/${encodeURIComponent(id)}/claim`, {});
    state.queue = state.queue.filter((item) => item.conversation_id !== id);
    renderQueue();
    await openTab(id, { select: true, focus: true });
    refreshQueue();
  } catch (error) {
    if (isLoggedOut(error)) return;
    if (error instanceof ApiError && error.status === 409) notify(t("taken"), "error");
    else notify(errorText(error, t("claim_failed")), "error");
    if (button && button.isConnected) {
      button.disabled = false;
      button.textContent = t("claim");
    }
    refreshQueue();
  }
}
