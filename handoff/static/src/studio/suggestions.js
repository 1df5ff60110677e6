/** The studio's page of agents' suggestions (``/studio/suggestions``): open ones to accept as a draft
 * or decline, and the decided ones. Logs in like the studio (the console's login). */
import { bootStudioPage } from "../shared/studio-session.js";
import { ApiError, api, notify, studio } from "./api.js";
import { applyTexts, language, loadTexts, roleName, setUpLanguage, t } from "./texts.js";
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
  await studio("/suggestions?status=open"); // 403 for a role that may not read them
  await loadTexts();
  title();
}

function boot() {
  applyTexts();
  title();
  setUpLanguage();
  $("status").addEventListener("change", () => load().catch((error) => notify(error.message)));
  bootStudioPage({ page: "suggestions", language, t, roleName, api, ApiError, start, shown: load,
    login: "login-form", afterLogout: "/studio" });
}

boot();
