/** One agent's suggestion on the studio's suggestions page: what the customer asked, what the agent
 * answered, and (comms editors, approvers) accepting it as a draft, edited first, or declining it. */
import { el } from "../shared/dom.js";
import { richText } from "../shared/richtext.js";
import { notify, studio } from "./api.js";
import { contentLanguage, language, t, when } from "./texts.js";

const DECISIONS = { accepted: () => t("suggestions_accepted"), declined: () => t("suggestions_declined") };

/** A heading and the text under it, with placeholders of removed personal data as readable tags. */
function quote(heading, text) {
  if (!text) return [];
  const body = richText(text, { language, links: false, tagClass: "placeholder",
    removed: (label) => t("redacted", { label }), unknownLabel: t("redacted_unknown") });
  return [el("h3", { text: heading }), el("blockquote", {}, [body])];
}

function label(id, text) {
  return el("label", { for: id, text });
}

function heading(item) {
  return item.kind === "response" ? t("suggestion_kind_response", { intent: item.intent }) : t("suggestion_kind_canned");
}

async function fillTargets(item, select, current) {
  const found = (await studio(`/suggestions/${item.id}/targets`)).fields;
  select.replaceChildren(...found.map((field) => el("option", {
    value: String(field.field_id), dataset: { version: String(field.version), text: field.text },
    text: `${field.document} · ${field.path}`,
  })));
  const show = () => {
    const chosen = select.selectedOptions[0];
    current.textContent = chosen ? t("suggestion_target_current", { text: chosen.dataset.text }) : "";
  };
  select.addEventListener("change", show);
  show();
}

function acceptForm(item, done) {
  const id = `suggestion-${item.id}`;
  const text = el("textarea", { id: `${id}-text`, rows: "4" });
  text.value = item.text;
  const send = el("button", { type: "submit", class: "button primary", text: t("suggestion_accept") });
  let title = null;
  let target = null;
  const parts = [];
  if (item.kind === "canned") {
    title = el("input", { type: "text", id: `${id}-title`, maxlength: "80", autocomplete: "off" });
    parts.push(label(title.id, t("suggestion_title_label")), title);
  } else {
    target = el("select", { id: `${id}-target` });
    const current = el("p", { class: "muted" });
    parts.push(label(target.id, t("suggestion_target_label")), target, current);
    fillTargets(item, target, current).catch((error) => notify(error.message));
  }
  const form = el("form", { class: "accept-form", novalidate: true }, [
    ...parts, label(text.id, t("suggestion_text_label")), text, el("div", { class: "actions" }, [send])]);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { text: text.value };
    if (title) body.title = title.value;
    if (target) {
      const chosen = target.selectedOptions[0];
      body.field_id = chosen ? Number(chosen.value) : null;
      body.base_version = chosen ? Number(chosen.dataset.version) : null;
    }
    send.disabled = true;
    try {
      const draft = await studio(`/suggestions/${item.id}/accept`, body);
      notify(t("suggestion_accepted_now", { version: draft.version }), "ok");
      await done();
    } catch (error) {
      notify(error.message);
      send.disabled = false;
    }
  });
  return form;
}

function declineForm(item, done) {
  const reason = el("input", { type: "text", id: `suggestion-${item.id}-reason`, maxlength: "1000", autocomplete: "off" });
  const send = el("button", { type: "submit", class: "button", text: t("suggestion_decline") });
  const form = el("form", { class: "decline-form", novalidate: true }, [
    label(reason.id, t("suggestion_reason_label")), reason, el("div", { class: "actions" }, [send])]);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    send.disabled = true;
    try {
      await studio(`/suggestions/${item.id}/decline`, { reason: reason.value });
      notify(t("suggestion_declined_now"), "ok");
      await done();
    } catch (error) {
      notify(error.message);
      send.disabled = false;
    }
  });
  return form;
}

function decision(item) {
  const status = DECISIONS[item.status] ? DECISIONS[item.status]() : item.status;
  return [
    el("p", { text: t("suggestion_decided", { status, who: item.decided_by || "–", when: when(item.decided_at) }) }),
    item.reason ? el("p", { text: t("suggestion_reason", { reason: item.reason }) }) : null,
    item.draft_version ? el("p", { text: t("suggestion_draft", { version: item.draft_version, field: item.field_id }) }) : null,
  ];
}

/** The list item of ``item`` (a suggestion as ``GET /studio/api/suggestions`` lists it); ``mayDecide``
 * adds the forms; ``done`` is called after a decision (to reload the list). */
export function suggestionCard(item, mayDecide, done) {
  return el("li", { class: "suggestion", id: `suggestion-${item.id}`, "aria-labelledby": `suggestion-${item.id}-heading` }, [
    el("h2", { id: `suggestion-${item.id}-heading`, text: heading(item) }),
    el("p", { class: "muted", text: t("suggestion_meta", { who: item.suggested_by || "–", when: when(item.created_at),
      language: contentLanguage(item.language), chat: item.conversation_id.slice(0, 8) }) }),
    ...quote(t("suggestion_question"), item.question),
    ...quote(t("suggestion_answer"), item.text),
    ...quote(t("suggestion_note"), item.note),
    ...(item.status === "open" ? (mayDecide ? [acceptForm(item, done), declineForm(item, done)] : []) : decision(item)),
  ]);
}
