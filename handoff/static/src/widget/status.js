/** Typing dots (the bot's answer, an agent writing), the conversation status line (bot, queue, person,
 * closed), the one waiting message kept current, the connection notice. */
import { QUEUE_PAYLOADS } from "../shared/contract.js";
import { AGENT_TYPING_MS, BOT_TYPING_MS, KEY, storage, writeJSON } from "./config.js";
import { disableGroup } from "./messages.js";
import { showRating } from "./rating.js";
import { scrollToEnd } from "./panel.js";
import { messageText, state, t, ui } from "./state.js";

/** Dots while the bot answers (only while it owns the chat: a person's typing comes from the server). */
export function showBotTyping() {
  const kind = state.status && state.status.state;
  if (kind === "waiting" || kind === "agent") return;
  showTyping(t("typing"), BOT_TYPING_MS);
}

/** ``agent_typing`` from the server: dots with the agent's name, gone after a few quiet seconds. */
export function onAgentTyping(data) {
  const name = (data && typeof data.agent === "string" && data.agent) || state.agentName;
  showTyping(name ? t("agent_typing", { name }) : t("agent_typing_unnamed"), AGENT_TYPING_MS);
}

function showTyping(text, ms) {
  ui.typingText.textContent = text;
  ui.typing.hidden = false;
  clearTimeout(state.typingTimer);
  state.typingTimer = setTimeout(hideTyping, ms);
  scrollToEnd(false);
}

export function hideTyping() {
  clearTimeout(state.typingTimer);
  state.typingTimer = null;
  ui.typing.hidden = true;
}

function statusText(status) {
  if (!status || typeof status !== "object") return ["bot", t("status_bot")];
  const kind = ["waiting", "agent", "bot", "resolved"].includes(status.state) ? status.state : "bot";
  // The place in the queue and the choices are in the one waiting message; the line stays short.
  if (kind === "waiting") return [kind, t("status_waiting")];
  if (kind === "agent") {
    const name = status.agent || state.agentName;
    return [kind, name ? t("status_agent", { name }) : t("status_agent_unnamed")];
  }
  if (kind === "resolved") return [kind, t("status_resolved")];
  return [kind, status.back ? t("status_back") : t("status_bot")];
}

export function renderStatus() {
  const [kind, text] = statusText(state.status);
  ui.status.textContent = text;
  ui.status.setAttribute("data-state", kind);
}

/** The latest waiting message shows the situation's current text (position and estimate change). */
function updateWaitingMessage(data) {
  const nodes = ui.log.querySelectorAll(".bc-msg[data-waiting]");
  const latest = nodes[nodes.length - 1];
  if (!latest || latest.getAttribute("data-waiting") !== data.situation || typeof data.text !== "string") return;
  latest.querySelector(".bc-msg-text").replaceChildren(messageText(data.text, true));
}

/** ``handoff_status`` from the server (or a local "bot" after writing into a closed chat). */
export function onStatus(data) {
  if (!data || typeof data !== "object") return;
  const status = { state: data.state };
  if (data.state === "waiting") {
    status.situation = data.situation;
    updateWaitingMessage(data);
  } else if (data.state === "agent") {
    if (typeof data.agent === "string" && data.agent) {
      state.agentName = data.agent;
      storage.setItem(KEY.agent, data.agent);
    }
    status.agent = state.agentName;
  } else if (data.state === "bot") {
    status.back = true;
    hideTyping();
  } else if (data.state === "resolved") {
    hideTyping();
  }
  if (data.rate === true) showRating();
  state.status = status;
  writeJSON(KEY.status, status);
  renderStatus();
  if (status.state !== "waiting") retireQueueChoices();
}

/** "Call me back", "E-mail" and "Go on with the assistant" only mean something while waiting. */
export function retireQueueChoices() {
  ui.log.querySelectorAll(".bc-buttons:not(.bc-answered)").forEach((group) => {
    const queueOnly = Array.from(group.querySelectorAll(".bc-choice"))
      .some((b) => QUEUE_PAYLOADS.includes(b.getAttribute("data-payload")));
    if (queueOnly) disableGroup(group, null);
  });
}

/** Show ``text`` in the connection alert, or hide it (null). */
export function setConnectionNotice(text) {
  ui.connection.hidden = !text;
  ui.connection.textContent = text || "";
}
