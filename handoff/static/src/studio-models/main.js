/** The studio's trainings and models page: start a training, watch the queue and its progress, read
 * the gate's report and the log, activate a model that passed and go back to the previous one
 * (approvers). API: handoff/training/views.py. */
import { bootStudioPage } from "../shared/studio-session.js";
import { ApiError, api, notify } from "../studio/api.js";
import { applyTexts, language, loadTexts, roleName, setUpLanguage, t, when } from "../studio/texts.js";
import { renderReport } from "./report.js";
import { renderPrevious, setUpRollback, showSwitching } from "./rollback.js";

const $ = (id) => document.getElementById(id);
const models = (path = "", body) => api(body === undefined ? "GET" : "POST", `/studio/api/models${path}`, body);
const STATES = { queued: "models_state_queued", running: "models_state_running", passed: "models_state_passed",
  blocked: "models_state_blocked", failed: "models_state_failed" };
const STAGES = { exporting: "models_stage_exporting", training_nlu: "models_stage_training_nlu",
  training_dialogue: "models_stage_training_dialogue", gate: "models_stage_gate" };
const FAILURES = { invalid_data: "models_failure_invalid_data", out_of_memory: "models_failure_out_of_memory",
  rasa_crashed: "models_failure_rasa_crashed", worker_stopped: "models_failure_worker_stopped",
  timeout: "models_failure_timeout", gate_error: "models_failure_gate_error" };
const POLL_MS = 2000;
let overview = null;
let opened = null; // id of the training shown in detail
let timer = null;

const word = (table, key) => (Object.prototype.hasOwnProperty.call(table, key) ? t(table[key]) : key);
const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

function progressBar(training) {
  const bar = el("div", { className: "bar" }, el("span"));
  bar.setAttribute("role", "progressbar");
  bar.setAttribute("aria-valuemin", "0");
  bar.setAttribute("aria-valuemax", "100");
  bar.setAttribute("aria-valuenow", String(training.progress));
  bar.setAttribute("aria-label", t("models_progress_label", { id: training.id }));
  if (training.stage) bar.setAttribute("aria-valuetext", `${training.progress} % ${word(STAGES, training.stage)}`);
  bar.firstChild.style.width = `${training.progress}%`;
  return bar;
}

function statusLine(training) {
  if (training.state === "queued" && training.position) return t("models_position", { position: training.position });
  if (training.state === "running") return `${word(STAGES, training.stage)} (${training.progress} %)`;
  if (training.state === "failed") return word(FAILURES, training.failure);
  if (training.activated_at) return t("models_activated_at", { username: training.activated_by || "", when: when(training.activated_at) });
  return "";
}

function trainingItem(training) {
  const open = el("button", { type: "button", className: "button quiet", textContent: t("models_details") });
  open.setAttribute("aria-label", `${t("models_details")}: ${t("models_training", { id: training.id })}`);
  open.addEventListener("click", () => showDetail(training.id, true));
  const item = el("li", { className: "training" },
    el("div", { className: "title" }, el("strong", { textContent: t("models_training", { id: training.id }) }),
      el("span", { className: `state state-${training.state}`, textContent: word(STATES, training.state) }),
      el("span", { className: "muted", textContent: training.requested_by ? t("models_requested",
        { username: training.requested_by, when: when(training.created_at) }) : when(training.created_at) }), open),
    el("span", { className: "status", textContent: statusLine(training) }));
  if (training.note) item.append(el("span", { className: "muted", textContent: training.note }));
  if (training.state === "running") item.append(progressBar(training));
  item.setAttribute("aria-current", String(training.id === opened));
  item.dataset.training = String(training.id);
  return item;
}

function renderOverview() {
  const active = overview.active || {};
  $("active").textContent = active.path ? [active.path, active.fingerprint ? active.fingerprint.slice(0, 16) : "",
    active.activated_at ? when(active.activated_at) : ""].filter(Boolean).join(" · ") : t("models_active_unknown");
  $("start-form").hidden = !overview.may_train;
  $("may-not-train").hidden = overview.may_train;
  $("empty").hidden = overview.trainings.length > 0;
  $("trainings").replaceChildren(...overview.trainings.map(trainingItem));
  renderPrevious(overview);
}

async function showDetail(id, focus = false) {
  opened = id;
  const { training } = await models(`/trainings/${id}`);
  $("detail").hidden = false;
  $("detail-heading").textContent = `${t("models_training", { id })}: ${word(STATES, training.state)}`;
  const status = $("detail-status");
  status.replaceChildren(training.state === "running" ? progressBar(training) : "", el("span", { textContent: statusLine(training) }));
  $("failure").hidden = training.state !== "failed";
  $("failure").textContent = training.state === "failed" ? word(FAILURES, training.failure) : "";
  $("report").replaceChildren(...(training.report ? renderReport(training.report) : []));
  const activate = $("activate");
  activate.hidden = !(overview && overview.may_activate && training.state === "passed" && training.model_available);
  activate.onclick = () => activateModel(training.id);
  if (training.state === "passed" && !training.model_available) {
    $("report").append(el("p", { className: "muted", textContent: t("models_model_deleted") }));
  }
  const log = $("log");
  const atEnd = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
  log.textContent = training.log || "";
  if (atEnd) log.scrollTop = log.scrollHeight;
  for (const item of document.querySelectorAll("[data-training]")) item.setAttribute("aria-current", String(item.dataset.training === String(id)));
  if (focus) $("detail-heading").focus();
}

async function activateModel(id) {
  $("activate").disabled = true;
  try {
    await models(`/trainings/${id}/activate`, {});
    notify(t("models_activation_started", { id }), "ok");
  } catch (error) {
    notify(error.message);
  } finally {
    $("activate").disabled = false;
  }
  await refresh();
}

async function refresh() {
  try {
    overview = await models();
    renderOverview();
    if (opened !== null) await showDetail(opened);
    await showSwitching();
  } catch (error) {
    notify(error.message);
  }
  clearTimeout(timer);
  const busy = overview && overview.trainings.some((training) => ["queued", "running"].includes(training.state));
  timer = setTimeout(refresh, busy ? POLL_MS : POLL_MS * 5);
}

async function start() {
  await loadTexts();
  document.title = t("models_page_title");
  overview = await models();
}

async function shown() {
  const latest = overview.trainings[0];
  if (latest) opened = latest.id;
  await refresh();
}

async function startTraining(event) {
  event.preventDefault();
  $("start").disabled = true;
  try {
    const { training } = await models("/trainings", { note: $("training-note").value.trim() || null });
    $("training-note").value = "";
    notify(t("models_started", { id: training.id }), "ok");
    opened = training.id;
    await refresh();
  } catch (error) {
    notify(error.message);
  } finally {
    $("start").disabled = false;
  }
}

function boot() {
  applyTexts();
  document.title = t("models_page_title");
  document.documentElement.lang = language;
  setUpLanguage();
  $("start-form").addEventListener("submit", startTraining);
  setUpRollback(refresh);
  $("detail-heading").tabIndex = -1;
  bootStudioPage({ page: "models", language, t, roleName, api, ApiError, start, shown });
}

boot();
