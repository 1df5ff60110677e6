/** How the console writes times, durations, reasons, languages and confidences. */
import { languageName, reasonLabel } from "../shared/contract.js";
import { textsFor } from "../shared/texts.js";
import { state, t } from "./state.js";
import intents from "../../../../data/content/ui.yml?intents";

/** The bundled intent names and the published ones (``GET /console/api/texts``, filled by session.js). */
export const bundledIntents = intents;
export const servedIntents = {};
const intentName = textsFor(intents, () => state.language, servedIntents);

/** Timestamps from SQLite come without a zone; they are UTC. Milliseconds, or null. */
export function parseTime(value) {
  if (!value) return null;
  const iso = /(Z|[+-]\d\d:?\d\d)$/.test(value) ? value : value + "Z";
  const time = Date.parse(iso);
  return Number.isNaN(time) ? null : time;
}

/** How long since ``since``: "< 1 min", "12 min", "2 h 5 min". */
export function waitText(since) {
  const start = parseTime(since);
  if (start === null) return "";
  const minutes = Math.max(0, Math.floor((Date.now() - start) / 60000));
  if (minutes < 1) return t("wait_under_minute");
  if (minutes < 60) return t("wait_minutes", { minutes });
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? t("wait_hours_minutes", { hours, minutes: minutes % 60 }) : t("wait_hours", { hours });
}

export function clockText(value) {
  const time = parseTime(value);
  if (time === null) return "";
  return new Date(time).toLocaleTimeString(state.language, { hour: "2-digit", minute: "2-digit" });
}

export function reasonText(reason) {
  return reason ? reasonLabel(reason, state.language) : t("reason_unknown");
}

/** An intent in plain words ("report_fraud" -> "Fraud already happened"; two joined by "+" as both);
 * an intent without a name in ui.yml (section ``intents``) shows as its code. */
export function intentText(code) {
  if (!code) return t("guess_unknown");
  return String(code).split("+").map((part) => {
    return intentName(part);
  }).join(" + ");
}

/** "1:05": minutes and seconds of a countdown. */
export function countdownText(seconds) {
  const whole = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

export function languageText(code) {
  return languageName(code, state.language) || (code || "?").toUpperCase();
}

export function percent(confidence) {
  const value = Number(confidence);
  return Number.isFinite(value) ? `${Math.round(value * 100)}%` : "?";
}

export function shortId(id) {
  return String(id).slice(0, 6);
}

export function level(confidence) {
  const value = Number(confidence);
  if (value >= 0.8) return "high";
  if (value >= 0.5) return "medium";
  return "low";
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
