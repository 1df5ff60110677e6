/** The insights page's language (the studio's choice, English unless German was chosen) and its texts:
 * section ``insights`` of data/content/ui.yml (bundled; the published texts from
 * ``GET /studio/api/insights/texts`` win once loaded), and the intents' plain names (section ``intents``). */
import { LANGUAGES, nativeLanguageName, normalLanguage, reasonLabel } from "../shared/contract.js";
import { loadServedTexts, textsFor } from "../shared/texts.js";
import texts from "../../../../data/content/ui.yml?insights";
import intents from "../../../../data/content/ui.yml?intents";

const STORAGE_KEY = "studio.language"; // the same choice as the studio's other pages

function storedLanguage() {
  try {
    return normalLanguage(localStorage.getItem(STORAGE_KEY) || "en");
  } catch (error) {
    return "en";
  }
}

export const language = storedLanguage();
const served = {};
const servedIntents = {};

/** ``t("show")``, ``t("share", {share})``: a text of section ``insights`` in the page's language. */
export const t = textsFor(texts, () => language, served);
const intentText = textsFor(intents, () => language, servedIntents);

/** A topic's plain name ("affected" -> "Am I affected?"), else the intent's own name. */
export function topicName(intent) {
  const own = (table) => Object.prototype.hasOwnProperty.call(table, intent);
  return own(intents) || own(servedIntents) ? intentText(intent) : intent;
}

/** A handoff reason in words. */
export const reasonName = (reason) => reasonLabel(reason, language);

/** Load the published texts and put them into the page; false when they did not arrive. */
export async function loadTexts() {
  const arrived = await loadServedTexts("/studio/api/insights/texts",
    { insights: [texts, served], intents: [intents, servedIntents, true] },
    { credentials: "same-origin", headers: { Accept: "application/json", "Accept-Language": language } });
  if (arrived) applyTexts();
  return arrived;
}

// Written out so that every key used can be found in the sources.
const ROLES = { comms_editor: () => t("role_comms_editor"), approver: () => t("role_approver"),
  annotator: () => t("role_annotator"), supervisor: () => t("role_supervisor") };
const STATES = { bot: () => t("state_bot"), waiting: () => t("state_waiting"), agent: () => t("state_agent"),
  resolved: () => t("state_resolved") };
const SENDERS = { customer: () => t("sender_customer"), bot: () => t("sender_bot"), agent: () => t("sender_agent"),
  system: () => t("sender_system") };
const named = (table, key) => (Object.prototype.hasOwnProperty.call(table, key) ? table[key]() : key);
export const roleName = (role) => named(ROLES, role);
export const stateName = (state) => named(STATES, state);
export const senderName = (sender) => named(SENDERS, sender);

/** A share 0..1 as a percentage in the page's language ("33.3 %"); "–" when there is none. */
export function percent(share) {
  return share === null || share === undefined ? t("none")
    : t("share", { share: (share * 100).toLocaleString(language, { maximumFractionDigits: 1 }) });
}

/** A wait in seconds as "45 s" or "2.5 min"; "–" when there is none. */
export function duration(seconds) {
  if (seconds === null || seconds === undefined) return t("none");
  if (seconds < 90) return t("seconds", { n: Math.round(seconds).toLocaleString(language) });
  return t("minutes", { n: (seconds / 60).toLocaleString(language, { maximumFractionDigits: 1 }) });
}

/** A moment (ISO text) in the page's language, in UTC like the days. */
export function when(value) {
  return new Date(value).toLocaleString(language, { timeZone: "UTC", dateStyle: "medium", timeStyle: "short" });
}

/** Fill the page's ``data-ui`` (text) and ``data-ui-label`` (aria-label) elements. */
export function applyTexts() {
  document.documentElement.lang = language;
  document.title = t("page_title");
  for (const node of document.querySelectorAll("[data-ui]")) node.textContent = t(node.dataset.ui);
  for (const node of document.querySelectorAll("[data-ui-label]")) node.setAttribute("aria-label", t(node.dataset.uiLabel));
}

/** The language choice of the studio (choosing another reloads the page in it). */
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
