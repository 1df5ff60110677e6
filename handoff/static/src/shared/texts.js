/** The pages' own texts (a section of data/content/ui.yml, bundled at build time) per language. */
import { DEFAULT_LANGUAGE } from "./contract.js";

/** Fill ``{name}`` placeholders of ``template`` from ``values`` (unknown names stay as they are). */
export function fill(template, values) {
  return String(template).replace(/\{(\w+)\}/g, (whole, name) =>
    values && values[name] !== undefined && values[name] !== null ? String(values[name]) : whole);
}

/**
 * A lookup ``text(key, values)`` in ``table`` (``{key: {en, de}}``, a section of ui.yml) in the
 * language that ``getLanguage()`` returns at call time. An unknown key shows as itself rather than
 * nothing.
 */
export function textsFor(table, getLanguage) {
  return function text(key, values) {
    const entry = table[key];
    if (!entry) return key;
    return fill(entry[getLanguage()] || entry[DEFAULT_LANGUAGE], values);
  };
}
