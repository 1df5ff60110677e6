/** What the agent writes: replies (retried with the same id), canned replies, private notes, and
 * finishing a chat (hand back to the assistant or resolve, after a confirmation). */
import { api, ApiError, errorText, isLoggedOut, NetworkError } from "./api.js";
import { notify } from "./alerts.js";
import { el, newClientId } from "../shared/dom.js";
import { languageText, sleep } from "./format.js";
import { refreshQueue } from "./queue.js";
import { messageText, state, t } from "./state.js";
import { reconcileTabs, removeTab } from "./tabs.js";
import { addMessage, addNote, scrollToEnd } from "./transcript.js";

const SEND_RETRIES = 6;

function cannedFor(language) {
  const key = language === "de" ? "de" : "en";
  if (!state.canned.has(key)) {
    const request = api("GET", `/canned?language=${key}`).then((items) => (Array.isArray(items) ? items : []));
    request.catch(() => state.canned.delete(key));
    state.canned.set(key, request);
  }
  return state.canned.get(key);
}

/** Fill the canned-reply menu with the replies in the customer's language. */
export async function loadCanned(tab) {
  const language = (tab.data && tab.data.language) || "en";
  let items;
  try {
    items = await cannedFor(language);
  } catch (error) {
    tab.els.canned.replaceChildren(el("option", { value: "", text: t("canned_unavailable") }));
    return;
  }
  tab.canned = items;
  tab.els.canned.replaceChildren(
    el("option", { value: "", text: items.length ? t("canned_insert_in", { language: languageText(language) }) : t("canned_none") }),
    ...items.map((item, index) => el("option", { value: String(index), text: item.title }))
  );
}

/** Put the chosen canned reply into the reply box at the caret. */
export function insertCanned(tab) {
  const select = tab.els.canned;
  const item = tab.canned && tab.canned[Number(select.value)];
  select.value = "";
  if (select.selectedIndex < 0) select.selectedIndex = 0;
  if (!item) return;
  const area = tab.els.replyText;
  const start = area.selectionStart != null ? area.selectionStart : area.value.length;
  const end = area.selectionEnd != null ? area.selectionEnd : area.value.length;
  const before = area.value.slice(0, start);
  const after = area.value.slice(end);
  const gapBefore = before && !/\s$/.test(before) ? " " : "";
  const gapAfter = after && !/^\s/.test(after) ? " " : "";
  area.value = before + gapBefore + item.text + gapAfter + after;
  const caret = (before + gapBefore + item.text).length;
  area.focus();
  area.setSelectionRange(caret, caret);
}

export async function sendReply(tab) {
  const text = tab.els.replyText.value;
  if (!text.trim()) {
    notify(t("reply_empty"), "error");
    tab.els.replyText.focus();
    return;
  }
  if (!tab.owned) {
    notify(t("error_not_yours"), "error");
    return;
  }
  const outgoing = { text, clientId: newClientId() };
  tab.els.replyText.value = "";
  tab.els.replyText.focus();
  deliver(tab, outgoing);
}

function pendingNode(tab, outgoing) {
  const node = el("div", { class: "message message-agent message-mine is-pending", "aria-busy": "true" }, [
    el("div", { class: "message-meta" }, [
      el("span", { class: "sender-label", text: t("you") }),
      el("span", { class: "message-status", text: t("sending") }),
    ]),
    el("div", { class: "message-text" }, [messageText(outgoing.text.trim(), true)]),
  ]);
  tab.els.transcript.append(node);
  scrollToEnd(tab);
  return node;
}

/** POST the reply; on network errors retry with the same client_message_id (idempotent). */
async function deliver(tab, outgoing) {
  if (!outgoing.node) outgoing.node = pendingNode(tab, outgoing);
  const node = outgoing.node;
  node.classList.remove("is-failed");
  node.querySelector(".message-status").textContent = t("sending");
  node.querySelector(".retry-row")?.remove();
  const path = `/conversations/${encodeURIComponent(tab.id)}/messages`;
  for (let attempt = 0; attempt < SEND_RETRIES; attempt += 1) {
    try {
      const data = await api("POST", path, { text: outgoing.text, client_message_id: outgoing.clientId });
      node.remove();
      tab.ownIds = tab.ownIds || new Set();
      tab.ownIds.add(data.id);
      addMessage(tab, {
        id: data.id, sender: "agent", text: outgoing.text.trim(), created_at: new Date().toISOString(),
      }, { live: true });
      return;
    } catch (error) {
      if (!state.tabs.has(tab.id) || isLoggedOut(error)) return;
      const transient = error instanceof NetworkError ||
        (error instanceof ApiError && [502, 503, 504].includes(error.status));
      if (!transient || attempt === SEND_RETRIES - 1) {
        failed(tab, outgoing, error);
        return;
      }
      node.querySelector(".message-status").textContent = t("retrying", { attempt: attempt + 1 });
      await sleep(Math.min(8000, 1000 * 2 ** attempt));
    }
  }
}

function failed(tab, outgoing, error) {
  const node = outgoing.node;
  node.classList.add("is-failed");
  node.removeAttribute("aria-busy");
  node.querySelector(".message-status").textContent = t("not_sent", { reason: errorText(error) });
  const retry = el("button", { type: "button", class: "button button-small retry", text: t("try_again") });
  retry.addEventListener("click", () => deliver(tab, outgoing));
  const discard = el("button", { type: "button", class: "button button-small button-quiet retry", text: t("discard") });
  discard.addEventListener("click", () => {
    node.remove();
    if (!tab.els.replyText.value.trim()) tab.els.replyText.value = outgoing.text;
    tab.els.replyText.focus();
  });
  node.append(el("div", { class: "retry-row" }, [retry, discard]));
  notify(t("reply_not_sent", { reason: errorText(error) }), "error");
  if (error instanceof ApiError && error.status === 409) reconcileTabs();
}

export async function sendNote(tab) {
  const text = tab.els.noteText.value;
  if (!text.trim()) {
    notify(t("note_empty"), "error");
    tab.els.noteText.focus();
    return;
  }
  tab.els.noteSend.disabled = true;
  try {
    const data = await api("POST", `/conversations/${encodeURIComponent(tab.id)}/notes`, { text });
    addNote(tab, { id: data.id, agent_id: state.me && state.me.id, text: text.trim(), created_at: new Date().toISOString() });
    tab.els.noteText.value = "";
    tab.els.noteText.focus();
  } catch (error) {
    if (!isLoggedOut(error)) notify(errorText(error, t("note_failed")), "error");
  } finally {
    tab.els.noteSend.disabled = false;
  }
}

// Finishing a chat: the API path and the texts of the confirmation, per action.
const FINISH = {
  "hand-back": { path: "hand-back", question: "hand_back_question", yes: "hand_back_yes", done: "hand_back_done" },
  resolve: { path: "resolve", question: "resolve_question", yes: "resolve_yes", done: "resolve_done" },
};

/** The customer's last message when no person answered it yet (the bot's and the system's messages
 * are no answer), else null. The server checks the same before resolving (409 "unanswered"). */
function unansweredMessage(tab) {
  const messages = tab.els.transcript.querySelectorAll(":scope > .message[data-id]");
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const sender = messages[index].dataset.sender;
    if (sender === "agent") return null;
    if (sender === "customer") return messages[index];
  }
  return null;
}

/** Ask before finishing; resolving a chat whose last customer message is unanswered gets a warning
 * that quotes it, with "Answer first" as the default. ``unanswered``: the server said so. */
export function askConfirm(tab, action, unanswered) {
  const spec = FINISH[action];
  const open = action === "resolve" ? unansweredMessage(tab) : null;
  tab.pending = action;
  tab.unanswered = action === "resolve" && (!!open || !!unanswered);
  const box = tab.els.confirmBox;
  const quote = box.querySelector(".confirm-quote");
  const no = box.querySelector(".confirm-no");
  box.dataset.action = action;
  box.dataset.unanswered = tab.unanswered ? "true" : "false";
  box.querySelector(".confirm-text").textContent = tab.unanswered ? t("unanswered_question") : t(spec.question);
  box.querySelector(".confirm-yes").textContent = tab.unanswered ? t("unanswered_yes") : t(spec.yes);
  no.textContent = tab.unanswered ? t("answer_first") : t("cancel");
  quote.replaceChildren(...(open ? [open.querySelector(".message-text").cloneNode(true)] : []));
  quote.hidden = !open;
  box.hidden = false;
  tab.els.handBack.setAttribute("aria-expanded", action === "hand-back" ? "true" : "false");
  tab.els.resolve.setAttribute("aria-expanded", action === "resolve" ? "true" : "false");
  (tab.unanswered ? no : box.querySelector(".confirm-yes")).focus({ preventScroll: true });
}

export function closeConfirm(tab, refocus) {
  const action = tab.pending;
  const answer = tab.unanswered;
  tab.pending = null;
  tab.unanswered = false;
  tab.els.confirmBox.hidden = true;
  tab.els.handBack.setAttribute("aria-expanded", "false");
  tab.els.resolve.setAttribute("aria-expanded", "false");
  if (refocus && answer) tab.els.replyText.focus();
  else if (refocus) (action === "resolve" ? tab.els.resolve : tab.els.handBack).focus();
}

export async function finish(tab) {
  const spec = FINISH[tab.pending];
  if (!spec || tab.busy) return;
  tab.busy = true;
  const yes = tab.els.confirmBox.querySelector(".confirm-yes");
  yes.disabled = true;
  const body = tab.pending === "resolve" && tab.unanswered ? { confirm_unanswered: true } : {};
  try {
    await api("POST", `/conversations/${encodeURIComponent(tab.id)}/${spec.path}`, body);
    removeTab(tab.id);
    notify(t(spec.done), "info");
    refreshQueue();
  } catch (error) {
    if (isLoggedOut(error)) return;
    if (error instanceof ApiError && error.status === 409 && error.body.error === "unanswered") {
      askConfirm(tab, "resolve", true); // the customer wrote meanwhile
      return;
    }
    notify(errorText(error, t("finish_failed")), "error");
    if (error instanceof ApiError && (error.status === 409 || error.status === 404)) reconcileTabs();
    closeConfirm(tab, false);
  } finally {
    tab.busy = false;
    yes.disabled = false;
  }
}
