/** One text in English and German side by side: the draft, its checks while typing, and the steps
 * (save, approve, send back, publish) the user's role may take. */
import { ApiError, notify, session, studio } from "./api.js";
import { contentLanguage, statusName, t, warningText, when } from "./texts.js";

const CHECK_DELAY_MS = 400;
const EDITORS = ["comms_editor", "approver"];

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) node.append(child);
  return node;
}

function statusLine(view) {
  const latest = view.latest;
  const who = latest.author === "repo" ? t("from_repository") : t("by_author", { author: latest.author });
  // A new field (the answer of an intent made in the intent editor) has no published version yet.
  const published = !view.published ? t("none_published")
    : view.published.version === latest.version ? t("is_published")
      : t("other_published", { version: view.published.version });
  return t("status_line", { version: latest.version, status: statusName(latest.status), who, published });
}

function renderProblems(list, problems) {
  list.replaceChildren(...problems.map((problem) => el("li", { textContent: problem.message })));
}

/** The panel of one language; ``reload()`` is called after every step. */
function languagePanel(entry, language, reload) {
  const view = entry.languages[language];
  const id = `text-${language || "value"}`;
  const textarea = el("textarea", { id, value: view.latest.text, readOnly: !EDITORS.includes(session.user.role) });
  textarea.lang = language || "en";
  const problems = el("ul", { className: "problems", id: `${id}-problems` });
  const passes = el("p", { className: "passes", hidden: true, textContent: t("passes") });
  const live = el("div", { role: "status", "aria-live": "polite" }, problems, passes);
  textarea.setAttribute("aria-describedby", `${id}-problems`);
  let timer = null;
  const check = async () => {
    try {
      const result = await studio("/check", { field_id: view.field_id, text: textarea.value });
      renderProblems(problems, result.problems);
      passes.hidden = result.problems.length > 0;
    } catch (error) {
      renderProblems(problems, [{ message: error.message }]);
      passes.hidden = true;
    }
  };
  textarea.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(check, CHECK_DELAY_MS); });
  const note = el("input", { id: `${id}-note`, type: "text", maxLength: 1000 });
  const actions = el("div", { className: "actions" });
  const step = (label, path, body, after) => {
    const button = el("button", { type: "button", className: "button", textContent: label });
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        const result = await studio(path, body());
        notify(typeof after === "function" ? after(result) : after, "ok");
        await reload();
      } catch (error) {
        notify(error instanceof ApiError ? error.message : String(error));
        button.disabled = false;
      }
    });
    actions.append(button);
    return button;
  };
  const base = `/fields/${view.field_id}`;
  const latest = view.latest;
  if (EDITORS.includes(session.user.role)) {
    step(t("save_draft"), `${base}/drafts`, () => ({ text: textarea.value, base_version: latest.version,
      note: note.value || null }), t("draft_saved")).classList.add("primary");
  }
  if (session.user.role === "approver" && latest.status === "draft") {
    step(t("approve"), `${base}/versions/${latest.version}/approve`, () => ({ note: note.value || null }),
      (result) => (result.status === "approved" ? t("approved")
        : t("approval_recorded", { approvals: result.approvals, required: result.approvals_required })));
    step(t("send_back"), `${base}/versions/${latest.version}/send-back`, () => ({ comment: note.value }), t("sent_back"));
  }
  let publishAt = null;
  let customerNote = null;
  if (EDITORS.includes(session.user.role) && latest.status === "approved") {
    publishAt = el("input", { id: `${id}-at`, type: "datetime-local" });
    // What changed, for customers: shown under "Updated on <date>" (one line, 200 characters). Only
    // an approver may word it: it reaches every customer who got the text.
    if (session.user.role === "approver") {
      customerNote = el("input", { id: `${id}-customer-note`, type: "text", maxLength: 200 });
      customerNote.lang = language || "en";
    }
    step(t("publish"), `${base}/versions/${latest.version}/publish`, () => ({ note: note.value || null,
      at: publishAt.value ? new Date(publishAt.value).toISOString() : null,
      customer_note: customerNote ? customerNote.value.trim() || null : null }),
    (result) => (result.status === "published" ? t("published") : t("scheduled", { when: when(result.publish_at) })));
  }
  if (!latest.checks_passed) renderProblems(problems, [{ message: t("fails_checks") }]);
  const name = contentLanguage(language);
  return el("section", { className: "language" },
    el("h3", { textContent: name }),
    el("label", { htmlFor: id, textContent: t("text_label", { language: name }) }), textarea, live,
    el("p", { className: "status", textContent: statusLine(view) }),
    latest.note ? el("p", { className: "status", textContent: t("note", { note: latest.note }) }) : "",
    latest.publish_at ? el("p", { className: "status", textContent: t("scheduled_for", { when: when(latest.publish_at) }) }) : "",
    el("label", { htmlFor: `${id}-note`, textContent: t("note_label") }), note,
    publishAt ? el("label", { htmlFor: `${id}-at`, textContent: t("publish_at") }) : "",
    publishAt || "",
    customerNote ? el("label", { htmlFor: `${id}-customer-note`, textContent: t("customer_note_label") }) : "",
    customerNote || "", actions);
}

/** Render ``entry`` (one path of the listing) into the editor. */
export function renderEditor(entry, reload) {
  document.getElementById("field-title").textContent = entry.path;
  document.getElementById("field-warnings").replaceChildren(
    ...entry.warnings.map((warning) => el("li", { textContent: warningText(warning) })));
  const order = ["en", "de", ""].filter((language) => language in entry.languages);
  document.getElementById("languages").replaceChildren(...order.map((language) => languagePanel(entry, language, reload)));
}
