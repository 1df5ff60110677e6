/** The review inbox's parts: a group of similar messages with its checkboxes, the bot's guesses and
 * links to the conversations; a conversation; the recent decisions. */
import { el } from "../shared/dom.js";
import { textsFor } from "../shared/texts.js";
import { language, t, when } from "./texts.js";
import intentNames from "../../../../data/content/ui.yml?intents";

/** The intents' plain names as served (the studio's intents too), filled by ``loadTexts``. */
export const servedIntentNames = {};
export const intentSection = [intentNames, servedIntentNames, true];
const plainName = textsFor(intentNames, () => language, servedIntentNames);

const REASONS = { unclear: () => t("inbox_reason_unclear"), handed_off: () => t("inbox_reason_handed_off"),
  unhelpful: () => t("inbox_reason_unhelpful"), repeated: () => t("inbox_reason_repeated") };
const SENDERS = { customer: () => t("inbox_sender_customer"), bot: () => t("inbox_sender_bot"),
  agent: () => t("inbox_sender_agent"), system: () => t("inbox_sender_system") };
const DID = { confirmed: () => t("inbox_did_confirmed"), moved: () => t("inbox_did_moved"),
  new_intent: () => t("inbox_did_new_intent"), ignored: () => t("inbox_did_ignored") };
const named = (table, key) => (Object.prototype.hasOwnProperty.call(table, key) ? table[key]() : key);

/** An intent as people read it: its plain name (section ``intents``) and its code. */
export function intentLabel(name) {
  const plain = plainName(name);
  return plain && plain !== name ? `${plain} (${name})` : name;
}

function guessesText(guesses) {
  if (!guesses.length) return t("inbox_no_guesses");
  return t("inbox_guesses", { guesses: guesses.map((guess) => t("inbox_guess",
    { name: intentLabel(guess.name), percent: Math.round(guess.confidence * 100) })).join(", ") });
}

/** One group as a list item; ``onOpen(conversationId, messageId)`` opens a conversation,
 * ``onChange()`` is called when a checkbox changes. */
export function groupNode(group, selected, onOpen, onChange) {
  const id = `group-${group.id}`;
  const all = el("input", { type: "checkbox", id: `${id}-all`, class: "group-all" });
  const boxes = [];
  const items = group.items.map((item) => {
    const box = el("input", { type: "checkbox", id: `message-${item.message_id}`, class: "message-box",
      dataset: { messageId: String(item.message_id) }, checked: selected.has(item.message_id) });
    box.addEventListener("change", () => {
      if (box.checked) selected.add(item.message_id); else selected.delete(item.message_id);
      all.checked = boxes.every((other) => other.checked);
      onChange();
    });
    boxes.push(box);
    const link = el("a", { href: `#conversation-${item.conversation_id}`, class: "open-conversation",
      text: t("inbox_open_conversation") });
    link.addEventListener("click", (event) => {
      event.preventDefault();
      onOpen(item.conversation_id, item.seq);
    });
    return el("li", {}, [box, el("label", { for: box.id, text: item.text }),
      el("span", { class: "lang-tag", text: item.language.toUpperCase() }),
      el("span", { class: "muted", text: guessesText(item.ranking) }), link]);
  });
  all.checked = boxes.every((box) => box.checked);
  all.addEventListener("change", () => {
    for (const box of boxes) {
      box.checked = all.checked;
      const messageId = Number(box.dataset.messageId);
      if (all.checked) selected.add(messageId); else selected.delete(messageId);
    }
    onChange();
  });
  const reasons = group.reasons.map((reason) => el("span", { class: "reason", text: named(REASONS, reason) }));
  return el("li", { class: "group", id, "aria-labelledby": `${id}-title` }, [
    el("div", { class: "group-head" }, [
      el("h3", { id: `${id}-title`, text: group.items[0].text }),
      el("span", { class: "lang-tag", text: group.language.toUpperCase() }),
      el("span", { class: "muted", text: t("inbox_group_count", { count: group.count }) }),
    ]),
    el("p", { class: "group-meta" }, [el("span", { text: t("inbox_reasons", { reasons: "" }) }), ...reasons]),
    el("p", { class: "group-meta", text: guessesText(group.guesses) }),
    el("div", {}, [all, " ", el("label", { for: all.id, text: t("inbox_select_group", { count: group.count }) })]),
    el("ul", { class: "group-items" }, items),
  ]);
}

/** The messages of a conversation, the inbox message (``markSeq``) outlined. */
export function conversationNodes(messages, markSeq) {
  return messages.map((message) => el("li", { "data-sender": message.sender,
    "data-marked": message.id === markSeq ? "true" : null }, [
    el("span", { class: "sender", text: named(SENDERS, message.sender) }), message.text]));
}

/** The recent decisions as list items. */
export function activityNodes(entries) {
  if (!entries.length) return [el("li", { text: t("inbox_activity_empty") })];
  return entries.map((entry) => el("li", { text: t("inbox_activity_entry", {
    when: when(entry.at), who: entry.who || "", action: named(DID, entry.action), note: entry.note || "" }) }));
}

/** The reasons refused messages stayed, in words. */
export function refusalText(refused) {
  const reasons = [...new Set(refused.map((entry) => (entry.reason === "in_other_intent" ? t("inbox_refusal_in_other_intent")
    : entry.reason === "no_guess" ? t("inbox_refusal_no_guess") : t("inbox_refusal_other", { reason: entry.reason }))))];
  return t("inbox_refused", { count: refused.length, reasons: reasons.join("; ") });
}
