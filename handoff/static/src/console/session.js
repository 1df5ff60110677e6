/** Logging in and out, the session running out, availability for new chats. */
import { api, ApiError, errorText, isLoggedOut } from "./api.js";
import { clearNotice, notify, renderTitle } from "./alerts.js";
import { clearQueue, refreshQueue, tick } from "./queue.js";
import { connectSocket } from "./socket.js";
import { removeTab, restoreTabs } from "./tabs.js";
import { bundledIntents, servedIntents } from "./format.js";
import { loadServedTexts } from "../shared/texts.js";
import { bundledTexts, els, servedTexts, state, t } from "./state.js";
import { clearUnread } from "./unread.js";

const QUEUE_REFRESH_MS = 15000;
const CLOCK_TICK_MS = 1000; // waiting times, and the countdowns of chats offered to one agent first

export function showLogin(message) {
  els.appView.hidden = true;
  els.sessionControls.hidden = true;
  els.loginView.hidden = false;
  renderTitle();
  if (message) notify(message, "error");
  els.password.value = "";
  (els.username.value ? els.password : els.username).focus();
}

function teardown() {
  for (const timer of state.timers) clearInterval(timer);
  state.timers = [];
  if (state.socket) {
    state.socket.removeAllListeners();
    state.socket.disconnect();
    state.socket = null;
  }
  for (const id of [...state.order]) removeTab(id, { quiet: true });
  clearQueue();
  state.canned.clear();
  state.me = null;
  state.csrf = null;
  clearUnread();
}

export function sessionExpired() {
  if (state.expired) return;
  state.expired = true;
  teardown();
  showLogin(t("session_expired"));
}

export async function onLogin(event) {
  event.preventDefault();
  const username = els.username.value.trim();
  const password = els.password.value;
  if (!username || !password) {
    notify(t("login_missing"), "error");
    (username ? els.password : els.username).focus();
    return;
  }
  els.loginSubmit.disabled = true;
  try {
    const data = await api("POST", "/login", { username, password }, { allow401: true });
    clearNotice();
    await start(data);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      notify(t("login_wrong"), "error");
      els.password.value = "";
      els.password.focus();
    } else if (error instanceof ApiError && error.status === 429) {
      notify(t("login_too_many"), "error");
    } else {
      notify(errorText(error, t("login_failed")), "error");
    }
  } finally {
    els.loginSubmit.disabled = false;
  }
}

export async function onLogout() {
  els.logout.disabled = true;
  try {
    await api("POST", "/logout", {});
  } catch (error) {
    if (isLoggedOut(error)) return; // already out
  } finally {
    els.logout.disabled = false;
  }
  teardown();
  showLogin();
  notify(t("logged_out"), "info");
}

/** The published console texts (logged-in users only; the bundled ones stay where this fails), put
 * into the page before anything else is drawn. */
async function loadTexts() {
  const arrived = await loadServedTexts("/console/api/texts",
    { console: [bundledTexts, servedTexts], intents: [bundledIntents, servedIntents, true] }, { credentials: "same-origin" });
  if (arrived && state.applyTexts) state.applyTexts();
}

/** After login or /me: show the app, connect the socket, load queue and own chats. */
async function start(data) {
  await loadTexts();
  state.expired = false;
  state.me = data.agent;
  state.csrf = data.csrf_token;
  els.loginView.hidden = true;
  els.appView.hidden = false;
  els.sessionControls.hidden = false;
  els.whoami.textContent = t("signed_in_as", { name: data.agent.display_name || data.agent.username });
  els.availability.checked = !!data.agent.available;
  updateAvailabilityLabel();
  els.password.value = "";
  connectSocket();
  state.timers.push(setInterval(() => refreshQueue(), QUEUE_REFRESH_MS));
  state.timers.push(setInterval(tick, CLOCK_TICK_MS));
  await Promise.all([refreshQueue(), restoreTabs()]);
}

/** Start with the login form, or straight in when the session cookie is still valid. */
export async function boot() {
  try {
    const data = await api("GET", "/me", undefined, { allow401: true });
    await start(data);
  } catch (error) {
    showLogin();
    if (!(error instanceof ApiError && error.status === 401)) notify(errorText(error, t("start_failed")), "error");
  }
}

/** Refresh the CSRF token; false when the session is gone (the login form is then shown). */
export async function checkSession() {
  try {
    const me = await api("GET", "/me");
    state.csrf = me.csrf_token;
    return true;
  } catch (error) {
    return false;
  }
}

function updateAvailabilityLabel() {
  els.availability.closest("label").dataset.on = els.availability.checked ? "true" : "false";
}

export async function onAvailability() {
  const wanted = els.availability.checked;
  els.availability.disabled = true;
  updateAvailabilityLabel();
  try {
    const data = await api("POST", "/availability", { available: wanted });
    els.availability.checked = !!data.available;
    notify(data.available ? t("available_on") : t("available_off"), "info");
  } catch (error) {
    els.availability.checked = !wanted;
    if (!isLoggedOut(error)) notify(errorText(error, t("available_failed")), "error");
  } finally {
    els.availability.disabled = false;
    updateAvailabilityLabel();
  }
}
