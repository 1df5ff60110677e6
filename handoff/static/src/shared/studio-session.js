/**
 * What every studio page (texts, intents, inbox, suggestions, insights, models) does the same way: the
 * nav of the studio's pages, the status line, and the session: the console's login and logout, the
 * check for a running session when the page opens, the CSRF token for the page's POSTs and the user's
 * role. The pages, their order and the roles that may open each come from data/contract.json
 * (``studio_pages``, which the front door's checks read too); the nav's labels from section
 * ``studio_nav`` of data/content/ui.yml (bundled).
 */
import contract from "../../../../data/contract.json";
import navTexts from "../../../../data/content/ui.yml?studio_nav";
import { el } from "./dom.js";
import { textsFor } from "./texts.js";

const PAGES = contract.studio_pages.pages;
const $ = (id) => document.getElementById(id);

/** The logged-in user (``{username, role, ...}`` as /console/api/me answers) and the session's CSRF
 * token, which the pages' API helpers send with every POST. */
export const session = { csrf: null, user: null };

/** Show ``text`` in the page's status line (``kind`` "ok" or "error"). */
export function notify(text, kind = "error") {
  const notice = $("notice");
  notice.dataset.kind = kind;
  notice.textContent = text;
}

/** Fill ``<nav id="studio-nav">`` with a link per studio page ``role`` may open (every page while
 * nobody is logged in), ``current`` (a page of the table, e.g. "inbox") marked as the current page;
 * labels in ``language``. */
export function renderNav(current, language, role = null) {
  const label = textsFor(navTexts, () => language);
  const nav = $("studio-nav");
  nav.setAttribute("aria-label", label("label"));
  nav.replaceChildren(...PAGES.filter((entry) => role === null || entry.roles.includes(role)).map((entry) =>
    el("a", { href: entry.path, text: label(entry.page), "aria-current": entry.page === current ? "page" : null })));
}

/**
 * Boot a studio page: draw the nav, wire the login form and the logout button, and enter the page when
 * a session is running (else show the login form, with "no access" when the role is refused).
 *
 * ``options``: ``page`` (its name in the table), ``language`` (the studio's language), the page's
 * ``t`` (keys ``whoami``, ``no_access``) and ``roleName``, its ``api(method, path, body, csrf)`` and
 * ``ApiError`` (its ``status`` tells a refused role, 403); ``start()``: loads the page's texts and data
 * while the login is still shown (rejects with a 403 ApiError for a role the page refuses);
 * ``shown()``: what follows once the page is shown (optional); ``app``/``login``: the ids of the
 * page's view and of the login view ("app-view", "login-view"); ``afterLogout``: where logging out
 * leads (default: this page again, at its login).
 */
export async function bootStudioPage(options) {
  const { page, language, t, roleName, api, ApiError, app = "app-view", login = "login-view" } = options;
  const refused = (error) => error instanceof ApiError && error.status === 403;
  renderNav(page, language);

  async function enter(answer) {
    session.csrf = answer.csrf_token;
    session.user = answer.agent;
    renderNav(page, language, session.user.role);
    await options.start();
    $("whoami").textContent = t("whoami", { username: session.user.username, role: roleName(session.user.role) });
    $(login).hidden = true;
    $(app).hidden = false;
    $("who").hidden = false;
    if (options.shown) await options.shown();
  }

  $("login-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const answer = await api("POST", "/console/api/login", { username: $("username").value.trim(), password: $("password").value });
      notify("");
      await enter(answer);
    } catch (error) {
      notify(refused(error) ? t("no_access") : error.message);
    }
  });
  $("logout").addEventListener("click", async () => {
    await api("POST", "/console/api/logout", {}, session.csrf).catch(() => {});
    if (options.afterLogout) window.location.assign(options.afterLogout);
    else window.location.reload();
  });
  try {
    await enter(await api("GET", "/console/api/me"));
  } catch (error) {
    $(login).hidden = false;
    $(app).hidden = true;
    if (refused(error)) notify(t("no_access"));
    $("username").focus();
  }
}
