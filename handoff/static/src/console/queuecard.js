/** One card of the queue: reason, waiting time, language, the customer's last message (as stored:
 * redacted), the bot's guess in plain words, who handled the customer before, and Claim (Open for the
 * agent's own chat; disabled while the chat is offered to another agent first). */
import { el } from "../shared/dom.js";
import { countdownText, intentText, languageText, percent, reasonText, waitText } from "./format.js";
import { messageText, state, t } from "./state.js";

function lastGuess(ranking) {
  if (!Array.isArray(ranking) || !ranking.length) return null;
  const last = ranking[ranking.length - 1];
  return last && last.intent ? last : null;
}

const isMe = (agentId) => !!state.me && agentId === state.me.id;

function offerText(li) {
  const left = (Number(li.dataset.offerEnds) - Date.now()) / 1000;
  const time = countdownText(left);
  return li.dataset.offerMine === "true" ? t("offered_to_you", { time }) : t("offered_to_other", { name: li.dataset.offerName, time });
}

/** The card of ``item`` (a queue entry of GET /queue); ``onAction(item, li)`` on Claim / Open.
 * ``list`` names the list it is in (element ids stay unique when a chat shows in two lists). */
export function queueCard(item, onAction, list) {
  const mine = item.state === "agent";
  const offer = item.offered_to;
  const before = item.handled_before;
  const guess = lastGuess(item.intent_ranking);
  const li = el("li", { class: "queue-item", dataset: { conversationId: item.conversation_id, state: item.state || "" } });
  const previewId = `${list}-preview-${item.conversation_id}`;
  const offerLine = offer ? el("p", { class: "qi-offer", id: `${list}-offer-${item.conversation_id}` }) : null;
  if (offer) {
    Object.assign(li.dataset, {
      offerEnds: String(Date.now() + Number(offer.seconds_left) * 1000), offerName: offer.name || "",
      offerMine: isMe(offer.agent_id) ? "true" : "false",
    });
    offerLine.textContent = offerText(li);
  }
  const blocked = !!offer && !isMe(offer.agent_id);
  const label = { reason: reasonText(item.reason), language: languageText(item.language) };
  const button = el("button", {
    type: "button", class: mine ? "button button-small qi-action open" : "button button-primary button-small qi-action claim",
    "aria-label": mine ? t("open_label", label) : t("claim_label", label),
    "aria-describedby": [previewId, offer ? offerLine.id : null].filter(Boolean).join(" "),
    disabled: blocked, text: mine ? t("open_chat") : t("claim"),
  });
  button.addEventListener("click", () => onAction(item, li));
  const parts = [
    el("div", { class: "qi-top" }, [
      el("span", { class: "qi-reason", dataset: { reason: item.reason || "" }, text: reasonText(item.reason) }),
      mine
        ? el("span", { class: "qi-mine", text: t("with_you") })
        : el("span", { class: "qi-wait", title: t("waiting_time") }, [
            el("span", { class: "visually-hidden", text: t("waiting_prefix") + " " }),
            el("span", { class: "qi-wait-value", text: waitText(item.waiting_since) }),
          ]),
    ]),
    el("p", { class: "qi-preview", id: previewId }, item.preview
      ? [el("span", { class: "visually-hidden", text: t("preview_label") + " " }), messageText(item.preview, false)]
      : [el("span", { class: "muted", text: t("no_preview") })]),
    el("div", { class: "qi-meta" }, [
      el("span", { class: "lang-badge", title: languageText(item.language), text: (item.language || "?").toUpperCase() }),
      el("span", { class: "visually-hidden", text: ` ${languageText(item.language)}` }),
      guess
        ? el("span", { class: "qi-guess", dataset: { intent: guess.intent } },
            [t("bot_guessed") + " ", el("strong", { text: intentText(guess.intent) }), ` ${percent(guess.confidence)}`])
        : el("span", { class: "qi-guess muted", text: t("no_guesses_short") }),
    ]),
    before
      ? el("p", { class: "qi-before", dataset: { agentId: String(before.agent_id) },
          text: isMe(before.agent_id) ? t("handled_before_you") : t("handled_before", { name: before.name }) })
      : null,
    offerLine,
    button,
  ];
  li.append(...parts.filter(Boolean));
  return li;
}

/** Update a card's clocks; true when the offer to one agent has just run out (the queue should reload). */
export function tickCard(li) {
  const wait = li.querySelector(".qi-wait-value");
  if (wait) wait.textContent = waitText(li.dataset.waitingSince);
  const line = li.querySelector(".qi-offer");
  if (!line) return false;
  if (Number(li.dataset.offerEnds) > Date.now()) {
    line.textContent = offerText(li);
    return false;
  }
  return true;
}
