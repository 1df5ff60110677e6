/** The studio's intent editor (/studio/intents): the list of intents with their example counts and
 * warnings, one intent's examples, and a new intent with its answer. Logs in like the studio. */
import { ApiError, api, notify, studio } from "../studio/api.js";
import { language, roleName, setUpLanguage } from "../studio/texts.js";
import { el } from "../shared/dom.js";
import { bootStudioPage } from "../shared/studio-session.js";
import { renderIntent } from "./intent.js";
import { setUpNewIntent, showNewIntent } from "./newintent.js";
import { applyTexts, intentTitle, loadTexts, t } from "./texts.js";

const $ = (id) => document.getElementById(id);
const state = { overview: null, current: null };

function renderList() {
  const query = $("intent-search").value.trim().toLowerCase();
  const shown = state.overview.intents.filter((intent) => !query || intent.name.includes(query)
    || intentTitle(intent.name).toLowerCase().includes(query));
  $("intent-list").replaceChildren(...shown.map((intent) => {
    const button = el("button", { type: "button", "aria-current": intent.name === state.current ? "true" : "false",
      dataset: { intent: intent.name } }, [
      el("span", { text: intentTitle(intent.name) }),
      el("span", { class: "flag counts", text: t("intents_counts", intent.counts) }),
      intent.warnings.length ? el("span", { class: "flag", text: t("intents_flag", { count: intent.warnings.length }) })
        : null,
    ]);
    button.addEventListener("click", () => open(intent.name, true));
    return el("li", {}, button);
  }));
}

async function refresh() {
  state.overview = await studio("/intents");
  renderList();
}

/** Reload the list and the open intent; put the focus back on ``focusId`` when given. */
async function reload(focusId) {
  await refresh();
  if (state.current) await open(state.current, false);
  if (focusId && $(focusId)) $(focusId).focus();
}

async function open(name, focus) {
  state.current = name;
  $("new-intent-form").hidden = true;
  $("intent-empty").hidden = true;
  $("intent-body").hidden = false;
  for (const button of $("intent-list").querySelectorAll("button")) {
    button.setAttribute("aria-current", button.dataset.intent === name ? "true" : "false");
  }
  await renderIntent(name, { intents: state.overview.intents.map((intent) => intent.name),
    mayEdit: state.overview.may_edit, reload });
  if (focus) $("intent").focus();
}

async function start() {
  await loadTexts();
  await refresh();
  $("new-intent").hidden = !state.overview.may_create;
  $("read-only").hidden = state.overview.may_edit;
}

async function shown() {
  const proposal = new URLSearchParams(window.location.search).get("proposal");
  if (proposal && state.overview.may_create) {
    try {
      showNewIntent(await studio(`/proposals/${encodeURIComponent(proposal)}`));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      notify(error.message);
    }
  }
}

function boot() {
  applyTexts();
  setUpLanguage();
  setUpNewIntent(async (name) => { await loadTexts(); await refresh(); await open(name, true); });
  $("intent-search").addEventListener("input", renderList);
  $("new-intent").addEventListener("click", () => showNewIntent());
  $("new-cancel").addEventListener("click", () => {
    $("new-intent-form").hidden = true;
    if (state.current) open(state.current, true); else $("intent-empty").hidden = false;
  });
  bootStudioPage({ page: "intents", language, t, roleName, api, ApiError, start, shown });
}

boot();
