/** The elements of one chat: its tab, the head with the actions (always in view), the transcript with
 * the reply box, and the details column. */
import { el } from "../shared/dom.js";
import { askConfirm, closeConfirm, finish, insertCanned, sendNote, sendReply } from "./compose.js";
import { shortId } from "./format.js";
import { state, t } from "./state.js";
import { suggestBox } from "./suggest.js";
import { onTabKey, removeTab, selectTab } from "./tabs.js";
import { agentTyping, typingIndicator } from "./typing.js";

function tabButton(id) {
  const button = el("button", {
    type: "button", role: "tab", id: `tab-${id}`, class: "tab", "aria-selected": "false",
    "aria-controls": `panel-${id}`, tabindex: "-1", dataset: { conversationId: id },
  }, [
    el("span", { class: "tab-lang", text: "··" }),
    el("span", { class: "tab-title", text: t("chat_title", { chat: shortId(id) }) }),
    el("span", { class: "tab-unread", "aria-hidden": "true", hidden: true }),
    el("span", { class: "visually-hidden tab-unread-label" }),
  ]);
  button.addEventListener("click", () => selectTab(id, { focus: false }));
  button.addEventListener("keydown", onTabKey);
  return button;
}

function conversationColumn(id, parts) {
  parts.typing = typingIndicator();
  parts.suggestBox = suggestBox(id);
  parts.transcript = el("div", {
    class: "transcript", role: "log", "aria-live": "polite", "aria-label": t("transcript"), tabindex: "0",
  }, [el("p", { class: "muted loading", text: t("loading_chat") })]);
  const replyId = `reply-${id}`;
  const cannedId = `canned-${id}`;
  parts.replyText = el("textarea", {
    id: replyId, class: "reply-text", rows: "3", placeholder: t("reply_placeholder"), "aria-describedby": `reply-hint-${id}`,
  });
  parts.canned = el("select", { id: cannedId, class: "canned" }, [el("option", { value: "", text: t("canned_insert") })]);
  parts.replySend = el("button", { type: "submit", class: "button button-primary reply-send", text: t("send") });
  parts.replyForm = el("form", { class: "composer", novalidate: true }, [
    el("div", { class: "composer-head" }, [
      el("label", { for: replyId, class: "composer-label", text: t("reply_label") }),
      el("div", { class: "canned-wrap" }, [
        el("label", { for: cannedId, class: "visually-hidden", text: t("canned_label") }),
        parts.canned,
      ]),
    ]),
    parts.replyText,
    el("div", { class: "composer-foot" }, [
      el("span", { id: `reply-hint-${id}`, class: "hint muted", text: t("reply_hint") }),
      parts.replySend,
    ]),
  ]);
  parts.lostBanner = el("div", { class: "lost-banner", role: "alert", hidden: true }, [
    el("span", { text: t("error_not_yours") }),
    el("button", { type: "button", class: "button button-small close-tab", text: t("close_tab") }),
  ]);
  return el("section", { class: "conversation", "aria-label": t("conversation") }, [
    parts.lostBanner, parts.transcript, parts.typing, parts.suggestBox, parts.replyForm,
  ]);
}

/** The chat's head across the panel: title, who handled the customer before, Hand back and Resolve
 * with their confirmation. It never scrolls away (issue 10: at 1366x768 the buttons were below the
 * fold of the details column). */
function chatBar(id, parts) {
  parts.title = el("h2", { class: "conversation-title", text: t("chat_title", { chat: shortId(id) }) });
  parts.sub = el("span", { class: "conversation-sub muted" });
  parts.returning = el("span", { class: "returning", hidden: true });
  parts.handBack = el("button", { type: "button", class: "button hand-back", text: t("hand_back") });
  parts.resolve = el("button", { type: "button", class: "button button-success resolve", text: t("resolve") });
  parts.confirmBox = el("div", { class: "confirm", role: "group", "aria-label": t("confirm"), hidden: true }, [
    el("p", { class: "confirm-text" }),
    el("blockquote", { class: "confirm-quote", hidden: true }),
    el("div", { class: "confirm-actions" }, [
      el("button", { type: "button", class: "button button-primary confirm-yes", text: t("confirm_yes") }),
      el("button", { type: "button", class: "button button-quiet confirm-no", text: t("cancel") }),
    ]),
  ]);
  return el("div", { class: "conversation-head" }, [
    el("div", { class: "conversation-heading" }, [parts.title, parts.sub, parts.returning]),
    el("div", { class: "chat-actions", role: "group", "aria-label": t("finish") }, [parts.handBack, parts.resolve]),
    parts.confirmBox,
  ]);
}

function detailsColumn(id, parts) {
  const noteId = `note-${id}`;
  parts.noteText = el("textarea", { id: noteId, class: "note-text", rows: "2" });
  parts.noteSend = el("button", { type: "submit", class: "button note-send", text: t("note_add") });
  parts.notesList = el("ul", { class: "notes" });
  parts.noteForm = el("form", { class: "note-form", novalidate: true }, [
    el("label", { for: noteId, class: "note-label", text: t("note_label") }),
    parts.noteText,
    el("div", { class: "note-foot" }, [parts.noteSend]),
  ]);
  parts.reason = el("p", { class: "handoff-reason", text: "…" });
  parts.language = el("dd", { class: "fact-language", text: "…" });
  parts.waiting = el("dd", { class: "fact-waiting", text: "…" });
  parts.handledBefore = el("dd", { class: "fact-handled-before", text: "…" });
  parts.callbackPhone = el("a", { class: "callback-phone" });
  parts.callback = el("div", { class: "callback", hidden: true }, [el("h4", { text: t("call_back") }), parts.callbackPhone]);
  parts.callbackEmail = el("a", { class: "callback-email" });
  parts.writeBack = el("div", { class: "callback", hidden: true }, [el("h4", { text: t("write_back") }), parts.callbackEmail]);
  parts.guesses = el("ol", { class: "intent-guesses" });
  return el("aside", { class: "details", "aria-label": t("details") }, [
    el("section", { class: "card" }, [
      el("h3", { text: t("why_person") }),
      parts.reason,
      el("dl", { class: "facts" }, [
        el("dt", { text: t("language") }), parts.language,
        el("dt", { text: t("waiting_since") }), parts.waiting,
        el("dt", { text: t("handled_before_fact") }), parts.handledBefore,
      ]),
      parts.callback,
      parts.writeBack,
    ]),
    el("section", { class: "card" }, [el("h3", { text: t("guesses") }), parts.guesses]),
    el("section", { class: "card card-notes" }, [el("h3", { text: t("notes") }), parts.notesList, parts.noteForm]),
  ]);
}

/** Ctrl+Enter (Cmd+Enter) in ``area`` does ``action``. */
function onCtrlEnter(area, action) {
  area.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      action();
    }
  });
}

function wire(tab) {
  const e = tab.els;
  e.replyForm.addEventListener("submit", (event) => {
    event.preventDefault();
    sendReply(tab);
  });
  onCtrlEnter(e.replyText, () => sendReply(tab));
  e.replyText.addEventListener("input", () => agentTyping(tab));
  e.canned.addEventListener("change", () => insertCanned(tab));
  e.noteForm.addEventListener("submit", (event) => {
    event.preventDefault();
    sendNote(tab);
  });
  onCtrlEnter(e.noteText, () => sendNote(tab));
  e.handBack.addEventListener("click", () => askConfirm(tab, "hand-back"));
  e.resolve.addEventListener("click", () => askConfirm(tab, "resolve"));
  e.confirmBox.querySelector(".confirm-no").addEventListener("click", () => closeConfirm(tab, true));
  e.confirmBox.querySelector(".confirm-yes").addEventListener("click", () => finish(tab));
  e.confirmBox.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closeConfirm(tab, true);
  });
  e.lostBanner.querySelector(".close-tab").addEventListener("click", () => removeTab(tab.id));
}

/** Who handled this customer before (``handled_before`` of the transcript, or null), in the head and
 * the details; a returning customer of the agent reading says "you". */
export function showReturning(tab, before) {
  const mine = !!(before && state.me && before.agent_id === state.me.id);
  tab.els.returning.hidden = !before;
  tab.els.returning.textContent = before ? (mine ? t("handled_before_you") : t("handled_before", { name: before.name })) : "";
  tab.els.handledBefore.textContent = before ? (mine ? t("you") : before.name) : t("nobody_before");
}

/** A new tab object for conversation ``id`` with all its elements (not yet in the page). */
export function createTab(id) {
  const parts = {};
  parts.tab = tabButton(id);
  const columns = [chatBar(id, parts), conversationColumn(id, parts), detailsColumn(id, parts)];
  parts.panel = el("div", {
    role: "tabpanel", id: `panel-${id}`, class: "panel", "aria-labelledby": `tab-${id}`,
    dataset: { panelFor: id }, hidden: true,
  }, columns);
  const tab = {
    id, data: null, lastSeen: 0, messageIds: new Set(), noteIds: new Set(), owned: true, busy: false, els: parts,
  };
  wire(tab);
  return tab;
}
