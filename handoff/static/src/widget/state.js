/** The widget's state, its elements, and its texts in the current language. */
import { LANGUAGES, normalLanguage } from "../shared/contract.js";
import { richText } from "../shared/richtext.js";
import { textsFor } from "../shared/texts.js";
import texts from "../../../../data/content/ui.yml?widget";
import { dataset, KEY, readJSON, storage } from "./config.js";

/** The first of the browser's languages (navigator.languages, most wanted first) the chat speaks. */
function browserLanguage() {
  const wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  for (const code of wanted) {
    const primary = String(code || "").slice(0, 2).toLowerCase();
    if (LANGUAGES.includes(primary)) return primary;
  }
  return null;
}

/**
 * The chat's language: the customer's choice (the switch) wins; then the language the conversation
 * moved to when the customer wrote in another one; then the browser's languages (they describe the
 * reader); then the embedding's data-language or the page's <html lang> (they describe the page).
 */
function languageHint() {
  return [storage.getItem(KEY.language), storage.getItem(KEY.followed), browserLanguage(), dataset.language,
    document.documentElement.getAttribute("lang")].find((value) => LANGUAGES.includes(String(value || "").slice(0, 2).toLowerCase()));
}

function initialLanguage() {
  return normalLanguage(languageHint());
}

export const state = {
  language: initialLanguage(),
  languageChosen: !!storage.getItem(KEY.language), // sent with every message only when chosen
  // The language the customer just chose, until the server says the conversation has it: language
  // events that differ meanwhile answer earlier requests and must not undo the choice.
  languageAsked: null,
  // No choice, no followed, browser or page language: the server may ask "English or German?" once.
  languageUnsure: !languageHint(),
  sessionId: storage.getItem(KEY.session),
  config: null,
  configLoading: false,
  socket: null,
  ioLoading: null,
  connection: 0, // counts connections, so a message is emitted once per connection
  joined: false, // session_confirm and history received on this connection
  everConnected: false,
  shown: new Map(), // message id -> element
  maxId: 0,
  pending: new Map(), // client_message_id -> {text, display, el, emittedOn}
  outbox: [], // client_message_ids not yet acknowledged, in order
  payloadTitles: new Map(), // button payload -> title, to show a chosen button as its title
  agentName: storage.getItem(KEY.agent) || "",
  status: readJSON(KEY.status, null),
  typingTimer: null,
  typingSent: 0, // when this page last told the server that the customer types (ms)
  typingLater: null, // the timer that says so at the end of the current window
  unseen: [], // messages below the screen that arrived since the customer was last at the end (the pill)
  readingBack: false, // the customer scrolled up themselves: new messages do not move the view
  anchor: null, // the first reply of the current burst (the view goes down to it, not past it)
  anchorAt: 0,
  userScrollAt: 0, // when the customer last wheeled, touched, pressed a key or a pointer in the log
  unread: 0,
  open: false,
  lastSender: null,
  trap: null, // the focus trap while the panel covers the page
};

/** The widget's elements, filled by build(). */
export const ui = {};

/** The bundled texts (section ``widget`` of data/content/ui.yml, as built) and the published ones
 * the front door serves (``GET /widget/texts``, filled by main.js; they win). */
export const bundledTexts = texts;
export const servedTexts = {};

/** ``t("send")``: a text of data/content/ui.yml (section ``widget``) in the chat's language. */
export const t = textsFor(texts, () => state.language, servedTexts);

/** A message's text as nodes: placeholders as "[... removed]" tags, links in replies. */
export function messageText(text, withLinks) {
  return richText(text, {
    language: state.language, links: withLinks, tagClass: "bc-redacted", linkClass: "bc-link",
    removed: (label) => t("redacted", { label }), unknownLabel: t("redacted_unknown"),
  });
}
