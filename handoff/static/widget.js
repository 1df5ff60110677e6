/*
 * Customer chat widget of the breach-communication assistant.
 *
 * Embed with one tag:
 *   <script src="https://frontdoor.example/static/widget.js" data-server="https://frontdoor.example"
 *           data-language="de" data-color="#0b5fff" defer></script>
 *
 *   data-server    the front door (default: the origin this script was loaded from)
 *   data-language  "en" or "de" (default: the page's <html lang>)
 *   data-color     accent colour (text on it is white or black, whichever has more contrast)
 *
 * Any element with a `data-breach-chat-open` attribute opens the chat when clicked; with
 * `data-breach-chat-message="What happened?"` it also asks that question if the chat is still empty.
 * `window.BreachChat` offers open(), close() and send(text) for the host page's own scripts.
 *
 * Speaks the front door's customer protocol (docs/front-door.md, "Customer protocol") over
 * Socket.IO. Message text is only ever inserted with textContent; links become <a> elements built
 * with the DOM API. No inline styles or scripts are needed (strict Content-Security-Policy).
 */
(function () {
  "use strict";

  if (window.BreachChat) return; // loaded twice: keep the first

  // ----- configuration ---------------------------------------------------------------------

  const script = document.currentScript ||
    Array.prototype.slice.call(document.querySelectorAll("script[src]"))
      .filter((s) => /\/widget\.js(\?|#|$)/.test(s.src)).pop() || null;
  const dataset = (script && script.dataset) || {};

  function originOf(url) {
    try { return new URL(url, location.href).origin; } catch (e) { return ""; }
  }

  const SERVER = (dataset.server || (script && originOf(script.src)) || location.origin).replace(/\/+$/, "");
  const KEY = {
    session: "breach-chat-session",
    language: "breach-chat-language",
    open: "breach-chat-open",
    outbox: "breach-chat-outbox",
    status: "breach-chat-status",
    agent: "breach-chat-agent",
  };
  const TYPING_MS = 15000;
  const QUEUE_PAYLOADS = ["/callback", "/continue_with_bot"];
  const ID = "breach-chat";

  function normalLanguage(value) {
    return String(value || "").trim().toLowerCase().slice(0, 2) === "de" ? "de" : "en";
  }

  const storage = (function () {
    try {
      const s = window.sessionStorage;
      s.setItem("breach-chat-probe", "1");
      s.removeItem("breach-chat-probe");
      return s;
    } catch (e) {
      const memory = {};
      return {
        getItem: (k) => (k in memory ? memory[k] : null),
        setItem: (k, v) => { memory[k] = String(v); },
        removeItem: (k) => { delete memory[k]; },
      };
    }
  })();

  function readJSON(key, fallback) {
    try {
      const value = JSON.parse(storage.getItem(key));
      return value === null || value === undefined ? fallback : value;
    } catch (e) {
      return fallback;
    }
  }

  function writeJSON(key, value) {
    try { storage.setItem(key, JSON.stringify(value)); } catch (e) { /* full or disabled */ }
  }

  // ----- texts -----------------------------------------------------------------------------

  const TEXT = {
    en: {
      bubble: "Questions? Chat with us",
      bubbleExtra: " about the data breach",
      unread: (n) => (n === 1 ? "1 new message" : n + " new messages"),
      title: "Questions about the data breach",
      dialog: "Chat about the data breach",
      close: "Close chat",
      languages: "Language of the chat",
      log: "Messages",
      welcome: "Hello. I am an automated assistant, a computer program. I answer your questions about the " +
        "data breach in plain words. You can talk to a person from our team at any time. " +
        "Please never type passwords, PINs or codes from your bank here.",
      starters: [
        ["What happened?", "What happened?"],
        ["Am I affected?", "Am I affected?"],
        ["What should I do?", "What should I do?"],
        ["Talk to a person", "/request_human"],
      ],
      choices: "Suggested answers",
      you: "You",
      bot: "Assistant",
      team: "Team",
      agent: (name) => name + " (team)",
      system: "Notice",
      inputLabel: "Your message",
      placeholder: "Type your question",
      send: "Send",
      typing: "Writing a reply",
      sending: "Sending",
      queued: "Will be sent when the connection is back",
      failed: "Not sent",
      offline: "Connection lost. We keep trying to reconnect. Your messages will be sent then.",
      unavailable: "The chat cannot be reached right now. Please try again in a few minutes.",
      statusBot: "You are chatting with an automated assistant.",
      statusBack: "You are chatting with the assistant again.",
      statusPosition: (n) => "You are number " + n + " in the queue.",
      statusWait: (m) => " Expected wait: about " + m + " min.",
      statusWaiting: "Waiting for a person from our team.",
      statusAgent: (name) => (name ? name + " from our team is now in the chat." :
        "A person from our team is now in the chat."),
      statusResolved: "This chat is closed. If you write again, the assistant will answer.",
      privacy: (days) => "This chat stores your messages, with personal data such as emails or card numbers " +
        "masked, for " + (days ? days + " days" : "a limited time") +
        ", to answer you and to let our team help you.",
      notice: "Full notice",
      newTab: " (opens in a new tab)",
      switchTo: "English please",
    },
    de: {
      bubble: "Fragen? Schreiben Sie uns",
      bubbleExtra: " zum Datenleck",
      unread: (n) => (n === 1 ? "1 neue Nachricht" : n + " neue Nachrichten"),
      title: "Fragen zum Datenleck",
      dialog: "Chat zum Datenleck",
      close: "Chat schließen",
      languages: "Sprache des Chats",
      log: "Nachrichten",
      welcome: "Hallo. Ich bin ein automatischer Assistent, ein Computerprogramm. Ich beantworte Ihre Fragen " +
        "zum Datenleck in einfachen Worten. Sie können jederzeit mit einem Menschen aus unserem Team " +
        "sprechen. Bitte tippen Sie hier nie Passwörter, PINs oder Codes Ihrer Bank ein.",
      starters: [
        ["Was ist passiert?", "Was ist passiert?"],
        ["Bin ich betroffen?", "Bin ich betroffen?"],
        ["Was soll ich tun?", "Was soll ich tun?"],
        ["Mit einem Menschen sprechen", "/request_human"],
      ],
      choices: "Antwortvorschläge",
      you: "Sie",
      bot: "Assistent",
      team: "Team",
      agent: (name) => name + " (Team)",
      system: "Hinweis",
      inputLabel: "Ihre Nachricht",
      placeholder: "Ihre Frage",
      send: "Senden",
      typing: "Antwort wird geschrieben",
      sending: "Wird gesendet",
      queued: "Wird gesendet, sobald die Verbindung wieder steht",
      failed: "Nicht gesendet",
      offline: "Verbindung unterbrochen. Wir versuchen es weiter. Ihre Nachrichten werden dann gesendet.",
      unavailable: "Der Chat ist gerade nicht erreichbar. Bitte versuchen Sie es in ein paar Minuten noch einmal.",
      statusBot: "Sie schreiben mit einem automatischen Assistenten.",
      statusBack: "Sie schreiben jetzt wieder mit dem Assistenten.",
      statusPosition: (n) => "Sie sind Nummer " + n + " in der Warteschlange.",
      statusWait: (m) => " Wartezeit: etwa " + m + " Min.",
      statusWaiting: "Sie warten auf jemanden aus unserem Team.",
      statusAgent: (name) => (name ? name + " aus unserem Team ist jetzt im Chat." :
        "Jemand aus unserem Team ist jetzt im Chat."),
      statusResolved: "Dieser Chat ist beendet. Wenn Sie wieder schreiben, antwortet der Assistent.",
      privacy: (days) => "Dieser Chat speichert Ihre Nachrichten " + (days ? days + " Tage lang" : "für begrenzte Zeit") +
        ", persönliche Daten wie Mail-Adressen oder Kartennummern unkenntlich gemacht, damit wir Ihnen " +
        "antworten und unser Team Ihnen helfen kann.",
      notice: "Vollständiger Hinweis",
      newTab: " (öffnet in neuem Tab)",
      switchTo: "Deutsch bitte",
    },
  };

  // ----- state -----------------------------------------------------------------------------

  const state = {
    language: normalLanguage(storage.getItem(KEY.language) || dataset.language ||
      document.documentElement.getAttribute("lang")),
    sessionId: storage.getItem(KEY.session),
    config: null,
    socket: null,
    ioLoading: null,
    connection: 0, // counts connections, so a message is emitted once per connection
    joined: false, // session_confirm and history received on this connection
    everConnected: false,
    shown: new Map(), // message id -> element
    maxId: 0,
    pending: new Map(), // client_message_id -> {text, display, el, emittedOn}
    outbox: [], // client_message_ids not yet acknowledged, in order
    payloadTitles: new Map(), // button payload -> title, to show a chosen button as its title
    agentName: storage.getItem(KEY.agent) || "",
    status: readJSON(KEY.status, null),
    typingTimer: null,
    replyAnchor: null, // first reply after the customer's last message (scrolled to, not past)
    unread: 0,
    open: false,
    lastSender: null,
  };

  const t = () => TEXT[state.language];

  // ----- small DOM helpers ------------------------------------------------------------------

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach((name) => {
        const value = attrs[name];
        if (value === null || value === undefined || value === false) return;
        if (name === "className") node.className = value;
        else if (name === "text") node.textContent = value;
        else node.setAttribute(name, value === true ? "" : String(value));
      });
    }
    (children || []).forEach((child) => { if (child) node.appendChild(child); });
    return node;
  }

  const SVG = "http://www.w3.org/2000/svg";

  function icon(paths, className) {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "24");
    svg.setAttribute("height", "24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "bc-icon" + (className ? " " + className : ""));
    paths.forEach((d) => {
      const path = document.createElementNS(SVG, "path");
      path.setAttribute("d", d);
      svg.appendChild(path);
    });
    return svg;
  }

  const ICON_CHAT = ["M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"];
  const ICON_CLOSE = ["M6 6l12 12", "M18 6L6 18"];
  const ICON_SEND = ["M4 12l16-8-6 16-2.5-6.5z", "M11.5 13.5L20 4"];

  function newClientId() {
    const c = window.crypto || window.msCrypto;
    if (c && typeof c.randomUUID === "function") {
      try { return c.randomUUID(); } catch (e) { /* not a secure context */ }
    }
    const bytes = new Uint8Array(16);
    if (c && c.getRandomValues) c.getRandomValues(bytes);
    else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
    return Array.prototype.map.call(bytes, (b) => (b < 16 ? "0" : "") + b.toString(16)).join("");
  }

  const URL_RE = /\bhttps?:\/\/[^\s<>"'\u00a0]+/gi;

  /** Text with http(s) links as <a> elements; everything else as text nodes. */
  function linkified(text, withLinks) {
    const fragment = document.createDocumentFragment();
    const value = String(text == null ? "" : text);
    if (!withLinks) {
      fragment.appendChild(document.createTextNode(value));
      return fragment;
    }
    let last = 0;
    value.replace(URL_RE, (match, offset) => {
      let url = match;
      // Punctuation at the end belongs to the sentence, not to the link.
      while (/[.,;:!?)\]}'"]$/.test(url)) {
        if (url.endsWith(")") && (url.match(/\(/g) || []).length >= (url.match(/\)/g) || []).length) break;
        url = url.slice(0, -1);
      }
      if (offset > last) fragment.appendChild(document.createTextNode(value.slice(last, offset)));
      if (/^https?:\/\//i.test(url)) {
        const a = el("a", { href: url, target: "_blank", rel: "noopener noreferrer", className: "bc-link" });
        a.textContent = url;
        fragment.appendChild(a);
      } else {
        fragment.appendChild(document.createTextNode(url));
      }
      last = offset + url.length;
      return match;
    });
    if (last < value.length) fragment.appendChild(document.createTextNode(value.slice(last)));
    return fragment;
  }

  // ----- accent colour ----------------------------------------------------------------------

  function parseColor(value) {
    if (!value) return null;
    const probe = el("span");
    probe.style.color = "rgb(1, 2, 3)";
    probe.style.color = value;
    if (probe.style.color === "rgb(1, 2, 3)" && value.replace(/\s/g, "") !== "rgb(1,2,3)") return null;
    probe.style.display = "none";
    document.body.appendChild(probe);
    const computed = getComputedStyle(probe).color;
    probe.remove();
    const m = computed.match(/rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,\s/]+([\d.]+%?))?/);
    if (!m) return null;
    return { r: Math.round(+m[1]), g: Math.round(+m[2]), b: Math.round(+m[3]) };
  }

  function luminance(c) {
    const channel = (v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  }

  function contrast(a, b) {
    const la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  function applyAccent(root) {
    const accent = parseColor(dataset.color);
    if (!accent) return; // the CSS default accent (with white text) applies
    const white = { r: 255, g: 255, b: 255 };
    const onAccent = contrast(accent, white) >= 4.5 ? "#ffffff" : "#000000";
    const css = "rgb(" + accent.r + ", " + accent.g + ", " + accent.b + ")";
    root.style.setProperty("--bc-accent", css);
    root.style.setProperty("--bc-on-accent", onAccent);
    // A light accent needs an outline to stand out from a white page (3:1 for controls).
    root.style.setProperty("--bc-accent-edge", contrast(accent, white) >= 3 ? css : "#1b1f24");
    root.classList.toggle("bc-accent-light", onAccent === "#000000");
  }

  // ----- building the widget ----------------------------------------------------------------

  const ui = {};

  function build() {
    const root = el("div", { id: ID, className: "bc-root", hidden: true });
    root.setAttribute("data-breach-chat", "");
    applyAccent(root);

    ui.bubbleText = el("span", { className: "bc-bubble-text" });
    ui.bubbleExtra = el("span", { className: "bc-sr-only" });
    ui.badge = el("span", { className: "bc-badge", hidden: true });
    ui.badgeText = el("span", { className: "bc-sr-only" });
    ui.bubble = el("button", {
      type: "button", id: ID + "-bubble", className: "bc-bubble",
      "aria-controls": ID + "-panel", "aria-expanded": "false",
    }, [icon(ICON_CHAT), ui.bubbleText, ui.bubbleExtra, ui.badgeText, ui.badge]);

    ui.title = el("h2", { id: ID + "-title", className: "bc-title" });
    ui.subtitle = el("p", { id: ID + "-subtitle", className: "bc-subtitle", hidden: true });
    ui.langButtons = {};
    ui.langGroup = el("div", { id: ID + "-language", className: "bc-lang", role: "group" });
    [["en", "EN", "English"], ["de", "DE", "Deutsch"]].forEach(([code, short, name]) => {
      const button = el("button", {
        type: "button", className: "bc-lang-button", lang: code, "data-language": code,
        "aria-label": name, "aria-pressed": "false", text: short,
      });
      button.addEventListener("click", () => switchLanguage(code));
      ui.langButtons[code] = button;
      ui.langGroup.appendChild(button);
    });
    ui.closeLabel = el("span", { className: "bc-sr-only" });
    ui.close = el("button", { type: "button", id: ID + "-close", className: "bc-close" },
      [icon(ICON_CLOSE), ui.closeLabel]);
    const header = el("div", { className: "bc-header" }, [
      el("div", { className: "bc-heading" }, [ui.title, ui.subtitle]),
      el("div", { className: "bc-header-controls" }, [ui.langGroup, ui.close]),
    ]);

    ui.status = el("p", { id: ID + "-status", className: "bc-status", role: "status", "aria-live": "polite" });
    ui.connection = el("p", { id: ID + "-connection", className: "bc-connection", role: "alert", hidden: true });

    ui.welcomeText = el("p", { className: "bc-welcome-text" });
    ui.starters = el("div", { className: "bc-buttons bc-starters", role: "group" });
    ui.welcome = el("div", { id: ID + "-welcome", className: "bc-welcome" }, [ui.welcomeText, ui.starters]);
    ui.log = el("div", {
      id: ID + "-log", className: "bc-log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
      tabindex: "0",
    });
    ui.typingText = el("span", { className: "bc-typing-text" });
    ui.typing = el("div", { id: ID + "-typing", className: "bc-typing", hidden: true }, [
      el("span", { className: "bc-dots", "aria-hidden": "true" },
        [el("span", { className: "bc-dot" }), el("span", { className: "bc-dot" }), el("span", { className: "bc-dot" })]),
      ui.typingText,
    ]);
    const scroller = el("div", { id: ID + "-messages", className: "bc-scroller" }, [ui.welcome, ui.log, ui.typing]);
    ui.scroller = scroller;

    ui.inputLabel = el("label", { for: ID + "-input", className: "bc-sr-only" });
    ui.input = el("textarea", {
      id: ID + "-input", className: "bc-input", rows: "1", autocomplete: "off", enterkeyhint: "send",
      "aria-describedby": ID + "-privacy",
    });
    ui.sendLabel = el("span", { className: "bc-sr-only" });
    ui.send = el("button", { type: "submit", id: ID + "-send", className: "bc-send" }, [icon(ICON_SEND), ui.sendLabel]);
    ui.form = el("form", { id: ID + "-form", className: "bc-form", novalidate: true },
      [ui.inputLabel, ui.input, ui.send]);

    ui.privacyText = el("span", { className: "bc-privacy-text" });
    ui.noticeLink = el("a", {
      className: "bc-notice-link", target: "_blank", rel: "noopener noreferrer", hidden: true,
    });
    ui.privacy = el("p", { id: ID + "-privacy", className: "bc-privacy" }, [ui.privacyText, ui.noticeLink]);

    ui.panel = el("div", {
      id: ID + "-panel", className: "bc-panel", role: "dialog", "aria-modal": "false",
      tabindex: "-1", hidden: true,
    }, [header, ui.status, ui.connection, scroller, ui.form, ui.privacy]);

    root.appendChild(ui.panel);
    root.appendChild(ui.bubble);
    ui.root = root;

    ui.bubble.addEventListener("click", () => (state.open ? close() : open()));
    ui.close.addEventListener("click", () => close());
    ui.panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape" || event.key === "Esc") {
        event.preventDefault();
        close();
      } else if (event.key === "Tab" && fullScreen()) {
        keepFocusInside(event);
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
    ui.input.addEventListener("input", autosize);

    document.addEventListener("click", (event) => {
      const target = event.target && event.target.closest && event.target.closest("[data-breach-chat-open]");
      if (!target || ui.root.contains(target)) return;
      event.preventDefault();
      open();
      const question = target.getAttribute("data-breach-chat-message");
      if (question && !hasConversation()) send(question);
    });

    applyTexts();
    renderStarters();
    renderStatus();
    return root;
  }

  function applyTexts() {
    const s = t();
    ui.panel.setAttribute("lang", state.language);
    ui.panel.setAttribute("aria-label", s.dialog);
    ui.bubble.setAttribute("lang", state.language);
    ui.bubbleText.textContent = s.bubble;
    ui.bubbleExtra.textContent = s.bubbleExtra;
    ui.title.textContent = s.title;
    ui.langGroup.setAttribute("aria-label", s.languages);
    Object.keys(ui.langButtons).forEach((code) =>
      ui.langButtons[code].setAttribute("aria-pressed", code === state.language ? "true" : "false"));
    ui.closeLabel.textContent = s.close;
    ui.log.setAttribute("aria-label", s.log);
    ui.welcomeText.textContent = s.welcome;
    ui.starters.setAttribute("aria-label", s.choices);
    ui.typingText.textContent = s.typing;
    ui.inputLabel.textContent = s.inputLabel;
    ui.input.setAttribute("placeholder", s.placeholder);
    ui.sendLabel.textContent = s.send;
    ui.send.setAttribute("title", s.send);
    ui.close.setAttribute("title", s.close);
    renderPrivacy();
    renderUnread();
    renderStatus();
    if (!ui.connection.hidden) ui.connection.textContent = state.everConnected ? s.offline : s.unavailable;
    ui.log.querySelectorAll(".bc-msg[data-sender]").forEach(relabel);
    ui.log.querySelectorAll(".bc-msg-meta[data-state]").forEach((meta) => {
      meta.textContent = metaText(meta.getAttribute("data-state"));
    });
  }

  function renderPrivacy() {
    const s = t();
    const config = state.config || {};
    const days = Number.isFinite(config.retention_days) && config.retention_days > 0 ? config.retention_days : null;
    ui.privacyText.textContent = s.privacy(days) + " ";
    const url = typeof config.notice_url === "string" && /^https?:\/\//i.test(config.notice_url)
      ? config.notice_url : null;
    ui.noticeLink.hidden = !url;
    if (url) {
      ui.noticeLink.setAttribute("href", url);
      ui.noticeLink.textContent = "";
      ui.noticeLink.appendChild(document.createTextNode(s.notice));
      ui.noticeLink.appendChild(el("span", { className: "bc-sr-only", text: s.newTab }));
    }
    if (config.company) {
      ui.subtitle.textContent = config.company;
      ui.subtitle.hidden = false;
    }
  }

  function renderUnread() {
    const s = t();
    ui.badge.hidden = state.unread === 0;
    ui.badge.textContent = state.unread > 9 ? "9+" : String(state.unread);
    ui.badge.setAttribute("aria-hidden", "true");
    ui.badgeText.textContent = state.unread ? ", " + s.unread(state.unread) : "";
  }

  function renderStarters() {
    ui.starters.textContent = "";
    t().starters.forEach(([title, payload]) => {
      state.payloadTitles.set(payload, title);
      const button = el("button", { type: "button", className: "bc-choice", "data-payload": payload, text: title });
      button.addEventListener("click", () => choose(ui.starters, button, title, payload));
      ui.starters.appendChild(button);
    });
    updateWelcome();
  }

  function updateWelcome() {
    ui.welcome.hidden = hasConversation();
  }

  function hasConversation() {
    return !!ui.log.querySelector(".bc-msg");
  }

  function autosize() {
    ui.input.style.height = "auto";
    ui.input.style.height = Math.min(ui.input.scrollHeight + 2, 140) + "px";
  }

  // ----- opening and closing ----------------------------------------------------------------

  // Must match the small-screen media query in widget.css: there the panel covers the page.
  const FULL_SCREEN = "(max-width: 520px), (max-height: 520px)";
  const fullScreen = () => !!(window.matchMedia && window.matchMedia(FULL_SCREEN).matches);

  /** On a full-screen panel, Tab and Shift+Tab cycle inside it (the page behind is covered). */
  function keepFocusInside(event) {
    const focusable = Array.prototype.filter.call(
      ui.panel.querySelectorAll("button, [href], textarea, input, select, [tabindex]:not([tabindex='-1'])"),
      (node) => !node.disabled && node.offsetParent !== null);
    if (!focusable.length) return;
    const first = focusable[0], last = focusable[focusable.length - 1];
    const active = document.activeElement;
    if (event.shiftKey && (active === first || active === ui.panel)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  }

  function syncModal() {
    ui.panel.setAttribute("aria-modal", fullScreen() ? "true" : "false");
  }

  const finePointer = () => !window.matchMedia || window.matchMedia("(pointer: fine)").matches;

  function open(options) {
    const quiet = options && options.quiet;
    if (!state.open) {
      state.open = true;
      syncModal();
      ui.panel.hidden = false;
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

  function close() {
    if (!state.open) return;
    state.open = false;
    ui.panel.hidden = true;
    ui.root.classList.remove("bc-open");
    document.documentElement.classList.remove("bc-chat-open");
    ui.bubble.setAttribute("aria-expanded", "false");
    storage.removeItem(KEY.open);
    ui.bubble.focus();
  }

  function scrollToEnd(force) {
    const box = ui.log;
    const near = box.scrollHeight - box.scrollTop - box.clientHeight < 120;
    if (force || near) {
      window.requestAnimationFrame(() => { box.scrollTop = box.scrollHeight; });
    }
  }

  // ----- messages -------------------------------------------------------------------------

  function senderLabel(sender) {
    const s = t();
    if (sender === "customer") return s.you;
    if (sender === "bot") return s.bot;
    if (sender === "agent") return state.agentName ? s.agent(state.agentName) : s.team;
    return s.system;
  }

  function relabel(node) {
    const label = node.querySelector(".bc-msg-label");
    if (!label) return;
    const sender = node.getAttribute("data-sender");
    const name = node.getAttribute("data-agent");
    label.textContent = sender === "agent" && name ? t().agent(name) : senderLabel(sender);
  }

  function metaText(kind) {
    const s = t();
    return kind === "pending" ? s.sending : kind === "queued" ? s.queued : kind === "failed" ? s.failed : "";
  }

  function setDelivery(node, kind) {
    node.setAttribute("data-state", kind);
    let meta = node.querySelector(".bc-msg-meta");
    if (kind === "sent") {
      if (meta) meta.remove();
      return;
    }
    if (!meta) {
      meta = el("span", { className: "bc-msg-meta" });
      node.appendChild(meta);
    }
    meta.setAttribute("data-state", kind);
    meta.textContent = metaText(kind);
  }

  /** A message element: data-sender, data-id (once known), a label, the text, buttons. */
  function messageNode(message) {
    const sender = ["customer", "bot", "agent", "system"].indexOf(message.sender) >= 0 ? message.sender : "system";
    const node = el("div", { className: "bc-msg bc-msg--" + sender, "data-sender": sender });
    if (message.id !== undefined && message.id !== null) node.setAttribute("data-id", String(message.id));
    if (message.error) {
      node.classList.add("bc-msg--error");
      node.setAttribute("data-error", String(message.error));
    }
    if (sender === "agent" && state.agentName) node.setAttribute("data-agent", state.agentName);
    const label = el("span", { className: "bc-msg-label" });
    // Consecutive messages of one sender show the name once; screen readers still hear it. The
    // customer's own bubbles and system notices are recognisable by their look.
    if (sender === "customer" || sender === "system" ||
        state.lastSender === sender + (node.getAttribute("data-agent") || "")) label.classList.add("bc-sr-only");
    state.lastSender = sender + (node.getAttribute("data-agent") || "");
    node.appendChild(label);
    relabel(node);
    let text = message.text == null ? "" : String(message.text);
    if (sender === "customer" && state.payloadTitles.has(text)) text = state.payloadTitles.get(text);
    const body = el("p", { className: "bc-msg-text" });
    body.appendChild(linkified(text, sender !== "customer"));
    node.appendChild(body);
    if (message.created_at) node.setAttribute("data-created-at", String(message.created_at));
    const buttons = Array.isArray(message.buttons) && message.buttons.length ? message.buttons
      : Array.isArray(message.quick_replies) ? message.quick_replies : [];
    const usable = buttons.filter((b) => b && typeof b.title === "string" && typeof b.payload === "string");
    if (usable.length) {
      const group = el("div", { className: "bc-buttons", role: "group", "aria-label": t().choices });
      usable.forEach((b) => {
        state.payloadTitles.set(b.payload, b.title);
        const button = el("button", { type: "button", className: "bc-choice", "data-payload": b.payload, text: b.title });
        button.addEventListener("click", () => choose(group, button, b.title, b.payload));
        group.appendChild(button);
      });
      node.appendChild(group);
    }
    return node;
  }

  /** Mark the choice groups that offered ``payload`` as answered (history after a reload). */
  function settleGroups(payload) {
    ui.log.querySelectorAll(".bc-buttons:not(.bc-answered)").forEach((group) => {
      const match = Array.prototype.find.call(group.querySelectorAll(".bc-choice"),
        (b) => b.getAttribute("data-payload") === payload);
      if (match) disableGroup(group, match);
    });
  }

  function disableGroup(group, chosen) {
    group.classList.add("bc-answered");
    group.querySelectorAll(".bc-choice").forEach((b) => {
      b.disabled = true;
      if (b === chosen) {
        b.classList.add("bc-chosen");
        b.setAttribute("aria-pressed", "true");
      }
    });
  }

  function choose(group, button, title, payload) {
    if (button.disabled) return;
    disableGroup(group, button);
    send(payload, title);
    if (finePointer()) ui.input.focus();
  }

  function remember(id, node) {
    if (typeof id !== "number") return;
    state.shown.set(id, node);
    if (id > state.maxId) state.maxId = id;
  }

  /** Show a message from the server (live or from history); false when its id is already shown. */
  function showMessage(message, live) {
    if (!message || typeof message !== "object") return false;
    const id = typeof message.id === "number" ? message.id : null;
    if (id !== null && state.shown.has(id)) return false;
    const node = messageNode(message);
    if (message.sender === "customer") {
      setDelivery(node, "sent");
      settleGroups(String(message.text));
    }
    ui.log.appendChild(node);
    remember(id, node);
    if (message.sender !== "customer") {
      hideTyping();
      if (live && (!state.open || document.hidden)) {
        state.unread += state.open ? 0 : 1;
        renderUnread();
      }
    }
    updateWelcome();
    if (message.sender === "customer" || !live) scrollToEnd(!live || message.sender === "customer");
    else revealReply(node);
    return true;
  }

  /** Scroll so that a new reply can be read from its start: down to it, never past its first line. */
  function revealReply(node) {
    if (!state.replyAnchor || !state.replyAnchor.isConnected) state.replyAnchor = node;
    const box = ui.log;
    window.requestAnimationFrame(() => {
      const anchorTop = state.replyAnchor ? state.replyAnchor.offsetTop - 8 : box.scrollHeight;
      const target = Math.min(box.scrollHeight - box.clientHeight, anchorTop);
      if (target > box.scrollTop) box.scrollTop = target;
    });
  }

  // ----- sending ----------------------------------------------------------------------------

  function persistOutbox() {
    writeJSON(KEY.outbox, state.outbox.map((cid) => {
      const p = state.pending.get(cid);
      return { id: cid, text: p.text, display: p.display };
    }));
  }

  function submitInput() {
    const text = ui.input.value;
    if (!text.trim()) {
      ui.input.focus();
      return;
    }
    ui.input.value = "";
    autosize();
    send(text);
    ui.input.focus();
  }

  /** Send ``text`` (shown as ``display``, e.g. a button's title); queued while offline. */
  function send(text, display) {
    text = String(text == null ? "" : text);
    if (!text.trim()) return;
    const cid = newClientId();
    const node = messageNode({ sender: "customer", text: display || text });
    node.setAttribute("data-client-id", cid);
    ui.log.appendChild(node);
    state.pending.set(cid, { text: text, display: display || null, el: node, emittedOn: 0 });
    state.outbox.push(cid);
    persistOutbox();
    setDelivery(node, isReady() ? "pending" : "queued");
    updateWelcome();
    // Writing again after a closed chat goes to the assistant (the server sends no status for it).
    if (state.status && state.status.state === "resolved") onStatus({ state: "bot" });
    state.replyAnchor = null;
    scrollToEnd(true);
    showTyping();
    connect();
    flush();
  }

  function isReady() {
    return !!(state.socket && state.socket.connected && state.joined);
  }

  /** Emit every unacknowledged message not yet emitted on this connection (same client id). */
  function flush() {
    if (!isReady()) {
      state.outbox.forEach((cid) => {
        const p = state.pending.get(cid);
        if (p && p.el.getAttribute("data-state") !== "failed") setDelivery(p.el, "queued");
      });
      return;
    }
    state.outbox.forEach((cid) => {
      const p = state.pending.get(cid);
      if (!p || p.emittedOn === state.connection) return;
      p.emittedOn = state.connection;
      setDelivery(p.el, "pending");
      state.socket.emit("user_uttered", { message: p.text, session_id: state.sessionId, client_message_id: cid,
                                          language: state.language });
    });
  }

  function forget(cid) {
    state.pending.delete(cid);
    state.outbox = state.outbox.filter((x) => x !== cid);
    persistOutbox();
  }

  function onAck(data) {
    if (!data || typeof data !== "object") return;
    const cid = data.client_message_id;
    const p = state.pending.get(cid);
    if (!p) return;
    forget(cid);
    const id = typeof data.id === "number" ? data.id : null;
    if (id !== null && state.shown.has(id) && state.shown.get(id) !== p.el) {
      p.el.remove(); // history already showed it (the first attempt got through)
      return;
    }
    if (id !== null) p.el.setAttribute("data-id", String(id));
    setDelivery(p.el, "sent");
    remember(id, p.el);
  }

  /** A polite error from the server: the oldest message in flight was not taken. */
  function onRejected() {
    const cid = state.outbox.find((x) => {
      const p = state.pending.get(x);
      return p && p.emittedOn === state.connection;
    });
    if (!cid) return;
    const p = state.pending.get(cid);
    forget(cid);
    setDelivery(p.el, "failed");
  }

  // ----- typing indicator and status ---------------------------------------------------------

  function showTyping() {
    ui.typing.hidden = false;
    clearTimeout(state.typingTimer);
    state.typingTimer = setTimeout(hideTyping, TYPING_MS);
    scrollToEnd(true);
  }

  function hideTyping() {
    clearTimeout(state.typingTimer);
    state.typingTimer = null;
    ui.typing.hidden = true;
  }

  function renderStatus() {
    const s = t();
    const status = state.status;
    let text = s.statusBot;
    let kind = "bot";
    if (status && typeof status === "object") {
      kind = ["waiting", "agent", "bot", "resolved"].indexOf(status.state) >= 0 ? status.state : "bot";
      if (kind === "waiting") {
        if (typeof status.text === "string" && status.text.trim()) text = status.text;
        else if (typeof status.position === "number") {
          text = s.statusPosition(status.position);
          if (typeof status.estimated_wait_seconds === "number") {
            text += s.statusWait(Math.max(1, Math.ceil(status.estimated_wait_seconds / 60)));
          }
        } else text = s.statusWaiting;
      } else if (kind === "agent") text = s.statusAgent(status.agent || state.agentName);
      else if (kind === "resolved") text = s.statusResolved;
      else text = status.back ? s.statusBack : s.statusBot;
    }
    ui.status.textContent = text;
    ui.status.setAttribute("data-state", kind);
  }

  function onStatus(data) {
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
  function retireQueueChoices() {
    ui.log.querySelectorAll(".bc-buttons:not(.bc-answered)").forEach((group) => {
      const queueOnly = Array.prototype.some.call(group.querySelectorAll(".bc-choice"), (b) =>
        QUEUE_PAYLOADS.indexOf(b.getAttribute("data-payload")) >= 0);
      if (queueOnly) disableGroup(group, null);
    });
  }

  function setConnectionNotice(text) {
    ui.connection.hidden = !text;
    ui.connection.textContent = text || "";
  }

  // ----- the connection -------------------------------------------------------------------

  function loadIO() {
    if (typeof window.io === "function") return Promise.resolve(window.io);
    if (state.ioLoading) return state.ioLoading;
    state.ioLoading = new Promise((resolve, reject) => {
      const tag = el("script", { src: SERVER + "/static/vendor/socket.io.min.js", async: true });
      tag.addEventListener("load", () => (typeof window.io === "function" ? resolve(window.io) : reject(new Error("no io"))));
      tag.addEventListener("error", () => reject(new Error("socket.io client did not load")));
      document.head.appendChild(tag);
    });
    state.ioLoading.catch(() => { state.ioLoading = null; });
    return state.ioLoading;
  }

  function requestSession(sessionId) {
    state.joined = false;
    state.socket.emit("session_request", {
      session_id: sessionId || null,
      customData: { language: state.language },
      last_seen_id: state.maxId,
      extended: true,
    });
  }

  function connect() {
    if (state.socket) return;
    state.socket = "loading";
    loadIO().then((io) => {
      const socket = io(SERVER, { transports: ["websocket"] });
      state.socket = socket;
      socket.on("connect", () => {
        state.connection += 1;
        state.everConnected = true;
        setConnectionNotice(null);
        requestSession(state.sessionId);
      });
      socket.on("disconnect", () => {
        state.joined = false;
        if (state.open || state.outbox.length) setConnectionNotice(t().offline);
        flush();
      });
      socket.on("connect_error", () => {
        updateWelcome();
        setConnectionNotice(state.everConnected ? t().offline : t().unavailable);
        flush();
      });
      socket.on("session_confirm", (token) => {
        const id = typeof token === "string" ? token : token && token.session_id;
        if (typeof id !== "string" || !id) return;
        if (state.sessionId && id !== state.sessionId && hasConversation()) resetConversation();
        state.sessionId = id;
        storage.setItem(KEY.session, id);
      });
      socket.on("history", (data) => {
        const messages = data && Array.isArray(data.messages) ? data.messages : [];
        messages.forEach((m) => showMessage(m, false));
        // Messages still waiting for their ack stay below what is already stored.
        state.outbox.forEach((cid) => {
          const p = state.pending.get(cid);
          if (p) ui.log.appendChild(p.el);
        });
        updateWelcome();
        if (!state.status || state.status.state !== "waiting") retireQueueChoices();
        state.joined = true;
        flush();
        scrollToEnd(true);
      });
      socket.on("bot_uttered", (message) => {
        if (message && message.error) onRejected();
        showMessage(message, true);
      });
      socket.on("message_ack", onAck);
      socket.on("handoff_status", onStatus);
    }).catch(() => {
      state.socket = null;
      setConnectionNotice(t().unavailable);
      flush();
    });
  }

  function resetConversation() {
    ui.log.textContent = "";
    state.shown.clear();
    state.maxId = 0;
    state.lastSender = null;
    state.agentName = "";
    state.status = null;
    storage.removeItem(KEY.agent);
    storage.removeItem(KEY.status);
    renderStatus();
    renderStarters();
  }

  function loadConfig() {
    if (state.config || state.configLoading) return;
    state.configLoading = true;
    fetch(SERVER + "/widget/config", { credentials: "omit" })
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status)))))
      .then((config) => {
        state.config = config && typeof config === "object" ? config : {};
        renderPrivacy();
      })
      .catch(() => { state.configLoading = false; });
  }

  // ----- language -------------------------------------------------------------------------

  function switchLanguage(language) {
    language = normalLanguage(language);
    if (language === state.language) return;
    state.language = language;
    storage.setItem(KEY.language, language);
    applyTexts();
    renderStarters();
    if (hasConversation()) {
      send(t().switchTo);
      return;
    }
    // Nothing said yet: start the conversation afresh in the new language.
    state.sessionId = null;
    storage.removeItem(KEY.session);
    if (state.socket && state.socket.connected) requestSession(null);
  }

  // ----- start ----------------------------------------------------------------------------

  function restoreOutbox() {
    readJSON(KEY.outbox, []).forEach((item) => {
      if (!item || typeof item.id !== "string" || typeof item.text !== "string") return;
      const node = messageNode({ sender: "customer", text: item.display || item.text });
      node.setAttribute("data-client-id", item.id);
      ui.log.appendChild(node);
      setDelivery(node, "queued");
      state.pending.set(item.id, { text: item.text, display: item.display || null, el: node, emittedOn: 0 });
      state.outbox.push(item.id);
    });
    updateWelcome();
  }

  function loadStyles() {
    return new Promise((resolve) => {
      const href = SERVER + "/static/widget.css";
      const existing = Array.prototype.find.call(document.querySelectorAll('link[rel="stylesheet"]'),
        (link) => link.href === href || /\/static\/widget\.css(\?|$)/.test(link.href));
      if (existing) {
        resolve();
        return;
      }
      const link = el("link", { rel: "stylesheet", href: href });
      link.addEventListener("load", () => resolve());
      link.addEventListener("error", () => resolve());
      setTimeout(resolve, 4000);
      document.head.appendChild(link);
    });
  }

  function start() {
    const root = build();
    document.body.appendChild(root);
    // A conversation is going on: its history replaces the welcome (no flash of it on reload).
    if (state.sessionId) ui.welcome.hidden = true;
    restoreOutbox();
    loadStyles().then(() => {
      root.hidden = false;
      if (state.sessionId || state.outbox.length) {
        connect(); // a conversation is going on: keep receiving (a person may answer)
        loadConfig();
      }
      if (storage.getItem(KEY.open) === "1") open({ quiet: true });
    });
  }

  window.BreachChat = {
    open: () => open(),
    close: () => close(),
    send: (text) => { open(); send(text); },
    get language() { return state.language; },
    setLanguage: (language) => switchLanguage(language),
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
