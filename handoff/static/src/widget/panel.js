/** Opening and closing the panel; on small screens it covers the page and keeps the focus (focus-trap). */
import { createFocusTrap } from "focus-trap";
import { KEY, storage } from "./config.js";
import { renderUnread } from "./build.js";
import { connect, loadConfig } from "./connection.js";
import { state, t, ui } from "./state.js";

// Must match the small-screen media query in widget.css: there the panel covers the page.
const FULL_SCREEN = "(max-width: 520px), (max-height: 520px)";
const fullScreenQuery = window.matchMedia ? window.matchMedia(FULL_SCREEN) : null;

export const fullScreen = () => !!(fullScreenQuery && fullScreenQuery.matches);
export const finePointer = () => !window.matchMedia || window.matchMedia("(pointer: fine)").matches;

function trap() {
  if (!state.trap) {
    state.trap = createFocusTrap(ui.panel, {
      initialFocus: false, // open() chooses: the input on desktops, the panel on touch screens
      fallbackFocus: ui.panel,
      escapeDeactivates: false, // Escape closes the whole chat (keydown handler in build.js)
      allowOutsideClick: true,
      returnFocusOnDeactivate: false, // close() returns it to the bubble
    });
  }
  return state.trap;
}

/** A modal panel while it covers the page (small screens): aria-modal and a focus trap. */
function syncModal() {
  const modal = state.open && fullScreen();
  ui.panel.setAttribute("aria-modal", modal ? "true" : "false");
  if (modal) trap().activate();
  else if (state.trap) state.trap.deactivate();
}

if (fullScreenQuery && fullScreenQuery.addEventListener) fullScreenQuery.addEventListener("change", () => {
  if (ui.panel) syncModal();
});

export function open(options) {
  const quiet = options && options.quiet;
  if (!state.open) {
    state.open = true;
    ui.panel.hidden = false;
    syncModal();
    ui.root.classList.add("bc-open");
    document.documentElement.classList.add("bc-chat-open");
    ui.bubble.setAttribute("aria-expanded", "true");
    storage.setItem(KEY.open, "1");
    state.unread = 0;
    renderUnread();
    scrollToEnd(true);
  }
  connect();
  loadConfig();
  if (!quiet) {
    if (finePointer()) ui.input.focus();
    else ui.panel.focus();
  }
}

export function close() {
  if (!state.open) return;
  state.open = false;
  syncModal();
  ui.panel.hidden = true;
  ui.root.classList.remove("bc-open");
  document.documentElement.classList.remove("bc-chat-open");
  ui.bubble.setAttribute("aria-expanded", "false");
  storage.removeItem(KEY.open);
  ui.bubble.focus();
}

// How close to its end the log must be for the customer to count as following it (px).
const FOLLOW_SLACK = 48;

/** True when the log shows its end: the customer follows the conversation. */
export function atEnd() {
  const box = ui.log;
  return box.scrollHeight - box.scrollTop - box.clientHeight < FOLLOW_SLACK;
}

/** Scroll the log to its end when ``force`` or when the reader is near the end anyway. */
export function scrollToEnd(force) {
  const box = ui.log;
  if (force || atEnd()) window.requestAnimationFrame(() => {
    box.scrollTop = box.scrollHeight;
    clearUnseen();
  });
}

/**
 * A reply arrived. When the customer was following (``wasAtEnd``, measured before it was added), the
 * view moves to it, down to its first line and never past it, so a long answer is read from its
 * start. When they had scrolled up to read, the view stays and the "new messages" pill counts it.
 */
export function follow(node, wasAtEnd) {
  if (!wasAtEnd || !state.open) {
    if (state.open) {
      state.unseen.push(node);
      renderPill();
    }
    return;
  }
  const box = ui.log;
  window.requestAnimationFrame(() => {
    box.scrollTop = Math.min(box.scrollHeight - box.clientHeight, node.offsetTop - 8);
  });
}

/** The pill: how many messages wait below; a click shows the first of them. */
export function renderPill() {
  const count = state.unseen.filter((node) => node.isConnected).length;
  ui.pill.hidden = count === 0;
  ui.pillText.textContent = count === 1 ? t("unread_one") : t("unread_other", { n: count });
}

export function showUnseen() {
  const first = state.unseen.find((node) => node.isConnected);
  if (first) ui.log.scrollTop = first.offsetTop - 8;
  clearUnseen();
}

function clearUnseen() {
  if (!state.unseen.length) return;
  state.unseen = [];
  renderPill();
}

/** The customer scrolled: reaching the end reads what the pill counted. */
export function onLogScroll() {
  if (state.unseen.length && atEnd()) clearUnseen();
}

/** The input grows with its text, up to a limit. */
export function autosize() {
  ui.input.style.height = "auto";
  ui.input.style.height = Math.min(ui.input.scrollHeight + 2, 140) + "px";
}
