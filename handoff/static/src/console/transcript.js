/** One chat's transcript (in id order, each message once), its details, and its private notes. */
import { api } from "./api.js";
import { el } from "../shared/dom.js";
import { clockText, intentText, languageText, level, parseTime, percent, reasonText, shortId } from "./format.js";
import { messageText, state, t } from "./state.js";
import { markSuggested, maySuggest, suggestButton } from "./suggest.js";
import { stopTyping } from "./typing.js";
import { customerMessage } from "./unread.js";

const SENDERS = { customer: "sender_customer", bot: "sender_bot", agent: "sender_agent", system: "sender_system" };

/** Show a conversation from GET /conversations/{id}: details, transcript, notes. */
export function renderConversation(tab, data) {
  tab.data = data;
  tab.els.transcript.replaceChildren();
  tab.messageIds.clear();
  tab.lastSeen = 0;
  tab.dividerPlaced = false;
  renderDetails(tab, data);
  tab.handoffAt = handoffTime(data.transitions);
  const messages = Array.isArray(data.messages) ? data.messages : [];
  for (const message of messages) addMessage(tab, message, { live: false });
  if (!messages.length) tab.els.transcript.append(el("p", { class: "muted loading", text: t("no_messages") }));
  tab.els.notesList.replaceChildren();
  tab.noteIds.clear();
  for (const note of data.notes || []) addNote(tab, note);
  updateNotesEmpty(tab);
  scrollToEnd(tab);
  if (tab.els.transcript.querySelector(".suggest")) markSuggested(tab);
}

/** The tab's title and the details column: reason, language, waiting since, call back, guesses. */
export function renderDetails(tab, data) {
  const language = languageText(data.language);
  const code = (data.language || "?").toUpperCase();
  const reason = reasonText(data.reason);
  tab.els.tab.querySelector(".tab-lang").textContent = code;
  tab.els.tab.querySelector(".tab-title").textContent = `${reason} · ${shortId(tab.id)}`;
  tab.els.tab.title = `${reason}, ${language}`;
  tab.els.title.textContent = t("chat_title", { chat: shortId(tab.id) });
  tab.els.sub.textContent = `${language} · ${reason}`;
  tab.els.reason.textContent = reason;
  tab.els.reason.dataset.reason = data.reason || "";
  tab.els.language.textContent = `${language} (${code})`;
  const waitingSince = data.waiting_since || (handoffTime(data.transitions) || null);
  tab.els.waiting.textContent = waitingSince ? new Date(parseTime(waitingSince)).toLocaleString(state.language) : "—";
  if (data.callback_phone) {
    tab.els.callback.hidden = false;
    tab.els.callbackPhone.textContent = data.callback_phone;
    tab.els.callbackPhone.href = `tel:${String(data.callback_phone).replace(/[^+\d]/g, "")}`;
  } else {
    tab.els.callback.hidden = true;
  }
  tab.els.writeBack.hidden = !data.callback_email;
  if (data.callback_email) {
    tab.els.callbackEmail.textContent = data.callback_email;
    tab.els.callbackEmail.href = `mailto:${data.callback_email}`;
  }
  renderGuesses(tab.els.guesses, data.intent_ranking);
}

function renderGuesses(list, ranking) {
  list.replaceChildren();
  if (!Array.isArray(ranking) || !ranking.length) {
    list.append(el("li", { class: "muted no-guesses", text: t("no_guesses") }));
    return;
  }
  const total = ranking.length;
  ranking.forEach((turn, index) => {
    if (!turn) return;
    const label = index === total - 1 ? t("guess_last") : t("guess_nth", { n: index + 1, total });
    const others = (Array.isArray(turn.ranking) ? turn.ranking : []).filter((guess) => guess && guess.intent !== turn.intent);
    list.append(el("li", { class: "guess-turn" }, [
      el("span", { class: "guess-label muted", text: label }),
      el("span", { class: "guess-main" }, [
        el("span", { class: "guess-intent", dataset: { intent: turn.intent || "" }, text: intentText(turn.intent) }),
        el("span", { class: "guess-confidence", dataset: { level: level(turn.confidence) }, text: percent(turn.confidence) }),
      ]),
      others.length
        ? el("span", { class: "guess-others muted" }, [
            t("guess_also") + " ",
            ...others.flatMap((guess, i) => [i ? ", " : "", intentText(guess.intent), ` ${percent(guess.confidence)}`]),
          ])
        : null,
    ]));
  });
}

function handoffTime(transitions) {
  if (!Array.isArray(transitions)) return null;
  let at = null;
  for (const transition of transitions) if (transition.to === "waiting") at = transition.at;
  return at;
}

/** Who owned the conversation at ``time``: the agent id of the latest claim before it. */
function ownerAt(tab, time) {
  const transitions = (tab.data && tab.data.transitions) || [];
  let owner = null;
  for (const transition of transitions) {
    const at = parseTime(transition.at);
    if (at !== null && time !== null && at > time) break;
    if (transition.to === "agent") {
      const match = /^agent:(\d+)$/.exec(transition.actor || "");
      owner = match ? Number(match[1]) : null;
    } else {
      owner = null;
    }
  }
  return owner;
}

/** True when the agent looking at the console wrote ``message``. */
function isMine(tab, message, live) {
  if (message.sender !== "agent") return false;
  if (live || (tab.ownIds && tab.ownIds.has(message.id))) return true;
  return !!state.me && ownerAt(tab, parseTime(message.created_at)) === state.me.id;
}

function messageNode(tab, message, live) {
  const sender = String(message.sender || "unknown");
  const mine = isMine(tab, message, live);
  const label = mine ? t("you") : SENDERS[sender] ? t(SENDERS[sender]) : sender;
  const node = el("div", {
    class: `message message-${sender}${mine ? " message-mine" : ""}`, dataset: { sender, id: String(message.id) },
  });
  const meta = el("div", { class: "message-meta" }, [
    el("span", { class: "sender-label", text: label }),
    message.created_at
      ? el("time", { datetime: message.created_at, class: "message-time", text: clockText(message.created_at) })
      : null,
  ]);
  const body = el("div", { class: "message-text" }, [messageText(message.text, sender !== "customer")]);
  node.append(meta, body);
  if (maySuggest(message, mine)) node.append(el("div", { class: "message-suggest" }, [suggestButton(tab, message)]));
  if (Array.isArray(message.buttons) && message.buttons.length) {
    node.append(el("div", { class: "message-buttons" }, [
      el("span", { class: "muted", text: t("offered_buttons") + " " }),
      ...message.buttons.map((button) => el("span", { class: "offered-button", text: (button && button.title) || "" })),
    ]));
  }
  return node;
}

/** Insert a message in id order, once. */
export function addMessage(tab, message, options) {
  if (!message || typeof message.id !== "number") return;
  if (tab.messageIds.has(message.id)) return;
  tab.messageIds.add(message.id);
  const transcript = tab.els.transcript;
  const atEnd = isNearEnd(transcript);
  for (const placeholder of transcript.querySelectorAll(":scope > .loading")) placeholder.remove();
  const live = !!(options && options.live);
  const node = messageNode(tab, message, live);

  // Mark where the bot's part ends: a divider before the first message after the handoff.
  if (!live && tab.handoffAt && !tab.dividerPlaced) {
    const handoff = parseTime(tab.handoffAt);
    const at = parseTime(message.created_at);
    if (handoff !== null && at !== null && at >= handoff) {
      transcript.append(el("div", { class: "handoff-divider", role: "separator" }, [
        el("span", { text: t("handed_over", { reason: reasonText(tab.data && tab.data.reason) }) }),
      ]));
      tab.dividerPlaced = true;
    }
  }

  let before = null;
  if (message.id < tab.lastSeen) {
    for (const other of transcript.querySelectorAll(":scope > .message[data-id]")) {
      if (Number(other.dataset.id) > message.id) {
        before = other;
        break;
      }
    }
  }
  // A pending (still sending) message stays at the end.
  if (!before) before = transcript.querySelector(":scope > .message.is-pending");
  transcript.insertBefore(node, before);
  tab.lastSeen = Math.max(tab.lastSeen, message.id);

  if (live && message.sender === "customer") {
    stopTyping(tab);
    customerMessage(tab);
  }
  if (atEnd || (live && message.sender === "agent")) scrollToEnd(tab);
}

function isNearEnd(element) {
  return element.scrollHeight - element.scrollTop - element.clientHeight < 60;
}

export function scrollToEnd(tab) {
  const transcript = tab.els.transcript;
  requestAnimationFrame(() => {
    transcript.scrollTop = transcript.scrollHeight;
  });
}

/** Add a private note, once. */
export function addNote(tab, note) {
  if (!note || note.id === undefined || tab.noteIds.has(note.id)) return;
  tab.noteIds.add(note.id);
  const mine = state.me && note.agent_id === state.me.id;
  tab.els.notesList.append(el("li", { class: "note", dataset: { id: String(note.id) } }, [
    el("div", { class: "note-meta" }, [
      el("span", { class: "note-author", text: mine ? t("you") : t("note_author", { id: note.agent_id }) }),
      note.created_at ? el("time", { datetime: note.created_at, text: clockText(note.created_at) }) : null,
    ]),
    el("div", { class: "note-body" }, [messageText(note.text, false)]),
  ]));
  updateNotesEmpty(tab);
}

function updateNotesEmpty(tab) {
  const list = tab.els.notesList;
  const empty = list.querySelector(".notes-empty");
  const hasNotes = list.querySelector(".note") !== null;
  if (hasNotes && empty) empty.remove();
  if (!hasNotes && !empty) list.append(el("li", { class: "notes-empty muted", text: t("no_notes") }));
}

/** Reload a chat's details and catch up on messages and notes (after a call-back request). */
export async function refreshDetails(tab) {
  try {
    const data = await api("GET", `/conversations/${encodeURIComponent(tab.id)}`);
    if (!state.tabs.has(tab.id)) return;
    tab.data = Object.assign({}, tab.data || {}, data);
    renderDetails(tab, data);
    for (const message of data.messages || []) addMessage(tab, message, { live: true });
    for (const note of data.notes || []) addNote(tab, note);
  } catch (error) {
    /* the next event or reload will show it */
  }
}
