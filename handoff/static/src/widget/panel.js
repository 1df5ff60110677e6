/** Opening and closing the panel; on small screens it covers the page and keeps the focus (focus-trap). */
import { createFocusTrap } from "focus-trap";
import { KEY, storage } from "./config.js";
import { renderUnread } from "./build.js";
import { connect, loadConfig } from "./connection.js";
import { state, ui } from "./state.js";

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

/** Scroll the log to its end when ``force`` or when the reader is near the end anyway. */
export function scrollToEnd(force) {
  const box = ui.log;
  const near = box.scrollHeight - box.scrollTop - box.clientHeight < 120;
  if (force || near) window.requestAnimationFrame(() => { box.scrollTop = box.scrollHeight; });
}

/** Scroll so that a new reply can be read from its start: down to it, never past its first line. */
export function revealReply(node) {
  if (!state.replyAnchor || !state.replyAnchor.isConnected) state.replyAnchor = node;
  const box = ui.log;
  window.requestAnimationFrame(() => {
    const anchorTop = state.replyAnchor ? state.replyAnchor.offsetTop - 8 : box.scrollHeight;
    const target = Math.min(box.scrollHeight - box.clientHeight, anchorTop);
    if (target > box.scrollTop) box.scrollTop = target;
  });
}

/** The input grows with its text, up to a limit. */
export function autosize() {
  ui.input.style.height = "auto";
  ui.input.style.height = Math.min(ui.input.scrollHeight + 2, 140) + "px";
}
