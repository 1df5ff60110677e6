/** One intent: its examples per language, each editable, movable and deletable, and a field to add
 * one; a refusal is shown next to the field it is about. */
import { el } from "../shared/dom.js";
import { ApiError, notify, studio } from "../studio/api.js";
import { contentLanguage, exampleWarningText, intentTitle, t, warningText } from "./texts.js";

const path = (name) => `/intents/${encodeURIComponent(name)}`;

/** Show ``error`` (an ApiError) next to ``input`` (its error line ``line``). */
function showError(input, line, error) {
  line.textContent = error.message + (error.body && error.body.current && !error.body.current.removed
    ? ` “${error.body.current.text}”` : "");
  input.setAttribute("aria-invalid", "true");
  input.focus();
}

function clearError(input, line) {
  line.textContent = "";
  input.removeAttribute("aria-invalid");
}

function exampleItem(example, number, context) {
  const id = `example-${example.id}`;
  const input = el("input", { type: "text", id, value: example.text, readonly: !context.mayEdit,
    "aria-label": t("intents_example_label", { number }), "aria-describedby": `${id}-error ${id}-warnings` });
  input.value = example.text;
  const error = el("p", { class: "field-error", id: `${id}-error`, role: "alert" });
  const warnings = el("div", { id: `${id}-warnings` },
    example.warnings.map((warning) => el("p", { class: "example-warning", text: exampleWarningText(warning) })));
  const item = el("li", { class: "example", dataset: { id: String(example.id) } }, [input, warnings, error]);
  if (!context.mayEdit) return item;
  let version = example.version;
  const run = async (step, body, done) => {
    clearError(input, error);
    try {
      const result = await studio(`/examples/${example.id}${step}`, { ...body, version });
      notify(done(result), "ok");
      await context.reload();
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      if (failure.body.current) version = failure.body.current.version;
      showError(input, error, failure);
    }
  };
  const target = el("select", { id: `${id}-target`, "aria-label": t("intents_move_label", { number }) },
    context.intents.filter((name) => name !== context.name).map((name) =>
      el("option", { value: name, text: `${intentTitle(name)} (${name})` })));
  item.append(el("div", { class: "row" }, [
    el("button", { type: "button", class: "button quiet", text: t("intents_save") }),
    target,
    el("button", { type: "button", class: "button quiet", text: t("intents_move") }),
    el("button", { type: "button", class: "button quiet", text: t("intents_delete"),
      "aria-label": t("intents_delete_label", { number }) }),
  ]));
  const [save, , move, remove] = item.querySelector(".row").children;
  save.addEventListener("click", () => run("", { text: input.value }, () => t("intents_saved")));
  input.addEventListener("keydown", (event) => { if (event.key === "Enter") save.click(); });
  move.addEventListener("click", () => run("/move", { intent: target.value },
    (result) => t("intents_moved", { intent: intentTitle(result.intent) })));
  remove.addEventListener("click", () => run("/delete", {}, () => t("intents_deleted")));
  return item;
}

function addForm(language, context) {
  const id = `add-${language}`;
  const input = el("input", { type: "text", id, lang: language, autocomplete: "off", "aria-describedby": `${id}-error` });
  const error = el("p", { class: "field-error", id: `${id}-error`, role: "alert" });
  const form = el("form", { class: "add-example", novalidate: true }, [
    el("label", { for: id, text: t("intents_add_label", { language: contentLanguage(language) }) }),
    el("div", { class: "row" }, [input, el("button", { type: "submit", class: "button", text: t("intents_add") })]),
    error]);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearError(input, error);
    try {
      await studio(`${path(context.name)}/examples`, { language, text: input.value });
      notify(t("intents_added"), "ok");
      await context.reload(id);
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      showError(input, error, failure);
    }
  });
  return form;
}

function answerState(answer) {
  if (!answer) return [];
  return Object.entries(answer.languages).map(([language, state]) => el("li", {
    text: t("intents_answer_state", { language: contentLanguage(language),
      status: state.published ? t("intents_answer_published") : t("intents_answer_waiting") }) }));
}

/** Show intent ``name`` in the editor; ``context``: ``{intents, mayEdit, reload(focusId?)}``. */
export async function renderIntent(name, context) {
  const intent = await studio(path(name));
  const own = { ...context, name };
  document.getElementById("intent-title").textContent = intentTitle(name);
  document.getElementById("intent-name").textContent = t("intents_technical_name", { name });
  document.getElementById("intent-answer").replaceChildren(...answerState(intent.answer));
  document.getElementById("intent-warnings").replaceChildren(
    ...intent.warnings.map((warning) => el("li", { text: warningText(warning) })));
  document.getElementById("intent-languages").replaceChildren(...Object.entries(intent.examples).map(
    ([language, examples]) => {
      const heading = `examples-${language}`;
      return el("section", { class: "language", "aria-labelledby": heading }, [
        el("h3", { id: heading,
          text: t("intents_examples_heading", { language: contentLanguage(language), count: examples.length }) }),
        own.mayEdit ? addForm(language, own) : null,
        el("ol", { class: "examples", lang: language }, examples.map((example, index) => exampleItem(example, index + 1, own))),
      ]);
    }));
  return intent;
}
