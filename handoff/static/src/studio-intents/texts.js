/** The intent editor's texts: section ``studio`` of data/content/ui.yml (keys ``intents_*`` and the
 * studio's shared ones) and the intents' plain names (section ``intents``), bundled; the published
 * ones (``GET /studio/api/intents/texts``, also for annotators) win once loaded. */
import { loadServedTexts, textsFor } from "../shared/texts.js";
import { contentLanguage, language } from "../studio/texts.js";
import studioTexts from "../../../../data/content/ui.yml?studio";
import intentNames from "../../../../data/content/ui.yml?intents";

const served = {};
const servedNames = {};

/** ``t("intents_add")``: a studio text in the studio's language. */
export const t = textsFor(studioTexts, () => language, served);
const plainName = textsFor(intentNames, () => language, servedNames);

/** An intent in words ("what_happened" -> "What happened"; "a+b" -> "A + B"; unknown: as it is). */
export function intentTitle(name) {
  return name.split("+").map((part) => plainName(part)).join(" + ");
}

export { contentLanguage, language };

/** Load the published texts; false when they did not arrive (the bundled ones stay). */
export async function loadTexts() {
  const arrived = await loadServedTexts("/studio/api/intents/texts",
    { studio: [studioTexts, served], intents: [intentNames, servedNames, true] },
    { credentials: "same-origin", headers: { Accept: "application/json", "Accept-Language": language } });
  if (arrived) applyTexts();
  return arrived;
}

/** Fill the page's ``data-ui`` (text) and ``data-ui-label`` (aria-label) elements. */
export function applyTexts() {
  document.documentElement.lang = language;
  document.title = t("intents_page_title");
  for (const node of document.querySelectorAll("[data-ui]")) node.textContent = t(node.dataset.ui);
  for (const node of document.querySelectorAll("[data-ui-label]")) node.setAttribute("aria-label", t(node.dataset.uiLabel));
}

/** A warning of the listing (``{kind, language, count?, minimum?, intents?}``) as a sentence. */
export function warningText(warning) {
  const values = { language: contentLanguage(warning.language), count: warning.count, minimum: warning.minimum,
    intents: (warning.intents || []).map(intentTitle).join(", ") };
  // Written out (not built from the kind) so that every key used can be found in the sources.
  const sentences = { too_few: () => t("intents_warning_too_few", values),
    missing_language: () => t("intents_warning_missing_language", values),
    in_other_intent: () => t("intents_warning_in_other_intent", values),
    duplicate: () => t("intents_warning_duplicate", values) };
  return Object.prototype.hasOwnProperty.call(sentences, warning.kind) ? sentences[warning.kind]() : warning.kind;
}

/** A warning of one example as a sentence. */
export function exampleWarningText(warning) {
  return warning.kind === "duplicate" ? t("intents_example_duplicate")
    : t("intents_example_in_other_intent", { intents: (warning.intents || []).map(intentTitle).join(", ") });
}
