/** The studio's intent editor (/studio/intents): the list of intents with their example counts and
 * warnings, one intent's examples, and a new intent with its answer. Logs in like the studio. */
import { ApiError, api, notify, session, studio } from "../studio/api.js";
import { roleName, setUpLanguage } from "../studio/texts.js";
import { el } from "../shared/dom.js";
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
  session.user = state.overview.user;
  $("whoami").textContent = t("whoami", { username: session.user.username, role: roleName(session.user.role) });
  $("new-intent").hidden = !state.overview.may_create;
  $("read-only").hidden = state.overview.may_edit;
  $("login-view").hidden = true;
  $("app-view").hidden = false;
  $("who").hidden = false;
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

async function login(event) {
  event.preventDefault();
  try {
    const data = await api("POST", "/console/api/login", { username: $("username").value.trim(), password: $("password").value });
    session.csrf = data.csrf_token;
    notify("");
    await start();
  } catch (error) {
    notify(error instanceof ApiError && error.status === 403 ? t("no_access") : error.message);
  }
}

async function boot() {
  applyTexts();
  setUpLanguage();
  setUpNewIntent(async (name) => { await loadTexts(); await refresh(); await open(name, true); });
  $("login-form").addEventListener("submit", login);
  $("intent-search").addEventListener("input", renderList);
  $("new-intent").addEventListener("click", () => showNewIntent());
  $("new-cancel").addEventListener("click", () => {
    $("new-intent-form").hidden = true;
    if (state.current) open(state.current, true); else $("intent-empty").hidden = false;
  });
  $("logout").addEventListener("click", async () => {
    await api("POST", "/console/api/logout", {}).catch(() => {});
    window.location.reload();
  });
  try {
    const me = await api("GET", "/console/api/me");
    session.csrf = me.csrf_token;
    await start();
  } catch (error) {
    $("login-view").hidden = false;
    if (error instanceof ApiError && error.status === 403) notify(t("no_access"));
    $("username").focus();
  }
}

boot();
