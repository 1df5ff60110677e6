/** The comms studio page: log in (the console's login), pick a document and a text, edit it. */
import { ApiError, api, notify, session, studio } from "./api.js";
import { renderEditor } from "./editor.js";
import { renderHistory } from "./history.js";
import { setupPreview } from "./preview.js";
import { applyTexts, contentLanguage, loadTexts, roleName, setUpLanguage, t, warningFlag } from "./texts.js";

const $ = (id) => document.getElementById(id);
let fields = [];
let current = null; // the path being edited

function flags(entry) {
  return entry.warnings.map(warningFlag).join(", ");
}

function renderList() {
  const query = $("search").value.trim().toLowerCase();
  const shown = fields.filter((entry) => !query || entry.path.toLowerCase().includes(query) ||
    Object.values(entry.languages).some((view) => view.latest.text.toLowerCase().includes(query)));
  $("field-list").replaceChildren(...shown.map((entry) => {
    const button = Object.assign(document.createElement("button"), { type: "button", textContent: entry.path });
    button.setAttribute("aria-current", String(entry.path === current));
    if (entry.warnings.length) button.append(Object.assign(document.createElement("span"), { className: "flag", textContent: flags(entry) }));
    button.addEventListener("click", () => open(entry.path));
    const item = document.createElement("li");
    item.append(button);
    return item;
  }));
}

let loads = 0; // numbers each load: only the newest may fill the list

async function loadDocument() {
  const document_ = $("document").value;
  const ticket = ++loads;
  $("export").href = `/studio/api/export?document=${encodeURIComponent(document_)}`;
  const found = (await studio(`/fields?document=${encodeURIComponent(document_)}`)).fields;
  // A document chosen while the first one was still loading: the older answer may come last.
  if (ticket !== loads) return;
  fields = found;
  renderList();
}

async function reload() {
  await loadDocument();
  if (current) await open(current, false);
}

async function open(path, focus = true) {
  current = path;
  const entry = fields.find((item) => item.path === path);
  if (!entry) return;
  renderList();
  $("editor-empty").hidden = true;
  $("editor-body").hidden = false;
  renderEditor(entry, reload);
  const language = $("history-language");
  const languages = Object.keys(entry.languages);
  language.replaceChildren(...languages.map((code) => Object.assign(document.createElement("option"),
    { value: code, textContent: contentLanguage(code) })));
  language.value = languages.includes("de") ? "de" : languages[0];
  language.onchange = () => renderHistory(entry.languages[language.value].field_id, reload);
  await renderHistory(entry.languages[language.value].field_id, reload);
  if (focus) $("editor").focus();
}

async function start() {
  const data = await studio("/documents");
  await loadTexts();
  session.user = data.user;
  $("whoami").textContent = t("whoami", { username: data.user.username, role: roleName(data.user.role) });
  $("document").replaceChildren(...data.documents.map((name) => Object.assign(document.createElement("option"),
    { value: name, textContent: name })));
  $("login-view").hidden = true;
  $("app-view").hidden = false;
  $("who").hidden = false;
  await loadDocument();
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
  setupPreview();
  $("login-form").addEventListener("submit", login);
  $("document").addEventListener("change", () => { current = null; loadDocument(); });
  $("search").addEventListener("input", renderList);
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
