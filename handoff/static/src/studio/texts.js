/** The studio's language (English unless the user chose German) and its texts: section ``studio`` of
 * data/content/ui.yml, bundled at build time, looked up with the console's helper; the published
 * texts the front door serves to studio users (``GET /studio/api/texts``) win once loaded. */
import { LANGUAGES, languageName, nativeLanguageName, normalLanguage } from "../shared/contract.js";
import { loadServedTexts, textsFor } from "../shared/texts.js";
import texts from "../../../../data/content/ui.yml?studio";

const STORAGE_KEY = "studio.language";

function storedLanguage() {
  try {
    return normalLanguage(localStorage.getItem(STORAGE_KEY) || "en");
  } catch (error) {
    return "en";
  }
}

export const language = storedLanguage();

const served = {};

/** ``t("save_draft")``, ``t("note", {note})``: a text of section ``studio`` in the studio's language. */
export const t = textsFor(texts, () => language, served);

/** Load the published studio texts (logged-in users; ``url``: the route the page's users may read)
 * and put them into the page with ``apply``; false when they did not arrive (the bundled texts stay). */
export async function loadTexts(url = "/studio/api/texts", apply = applyTexts, more = {}) {
  const arrived = await loadServedTexts(url, { studio: [texts, served], ...more },
    { credentials: "same-origin", headers: { Accept: "application/json", "Accept-Language": language } });
  if (arrived) apply();
  return arrived;
}

/** The name of a content language ("de" -> "German"; "" for language-less values -> "Value"). */
export function contentLanguage(code) {
  return code ? languageName(code, language) || code : t("language_none");
}

// Written out (not built from the code) so that every key used can be found in the sources; looked
// up at each use, so that the published texts count once they are loaded.
const STATUSES = { draft: () => t("status_draft"), approved: () => t("status_approved"),
  sent_back: () => t("status_sent_back"), published: () => t("status_published"), replaced: () => t("status_replaced") };
const ROLES = { comms_editor: () => t("role_comms_editor"), approver: () => t("role_approver"),
  supervisor: () => t("role_supervisor"), annotator: () => t("role_annotator") };
const FLAGS = { missing: () => t("flag_missing"), stale: () => t("flag_stale") };
const named = (table, key) => (Object.prototype.hasOwnProperty.call(table, key) ? table[key]() : key);

/** A version's status in words ("sent_back" -> "sent back"); an unknown status as it is. */
export const statusName = (status) => named(STATUSES, status);

/** A role in words ("comms_editor" -> "comms editor"); an unknown role as it is. */
export const roleName = (role) => named(ROLES, role);

/** A translation warning (``{language, kind}`` of the listing) as a short flag and as a sentence. */
export function warningFlag(warning) {
  return t("flag", { language: warning.language.toUpperCase(), problem: named(FLAGS, warning.kind) });
}

/** The sentence of a translation warning in the studio's language (the server's own message when
 * the kind is unknown). */
export function warningText(warning) {
  const mine = contentLanguage(warning.language);
  const other = contentLanguage({ en: "de", de: "en" }[warning.language] || "");
  return warning.kind === "stale" ? t("warning_stale", { language: mine, other })
    : warning.kind === "missing" ? t("warning_missing", { language: mine }) : warning.message;
}

/** A moment (ISO text) as the studio's language writes dates and times. */
export function when(value) {
  return new Date(value).toLocaleString(language);
}

/** Fill studio.html's ``data-ui`` (text) and ``data-ui-label`` (aria-label) elements. */
export function applyTexts() {
  document.documentElement.lang = language;
  document.title = t("page_title");
  for (const node of document.querySelectorAll("[data-ui]")) node.textContent = t(node.dataset.ui);
  for (const node of document.querySelectorAll("[data-ui-label]")) node.setAttribute("aria-label", t(node.dataset.uiLabel));
}

/** The language choice (choosing another reloads the page in it). */
export function setUpLanguage() {
  const select = document.getElementById("studio-language");
  select.replaceChildren(...LANGUAGES.map((code) => Object.assign(document.createElement("option"),
    { value: code, lang: code, textContent: nativeLanguageName(code), selected: code === language })));
  select.addEventListener("change", () => {
    try {
      localStorage.setItem(STORAGE_KEY, select.value);
    } catch (error) {
      /* storage may be blocked: the choice lasts for this page only */
    }
    window.location.reload();
  });
}
