/** The comms studio page: log in (the console's login), pick a document and a text, edit it. */
import { bootStudioPage } from "../shared/studio-session.js";
import { ApiError, api, studio } from "./api.js";
import { renderEditor } from "./editor.js";
import { renderHistory } from "./history.js";
import { setupPreview } from "./preview.js";
import { applyTexts, contentLanguage, language, loadTexts, roleName, setUpLanguage, t, warningFlag } from "./texts.js";

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
  $("document").replaceChildren(...data.documents.map((name) => Object.assign(document.createElement("option"),
    { value: name, textContent: name })));
}

function boot() {
  applyTexts();
  setUpLanguage();
  setupPreview();
  $("document").addEventListener("change", () => { current = null; loadDocument(); });
  $("search").addEventListener("input", renderList);
  bootStudioPage({ page: "texts", language, t, roleName, api, ApiError, start, shown: loadDocument });
}

boot();
