/** The shared contract (data/contract.json, bundled at build time): languages, buttons, handoff reasons,
 * redaction placeholders, each with its labels in every supported language. */
import contract from "../../../../data/contract.json";

export const LANGUAGES = contract.languages.supported;
export const DEFAULT_LANGUAGE = contract.languages.default;

/** ``value`` as a supported language code ("de-AT" -> "de"), else the default language. */
export function normalLanguage(value) {
  const code = String(value || "").trim().toLowerCase().slice(0, 2);
  return LANGUAGES.includes(code) ? code : DEFAULT_LANGUAGE;
}

function pick(labels, language) {
  if (!labels) return null;
  return labels[language] || labels[DEFAULT_LANGUAGE] || null;
}

/** The name of language ``code`` written in ``language`` ("de" in "en": "German"); null if unknown. */
export function languageName(code, language) {
  return pick(contract.languages.names[code], language);
}

/** The name of language ``code`` in that language itself ("Deutsch"). */
export function nativeLanguageName(code) {
  return languageName(code, code);
}

/** The label of a button by its payload ("/request_human"), or null when the contract has none. */
export function payloadLabel(payload, language) {
  const button = Object.values(contract.buttons).find((b) => b.payload === payload);
  return button ? pick(button.label, language) : null;
}

/** The payload of the contract button ``key`` ("request_human" -> "/request_human"). */
export function buttonPayload(key) {
  return contract.buttons[key].payload;
}

/** Payloads that only mean something while the customer waits in the queue. */
export const QUEUE_PAYLOADS = [buttonPayload("callback"), buttonPayload("email"), buttonPayload("continue_with_bot")];

/** Every handoff reason the bot may send, in the contract's order. */
export const HANDOFF_REASONS = Object.keys(contract.handoff_reasons.labels);

/** The label of a handoff reason; an unknown reason counts as the contract's fallback reason. */
export function reasonLabel(reason, language) {
  const labels = contract.handoff_reasons.labels;
  return pick(labels[reason] || labels[contract.handoff_reasons.fallback], language);
}

/** The readable label of a redaction placeholder kind ("IBAN" -> "IBAN removed"); null if unknown. */
export function redactionLabel(kind, language) {
  return kind.startsWith("$") ? null : pick(contract.redaction_kinds[kind], language);
}
