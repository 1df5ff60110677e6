/** "Suggest as answer": an agent offers one of their answers to the comms team, as the bot's answer
 * to a topic or as a canned reply, with a note (POST .../messages/{id}/suggest; the server redacts
 * it again and checks that the message is the agent's). Nothing is published without the team. */
import { api, ApiError, errorText, isLoggedOut } from "./api.js";
import { notify } from "./alerts.js";
import { el } from "../shared/dom.js";
import { intentText } from "./format.js";
import { messageText, state, t } from "./state.js";

let intents = null; // Promise<[intent]>, once per page

function loadIntents() {
  if (!intents) {
    intents = api("GET", "/suggestions/intents").then((data) => (Array.isArray(data.intents) ? data.intents : []));
    intents.catch(() => { intents = null; });
  }
  return intents;
}

/** Whether the person at the console may suggest ``message``: an agent their own answers, a
 * supervisor any agent's (the server checks the same). */
export function maySuggest(message, mine) {
  return message.sender === "agent" && typeof message.id === "number" &&
    (mine || !!(state.me && state.me.role === "supervisor"));
}

/** The button under an answer that opens the suggestion form. */
export function suggestButton(tab, message) {
  const button = el("button", {
    type: "button", class: "button button-small button-quiet suggest", "aria-expanded": "false",
    "aria-label": t("suggest_button_label"), text: t("suggest_button"),
  });
  button.addEventListener("click", () => openSuggest(tab, message, button));
  return button;
}

/** Mark the answers of the chat that were suggested already (after a reload); errors leave the
 * buttons as they are (the server answers 409 to a second suggestion). */
export async function markSuggested(tab) {
  try {
    const data = await api("GET", `/conversations/${encodeURIComponent(tab.id)}/suggestions`);
    for (const seq of data.messages || []) {
      const button = tab.els.transcript.querySelector(`.message[data-id="${Number(seq)}"] .suggest`);
      if (button) done(button);
    }
  } catch (error) {
    /* the buttons stay */
  }
}

/** The (hidden) panel of a chat where a suggestion is written, below its transcript. */
export function suggestBox(id) {
  return el("section", { class: "suggest-box", hidden: true, "aria-labelledby": `suggest-heading-${id}` });
}

function done(button) {
  button.disabled = true;
  button.textContent = t("suggest_done");
  button.removeAttribute("aria-label");
}

function close(tab, button) {
  const box = tab.els.suggestBox;
  box.hidden = true;
  box.replaceChildren();
  button.setAttribute("aria-expanded", "false");
  if (!button.disabled) button.focus();
  else tab.els.replyText.focus();
}

function radio(name, value, label, checked) {
  const id = `${name}-${value}`;
  return el("div", { class: "suggest-choice" }, [
    el("input", { type: "radio", id, name, value, checked }),
    el("label", { for: id, text: label }),
  ]);
}

async function openSuggest(tab, message, button) {
  const box = tab.els.suggestBox;
  const id = tab.id;
  const name = `suggest-kind-${id}`;
  const intent = el("select", { id: `suggest-intent-${id}`, class: "suggest-intent", disabled: true });
  const note = el("textarea", { id: `suggest-note-${id}`, class: "suggest-note", rows: "2", maxlength: "1000" });
  const send = el("button", { type: "submit", class: "button button-primary", text: t("suggest_send") });
  const cancel = el("button", { type: "button", class: "button button-quiet", text: t("suggest_cancel") });
  const form = el("form", { class: "suggest-form", novalidate: true }, [
    el("fieldset", { class: "suggest-kinds" }, [
      el("legend", { text: t("suggest_kind") }),
      radio(name, "canned", t("suggest_kind_canned"), true),
      radio(name, "response", t("suggest_kind_response"), false),
    ]),
    el("div", { class: "suggest-topic", hidden: true }, [el("label", { for: intent.id, text: t("suggest_intent") }), intent]),
    el("label", { for: note.id, text: t("suggest_note") }), note,
    el("div", { class: "suggest-actions" }, [send, cancel]),
  ]);
  box.replaceChildren(
    el("h3", { id: `suggest-heading-${id}`, text: t("suggest_heading") }),
    el("p", { class: "muted", text: t("suggest_intro") }),
    el("blockquote", { class: "suggest-quote" }, [messageText(message.text || "", true)]),
    form,
  );
  box.hidden = false;
  button.setAttribute("aria-expanded", "true");
  form.querySelector("input").focus();
  form.addEventListener("change", () => {
    intent.disabled = form.elements[name].value !== "response";
    form.querySelector(".suggest-topic").hidden = intent.disabled;
  });
  cancel.addEventListener("click", () => close(tab, button));
  box.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close(tab, button);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit(tab, message, button, form, { name, intent, note, send });
  });
  try {
    const names = await loadIntents();
    intent.replaceChildren(...names.map((code) => el("option", { value: code, text: intentText(code) })));
  } catch (error) {
    form.elements[name][1].disabled = true; // no topics: a canned reply can still be suggested
  }
}

async function submit(tab, message, button, form, parts) {
  const kind = form.elements[parts.name].value;
  const body = { kind, note: parts.note.value.trim() || null };
  if (kind === "response") body.intent = parts.intent.value;
  parts.send.disabled = true;
  try {
    await api("POST", `/conversations/${encodeURIComponent(tab.id)}/messages/${message.id}/suggest`, body);
    notify(t("suggest_sent"), "info");
    done(button);
    close(tab, button);
  } catch (error) {
    parts.send.disabled = false;
    if (isLoggedOut(error)) return;
    if (error instanceof ApiError && error.status === 409) {
      notify(t("suggest_exists"), "info");
      done(button);
      close(tab, button);
      return;
    }
    notify(errorText(error, t("suggest_failed")), "error");
  }
}
