/**
 * The pages' own texts per language: a section of data/content/ui.yml bundled at build time (the
 * fallback: first paint, offline), overlaid at run time by the studio's published texts that the
 * front door serves (``/widget/texts``, ``/console/api/texts``, ``/studio/api/texts``; see
 * handoff/ui_texts.py), so that a published wording change needs no rebuild.
 */
import { DEFAULT_LANGUAGE, LANGUAGES } from "./contract.js";

const own = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

/** Fill ``{name}`` placeholders of ``template`` from ``values`` (unknown names stay as they are). */
export function fill(template, values) {
  return String(template).replace(/\{(\w+)\}/g, (whole, name) =>
    values && values[name] !== undefined && values[name] !== null ? String(values[name]) : whole);
}

/**
 * A lookup ``text(key, values)`` in ``table`` (``{key: {en, de}}``, a section of ui.yml) in the
 * language that ``getLanguage()`` returns at call time; a text in ``served`` (the published one, see
 * :func:`overlay`) comes first; a key only ``served`` knows (an open section) comes from there. An
 * unknown key shows as itself rather than nothing.
 */
export function textsFor(table, getLanguage, served = {}) {
  return function text(key, values) {
    if (!own(table, key) && !own(served, key)) return key;
    const entry = own(table, key) ? table[key] : {};
    const published = own(served, key) ? served[key] : {};
    const language = getLanguage();
    return fill(published[language] || entry[language] || published[DEFAULT_LANGUAGE] || entry[DEFAULT_LANGUAGE], values);
  };
}

/**
 * Replace the contents of ``served`` with the texts of ``data`` (a section as the server sends it)
 * that ``table`` knows: unknown keys, unknown languages and anything but non-empty strings are
 * ignored, so a missing or broken text falls back to the bundled one. ``open``: keys ``table`` does
 * not know are kept too (section ``intents``: the intents made in the studio). Returns ``served``.
 */
export function overlay(table, served, data, open = false) {
  for (const key of Object.keys(served)) delete served[key];
  if (!data || typeof data !== "object") return served;
  for (const key of Object.keys(data)) {
    const value = data[key];
    if ((!open && !own(table, key)) || !value || typeof value !== "object") continue;
    const entry = {};
    for (const language of LANGUAGES) {
      if (typeof value[language] === "string" && value[language].trim()) entry[language] = value[language];
    }
    served[key] = entry;
  }
  return served;
}

/**
 * ``GET url`` (the browser revalidates it with its ETag) and lay each section named in ``tables``
 * (``{section: [bundled table, served object, open?]}``, see :func:`overlay`) over the bundled texts. Resolves to true when the
 * texts arrived, false when not (the bundled texts stay); never rejects.
 */
export async function loadServedTexts(url, tables, init = {}) {
  try {
    const response = await fetch(url, { headers: { Accept: "application/json" }, ...init });
    if (!response.ok) return false;
    const data = await response.json();
    if (!data || typeof data !== "object") return false;
    for (const [section, [table, served, open]] of Object.entries(tables)) overlay(table, served, data[section], open);
    return true;
  } catch (error) {
    return false;
  }
}
