/** The studio's insights page (/studio/insights): log in (the console's login), choose a period and a
 * language, read the numbers as tiles, charts and tables, open the conversations behind any number. */
import { LANGUAGES, languageName } from "../shared/contract.js";
import { bootStudioPage } from "../shared/studio-session.js";
import { ApiError, api, csvUrl, insights, notify } from "./api.js";
import { barChart } from "./charts.js";
import { openDrill } from "./drill.js";
import { cellOf, renderDays, renderReasons, renderTiles, renderTopics } from "./render.js";
import { applyTexts, language as pageLanguage, loadTexts, reasonName, roleName, setUpLanguage, t, topicName }
  from "./texts.js";

const $ = (id) => document.getElementById(id);
let report = null;

function filters() {
  const chosen = { from: $("from").value, to: $("to").value };
  if ($("language").value) chosen.language = $("language").value;
  return chosen;
}

function open(drill) {
  openDrill(drill, filters());
}

function draw() {
  const language = $("language").value;
  const cell = cellOf(report, language);
  renderTiles(cell, open);
  renderDays(report, language, open);
  renderReasons(cell, open);
  renderTopics(cell, open);
  const days = report.by_day.map((day) => day.day);
  barChart("days-chart", { labels: days, stacked: true, summary: t("days_chart"), series: [
    { label: t("contained"), values: report.by_day.map((day) => cellOf(day, language).contained) },
    { label: t("handed_off"), values: report.by_day.map((day) => cellOf(day, language).handed_off) }] });
  const reasons = Object.keys(cell.by_reason);
  barChart("reasons-chart", { labels: reasons.map(reasonName), horizontal: true, summary: t("reasons_chart"),
    series: [{ label: t("handed_off"), values: reasons.map((reason) => cell.by_reason[reason]) }] });
  barChart("topics-chart", { labels: cell.topics.map((topic) => topicName(topic.intent)), horizontal: true,
    summary: t("topics_chart"), series: [{ label: t("col_messages"), values: cell.topics.map((topic) => topic.messages) }] });
}

async function load(event) {
  if (event) event.preventDefault();
  const period = { from: $("from").value, to: $("to").value };
  try {
    report = await insights("", period);
  } catch (error) {
    notify(error.message);
    return;
  }
  notify("");
  $("export-numbers").href = csvUrl("/numbers.csv", period);
  $("drill").hidden = true;
  $("transcript").hidden = true;
  draw();
}

async function start() {
  await loadTexts();
  const first = await insights("", {}); // the default period (the last 7 days); 403 for other roles
  $("from").value = first.period.from;
  $("to").value = first.period.to;
}

function boot() {
  applyTexts();
  setUpLanguage();
  $("language").replaceChildren(Object.assign(document.createElement("option"), { value: "", textContent: t("all_languages") }),
    ...LANGUAGES.map((code) => Object.assign(document.createElement("option"),
      { value: code, textContent: languageName(code, pageLanguage) || code })));
  $("period-form").addEventListener("submit", load);
  $("language").addEventListener("change", () => { if (report) draw(); });
  bootStudioPage({ page: "insights", language: pageLanguage, t, roleName, api, ApiError, start, shown: () => load(),
    app: "insights" });
}

boot();
