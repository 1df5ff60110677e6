/** The gate's report of one training (handoff/training/gate.py) as elements: why it was blocked, known
 * shortfalls, changes within chance, validation messages answered differently (never blind-set messages:
 * the server has none), recall per intent on the blind set with how many of its messages got worse and
 * better. Whether a change is more than chance is the server's test; the page says it in words. */
import { language, t } from "../studio/texts.js";

const percent = new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: 0 });
const share = (value) => (value === null || value === undefined ? t("models_unknown") : percent.format(value));
const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

// Written out so every key used can be found in the sources.
const REASONS = { floor_recall: "models_reason_floor_recall", floor_accuracy: "models_reason_floor_accuracy",
  floor_confidently_wrong: "models_reason_floor_confidently_wrong", worse: "models_reason_worse",
  story: "models_reason_story" };

/** One reason or shortfall as a sentence; compared with the model in use, also how many of its test
 * messages got worse and better, and whether that is more than chance. */
export function reasonText(reason, margin) {
  const key = REASONS[reason.kind];
  if (!key) return reason.kind;
  const sentence = t(key, { intent: reason.intent || "", language: (reason.language || "").toUpperCase(),
    new: share(reason.new), active: share(reason.active), floor: share(reason.floor),
    margin: share(margin), story: reason.story || "" });
  if (reason.worse === undefined) return sentence;
  return [sentence, t("models_changes", { worse: String(reason.worse), better: String(reason.better) }),
    reason.significant ? t("models_significant") : t("models_not_significant")].join(" ");
}

function table(headings, rows) {
  const head = el("tr", {}, ...headings.map((text) => el("th", { scope: "col", textContent: text })));
  return el("table", { className: "figures" }, el("thead", {}, head), el("tbody", {}, ...rows));
}

function changedTable(changed) {
  const verdict = (message) => (message.better === true ? ["fixed", t("models_better")]
    : message.better === false ? ["broken", t("models_worse")] : ["other", t("models_other")]);
  return table([t("models_col_message"), t("models_col_language"), t("models_col_expected"), t("models_col_before"),
    t("models_col_after"), t("models_col_verdict")], changed.map((message) => {
    const [kind, words] = verdict(message);
    return el("tr", {}, el("td", { textContent: message.text }), el("td", { textContent: message.language.toUpperCase() }),
      el("td", { textContent: message.expected }), el("td", { textContent: message.before }),
      el("td", { textContent: message.after }), el("td", { className: `verdict-${kind}`, textContent: words }));
  }));
}

function intentTable(intents, margin) {
  const compared = intents.some((row) => row.worse !== undefined);
  const headings = [t("models_col_intent"), t("models_col_language"), t("models_col_messages"), t("models_col_after"),
    t("models_col_before"), t("models_col_floor")];
  if (compared) headings.push(t("models_col_changes"), t("models_col_real"));
  return table(headings, intents.map((row) => {
    const cells = [el("td", { textContent: row.intent }), el("td", { textContent: row.language.toUpperCase() }),
      el("td", { className: "number", textContent: String(row.n) }), el("td", { className: "number", textContent: share(row.new) }),
      el("td", { className: "number", textContent: share(row.active) }),
      el("td", { className: "number", textContent: share(row.floor) })];
    if (compared) {
      cells.push(el("td", { className: "number", textContent: `${row.worse} / ${row.better}` }),
        el("td", { textContent: row.significant ? t("models_yes") : t("models_no") }));
    }
    const clearlyWorse = row.change !== null && row.change < -margin && (row.significant ?? true);
    return el("tr", { className: clearlyWorse ? "worse" : "" }, ...cells);
  }));
}

function reasonList(className, items, margin) {
  return el("ul", { className }, ...items.map((reason) => el("li", { textContent: reasonText(reason, margin) })));
}

/** The whole report as a list of elements. */
export function renderReport(report) {
  const parts = [el("h3", { textContent: t("models_report_heading") })];
  if (report.decision === "passed") {
    parts.push(el("p", { className: "state-passed", textContent: t("models_report_passed", { margin: share(report.margin) }) }));
  } else {
    parts.push(el("p", { className: "state-blocked", textContent: t("models_report_blocked") }),
      reasonList("reasons", report.reasons, report.margin));
  }
  const noise = report.known_shortfalls.filter((item) => item.why === "within_noise");
  const known = report.known_shortfalls.filter((item) => item.why !== "within_noise");
  if (known.length) {
    parts.push(el("h3", { textContent: t("models_shortfalls_heading") }), reasonList("shortfalls", known, report.margin));
  }
  if (noise.length) {
    parts.push(el("h3", { textContent: t("models_noise_heading") }), reasonList("noise", noise, report.margin));
  }
  parts.push(el("h3", { textContent: t("models_changed_heading") }), el("p", { className: "muted", textContent: t("models_changed_intro") }));
  parts.push(report.changed.length ? changedTable(report.changed) : el("p", { textContent: t("models_changed_none") }));
  parts.push(el("h3", { textContent: t("models_intents_heading") }), intentTable(report.intents, report.margin));
  return parts;
}
