/** The numbers as tiles and tables; every number is a button that opens the conversations behind it. */
import { el } from "../shared/dom.js";
import { duration, percent, reasonName, t, topicName } from "./texts.js";

/** The cell of ``holder`` (the report, or one of its days) for ``language`` ("" for every language). */
export function cellOf(holder, language) {
  return language ? holder.by_language[language] : holder.total;
}

/** A number that opens its drill-down: ``drill`` is ``{metric, key?, day?, label}``. */
export function numberButton(text, drill, open) {
  const button = el("button", { type: "button", class: "number", text: String(text) });
  button.addEventListener("click", () => open(drill));
  return button;
}

function tile(label, value, detail, drill, open) {
  return el("li", { class: "tile" }, [el("span", { class: "label", text: label }),
    numberButton(value, { ...drill, label }, open), detail ? el("span", { class: "detail", text: detail }) : null]);
}

/** The overview tiles of ``cell``. */
export function renderTiles(cell, open) {
  const average = cell.satisfaction.average;
  $("tiles").replaceChildren(
    tile(t("conversations"), cell.conversations, null, { metric: "conversations" }, open),
    tile(t("contained"), cell.contained, percent(cell.containment), { metric: "contained" }, open),
    tile(t("handed_off"), cell.handed_off, percent(cell.handoff_rate), { metric: "handed_off" }, open),
    tile(t("unclear"), cell.unclear, t("unclear_detail"), { metric: "unclear" }, open),
    tile(t("satisfaction"), average === null ? t("none") : average.toLocaleString(),
      t("ratings", { n: cell.satisfaction.ratings }), { metric: "satisfaction" }, open),
    tile(t("answers_helpful"), cell.answers.helpful, null, { metric: "answers", key: "helpful" }, open),
    tile(t("answers_unhelpful"), cell.answers.unhelpful, null, { metric: "answers", key: "unhelpful" }, open),
    tile(t("wait_median"), duration(cell.wait.median_seconds),
      t("wait_detail", { p90: duration(cell.wait.p90_seconds), n: cell.wait.claims }), { metric: "waited" }, open),
  );
}

function $(id) {
  return document.getElementById(id);
}

function table(caption, headers, rows) {
  return el("table", {}, [el("caption", { text: caption }),
    el("thead", {}, el("tr", {}, headers.map((text) => el("th", { scope: "col", text })))),
    el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((value, index) => (index === 0
      ? el("th", { scope: "row" }, value) : el("td", {}, value))))))]);
}

/** The per-day table: conversations, contained, handed off, unclear, waits (``language``: the filter). */
export function renderDays(report, language, open) {
  const rows = report.by_day.map((day) => {
    const cell = cellOf(day, language);
    const on = (metric, label) => ({ metric, day: day.day, label: t("on_day", { label, day: day.day }) });
    return [day.day, numberButton(cell.conversations, on("conversations", t("conversations")), open),
      numberButton(cell.contained, on("contained", t("contained")), open),
      numberButton(cell.handed_off, on("handed_off", t("handed_off")), open),
      numberButton(cell.unclear, on("unclear", t("unclear")), open),
      numberButton(duration(cell.wait.median_seconds), on("waited", t("wait_median")), open),
      duration(cell.wait.p90_seconds)];
  });
  $("days-table").replaceChildren(table(t("days_table"), [t("col_day"), t("conversations"), t("contained"),
    t("handed_off"), t("unclear"), t("wait_median"), t("wait_p90")], rows));
}

/** The handoffs by reason: conversations and their share of all handoffs. */
export function renderReasons(cell, open) {
  const rows = Object.entries(cell.by_reason).map(([reason, count]) => [reasonName(reason),
    numberButton(count, { metric: "handed_off", key: reason, label: t("reason_label", { reason: reasonName(reason) }) }, open),
    percent(cell.handed_off ? count / cell.handed_off : null)]);
  $("reasons-table").replaceChildren(table(t("reasons_table"), [t("col_reason"), t("handed_off"), t("col_share")], rows));
}

/** The top topics: customer messages per intent, and in how many conversations. */
export function renderTopics(cell, open) {
  const rows = cell.topics.map((topic) => [topicName(topic.intent),
    numberButton(topic.messages, { metric: "topic", key: topic.intent,
      label: t("topic_label", { topic: topicName(topic.intent) }) }, open), String(topic.conversations)]);
  $("topics-table").replaceChildren(rows.length ? table(t("topics_table"), [t("col_topic"), t("col_messages"),
    t("conversations")], rows) : el("p", { class: "muted", text: t("no_topics") }));
}
