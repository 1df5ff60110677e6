/** "Go back to the previous model" on the models page (approvers only, like the route): a confirm
 * dialog, then the rollback's progress and result from the activation status, which approvers may
 * read. API: handoff/activation/views.py (``POST /studio/api/activation/rollback``, ``GET
 * /studio/api/activation``). */
import { api, notify } from "../studio/api.js";
import { t, when } from "../studio/texts.js";

const $ = (id) => document.getElementById(id);
const activation = (path = "", body) => api(body === undefined ? "GET" : "POST", `/studio/api/activation${path}`, body);
const POLL_MS = 1000;
let approver = false;
let active = {}; // the model in use, with its previous one (``GET /studio/api/models``)
let following = false; // a rollback started here whose end has not been shown yet
let before = null; // the last attempt the status named when that rollback began
let onSwitched = async () => {};

/** Show the previous model and, to approvers, the button; ``overview`` is ``GET /studio/api/models``. */
export function renderPrevious(overview) {
  approver = Boolean(overview.may_activate);
  active = overview.active || {};
  const { previous } = active;
  $("previous").hidden = !approver || !previous;
  $("previous").textContent = previous ? t("models_previous", { model: previous.path, when: when(previous.activated_at) }) : "";
  $("rollback").hidden = !approver || !previous;
}

function showRunning(running) {
  $("switching-progress").hidden = !running;
  $("switching-text").textContent = running ? t("models_switching", { model: running.target }) : "";
  $("rollback").disabled = Boolean(running);
}

function showResult(last) {
  // No new attempt recorded: it stopped before it began (e.g. the previous model's kept copy is gone).
  const recorded = last && last.action === "rollback" && JSON.stringify(last) !== JSON.stringify(before);
  if (!recorded) {
    notify(t("models_rollback_failed", { reason: t("models_unknown") }));
  } else if (last.outcome === "active") {
    notify(t("models_rolled_back", { model: last.path, username: last.actor, when: when(last.at) }), "ok");
  } else {
    notify(t("models_rollback_failed", { reason: last.reason || "" }));
  }
}

/** Follow the activation status until no activation runs; then show how the rollback ended. */
async function follow() {
  let status;
  try {
    status = await activation();
  } catch (error) {
    notify(error.message);
    following = false;
    showRunning(null);
    return;
  }
  showRunning(status.running);
  if (status.running) {
    setTimeout(follow, POLL_MS);
    return;
  }
  following = false;
  showResult(status.last);
  await onSwitched();
}

async function rollBack() {
  $("rollback").disabled = true;
  try {
    before = (await activation()).last;
    const status = await activation("/rollback", {});
    notify(t("models_rollback_started", { model: (status.running || {}).target || "" }), "ok");
    following = true;
    showRunning(status.running);
    await follow();
  } catch (error) {
    notify(error.message);
    $("rollback").disabled = false;
  }
}

/** Wire the button and its dialog; ``switched`` is awaited once a rollback ended (to reload the page's data). */
export function setUpRollback(switched) {
  onSwitched = switched;
  const dialog = $("rollback-dialog");
  $("rollback").addEventListener("click", () => {
    const { previous } = active;
    if (!approver || !previous) return;
    $("rollback-question").textContent = t("models_rollback_question", { model: previous.path,
      when: when(previous.activated_at), current: active.path || "" });
    dialog.returnValue = "";
    dialog.showModal();
  });
  dialog.addEventListener("close", () => {
    if (dialog.returnValue === "confirm") rollBack();
    else $("rollback").focus();
  });
}

/** After the page's data loaded: an approver sees an activation that is running now (started
 * elsewhere too), until it ends. */
export async function showSwitching() {
  if (!approver || following) return;
  try {
    const status = await activation();
    showRunning(status.running);
  } catch (error) {
    showRunning(null);
  }
}
