/** The widget's elements: the bubble, the panel (header, status, messages, form, privacy note). */
import { buttonPayload, LANGUAGES, nativeLanguageName, payloadLabel } from "../shared/contract.js";
import { el, icon } from "../shared/dom.js";
import { applyAccent } from "./accent.js";
import { ID } from "./config.js";
import { switchLanguage } from "./connection.js";
import { choose, hasConversation, relabel, metaText, updateWelcome } from "./messages.js";
import { noteTyping, send, submitInput } from "./outbox.js";
import { autosize, close, onLogInput, onLogScroll, open, showUnseen } from "./panel.js";
import { applyRatingTexts, buildRating, downloadTranscript } from "./rating.js";
import { applyHelpfulTexts } from "./helpful.js";
import { state, t, ui } from "./state.js";
import { renderStatus } from "./status.js";

const ICON_CHAT = ["M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"];
const ICON_CLOSE = ["M6 6l12 12", "M18 6L6 18"];
const ICON_SEND = ["M4 12l16-8-6 16-2.5-6.5z", "M11.5 13.5L20 4"];

function buildHeader() {
  ui.title = el("h2", { id: ID + "-title", class: "bc-title" });
  ui.subtitle = el("p", { id: ID + "-subtitle", class: "bc-subtitle", hidden: true });
  ui.langButtons = {};
  ui.langGroup = el("div", { id: ID + "-language", class: "bc-lang", role: "group" });
  for (const code of LANGUAGES) {
    const button = el("button", {
      type: "button", class: "bc-lang-button", lang: code, "data-language": code,
      "aria-label": nativeLanguageName(code), "aria-pressed": "false", text: code.toUpperCase(),
    });
    button.addEventListener("click", () => switchLanguage(code));
    ui.langButtons[code] = button;
    ui.langGroup.appendChild(button);
  }
  ui.closeLabel = el("span", { class: "bc-sr-only" });
  ui.close = el("button", { type: "button", id: ID + "-close", class: "bc-close" },
    [icon(ICON_CLOSE, "bc-icon"), ui.closeLabel]);
  return el("div", { class: "bc-header" }, [
    el("div", { class: "bc-heading" }, [ui.title, ui.subtitle]),
    el("div", { class: "bc-header-controls" }, [ui.langGroup, ui.close]),
  ]);
}

function buildMessages() {
  ui.welcomeText = el("p", { class: "bc-welcome-text" });
  ui.starters = el("div", { class: "bc-buttons bc-starters", role: "group" });
  ui.welcome = el("div", { id: ID + "-welcome", class: "bc-welcome" }, [ui.welcomeText, ui.starters]);
  ui.log = el("div", {
    id: ID + "-log", class: "bc-log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
    tabindex: "0",
  });
  ui.typingText = el("span", { class: "bc-typing-text" });
  ui.typing = el("div", { id: ID + "-typing", class: "bc-typing", hidden: true }, [
    el("span", { class: "bc-dots", "aria-hidden": "true" },
      [el("span", { class: "bc-dot" }), el("span", { class: "bc-dot" }), el("span", { class: "bc-dot" })]),
    ui.typingText,
  ]);
  ui.pillText = el("span");
  ui.pill = el("button", { type: "button", id: ID + "-new-messages", class: "bc-pill", hidden: true },
    [ui.pillText, el("span", { class: "bc-pill-arrow", "aria-hidden": "true", text: " \u2193" })]);
  ui.logWrap = el("div", { class: "bc-log-wrap" }, [ui.log, ui.pill]);
  ui.scroller = el("div", { id: ID + "-messages", class: "bc-scroller" },
    [ui.welcome, ui.logWrap, ui.typing, buildRating()]);
  return ui.scroller;
}

function buildForm() {
  ui.inputLabel = el("label", { for: ID + "-input", class: "bc-sr-only" });
  ui.input = el("textarea", {
    id: ID + "-input", class: "bc-input", rows: "1", autocomplete: "off", enterkeyhint: "send",
    "aria-describedby": ID + "-privacy",
  });
  ui.sendLabel = el("span", { class: "bc-sr-only" });
  ui.send = el("button", { type: "submit", id: ID + "-send", class: "bc-send" }, [icon(ICON_SEND, "bc-icon"), ui.sendLabel]);
  ui.form = el("form", { id: ID + "-form", class: "bc-form", novalidate: true }, [ui.inputLabel, ui.input, ui.send]);
  ui.privacyText = el("span", { class: "bc-privacy-text" });
  ui.noticeLink = el("a", { class: "bc-notice-link", target: "_blank", rel: "noopener noreferrer", hidden: true });
  ui.transcript = el("button", { type: "button", id: ID + "-transcript", class: "bc-transcript", hidden: true });
  ui.transcriptNote = el("span", { class: "bc-transcript-note", role: "status" });
  ui.privacy = el("p", { id: ID + "-privacy", class: "bc-privacy" },
    [ui.privacyText, ui.noticeLink, " ", ui.transcript, ui.transcriptNote]);
  return [ui.form, ui.privacy];
}

function wire() {
  ui.bubble.addEventListener("click", () => (state.open ? close() : open()));
  ui.close.addEventListener("click", () => close());
  ui.panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape" || event.key === "Esc") {
      event.preventDefault();
      close();
    }
  });
  ui.form.addEventListener("submit", (event) => {
    event.preventDefault();
    submitInput();
  });
  ui.input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      submitInput();
    }
  });
  ui.input.addEventListener("input", () => {
    autosize();
    noteTyping();
  });
  ui.log.addEventListener("scroll", onLogScroll, { passive: true });
  for (const type of ["wheel", "touchstart", "touchmove", "keydown", "pointerdown"]) {
    ui.log.addEventListener(type, onLogInput, { passive: true });
  }
  ui.pill.addEventListener("click", showUnseen);
  ui.transcript.addEventListener("click", downloadTranscript);
  document.addEventListener("click", (event) => {
    const target = event.target && event.target.closest && event.target.closest("[data-breach-chat-open]");
    if (!target || ui.root.contains(target)) return;
    event.preventDefault();
    open();
    const question = target.getAttribute("data-breach-chat-message");
    if (question && !hasConversation()) send(question);
  });
}

/** Build the widget (hidden until its styles are loaded) and return its root element. */
export function build() {
  const root = el("div", { id: ID, class: "bc-root", hidden: true, "data-breach-chat": true });
  applyAccent(root);
  ui.bubbleText = el("span", { class: "bc-bubble-text" });
  ui.bubbleExtra = el("span", { class: "bc-sr-only" });
  ui.badge = el("span", { class: "bc-badge", hidden: true });
  ui.badgeText = el("span", { class: "bc-sr-only" });
  ui.bubble = el("button", {
    type: "button", id: ID + "-bubble", class: "bc-bubble", "aria-controls": ID + "-panel", "aria-expanded": "false",
  }, [icon(ICON_CHAT, "bc-icon"), ui.bubbleText, ui.bubbleExtra, ui.badgeText, ui.badge]);
  ui.status = el("p", { id: ID + "-status", class: "bc-status", role: "status", "aria-live": "polite" });
  ui.connection = el("p", { id: ID + "-connection", class: "bc-connection", role: "alert", hidden: true });
  ui.panel = el("div", {
    id: ID + "-panel", class: "bc-panel", role: "dialog", "aria-modal": "false", tabindex: "-1", hidden: true,
  }, [buildHeader(), ui.status, ui.connection, buildMessages(), ...buildForm()]);
  root.append(ui.panel, ui.bubble);
  ui.root = root;
  wire();
  applyTexts();
  renderStarters();
  renderStatus();
  return root;
}

/** Put every text in the chat's language (after a language switch too). */
export function applyTexts() {
  ui.panel.setAttribute("lang", state.language);
  ui.panel.setAttribute("aria-label", t("dialog"));
  ui.bubble.setAttribute("lang", state.language);
  ui.bubbleText.textContent = t("bubble");
  ui.bubbleExtra.textContent = t("bubble_extra");
  ui.title.textContent = t("title");
  ui.langGroup.setAttribute("aria-label", t("languages"));
  for (const [code, button] of Object.entries(ui.langButtons)) {
    button.setAttribute("aria-pressed", code === state.language ? "true" : "false");
  }
  ui.closeLabel.textContent = t("close");
  ui.log.setAttribute("aria-label", t("log"));
  ui.welcomeText.textContent = t("welcome");
  ui.starters.setAttribute("aria-label", t("choices"));
  ui.typingText.textContent = t("typing");
  ui.inputLabel.textContent = t("input_label");
  ui.input.setAttribute("placeholder", t("placeholder"));
  ui.sendLabel.textContent = t("send");
  ui.send.setAttribute("title", t("send"));
  ui.close.setAttribute("title", t("close"));
  ui.transcript.textContent = t("transcript_download");
  applyRatingTexts();
  applyHelpfulTexts(ui.log);
  renderPrivacy();
  renderUnread();
  renderStatus();
  if (!ui.connection.hidden) ui.connection.textContent = state.everConnected ? t("offline") : t("unavailable");
  ui.log.querySelectorAll(".bc-msg[data-sender]").forEach(relabel);
  ui.log.querySelectorAll(".bc-msg-meta[data-state]").forEach((meta) => {
    meta.textContent = metaText(meta.getAttribute("data-state"));
  });
}

/** The privacy note (retention from /widget/config), the notice link and the company name. */
export function renderPrivacy() {
  const config = state.config || {};
  const days = Number.isFinite(config.retention_days) && config.retention_days > 0 ? config.retention_days : null;
  ui.privacyText.textContent = (days ? t("privacy_days", { days }) : t("privacy")) + " ";
  const url = typeof config.notice_url === "string" && /^https?:\/\//i.test(config.notice_url) ? config.notice_url : null;
  ui.noticeLink.hidden = !url;
  if (url) {
    ui.noticeLink.setAttribute("href", url);
    ui.noticeLink.replaceChildren(t("notice"), el("span", { class: "bc-sr-only", text: t("new_tab") }));
  }
  if (config.company) {
    ui.subtitle.textContent = config.company;
    ui.subtitle.hidden = false;
  }
}

export function renderUnread() {
  ui.badge.hidden = state.unread === 0;
  ui.badge.textContent = state.unread > 9 ? "9+" : String(state.unread);
  ui.badge.setAttribute("aria-hidden", "true");
  ui.badgeText.textContent = !state.unread ? ""
    : ", " + (state.unread === 1 ? t("unread_one") : t("unread_other", { n: state.unread }));
}

/** The suggested first questions, and the button to a person (its label from the contract). */
export function renderStarters() {
  ui.starters.textContent = "";
  const starters = [
    [t("starter_what_happened"), t("starter_what_happened")],
    [t("starter_am_i_affected"), t("starter_am_i_affected")],
    [t("starter_what_to_do"), t("starter_what_to_do")],
    [payloadLabel(buttonPayload("request_human"), state.language), buttonPayload("request_human")],
  ];
  for (const [title, payload] of starters) {
    state.payloadTitles.set(payload, title);
    const button = el("button", { type: "button", class: "bc-choice", "data-payload": payload, text: title });
    button.addEventListener("click", () => choose(ui.starters, button, title, payload));
    ui.starters.appendChild(button);
  }
  updateWelcome();
}
