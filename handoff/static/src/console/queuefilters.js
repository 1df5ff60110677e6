/** The queue's search box and filters: language, reason, waiting time, unassigned / mine / all. The
 * server filters and pages (GET /queue?..., handoff/queue/query.py); this module only builds the query. */
import { HANDOFF_REASONS, LANGUAGES } from "../shared/contract.js";
import { el } from "../shared/dom.js";
import { languageText, reasonText } from "./format.js";
import { t } from "./state.js";

const WAITS = [5, 15, 30, 60]; // minutes: "over 5 min" ...
const SEARCH_DELAY_MS = 300; // search once the agent pauses typing, not on every key
const EMPTY = { q: "", language: "", reason: "", min_wait: "", assigned: "unassigned" };

export const filters = { ...EMPTY };

/** True when a search or filter narrows the queue. */
export function filtering() {
  return Object.keys(EMPTY).some((name) => filters[name] !== EMPTY[name]);
}

/** The query string of GET /queue for the current filters, from ``cursor`` on (null: the first page). */
export function queueQuery(cursor) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value !== EMPTY[name]) params.set(name, value);
  if (cursor) params.set("after", cursor);
  const query = params.toString();
  return query ? `?${query}` : "";
}

function options(select, anyText, values, label) {
  select.replaceChildren(
    el("option", { value: "", text: anyText }),
    ...values.map((value) => el("option", { value: String(value), text: label(value) }))
  );
}

/** Fill the controls and call ``onChange()`` whenever the agent changes a filter. */
export function setUpFilters(onChange) {
  const $ = (id) => document.getElementById(id);
  const controls = {
    search: $("queue-search"), language: $("filter-language"), reason: $("filter-reason"), wait: $("filter-wait"),
    reset: $("filter-reset"), form: $("queue-filters"),
  };
  controls.search.placeholder = t("search_placeholder");
  options(controls.language, t("filter_any_language"), LANGUAGES, languageText);
  options(controls.reason, t("filter_any_reason"), HANDOFF_REASONS, reasonText);
  options(controls.wait, t("filter_any_wait"), WAITS, (minutes) => t("filter_wait_over", { minutes }));

  const changed = () => {
    controls.reset.hidden = !filtering();
    onChange();
  };
  let timer = null;
  controls.search.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (filters.q === controls.search.value.trim()) return;
      filters.q = controls.search.value.trim();
      changed();
    }, SEARCH_DELAY_MS);
  });
  controls.form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    filters.q = controls.search.value.trim();
    changed();
  });
  for (const [name, select] of [["language", controls.language], ["reason", controls.reason], ["min_wait", controls.wait]]) {
    select.addEventListener("change", () => {
      filters[name] = select.value;
      changed();
    });
  }
  for (const radio of controls.form.querySelectorAll("input[name=assigned]")) {
    radio.addEventListener("change", () => {
      if (!radio.checked) return;
      filters.assigned = radio.value;
      changed();
    });
  }
  controls.reset.addEventListener("click", () => {
    Object.assign(filters, EMPTY);
    controls.search.value = "";
    for (const select of [controls.language, controls.reason, controls.wait]) select.value = "";
    controls.form.querySelector("input[name=assigned][value=unassigned]").checked = true;
    changed();
    controls.search.focus();
  });
}
