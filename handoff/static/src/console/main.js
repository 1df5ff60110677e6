/*
 * Agent console (entry point of the console bundle): queue, claimed chats in tabs, replies, notes,
 * hand back and resolve.
 *
 * Talks to the front door's console API (/console/api/...) and its agent Socket.IO namespace
 * (/agent). Message texts are only ever put into the page as text; redaction placeholders such as
 * <EMAIL> show as readable tags ("[email address removed]"). Every text comes from
 * data/content/ui.yml (section ``console``) and data/contract.json, in English or German.
 */
import { LANGUAGES, nativeLanguageName } from "../shared/contract.js";
import { el } from "../shared/dom.js";
import { clearNotice, onSoundToggle, renderTitle } from "./alerts.js";
import { refreshQueue, setUpQueue } from "./queue.js";
import { boot, onAvailability, onLogin, onLogout } from "./session.js";
import { els, state, t } from "./state.js";
import { updateEmptyState } from "./tabs.js";
import { watchAttention } from "./unread.js";

const $ = (id) => document.getElementById(id);

/** Texts of console.html: ``data-ui`` (content) and ``data-ui-label`` (aria-label) name keys of ui.yml. */
function applyTexts() {
  document.documentElement.lang = state.language;
  for (const node of document.querySelectorAll("[data-ui]")) node.textContent = t(node.dataset.ui);
  for (const node of document.querySelectorAll("[data-ui-label]")) node.setAttribute("aria-label", t(node.dataset.uiLabel));
  renderTitle();
}

/** The console's language (English first): choosing another reloads the page in it. */
function setUpLanguage() {
  const select = els.language;
  select.replaceChildren(...LANGUAGES.map((code) =>
    el("option", { value: code, lang: code, text: nativeLanguageName(code), selected: code === state.language })));
  select.addEventListener("change", () => {
    try {
      localStorage.setItem("console.language", select.value);
    } catch (error) {
      /* storage may be blocked: the choice lasts for this page only */
    }
    location.reload();
  });
}

function init() {
  Object.assign(els, {
    loginView: $("login-view"),
    loginForm: $("login-form"),
    loginSubmit: $("login-submit"),
    username: $("username"),
    password: $("password"),
    appView: $("app-view"),
    sessionControls: $("session-controls"),
    connection: $("connection"),
    availability: $("availability"),
    sound: $("sound"),
    whoami: $("whoami"),
    logout: $("logout"),
    language: $("console-language"),
    notice: $("notice"),
    noticeBar: $("notice-bar"),
    noticeClose: $("notice-close"),
    queue: $("queue"),
    queueCount: $("queue-count"),
    queueEmpty: $("queue-empty"),
    queueRefresh: $("queue-refresh"),
    workspace: $("workspace"),
    tablist: $("tablist"),
    panels: $("panels"),
    emptyState: $("empty-state"),
  });
  applyTexts();
  state.applyTexts = applyTexts; // again when the published texts arrive (session.js)
  setUpLanguage();
  try {
    els.sound.checked = localStorage.getItem("console.sound") === "on";
  } catch (error) {
    els.sound.checked = false;
  }
  els.loginForm.addEventListener("submit", onLogin);
  els.logout.addEventListener("click", onLogout);
  els.availability.addEventListener("change", onAvailability);
  els.sound.addEventListener("change", onSoundToggle);
  els.noticeClose.addEventListener("click", clearNotice);
  els.queueRefresh.addEventListener("click", () => refreshQueue());
  setUpQueue();
  watchAttention();
  updateEmptyState();
  boot();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
