/** The preview panel: a conversation with the real running bot that answers from the newest drafts
 * (``POST /studio/api/preview``); customers keep the published texts meanwhile. Choosing another
 * language starts a new conversation in it. */
import { LANGUAGES } from "../shared/contract.js";
import { ApiError, studio } from "./api.js";
import { contentLanguage, language as studioLanguage, t } from "./texts.js";

const $ = (id) => document.getElementById(id);
let conversation = null; // the preview's token, from the first answer
let busy = false;

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) node.append(child);
  return node;
}

function add(item) {
  const log = $("preview-log");
  log.append(item);
  log.scrollTop = log.scrollHeight;
}

function said(kind, who, text, language) {
  const item = el("p", { className: `said ${kind}` }, el("span", { className: "who", textContent: who }), text);
  if (language) item.lang = language;
  return item;
}

function botReply(reply, language) {
  const item = said("from-bot", t("preview_bot"), reply.text, language);
  if (reply.buttons.length) {
    item.append(el("span", { className: "replies" }, ...reply.buttons.map((choice) => {
      const button = el("button", { type: "button", className: "button quiet", textContent: choice.title });
      button.addEventListener("click", () => send({ payload: choice.payload }, choice.title));
      return button;
    })));
  }
  return item;
}

/** Send typed ``{text}`` or a button's ``{payload}`` (shown as ``shown``); show the bot's answers. */
async function send(message, shown) {
  if (busy) return;
  busy = true;
  $("preview-send").disabled = true;
  const language = $("preview-language").value;
  if (shown.trim()) add(said("from-you", t("preview_you"), shown, language)); // an empty one is only refused
  try {
    const answer = await studio("/preview", { ...message, language, conversation: conversation || undefined });
    conversation = answer.conversation;
    for (const reply of answer.replies) add(botReply(reply, language));
    if (answer.handoff) add(el("p", { className: "said note", textContent: t("preview_handoff") }));
    if (message.text !== undefined) $("preview-text").value = "";
  } catch (error) {
    const text = error instanceof ApiError && error.body.error ? error.body.error : t("preview_failed");
    add(el("p", { className: "said failed", textContent: text }));
  } finally {
    busy = false;
    $("preview-send").disabled = false;
  }
}

function restart() {
  conversation = null;
  $("preview-log").replaceChildren();
  $("preview-text").focus();
}

/** Set up the panel (once, after the login). */
export function setupPreview() {
  const select = $("preview-language");
  select.replaceChildren(...LANGUAGES.map((code) => el("option", { value: code, textContent: contentLanguage(code) })));
  select.value = LANGUAGES.includes(studioLanguage) ? studioLanguage : LANGUAGES[0];
  select.addEventListener("change", restart);
  $("preview-restart").addEventListener("click", restart);
  $("preview-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("preview-text").value;
    send({ text }, text);
  });
  $("preview-text").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      $("preview-form").requestSubmit();
    }
  });
}
