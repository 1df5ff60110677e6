/** The typing indicator, the conversation status line (bot, queue, person, closed), the connection notice. */
import { QUEUE_PAYLOADS } from "../shared/contract.js";
import { KEY, storage, TYPING_MS, writeJSON } from "./config.js";
import { disableGroup } from "./messages.js";
import { scrollToEnd } from "./panel.js";
import { state, t, ui } from "./state.js";

export function showTyping() {
  ui.typing.hidden = false;
  clearTimeout(state.typingTimer);
  state.typingTimer = setTimeout(hideTyping, TYPING_MS);
  scrollToEnd(true);
}

export function hideTyping() {
  clearTimeout(state.typingTimer);
  state.typingTimer = null;
  ui.typing.hidden = true;
}

function statusText(status) {
  if (!status || typeof status !== "object") return ["bot", t("status_bot")];
  const kind = ["waiting", "agent", "bot", "resolved"].includes(status.state) ? status.state : "bot";
  if (kind === "waiting") {
    if (typeof status.text === "string" && status.text.trim()) return [kind, status.text];
    if (typeof status.position !== "number") return [kind, t("status_waiting")];
    let text = t("status_position", { n: status.position });
    if (typeof status.estimated_wait_seconds === "number") {
      text += " " + t("status_wait", { minutes: Math.max(1, Math.ceil(status.estimated_wait_seconds / 60)) });
    }
    return [kind, text];
  }
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

/** ``handoff_status`` from the server (or a local "bot" after writing into a closed chat). */
export function onStatus(data) {
  if (!data || typeof data !== "object") return;
  const status = { state: data.state };
  if (data.state === "waiting") {
    status.position = data.position;
    status.estimated_wait_seconds = data.estimated_wait_seconds;
    status.text = data.text;
  } else if (data.state === "agent") {
    if (typeof data.agent === "string" && data.agent) {
      state.agentName = data.agent;
      storage.setItem(KEY.agent, data.agent);
    }
    status.agent = state.agentName;
  } else if (data.state === "bot") {
    status.back = true;
    state.agentName = "";
    storage.removeItem(KEY.agent);
  } else if (data.state === "resolved") {
    hideTyping();
  }
  state.status = status;
  writeJSON(KEY.status, status);
  renderStatus();
  if (status.state !== "waiting") retireQueueChoices();
}

/** "Call me back" / "Go on with the assistant" only mean something while waiting in the queue. */
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

