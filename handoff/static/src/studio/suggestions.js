/** The studio's page of agents' suggestions (``/studio/suggestions``): open ones to accept as a draft
 * or decline, and the decided ones. Logs in like the studio (the console's login). */
import { ApiError, api, notify, session, studio } from "./api.js";
import { applyTexts, loadTexts, roleName, setUpLanguage, t } from "./texts.js";
import { suggestionCard } from "./suggestion-card.js";

const $ = (id) => document.getElementById(id);

function title() {
  document.title = t("suggestions_title");
}

async function load() {
  const data = await studio(`/suggestions?status=${encodeURIComponent($("status").value)}`);
  $("read-only").hidden = data.may_decide;
  $("empty").hidden = data.suggestions.length > 0;
  $("suggestion-list").replaceChildren(...data.suggestions.map((item) => suggestionCard(item, data.may_decide, load)));
}

async function start() {
  const data = await studio("/suggestions?status=open");
  await loadTexts();
  title();
  session.user = data.user;
  $("whoami").textContent = t("whoami", { username: data.user.username, role: roleName(data.user.role) });
  $("who").hidden = false;
  $("app-view").hidden = false;
  await load();
}

async function login(event) {
  event.preventDefault();
  try {
    const data = await api("POST", "/console/api/login", { username: $("username").value.trim(), password: $("password").value });
    session.csrf = data.csrf_token;
    notify("");
    $("login-form").hidden = true;
    await start();
  } catch (error) {
    notify(error instanceof ApiError && error.status === 403 ? t("no_access") : error.message);
  }
}

async function boot() {
  applyTexts();
  title();
  setUpLanguage();
  $("login-form").addEventListener("submit", login);
  $("status").addEventListener("change", () => load().catch((error) => notify(error.message)));
  $("logout").addEventListener("click", async () => {
    await api("POST", "/console/api/logout", {}).catch(() => {});
    window.location.assign("/studio");
  });
  try {
    const me = await api("GET", "/console/api/me");
    session.csrf = me.csrf_token;
    await start();
  } catch (error) {
    $("login-form").hidden = false;
    if (error instanceof ApiError && error.status === 403) notify(t("no_access"));
    $("username").focus();
  }
}

boot();
