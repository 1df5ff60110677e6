/*
 * Customer chat widget of the breach-communication assistant (entry point of the widget bundle).
 *
 * Embed with one tag:
 *   <script src="https://frontdoor.example/static/widget.js" data-server="https://frontdoor.example"
 *           data-language="de" data-color="#0b5fff" defer></script>
 *
 *   data-server    the front door (default: the origin this script was loaded from)
 *   data-language  "en" or "de" when the browser's languages name neither (default: the page's <html lang>);
 *                  the customer's switch and the language they write in come first (state.js)
 *   data-color     accent colour (text on it is white or black, whichever has more contrast)
 *
 * Any element with a `data-breach-chat-open` attribute opens the chat when clicked; with
 * `data-breach-chat-message="What happened?"` it also asks that question if the chat is still empty.
 * `window.BreachChat` offers open(), close() and send(text) for the host page's own scripts.
 *
 * Speaks the front door's customer protocol (docs/front-door.md, "Customer protocol") over
 * Socket.IO. Message text is only ever inserted as text; links are <a> elements built with the DOM
 * API. No inline styles or scripts are needed (strict Content-Security-Policy). Texts come from
 * data/content/ui.yml and data/contract.json, bundled by web/build.mjs; the studio's published
 * widget texts (``GET /widget/texts``) replace them as soon as they arrive.
 */
import { el } from "../shared/dom.js";
import { loadServedTexts } from "../shared/texts.js";
import { applyTexts, build, renderStarters } from "./build.js";
import { KEY, SERVER, storage } from "./config.js";
import { connect, loadConfig, shareWithTabs, switchLanguage } from "./connection.js";
import { send, restoreOutbox } from "./outbox.js";
import { close, open } from "./panel.js";
import { bundledTexts, servedTexts, state, ui } from "./state.js";

function loadStyles() {
  return new Promise((resolve) => {
    const href = SERVER + "/static/widget.css";
    const existing = Array.from(document.querySelectorAll('link[rel="stylesheet"]'))
      .find((link) => link.href === href || /\/static\/widget\.css(\?|$)/.test(link.href));
    if (existing) {
      resolve();
      return;
    }
    const link = el("link", { rel: "stylesheet", href });
    link.addEventListener("load", () => resolve());
    link.addEventListener("error", () => resolve());
    setTimeout(resolve, 4000);
    document.head.appendChild(link);
  });
}

/** The published texts (the bundled ones stay where the request fails): shown as soon as they arrive. */
function loadTexts() {
  loadServedTexts(SERVER + "/widget/texts", { widget: [bundledTexts, servedTexts] }, { credentials: "omit" })
    .then((arrived) => {
      if (!arrived) return;
      const welcomeHidden = ui.welcome.hidden; // as start() or the history left it (no flash of the welcome)
      applyTexts();
      renderStarters();
      ui.welcome.hidden = welcomeHidden;
    });
}

function start() {
  const root = build();
  loadTexts();
  document.body.appendChild(root);
  // A conversation is going on: its history replaces the welcome (no flash of it on reload).
  if (state.sessionId) ui.welcome.hidden = true;
  restoreOutbox();
  shareWithTabs();
  loadStyles().then(() => {
    root.hidden = false;
    if (state.sessionId || state.outbox.length) {
      connect(); // a conversation is going on: keep receiving (a person may answer)
      loadConfig();
    }
    if (storage.getItem(KEY.open) === "1") open({ quiet: true });
  });
}

if (!window.BreachChat) { // loaded twice: keep the first
  window.BreachChat = {
    open: () => open(),
    close: () => close(),
    send: (text) => { open(); send(text); },
    get language() { return state.language; },
    setLanguage: (language) => switchLanguage(language),
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}
