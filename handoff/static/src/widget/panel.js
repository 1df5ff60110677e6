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

// How close to its end the log must be for the customer to count as at its end (px).
const FOLLOW_SLACK = 48;
// Replies that arrive within this time of the first are one burst (the bot's answer in parts): the
// view goes to the burst's first reply, so it is read from its start.
const BURST_MS = 2500;

/** True when ``node`` begins a new burst: the anchor is gone or hidden (a replaced waiting message
 * has no place in the log), the burst is old, or a person starts or stops speaking. An agent's
 * words are never the rest of the bot's answer: on a phone a quick agent reply after the bot's
 * handoff answer would otherwise wait below the screen behind the pill. */
function startsBurst(node, now) {
  const anchor = state.anchor;
  if (!anchor || !anchor.isConnected || !anchor.getClientRects().length) return true;
  if (now - state.anchorAt > BURST_MS) return true;
  const isAgent = (message) => message.getAttribute("data-sender") === "agent";
  return isAgent(node) !== isAgent(anchor);
}

/** True when the log shows its end. */
export function atEnd() {
  const box = ui.log;
  return box.scrollHeight - box.scrollTop - box.clientHeight < FOLLOW_SLACK;
}

function scrollLogTo(top) {
  const box = ui.log;
  box.scrollTop = Math.max(0, Math.min(top, box.scrollHeight - box.clientHeight));
}

/** Scroll the log to its end when ``force`` or when the reader is near the end anyway. */
export function scrollToEnd(force) {
  if (force) state.anchor = null; // the customer wrote: what comes now is a new burst
  if (force || atEnd()) window.requestAnimationFrame(() => {
    state.readingBack = false;
    scrollLogTo(ui.log.scrollHeight);
    clearUnseen();
  });
}

/**
 * A reply arrived. Unless the customer scrolled up to read (then the view stays and the "new
 * messages" pill counts it), the view follows: down to the first reply of the current burst and
 * never past its first line, so a long answer is read from its start; what is still below the
 * screen then is counted on the pill.
 */
export function follow(node) {
  if (!state.open) return;
  if (state.readingBack) {
    state.unseen.push(node);
    renderPill();
    return;
  }
  const now = Date.now();
  if (startsBurst(node, now)) {
    state.anchor = node;
    state.anchorAt = now;
  }
  window.requestAnimationFrame(() => {
    // The anchor may have been cleared (pill clicked) or removed before this frame.
    if (!node.isConnected) return;
    const anchor = state.anchor && state.anchor.isConnected ? state.anchor : node;
    const box = ui.log;
    const target = Math.min(box.scrollHeight - box.clientHeight, anchor.offsetTop - 8);
    if (target > box.scrollTop) scrollLogTo(target);
    if (node.offsetTop > box.scrollTop + box.clientHeight - 24) {
      state.unseen.push(node);
      renderPill();
    }
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
  state.readingBack = false;
  state.anchor = first || null;
  state.anchorAt = Date.now();
  if (first) scrollLogTo(first.offsetTop - 8);
  clearUnseen();
}

function clearUnseen() {
  if (!state.unseen.length) return;
  state.unseen = [];
  renderPill();
}

// A scroll within this time of the customer's wheel, touch, key or pointer in the log is theirs (the
// browser also scrolls by itself, e.g. to keep the view steady when a message above it is hidden).
const USER_SCROLL_MS = 1000;

/** The customer touched, wheeled, pressed a key or a pointer in the log (see ``onLogScroll``). */
export function onLogInput() {
  state.userScrollAt = Date.now();
}

/** A scroll of the log: the customer's own away from the end means they read back; reaching the
 * end reads what the pill counted. */
export function onLogScroll() {
  if (atEnd()) {
    state.readingBack = false;
    clearUnseen();
  } else if (Date.now() - state.userScrollAt < USER_SCROLL_MS) {
    state.readingBack = true;
  }
}

/** The input grows with its text, up to a limit. */
export function autosize() {
  ui.input.style.height = "auto";
  ui.input.style.height = Math.min(ui.input.scrollHeight + 2, 140) + "px";
}
