/** The form for a new intent with its answer in every language and what it leads to; a refusal is
 * shown next to the field it is about (name, what it leads to, answer). Started from a proposal of
 * the review inbox, it shows the proposal's messages, which become the intent's examples. */
import { el } from "../shared/dom.js";
import { LANGUAGES } from "../shared/contract.js";
import { ApiError, notify, studio } from "../studio/api.js";
import { contentLanguage, t } from "./texts.js";

const $ = (id) => document.getElementById(id);
let proposal = null; // {name, messages: [{message_id, language, text}]} when started from the inbox
const FIELDS = { name: ["new-name", "new-name-error"], title: ["title-en", "new-title-error"],
  leads_to: ["new-leads-to", "new-leads-to-error"], answer: ["answer-en", "new-answer-error"] };

function clear() {
  for (const [input, line] of Object.values(FIELDS)) {
    $(line).textContent = "";
    if ($(input)) $(input).removeAttribute("aria-invalid");
  }
}

/** Build the answer fields once; ``created(name)`` is called after the intent was made. */
export function setUpNewIntent(created) {
  $("new-titles").replaceChildren(...LANGUAGES.map((language) => el("div", { class: "language" }, [
    el("label", { for: `title-${language}`, text: t("intents_title_label", { language: contentLanguage(language) }) }),
    el("input", { id: `title-${language}`, type: "text", lang: language, maxlength: "80", autocomplete: "off",
      "aria-describedby": "new-title-hint new-title-error" }),
  ])));
  $("new-answers").replaceChildren(...LANGUAGES.map((language) => el("div", { class: "language" }, [
    el("label", { for: `answer-${language}`, text: t("intents_answer_label", { language: contentLanguage(language) }) }),
    el("textarea", { id: `answer-${language}`, lang: language, "aria-describedby": "new-answer-error" }),
  ])));
  $("new-intent-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    clear();
    const answer = Object.fromEntries(LANGUAGES.map((language) => [language, $(`answer-${language}`).value]));
    const leadsTo = (document.querySelector("input[name=leads_to]:checked") || {}).value;
    try {
      const titles = Object.fromEntries(LANGUAGES.map((language) => [language, $(`title-${language}`).value.trim()]));
      const body = { name: $("new-name").value.trim(), titles, leads_to: leadsTo, answer };
      if (proposal) body.proposal = proposal.name;
      const result = await studio("/intents", body);
      const problems = Object.entries(result.problems || {}).filter(([, list]) => list.length)
        .map(([language, list]) => t("intents_answer_problems", { language: contentLanguage(language),
          problems: list.map((problem) => problem.message).join(" ") }));
      const adopted = result.adopted ? [t("intents_adopted", { count: result.adopted.added }),
        ...result.adopted.refused.map((one) => t("intents_adopted_refused", { text: one.text, reason: one.error }))] : [];
      const trouble = problems.length || (result.adopted && result.adopted.refused.length);
      notify([t("intents_created", { name: result.name }), ...adopted, ...problems].join(" "), trouble ? "error" : "ok");
      $("new-intent-form").reset();
      showProposal(null);
      await created(result.name);
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      const [input, line] = FIELDS[failure.body.field] || FIELDS.answer;
      $(line).textContent = failure.message;
      const target = $(input) || document.querySelector("input[name=leads_to]");
      target.setAttribute("aria-invalid", "true");
      target.focus();
    }
  });
}

function showProposal(found) {
  proposal = found;
  $("new-proposal").hidden = !found;
  if (!found) return;
  $("new-name").value = found.name;
  $("new-proposal-intro").textContent = t("intents_from_proposal", { count: found.messages.length });
  $("new-proposal-messages").replaceChildren(...found.messages.map((message) => el("li", {}, [
    el("span", { class: "flag", text: contentLanguage(message.language) }), " ",
    el("span", { lang: message.language, text: message.text })])));
}

/** Show the form (instead of an intent); ``found``: a proposal of the review inbox to start from. */
export function showNewIntent(found = null) {
  clear();
  showProposal(found && found.messages ? found : null);
  $("intent-empty").hidden = true;
  $("intent-body").hidden = true;
  $("new-intent-form").hidden = false;
  $("new-name").focus();
}
