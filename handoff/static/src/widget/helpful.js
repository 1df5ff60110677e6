/** "Was this helpful?" under each answer of the bot: yes or no, sent at once (a second tap changes
 * it); the front door keeps one rating per answer (socket event ``rate_answer``). */
import { el } from "../shared/dom.js";
import { ID } from "./config.js";
import { state, t } from "./state.js";

// Written out so that every key used can be found in the sources; looked up at each use.
const LABELS = { yes: () => t("helpful_yes"), no: () => t("helpful_no") };
const SAID = { thanks: () => t("helpful_thanks"), failed: () => t("helpful_failed") };

/** The question and its two buttons for the bot's answer ``id`` (the id the server sent with it). */
export function helpfulNode(id) {
  const question = el("span", { id: ID + "-helpful-" + id, class: "bc-helpful-question" });
  const note = el("span", { class: "bc-helpful-note", role: "status" });
  const buttons = [true, false].map((helpful) => {
    const button = el("button", { type: "button", class: "bc-helpful-choice", "aria-pressed": "false",
      "data-helpful": helpful ? "yes" : "no" });
    button.addEventListener("click", () => rateAnswer(id, helpful, group));
    return button;
  });
  const group = el("div", { class: "bc-helpful", role: "group", "aria-labelledby": question.id, "data-answer": id },
    [question, ...buttons, note]);
  applyHelpfulTexts(group);
  return group;
}

/** Write the texts of one group (or of every group in the log) in the chat's language. */
export function applyHelpfulTexts(root) {
  const groups = root.classList && root.classList.contains("bc-helpful") ? [root] : root.querySelectorAll(".bc-helpful");
  groups.forEach((group) => {
    group.querySelector(".bc-helpful-question").textContent = t("helpful_question");
    group.querySelectorAll(".bc-helpful-choice").forEach((button) => {
      button.textContent = LABELS[button.getAttribute("data-helpful")]();
    });
    const note = group.querySelector(".bc-helpful-note");
    const said = SAID[note.getAttribute("data-said")];
    if (said) note.textContent = said();
  });
}

function say(group, key) {
  const note = group.querySelector(".bc-helpful-note");
  note.setAttribute("data-said", key);
  note.textContent = SAID[key]();
}

function rateAnswer(id, helpful, group) {
  const socket = state.socket;
  if (!socket || !socket.connected) {
    say(group, "failed");
    return;
  }
  socket.timeout(8000).emit("rate_answer", { id, helpful }, (error, reply) => {
    if (error || !reply || !reply.ok) {
      say(group, "failed");
      return;
    }
    group.querySelectorAll(".bc-helpful-choice").forEach((button) => {
      button.setAttribute("aria-pressed", (button.getAttribute("data-helpful") === "yes") === helpful ? "true" : "false");
    });
    say(group, "thanks");
  });
}
