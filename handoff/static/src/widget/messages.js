/** Message bubbles: sender labels, delivery state, the bot's buttons, showing a message once. */
import { payloadLabel } from "../shared/contract.js";
import { el } from "../shared/dom.js";
import { renderUnread } from "./build.js";
import { helpfulNode } from "./helpful.js";
import { send } from "./outbox.js";
import { finePointer, follow, scrollToEnd } from "./panel.js";
import { messageText, state, t, ui } from "./state.js";
import { hideTyping } from "./status.js";

const SENDERS = ["customer", "bot", "agent", "system"];

export function hasConversation() {
  return !!ui.log.querySelector(".bc-msg");
}

export function updateWelcome() {
  ui.welcome.hidden = hasConversation();
  ui.transcript.hidden = !hasConversation();
}

function senderLabel(sender) {
  if (sender === "customer") return t("you");
  if (sender === "bot") return t("bot");
  if (sender === "agent") return state.agentName ? t("agent", { name: state.agentName }) : t("team");
  return t("system");
}

/** Write the sender label of a message element in the current language. */
export function relabel(node) {
  const label = node.querySelector(".bc-msg-label");
  if (!label) return;
  const sender = node.getAttribute("data-sender");
  const name = node.getAttribute("data-agent");
  label.textContent = sender === "agent" && name ? t("agent", { name }) : senderLabel(sender);
}

export function metaText(kind) {
  return kind === "pending" ? t("sending") : kind === "queued" ? t("queued") : kind === "failed" ? t("failed") : "";
}

/** Show a customer message's delivery: pending, queued (offline), failed, or sent (no note). */
export function setDelivery(node, kind) {
  node.setAttribute("data-state", kind);
  let meta = node.querySelector(".bc-msg-meta");
  if (kind === "sent") {
    if (meta) meta.remove();
    return;
  }
  if (!meta) {
    meta = el("span", { class: "bc-msg-meta" });
    node.appendChild(meta);
  }
  meta.setAttribute("data-state", kind);
  meta.textContent = metaText(kind);
}

/** The title shown for a text the customer sent: a chosen button's title instead of its payload. */
function shownText(text) {
  return state.payloadTitles.get(text) || payloadLabel(text, state.language) || text;
}

/** A message element: data-sender, data-id (once known), a label, the text, buttons. */
export function messageNode(message) {
  const sender = SENDERS.includes(message.sender) ? message.sender : "system";
  const node = el("div", { class: "bc-msg bc-msg--" + sender, "data-sender": sender });
  if (message.id !== undefined && message.id !== null) node.setAttribute("data-id", String(message.id));
  if (message.error) {
    node.classList.add("bc-msg--error");
    node.setAttribute("data-error", String(message.error));
  }
  // The name the agent had when they wrote (from the server), so it survives reloads.
  const agentName = (typeof message.agent_name === "string" && message.agent_name) || state.agentName;
  if (sender === "agent" && agentName) node.setAttribute("data-agent", agentName);
  if (typeof message.waiting === "string") {
    node.setAttribute("data-waiting", message.waiting);
    node.classList.add("bc-msg--waiting");
  }
  const label = el("span", { class: "bc-msg-label" });
  // Consecutive messages of one sender show the name once; screen readers still hear it. The
  // customer's own bubbles and system notices are recognisable by their look.
  const who = sender + (node.getAttribute("data-agent") || "");
  if (sender === "customer" || sender === "system" || state.lastSender === who) label.classList.add("bc-sr-only");
  state.lastSender = who;
  node.appendChild(label);
  relabel(node);
  let text = message.text == null ? "" : String(message.text);
  if (sender === "customer") text = shownText(text);
  node.appendChild(el("p", { class: "bc-msg-text" }, [messageText(text, sender !== "customer")]));
  if (message.created_at) node.setAttribute("data-created-at", String(message.created_at));
  const buttons = Array.isArray(message.buttons) && message.buttons.length ? message.buttons
    : Array.isArray(message.quick_replies) ? message.quick_replies : [];
  const usable = buttons.filter((b) => b && typeof b.title === "string" && typeof b.payload === "string");
  if (usable.length) {
    const group = el("div", { class: "bc-buttons", role: "group", "aria-label": t("choices") });
    for (const b of usable) {
      state.payloadTitles.set(b.payload, b.title);
      const button = el("button", { type: "button", class: "bc-choice", "data-payload": b.payload, text: b.title });
      button.addEventListener("click", () => choose(group, button, b.title, b.payload));
      group.appendChild(button);
    }
    node.appendChild(group);
  }
  if (sender === "bot" && text && message.id !== undefined && message.id !== null) {
    node.appendChild(helpfulNode(message.id));
  }
  return node;
}

/** Mark the choice groups that offered ``payload`` as answered (history after a reload). */
export function settleGroups(payload) {
  ui.log.querySelectorAll(".bc-buttons:not(.bc-answered)").forEach((group) => {
    const match = Array.from(group.querySelectorAll(".bc-choice")).find((b) => b.getAttribute("data-payload") === payload);
    if (match) disableGroup(group, match);
  });
}

/**
 * Only the latest choices can be tapped, as in the messengers people know (issue 10): the groups
 * above ``node`` are retired once the customer writes anything or a newer message brings choices of
 * its own. A waiting message's choices (call me back, e-mail, back to the assistant) belong to the
 * situation, not to the turn: the customer writing while they wait keeps them (status.js retires them
 * when the waiting ends).
 */
export function retireEarlierGroups(node) {
  const bringsChoices = !!node.querySelector(".bc-buttons");
  ui.log.querySelectorAll(".bc-buttons:not(.bc-answered)").forEach((group) => {
    if (node.contains(group) || !(group.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING)) return;
    if (!bringsChoices && group.closest(".bc-msg[data-waiting]")) return;
    disableGroup(group, null);
  });
}

export function disableGroup(group, chosen) {
  group.classList.add("bc-answered");
  group.querySelectorAll(".bc-choice").forEach((b) => {
    b.disabled = true;
    if (b === chosen) {
      b.classList.add("bc-chosen");
      b.setAttribute("aria-pressed", "true");
    }
  });
}

export function choose(group, button, title, payload) {
  if (button.disabled) return;
  disableGroup(group, button);
  send(payload, title);
  if (finePointer()) ui.input.focus();
}

export function remember(id, node) {
  if (typeof id !== "number") return;
  state.shown.set(id, node);
  if (id > state.maxId) state.maxId = id;
}

/** Show a message from the server (live or from history); false when its id is already shown. */
export function showMessage(message, live) {
  if (!message || typeof message !== "object") return false;
  const id = typeof message.id === "number" ? message.id : null;
  if (id !== null && state.shown.has(id)) return false;
  if (message.sender === "agent" && typeof message.agent_name === "string" && message.agent_name) {
    state.agentName = message.agent_name;
  }
  const node = messageNode(message);
  if (message.sender === "customer") {
    setDelivery(node, "sent");
    settleGroups(String(message.text));
  }
  if (node.hasAttribute("data-waiting")) {
    // One waiting message at a time: the one for the situation now.
    ui.log.querySelectorAll(".bc-msg[data-waiting]").forEach((earlier) => { earlier.hidden = true; });
  }
  ui.log.appendChild(node);
  remember(id, node);
  if (message.sender === "customer" || node.querySelector(".bc-buttons")) retireEarlierGroups(node);
  if (message.sender !== "customer") {
    hideTyping();
    if (live && (!state.open || document.hidden)) {
      state.unread += state.open ? 0 : 1;
      renderUnread();
    }
  }
  updateWelcome();
  if (message.sender === "customer" || !live) scrollToEnd(true);
  else follow(node);
  return true;
}
