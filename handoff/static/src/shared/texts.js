/** The pages' own texts (data/content/ui.yml, bundled at build time), per section and language. */
import ui from "../../../../data/content/ui.yml";
import { DEFAULT_LANGUAGE } from "./contract.js";

/** Fill ``{name}`` placeholders of ``template`` from ``values`` (unknown names stay as they are). */
export function fill(template, values) {
  return String(template).replace(/\{(\w+)\}/g, (whole, name) =>
    values && values[name] !== undefined && values[name] !== null ? String(values[name]) : whole);
}

/**
 * A lookup ``text(key, values)`` for ``section`` ("widget" or "console") in the language that
 * ``getLanguage()`` returns at call time. A missing key is a build error caught by the tests; at
 * run time it shows the key rather than nothing.
 */
export function textsFor(section, getLanguage) {
  const table = ui[section] || {};
  return function text(key, values) {
    const entry = table[key];
    if (!entry) return key;
    return fill(entry[getLanguage()] || entry[DEFAULT_LANGUAGE], values);
  };
}
