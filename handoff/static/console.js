/* Agent console: queue, claimed chats in tabs, replies, notes, hand back and resolve.
 *
 * Talks to the front door's console API (/console/api/...) and its agent Socket.IO namespace
 * (/agent). No framework, no build step. Message texts are only ever put into the page with
 * textContent (redacted placeholders such as <EMAIL> show literally).
 */
(function () {
  "use strict";

  const API = "/console/api";
  const QUEUE_REFRESH_MS = 15000;
  const CLOCK_TICK_MS = 10000;
  const BASE_TITLE = "Agent console";
  const SESSION_EXPIRED = "Your session has expired, please log in again.";
  const TAKEN = "Another agent has already taken this chat.";
  const SEND_RETRIES = 6;

  const REASONS = {
    customer_request: "Asked for a person",
    low_confidence: "Bot did not understand",
    legal_or_compensation: "Legal / compensation",
    deletion_request: "Deletion request",
    fraud_reported: "Fraud reported",
    frustration: "Frustrated customer",
  };
  const LANGUAGES = { en: "English", de: "German" };
  const SENDERS = { customer: "Customer", bot: "Bot", agent: "Agent", system: "System" };
  const ERRORS = {
    error_empty: "The text is empty.",
    error_too_long: "The text is too long.",
    error_unreadable: "The text could not be read.",
  };
  const PLACEHOLDER = /<[A-Z][A-Z0-9_]*>/g;

  // ----- state -------------------------------------------------------------------------

  const state = {
    csrf: null,
    me: null,
    socket: null,
    tabs: new Map(), // conversation id -> Tab
    order: [], // conversation ids in tab order
    active: null,
    queue: [],
    canned: new Map(), // language -> Promise<[{title, text}]>
    badge: 0,
    timers: [],
    expired: false,
    audio: null,
  };

  const $ = (id) => document.getElementById(id);
  const els = {};

  // ----- small helpers -----------------------------------------------------------------

  function h(tag, attrs, children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [key, value] of Object.entries(attrs)) {
        if (value === null || value === undefined || value === false) continue;
        if (key === "class") node.className = value;
        else if (key === "text") node.textContent = value;
        else if (key === "dataset") Object.assign(node.dataset, value);
        else if (key === "hidden") node.hidden = true;
        else node.setAttribute(key, value === true ? "" : String(value));
      }
    }
    for (const child of [].concat(children || [])) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** Text with redaction placeholders wrapped in <span class="placeholder">, all via the DOM. */
  function richText(text) {
    const fragment = document.createDocumentFragment();
    const value = String(text == null ? "" : text);
    let last = 0;
    for (const match of value.matchAll(PLACEHOLDER)) {
      if (match.index > last) fragment.append(document.createTextNode(value.slice(last, match.index)));
      const span = document.createElement("span");
      span.className = "placeholder";
      span.title = "Removed for privacy";
      span.textContent = match[0];
      fragment.append(span);
      last = match.index + match[0].length;
    }
    if (last < value.length) fragment.append(document.createTextNode(value.slice(last)));
    return fragment;
  }

  /** Timestamps from SQLite come without a zone; they are UTC. */
  function parseTime(value) {
    if (!value) return null;
    const iso = /(Z|[+-]\d\d:?\d\d)$/.test(value) ? value : value + "Z";
    const time = Date.parse(iso);
    return Number.isNaN(time) ? null : time;
  }

  function waitText(since) {
    const start = parseTime(since);
    if (start === null) return "";
    const minutes = Math.max(0, Math.floor((Date.now() - start) / 60000));
    if (minutes < 1) return "< 1 min";
    if (minutes < 60) return `${minutes} min`;
    const hours = Math.floor(minutes / 60);
    return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  }

  function clockText(value) {
    const time = parseTime(value);
    if (time === null) return "";
    return new Date(time).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function reasonText(reason) {
    if (!reason) return "Unknown reason";
    return REASONS[reason] || reason;
  }

  function languageText(code) {
    return LANGUAGES[code] || (code || "?").toUpperCase();
  }

  function percent(confidence) {
    const value = Number(confidence);
    return Number.isFinite(value) ? `${Math.round(value * 100)}%` : "?";
  }

  function shortId(id) {
    return String(id).slice(0, 6);
  }

  function newClientId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  // ----- notices -----------------------------------------------------------------------

  let noticeTimer = null;

  function notify(text, kind) {
    clearTimeout(noticeTimer);
    els.notice.textContent = text;
    els.noticeBar.dataset.kind = kind || "info";
    els.noticeBar.hidden = false;
    if ((kind || "info") === "info") noticeTimer = setTimeout(clearNotice, 8000);
  }

  function clearNotice() {
    clearTimeout(noticeTimer);
    els.notice.textContent = "";
    els.noticeBar.hidden = true;
  }

  // ----- HTTP --------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.error) || `HTTP ${status}`);
      this.status = status;
      this.body = body || {};
    }
  }

  class NetworkError extends Error {}

  async function api(method, path, body, options) {
    const opts = options || {};
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET" && state.csrf) headers["X-CSRF-Token"] = state.csrf;
    let response;
    try {
      response = await fetch(API + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch (error) {
      throw new NetworkError("The service cannot be reached. Check your connection.");
    }
    let data = null;
    try {
      data = await response.json();
    } catch (error) {
      data = null;
    }
    if (response.status === 401 && !opts.allow401) {
      sessionExpired();
      throw new ApiError(401, data);
    }
    if (response.status === 403 && !opts.csrfRetried && data && /csrf/i.test(data.error || "")) {
      // The session was renewed elsewhere (another console tab logged in): fetch its token, once.
      const me = await api("GET", "/me");
      state.csrf = me.csrf_token;
      return api(method, path, body, Object.assign({}, opts, { csrfRetried: true }));
    }
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }

  function errorText(error, fallback) {
    if (error instanceof NetworkError) return error.message;
    if (error instanceof ApiError) {
      if (error.status === 401) return SESSION_EXPIRED;
      if (error.status === 404) return "This conversation no longer exists.";
      if (error.status === 409) return "This chat is no longer assigned to you.";
      if (error.status === 400 && ERRORS[error.body.error]) return ERRORS[error.body.error];
      if (error.status === 429) return "Too many requests. Please wait a moment.";
      if (error.status >= 500) return "Something went wrong on the server. Please try again.";
    }
    return fallback || "Something went wrong. Please try again.";
  }

  // ----- login and session -------------------------------------------------------------

  function showLogin(message) {
    els.appView.hidden = true;
    els.sessionControls.hidden = true;
    els.loginView.hidden = false;
    document.title = BASE_TITLE;
    if (message) notify(message, "error");
    els.password.value = "";
    (els.username.value ? els.password : els.username).focus();
  }

  function teardown() {
    for (const timer of state.timers) clearInterval(timer);
    state.timers = [];
    if (state.socket) {
      state.socket.removeAllListeners();
      state.socket.disconnect();
      state.socket = null;
    }
    for (const id of [...state.order]) removeTab(id, { quiet: true });
    state.queue = [];
    renderQueue();
    state.canned.clear();
    state.me = null;
    state.csrf = null;
    state.badge = 0;
  }

  function sessionExpired() {
    if (state.expired) return;
    state.expired = true;
    teardown();
    showLogin(SESSION_EXPIRED);
  }

  async function onLogin(event) {
    event.preventDefault();
    const username = els.username.value.trim();
    const password = els.password.value;
    if (!username || !password) {
      notify("Please enter your username and password.", "error");
      (username ? els.password : els.username).focus();
      return;
    }
    els.loginSubmit.disabled = true;
    try {
      const data = await api("POST", "/login", { username, password }, { allow401: true });
      clearNotice();
      await start(data);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        notify("Wrong username or password.", "error");
        els.password.value = "";
        els.password.focus();
      } else if (error instanceof ApiError && error.status === 429) {
        notify("Too many attempts. Please wait a moment and try again.", "error");
      } else {
        notify(errorText(error, "Logging in failed. Please try again."), "error");
      }
    } finally {
      els.loginSubmit.disabled = false;
    }
  }

  async function onLogout() {
    els.logout.disabled = true;
    try {
      await api("POST", "/logout", {});
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return; // already out
    } finally {
      els.logout.disabled = false;
    }
    teardown();
    showLogin();
    notify("You are logged out.", "info");
  }

  /** After login or /me: show the app, connect the socket, load queue and own chats. */
  async function start(data) {
    state.expired = false;
    state.me = data.agent;
    state.csrf = data.csrf_token;
    els.loginView.hidden = true;
    els.appView.hidden = false;
    els.sessionControls.hidden = false;
    els.whoami.textContent = `Signed in as ${data.agent.display_name || data.agent.username}`;
    els.availability.checked = !!data.agent.available;
    updateAvailabilityLabel();
    els.password.value = "";
    connectSocket();
    state.timers.push(setInterval(() => refreshQueue(), QUEUE_REFRESH_MS));
    state.timers.push(setInterval(tick, CLOCK_TICK_MS));
    await Promise.all([refreshQueue(), restoreTabs()]);
  }

  async function boot() {
    try {
      const data = await api("GET", "/me", undefined, { allow401: true });
      await start(data);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) showLogin();
      else {
        showLogin();
        notify(errorText(error, "The console could not start. Please reload the page."), "error");
      }
    }
  }

  // ----- availability and sound --------------------------------------------------------

  function updateAvailabilityLabel() {
    els.availability.closest("label").dataset.on = els.availability.checked ? "true" : "false";
  }

  async function onAvailability() {
    const wanted = els.availability.checked;
    els.availability.disabled = true;
    updateAvailabilityLabel();
    try {
      const data = await api("POST", "/availability", { available: wanted });
      els.availability.checked = !!data.available;
      notify(data.available ? "You are available for new chats." : "You are not taking new chats.", "info");
    } catch (error) {
      els.availability.checked = !wanted;
      if (!(error instanceof ApiError && error.status === 401)) {
        notify(errorText(error, "Your availability could not be changed."), "error");
      }
    } finally {
      els.availability.disabled = false;
      updateAvailabilityLabel();
    }
  }

  function onSoundToggle() {
    try {
      localStorage.setItem("console.sound", els.sound.checked ? "on" : "off");
    } catch (error) {
      /* storage may be blocked */
    }
    if (els.sound.checked) {
      ensureAudio();
      beep();
    }
  }

  function ensureAudio() {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return null;
    if (!state.audio) state.audio = new Context();
    if (state.audio.state === "suspended") state.audio.resume().catch(() => {});
    return state.audio;
  }

  function beep() {
    const context = ensureAudio();
    if (!context) return;
    const now = context.currentTime;
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = "sine";
    oscillator.frequency.setValueAtTime(880, now);
    oscillator.frequency.setValueAtTime(1175, now + 0.09);
    gain.gain.setValueAtTime(0.0001, now);
    gain.gain.exponentialRampToValueAtTime(0.15, now + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + 0.22);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(now);
    oscillator.stop(now + 0.25);
  }

  // ----- title badge -------------------------------------------------------------------

  function renderTitle() {
    document.title = state.badge > 0 ? `(${state.badge}) ${BASE_TITLE}` : BASE_TITLE;
  }

  function resetBadge() {
    if (state.badge) {
      state.badge = 0;
      renderTitle();
    }
  }

  // ----- socket ------------------------------------------------------------------------

  function setConnection(kind, text) {
    els.connection.dataset.state = kind;
    els.connection.textContent = text;
  }

  function connectSocket() {
    if (typeof window.io !== "function") {
      setConnection("down", "Live updates unavailable");
      notify("Live updates are unavailable (the Socket.IO client did not load). The queue still refreshes.", "error");
      return;
    }
    if (state.socket) return;
    const socket = window.io("/agent", { withCredentials: true, transports: ["websocket", "polling"] });
    state.socket = socket;
    setConnection("connecting", "Connecting…");

    socket.on("connect", () => {
      setConnection("live", "Live");
      for (const id of state.order) {
        const tab = state.tabs.get(id);
        if (tab && tab.data) watch(tab);
      }
      refreshQueue();
      reconcileTabs();
    });
    socket.on("disconnect", (reason) => {
      setConnection("down", "Reconnecting…");
      if (reason === "io server disconnect") {
        // Refused or dropped by the server: check the login, then try again.
        checkSession().then((ok) => {
          if (ok && state.socket === socket) socket.connect();
        });
      }
    });
    socket.on("connect_error", () => {
      setConnection("down", "Reconnecting…");
      if (!socket.active) {
        checkSession().then((ok) => {
          if (ok && state.socket === socket) setTimeout(() => socket.connect(), 2000);
        });
      }
    });

    socket.on("handoff.requested", (data) => {
      state.badge += 1;
      renderTitle();
      if (els.sound.checked) beep();
      refreshQueue();
      if (data && data.conversation_id) notify(`New chat waiting: ${reasonText(data.reason)}.`, "info");
    });
    socket.on("queue.changed", (data) => {
      refreshQueue();
      const id = data && data.conversation_id;
      if (id && state.tabs.has(id) && data.claimed_by !== undefined && data.claimed_by !== state.me.id) {
        reconcileTabs();
      }
    });
    socket.on("callback.requested", (data) => {
      const id = data && data.conversation_id;
      refreshQueue();
      if (id && state.tabs.has(id)) {
        refreshDetails(state.tabs.get(id));
        notify(`The customer in chat ${shortId(id)} asked for a call back.`, "info");
      }
    });
    socket.on("message.created", (data) => {
      if (!data || !state.tabs.has(data.conversation_id) || !data.message) return;
      const tab = state.tabs.get(data.conversation_id);
      addMessage(tab, data.message, { live: true });
    });
    socket.on("note.created", (data) => {
      if (!data || !state.tabs.has(data.conversation_id) || !data.note) return;
      addNote(state.tabs.get(data.conversation_id), data.note);
    });
  }

  async function checkSession() {
    try {
      const me = await api("GET", "/me");
      state.csrf = me.csrf_token;
      return true;
    } catch (error) {
      return false; // a 401 already went back to the login form
    }
  }

  /** Follow one conversation live; the ack brings the messages missed since ``lastSeen``. */
  function watch(tab) {
    const socket = state.socket;
    if (!tab || !socket || !socket.connected) return;
    socket.timeout(10000).emit("watch", { conversation_id: tab.id, last_seen_id: tab.lastSeen }, (err, reply) => {
      if (!state.tabs.has(tab.id)) return;
      if (err) {
        if (socket.connected) setTimeout(() => watch(tab), 3000);
        return;
      }
      if (reply && Array.isArray(reply.messages)) {
        for (const message of reply.messages) addMessage(tab, message, { live: true });
      }
    });
  }

  // ----- queue -------------------------------------------------------------------------

  let queueLoading = null;

  function refreshQueue() {
    if (!state.me) return Promise.resolve();
    if (queueLoading) return queueLoading;
    queueLoading = api("GET", "/queue")
      .then((items) => {
        state.queue = Array.isArray(items) ? items : [];
        renderQueue();
      })
      .catch((error) => {
        if (!(error instanceof ApiError && error.status === 401)) {
          els.queueEmpty.textContent = "The queue could not be loaded. Retrying…";
        }
      })
      .finally(() => {
        queueLoading = null;
      });
    return queueLoading;
  }

  function lastGuess(ranking) {
    if (!Array.isArray(ranking) || !ranking.length) return null;
    const last = ranking[ranking.length - 1];
    return last && last.intent ? last : null;
  }

  function queueItem(item) {
    const li = h("li", { class: "queue-item", dataset: { conversationId: item.conversation_id } });
    const guess = lastGuess(item.intent_ranking);
    li.append(
      h("div", { class: "qi-top" }, [
        h("span", { class: "qi-reason", dataset: { reason: item.reason || "" }, text: reasonText(item.reason) }),
        h("span", { class: "qi-wait", title: "Waiting time" }, [
          h("span", { class: "visually-hidden", text: "waiting " }),
          h("span", { class: "qi-wait-value", text: waitText(item.waiting_since) }),
        ]),
      ]),
      h("div", { class: "qi-meta" }, [
        h("span", { class: "lang-badge", title: languageText(item.language), text: (item.language || "?").toUpperCase() }),
        h("span", { class: "visually-hidden", text: ` ${languageText(item.language)}` }),
        guess
          ? h("span", { class: "qi-guess" }, [
              "Bot guessed ",
              h("code", { text: guess.intent }),
              ` ${percent(guess.confidence)}`,
            ])
          : h("span", { class: "qi-guess muted", text: "No intent guesses" }),
      ]),
      h("button", {
        type: "button",
        class: "button button-primary button-small claim",
        "aria-label": `Claim chat: ${reasonText(item.reason)}, ${languageText(item.language)}`,
        text: "Claim",
      })
    );
    li.querySelector(".claim").addEventListener("click", () => claim(item.conversation_id, li));
    return li;
  }

  function renderQueue() {
    const list = els.queue;
    const existing = new Map();
    for (const li of list.querySelectorAll(":scope > li[data-conversation-id]")) {
      existing.set(li.dataset.conversationId, li);
    }
    const wanted = state.queue.filter((item) => item && item.conversation_id);
    const keep = new Set(wanted.map((item) => item.conversation_id));
    for (const [id, li] of existing) if (!keep.has(id)) li.remove();
    let previous = null;
    for (const item of wanted) {
      let li = existing.get(item.conversation_id);
      if (li && li.dataset.reasonKey !== `${item.reason}|${item.language}|${JSON.stringify(item.intent_ranking)}`) {
        const fresh = queueItem(item);
        const hadFocus = li.contains(document.activeElement);
        li.replaceWith(fresh);
        li = fresh;
        if (hadFocus) li.querySelector(".claim").focus();
      }
      if (!li) li = queueItem(item);
      li.dataset.reasonKey = `${item.reason}|${item.language}|${JSON.stringify(item.intent_ranking)}`;
      li.dataset.waitingSince = item.waiting_since || "";
      li.querySelector(".qi-wait-value").textContent = waitText(item.waiting_since);
      const expected = previous ? previous.nextElementSibling : list.firstElementChild;
      if (expected !== li) list.insertBefore(li, expected);
      previous = li;
    }
    els.queueCount.textContent = String(wanted.length);
    els.queueEmpty.textContent = "No one is waiting.";
    els.queueEmpty.hidden = wanted.length > 0;
  }

  function tick() {
    for (const li of els.queue.querySelectorAll("li[data-conversation-id]")) {
      li.querySelector(".qi-wait-value").textContent = waitText(li.dataset.waitingSince);
    }
  }

  async function claim(id, li) {
    const button = li && li.querySelector(".claim");
    if (button) {
      button.disabled = true;
      button.textContent = "Claiming…";
    }
    try {
      await api("POST", `/conversations/${encodeURIComponent(id)}/claim`, {});
      state.queue = state.queue.filter((item) => item.conversation_id !== id);
      renderQueue();
      await openTab(id, { select: true, focus: true });
      refreshQueue();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return;
      if (error instanceof ApiError && error.status === 409) {
        notify(TAKEN, "error");
      } else {
        notify(errorText(error, "The chat could not be claimed."), "error");
      }
      if (button && button.isConnected) {
        button.disabled = false;
        button.textContent = "Claim";
      }
      refreshQueue();
    }
  }

  // ----- tabs --------------------------------------------------------------------------

  async function restoreTabs() {
    let mine;
    try {
      mine = await api("GET", "/mine");
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) {
        notify(errorText(error, "Your open chats could not be loaded."), "error");
      }
      return;
    }
    let remembered = null;
    try {
      remembered = sessionStorage.getItem("console.active");
    } catch (error) {
      remembered = null;
    }
    await Promise.all((mine || []).map((item) => openTab(item.conversation_id, { select: false })));
    if (!state.active && state.order.length) {
      selectTab(state.order.includes(remembered) ? remembered : state.order[0], { focus: false });
    }
  }

  /** Compare open tabs with GET /mine: open missing ones, mark lost ones. */
  async function reconcileTabs() {
    let mine;
    try {
      mine = await api("GET", "/mine");
    } catch (error) {
      return;
    }
    const owned = new Set((mine || []).map((item) => item.conversation_id));
    for (const id of state.order) {
      const tab = state.tabs.get(id);
      setOwned(tab, owned.has(id));
    }
    for (const id of owned) if (!state.tabs.has(id)) openTab(id, { select: !state.active });
  }

  async function openTab(id, options) {
    const opts = options || {};
    if (state.tabs.has(id)) {
      if (opts.select) selectTab(id, { focus: opts.focus });
      return state.tabs.get(id);
    }
    const tab = createTab(id);
    state.tabs.set(id, tab);
    state.order.push(id);
    els.tablist.append(tab.els.tab);
    els.panels.append(tab.els.panel);
    updateEmptyState();
    if (opts.select || !state.active) selectTab(id, { focus: false });
    try {
      const data = await api("GET", `/conversations/${encodeURIComponent(id)}`);
      if (!state.tabs.has(id)) return null;
      renderConversation(tab, data);
      watch(tab);
      loadCanned(tab);
      if (opts.focus && state.active === id) tab.els.replyText.focus();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      tab.els.transcript.replaceChildren(
        h("p", { class: "transcript-error", text: errorText(error, "This chat could not be loaded.") })
      );
      if (error instanceof ApiError && error.status === 404) setOwned(tab, false);
    }
    return tab;
  }

  function createTab(id) {
    const tabId = `tab-${id}`;
    const panelId = `panel-${id}`;
    const tab = {
      id,
      data: null,
      lastSeen: 0,
      messageIds: new Set(),
      noteIds: new Set(),
      owned: true,
      busy: false,
      els: {},
    };

    const tabButton = h("button", {
      type: "button",
      role: "tab",
      id: tabId,
      class: "tab",
      "aria-selected": "false",
      "aria-controls": panelId,
      tabindex: "-1",
      dataset: { conversationId: id },
    }, [
      h("span", { class: "tab-lang", text: "··" }),
      h("span", { class: "tab-title", text: `Chat ${shortId(id)}` }),
      h("span", { class: "tab-unread", "aria-hidden": "true", hidden: true }),
      h("span", { class: "visually-hidden tab-unread-label" }),
    ]);
    tabButton.addEventListener("click", () => selectTab(id, { focus: false }));
    tabButton.addEventListener("keydown", onTabKey);

    // Conversation column
    const transcript = h("div", {
      class: "transcript",
      role: "log",
      "aria-live": "polite",
      "aria-label": "Transcript",
      tabindex: "0",
    }, [h("p", { class: "muted loading", text: "Loading the conversation…" })]);

    const replyId = `reply-${id}`;
    const cannedId = `canned-${id}`;
    const replyText = h("textarea", {
      id: replyId,
      class: "reply-text",
      rows: "3",
      placeholder: "Write to the customer…",
      "aria-describedby": `reply-hint-${id}`,
    });
    const canned = h("select", { id: cannedId, class: "canned" }, [
      h("option", { value: "", text: "Insert a canned reply…" }),
    ]);
    const replySend = h("button", { type: "submit", class: "button button-primary reply-send", text: "Send" });
    const replyForm = h("form", { class: "composer", novalidate: true }, [
      h("div", { class: "composer-head" }, [
        h("label", { for: replyId, class: "composer-label", text: "Reply to the customer" }),
        h("div", { class: "canned-wrap" }, [
          h("label", { for: cannedId, class: "visually-hidden", text: "Canned reply" }),
          canned,
        ]),
      ]),
      replyText,
      h("div", { class: "composer-foot" }, [
        h("span", { id: `reply-hint-${id}`, class: "hint muted", text: "Ctrl+Enter to send" }),
        replySend,
      ]),
    ]);

    const lostBanner = h("div", { class: "lost-banner", role: "alert", hidden: true }, [
      h("span", { text: "This chat is no longer assigned to you." }),
      h("button", { type: "button", class: "button button-small close-tab", text: "Close tab" }),
    ]);

    const conversationColumn = h("section", { class: "conversation", "aria-label": "Conversation" }, [
      h("div", { class: "conversation-head" }, [
        h("h2", { class: "conversation-title", text: `Chat ${shortId(id)}` }),
        h("span", { class: "conversation-sub muted" }),
      ]),
      lostBanner,
      transcript,
      replyForm,
    ]);

    // Details column
    const noteId = `note-${id}`;
    const noteText = h("textarea", { id: noteId, class: "note-text", rows: "2" });
    const noteSend = h("button", { type: "submit", class: "button note-send", text: "Add note" });
    const notesList = h("ul", { class: "notes" });
    const noteForm = h("form", { class: "note-form", novalidate: true }, [
      h("label", { for: noteId, class: "note-label", text: "Private note (never shown to the customer)" }),
      noteText,
      h("div", { class: "note-foot" }, [noteSend]),
    ]);

    const handBack = h("button", { type: "button", class: "button hand-back", text: "Hand back to assistant" });
    const resolve = h("button", { type: "button", class: "button button-success resolve", text: "Resolve" });
    const confirmBox = h("div", { class: "confirm", role: "group", "aria-label": "Confirm", hidden: true }, [
      h("p", { class: "confirm-text" }),
      h("div", { class: "confirm-actions" }, [
        h("button", { type: "button", class: "button button-primary confirm-yes", text: "Yes" }),
        h("button", { type: "button", class: "button button-quiet confirm-no", text: "Cancel" }),
      ]),
    ]);

    const details = h("aside", { class: "details", "aria-label": "Chat details" }, [
      h("section", { class: "card" }, [
        h("h3", { text: "Why a person" }),
        h("p", { class: "handoff-reason", text: "…" }),
        h("dl", { class: "facts" }, [
          h("dt", { text: "Language" }), h("dd", { class: "fact-language", text: "…" }),
          h("dt", { text: "Waiting since" }), h("dd", { class: "fact-waiting", text: "…" }),
        ]),
        h("div", { class: "callback", hidden: true }, [
          h("h4", { text: "Call back" }),
          h("a", { class: "callback-phone" }),
        ]),
      ]),
      h("section", { class: "card" }, [
        h("h3", { text: "Bot's intent guesses" }),
        h("ol", { class: "intent-guesses" }),
      ]),
      h("section", { class: "card card-notes" }, [
        h("h3", { text: "Private notes" }),
        notesList,
        noteForm,
      ]),
      h("section", { class: "card card-actions" }, [
        h("h3", { class: "visually-hidden", text: "Finish" }),
        h("div", { class: "finish-buttons" }, [handBack, resolve]),
        confirmBox,
      ]),
    ]);

    const panel = h("div", {
      role: "tabpanel",
      id: panelId,
      class: "panel",
      "aria-labelledby": tabId,
      dataset: { panelFor: id },
      hidden: true,
    }, [conversationColumn, details]);

    tab.els = {
      tab: tabButton, panel, transcript, replyText, replySend, replyForm, canned, noteText, noteSend,
      noteForm, notesList, handBack, resolve, confirmBox, lostBanner,
      title: conversationColumn.querySelector(".conversation-title"),
      sub: conversationColumn.querySelector(".conversation-sub"),
      reason: details.querySelector(".handoff-reason"),
      language: details.querySelector(".fact-language"),
      waiting: details.querySelector(".fact-waiting"),
      callback: details.querySelector(".callback"),
      callbackPhone: details.querySelector(".callback-phone"),
      guesses: details.querySelector(".intent-guesses"),
    };

    replyForm.addEventListener("submit", (event) => {
      event.preventDefault();
      sendReply(tab);
    });
    replyText.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        sendReply(tab);
      }
    });
    canned.addEventListener("change", () => insertCanned(tab));
    noteForm.addEventListener("submit", (event) => {
      event.preventDefault();
      sendNote(tab);
    });
    noteText.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        sendNote(tab);
      }
    });
    handBack.addEventListener("click", () => askConfirm(tab, "hand-back"));
    resolve.addEventListener("click", () => askConfirm(tab, "resolve"));
    confirmBox.querySelector(".confirm-no").addEventListener("click", () => closeConfirm(tab, true));
    confirmBox.querySelector(".confirm-yes").addEventListener("click", () => finish(tab));
    confirmBox.addEventListener("keydown", (event) => {
      if (event.key === "Escape") closeConfirm(tab, true);
    });
    lostBanner.querySelector(".close-tab").addEventListener("click", () => removeTab(id));
    return tab;
  }

  function onTabKey(event) {
    const index = state.order.indexOf(event.currentTarget.dataset.conversationId);
    let next = null;
    if (event.key === "ArrowRight") next = (index + 1) % state.order.length;
    else if (event.key === "ArrowLeft") next = (index - 1 + state.order.length) % state.order.length;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = state.order.length - 1;
    if (next === null) return;
    event.preventDefault();
    selectTab(state.order[next], { focus: "tab" });
  }

  function selectTab(id, options) {
    const opts = options || {};
    const tab = state.tabs.get(id);
    if (!tab) return;
    state.active = id;
    try {
      sessionStorage.setItem("console.active", id);
    } catch (error) {
      /* storage may be blocked */
    }
    for (const [otherId, other] of state.tabs) {
      const selected = otherId === id;
      other.els.tab.setAttribute("aria-selected", selected ? "true" : "false");
      other.els.tab.tabIndex = selected ? 0 : -1;
      other.els.panel.hidden = !selected;
    }
    setUnread(tab, false);
    tab.els.tab.scrollIntoView({ block: "nearest", inline: "nearest" });
    scrollToEnd(tab);
    if (opts.focus === "tab") tab.els.tab.focus();
    else if (opts.focus) tab.els.replyText.focus();
  }

  function removeTab(id, options) {
    const opts = options || {};
    const tab = state.tabs.get(id);
    if (!tab) return;
    const index = state.order.indexOf(id);
    const hadFocus = tab.els.panel.contains(document.activeElement) || tab.els.tab === document.activeElement;
    tab.els.tab.remove();
    tab.els.panel.remove();
    state.tabs.delete(id);
    state.order.splice(index, 1);
    if (state.active === id) {
      state.active = null;
      const next = state.order[Math.min(index, state.order.length - 1)];
      if (next) selectTab(next, { focus: hadFocus && !opts.quiet ? "tab" : false });
      else if (hadFocus && !opts.quiet) {
        const firstClaim = els.queue.querySelector(".claim");
        (firstClaim || els.workspace).focus();
      }
    }
    updateEmptyState();
  }

  function updateEmptyState() {
    const none = state.order.length === 0;
    els.emptyState.hidden = !none;
    els.tablist.hidden = none;
  }

  function setUnread(tab, unread) {
    const dot = tab.els.tab.querySelector(".tab-unread");
    dot.hidden = !unread;
    tab.els.tab.querySelector(".tab-unread-label").textContent = unread ? " (new messages)" : "";
    tab.els.tab.classList.toggle("has-unread", unread);
  }

  function setOwned(tab, owned) {
    if (!tab) return;
    tab.owned = owned;
    tab.els.lostBanner.hidden = owned;
    tab.els.panel.classList.toggle("is-lost", !owned);
    tab.els.tab.classList.toggle("is-lost", !owned);
    for (const control of [tab.els.replyText, tab.els.replySend, tab.els.canned, tab.els.handBack, tab.els.resolve]) {
      control.disabled = !owned;
    }
  }

  // ----- conversation rendering --------------------------------------------------------

  function renderConversation(tab, data) {
    tab.data = data;
    tab.els.transcript.replaceChildren();
    tab.messageIds.clear();
    tab.lastSeen = 0;
    tab.dividerPlaced = false;
    renderDetails(tab, data);
    tab.handoffAt = handoffTime(data.transitions);
    const messages = Array.isArray(data.messages) ? data.messages : [];
    for (const message of messages) addMessage(tab, message, { live: false });
    if (!messages.length) {
      tab.els.transcript.append(h("p", { class: "muted loading", text: "No messages yet." }));
    }
    tab.els.notesList.replaceChildren();
    tab.noteIds.clear();
    for (const note of data.notes || []) addNote(tab, note);
    updateNotesEmpty(tab);
    scrollToEnd(tab);
  }

  function renderDetails(tab, data) {
    const language = languageText(data.language);
    tab.els.tab.querySelector(".tab-lang").textContent = (data.language || "?").toUpperCase();
    tab.els.tab.querySelector(".tab-title").textContent = `${reasonText(data.reason)} · ${shortId(tab.id)}`;
    tab.els.tab.title = `${reasonText(data.reason)}, ${language}`;
    tab.els.title.textContent = `Chat ${shortId(tab.id)}`;
    tab.els.sub.textContent = `${language} · ${reasonText(data.reason)}`;
    tab.els.reason.textContent = reasonText(data.reason);
    tab.els.reason.dataset.reason = data.reason || "";
    tab.els.language.textContent = `${language} (${(data.language || "?").toUpperCase()})`;
    const waitingSince = data.waiting_since || (handoffTime(data.transitions) || null);
    tab.els.waiting.textContent = waitingSince ? new Date(parseTime(waitingSince)).toLocaleString() : "—";
    if (data.callback_phone) {
      tab.els.callback.hidden = false;
      tab.els.callbackPhone.textContent = data.callback_phone;
      tab.els.callbackPhone.href = `tel:${String(data.callback_phone).replace(/[^+\d]/g, "")}`;
    } else {
      tab.els.callback.hidden = true;
    }
    renderGuesses(tab.els.guesses, data.intent_ranking);
  }

  function renderGuesses(list, ranking) {
    list.replaceChildren();
    if (!Array.isArray(ranking) || !ranking.length) {
      list.append(h("li", { class: "muted no-guesses", text: "No intent guesses (the customer asked for a person directly)." }));
      return;
    }
    const total = ranking.length;
    ranking.forEach((turn, index) => {
      if (!turn) return;
      const label = index === total - 1 ? "Last customer message" : `Customer message ${index + 1} of ${total}`;
      const others = (Array.isArray(turn.ranking) ? turn.ranking : []).filter((guess) => guess && guess.intent !== turn.intent);
      list.append(h("li", { class: "guess-turn" }, [
        h("span", { class: "guess-label muted", text: label }),
        h("span", { class: "guess-main" }, [
          h("code", { class: "guess-intent", text: turn.intent || "unknown" }),
          h("span", { class: "guess-confidence", dataset: { level: level(turn.confidence) }, text: percent(turn.confidence) }),
        ]),
        others.length
          ? h("span", { class: "guess-others muted" }, [
              "Also: ",
              ...others.flatMap((guess, i) => [
                i ? ", " : "",
                h("code", { text: guess.intent }),
                ` ${percent(guess.confidence)}`,
              ]),
            ])
          : null,
      ]));
    });
  }

  function level(confidence) {
    const value = Number(confidence);
    if (value >= 0.8) return "high";
    if (value >= 0.5) return "medium";
    return "low";
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

  function senderLabel(tab, message, live) {
    if (message.sender !== "agent") return SENDERS[message.sender] || message.sender || "Unknown";
    if (live || tab.ownIds && tab.ownIds.has(message.id)) return "You";
    const owner = ownerAt(tab, parseTime(message.created_at));
    return state.me && owner === state.me.id ? "You" : "Agent";
  }

  function messageNode(tab, message, live) {
    const sender = String(message.sender || "unknown");
    const label = senderLabel(tab, message, live);
    const node = h("div", {
      class: `message message-${sender}${label === "You" ? " message-mine" : ""}`,
      dataset: { sender, id: String(message.id) },
    });
    const meta = h("div", { class: "message-meta" }, [
      h("span", { class: "sender-label", text: label }),
      message.created_at
        ? h("time", { datetime: message.created_at, class: "message-time", text: clockText(message.created_at) })
        : null,
    ]);
    const body = h("div", { class: "message-text" });
    body.append(richText(message.text));
    node.append(meta, body);
    if (Array.isArray(message.buttons) && message.buttons.length) {
      node.append(h("div", { class: "message-buttons" }, [
        h("span", { class: "muted", text: "Offered buttons: " }),
        ...message.buttons.map((button) => h("span", { class: "offered-button", text: (button && button.title) || "" })),
      ]));
    }
    return node;
  }

  /** Insert a message in id order, once. */
  function addMessage(tab, message, options) {
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
        transcript.append(h("div", { class: "handoff-divider", role: "separator" }, [
          h("span", { text: `Handed over to a person: ${reasonText(tab.data && tab.data.reason)}` }),
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

    if (live && message.sender === "customer" && state.active !== tab.id) setUnread(tab, true);
    if (atEnd || (live && message.sender === "agent")) scrollToEnd(tab);
  }

  function isNearEnd(element) {
    return element.scrollHeight - element.scrollTop - element.clientHeight < 60;
  }

  function scrollToEnd(tab) {
    const transcript = tab.els.transcript;
    requestAnimationFrame(() => {
      transcript.scrollTop = transcript.scrollHeight;
    });
  }

  function addNote(tab, note) {
    if (!note || note.id === undefined || tab.noteIds.has(note.id)) return;
    tab.noteIds.add(note.id);
    const mine = state.me && note.agent_id === state.me.id;
    const item = h("li", { class: "note", dataset: { id: String(note.id) } }, [
      h("div", { class: "note-meta" }, [
        h("span", { class: "note-author", text: mine ? "You" : `Agent #${note.agent_id}` }),
        note.created_at ? h("time", { datetime: note.created_at, text: clockText(note.created_at) }) : null,
      ]),
      h("div", { class: "note-body" }, [richText(note.text)]),
    ]);
    tab.els.notesList.append(item);
    updateNotesEmpty(tab);
  }

  function updateNotesEmpty(tab) {
    const list = tab.els.notesList;
    const empty = list.querySelector(".notes-empty");
    const hasNotes = list.querySelector(".note") !== null;
    if (hasNotes && empty) empty.remove();
    if (!hasNotes && !empty) list.append(h("li", { class: "notes-empty muted", text: "No notes yet." }));
  }

  async function refreshDetails(tab) {
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

  // ----- canned replies ----------------------------------------------------------------

  function cannedFor(language) {
    const key = language === "de" ? "de" : "en";
    if (!state.canned.has(key)) {
      const request = api("GET", `/canned?language=${key}`).then((items) => (Array.isArray(items) ? items : []));
      request.catch(() => state.canned.delete(key));
      state.canned.set(key, request);
    }
    return state.canned.get(key);
  }

  async function loadCanned(tab) {
    const language = (tab.data && tab.data.language) || "en";
    let items;
    try {
      items = await cannedFor(language);
    } catch (error) {
      tab.els.canned.replaceChildren(h("option", { value: "", text: "Canned replies unavailable" }));
      return;
    }
    tab.canned = items;
    tab.els.canned.replaceChildren(
      h("option", { value: "", text: items.length ? `Insert a canned reply (${languageText(language)})…` : "No canned replies" }),
      ...items.map((item, index) => h("option", { value: String(index), text: item.title }))
    );
  }

  function insertCanned(tab) {
    const select = tab.els.canned;
    const item = tab.canned && tab.canned[Number(select.value)];
    select.value = "";
    if (select.selectedIndex < 0) select.selectedIndex = 0;
    if (!item) return;
    const area = tab.els.replyText;
    const start = area.selectionStart != null ? area.selectionStart : area.value.length;
    const end = area.selectionEnd != null ? area.selectionEnd : area.value.length;
    const before = area.value.slice(0, start);
    const after = area.value.slice(end);
    const gapBefore = before && !/\s$/.test(before) ? " " : "";
    const gapAfter = after && !/^\s/.test(after) ? " " : "";
    area.value = before + gapBefore + item.text + gapAfter + after;
    const caret = (before + gapBefore + item.text).length;
    area.focus();
    area.setSelectionRange(caret, caret);
  }

  // ----- replies -----------------------------------------------------------------------

  async function sendReply(tab) {
    const text = tab.els.replyText.value;
    if (!text.trim()) {
      notify("Write a reply first.", "error");
      tab.els.replyText.focus();
      return;
    }
    if (!tab.owned) {
      notify("This chat is no longer assigned to you.", "error");
      return;
    }
    const outgoing = { text, clientId: newClientId() };
    tab.els.replyText.value = "";
    tab.els.replyText.focus();
    deliver(tab, outgoing);
  }

  function pendingNode(tab, outgoing) {
    const node = h("div", { class: "message message-agent message-mine is-pending", "aria-busy": "true" }, [
      h("div", { class: "message-meta" }, [
        h("span", { class: "sender-label", text: "You" }),
        h("span", { class: "message-status", text: "Sending…" }),
      ]),
      h("div", { class: "message-text" }, [richText(outgoing.text.trim())]),
    ]);
    tab.els.transcript.append(node);
    scrollToEnd(tab);
    return node;
  }

  /** POST the reply; on network errors retry with the same client_message_id (idempotent). */
  async function deliver(tab, outgoing) {
    if (!outgoing.node) outgoing.node = pendingNode(tab, outgoing);
    const node = outgoing.node;
    node.classList.remove("is-failed");
    node.querySelector(".message-status").textContent = "Sending…";
    const retry = node.querySelector(".retry");
    if (retry) retry.remove();
    const path = `/conversations/${encodeURIComponent(tab.id)}/messages`;
    for (let attempt = 0; attempt < SEND_RETRIES; attempt += 1) {
      try {
        const data = await api("POST", path, { text: outgoing.text, client_message_id: outgoing.clientId });
        node.remove();
        tab.ownIds = tab.ownIds || new Set();
        tab.ownIds.add(data.id);
        addMessage(tab, {
          id: data.id, sender: "agent", text: outgoing.text.trim(), created_at: new Date().toISOString(),
        }, { live: true });
        return;
      } catch (error) {
        if (!state.tabs.has(tab.id) || (error instanceof ApiError && error.status === 401)) return;
        const transient = error instanceof NetworkError ||
          (error instanceof ApiError && [502, 503, 504].includes(error.status));
        if (!transient || attempt === SEND_RETRIES - 1) {
          failed(tab, outgoing, error);
          return;
        }
        node.querySelector(".message-status").textContent = `Connection problem, retrying (${attempt + 1})…`;
        await sleep(Math.min(8000, 1000 * 2 ** attempt));
      }
    }
  }

  function failed(tab, outgoing, error) {
    const node = outgoing.node;
    node.classList.add("is-failed");
    node.removeAttribute("aria-busy");
    node.querySelector(".message-status").textContent = `Not sent: ${errorText(error)}`;
    const retry = h("button", { type: "button", class: "button button-small retry", text: "Try again" });
    retry.addEventListener("click", () => deliver(tab, outgoing));
    const discard = h("button", { type: "button", class: "button button-small button-quiet retry", text: "Discard" });
    discard.addEventListener("click", () => {
      node.remove();
      if (!tab.els.replyText.value.trim()) tab.els.replyText.value = outgoing.text;
      tab.els.replyText.focus();
    });
    node.append(h("div", { class: "retry-row" }, [retry, discard]));
    notify(`Your reply was not sent: ${errorText(error)}`, "error");
    if (error instanceof ApiError && error.status === 409) reconcileTabs();
  }

  // ----- notes -------------------------------------------------------------------------

  async function sendNote(tab) {
    const text = tab.els.noteText.value;
    if (!text.trim()) {
      notify("Write a note first.", "error");
      tab.els.noteText.focus();
      return;
    }
    tab.els.noteSend.disabled = true;
    try {
      const data = await api("POST", `/conversations/${encodeURIComponent(tab.id)}/notes`, { text });
      addNote(tab, { id: data.id, agent_id: state.me && state.me.id, text: text.trim(), created_at: new Date().toISOString() });
      tab.els.noteText.value = "";
      tab.els.noteText.focus();
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) {
        notify(errorText(error, "The note could not be saved."), "error");
      }
    } finally {
      tab.els.noteSend.disabled = false;
    }
  }

  // ----- hand back and resolve ---------------------------------------------------------

  const FINISH = {
    "hand-back": {
      question: "Hand this chat back to the assistant? The bot will greet the customer again.",
      yes: "Yes, hand back",
      path: "hand-back",
      done: "The chat is back with the assistant.",
    },
    resolve: {
      question: "Resolve and close this chat? If the customer writes again, the assistant answers.",
      yes: "Yes, resolve",
      path: "resolve",
      done: "The chat is resolved.",
    },
  };

  function askConfirm(tab, action) {
    const spec = FINISH[action];
    tab.pending = action;
    const box = tab.els.confirmBox;
    box.dataset.action = action;
    box.querySelector(".confirm-text").textContent = spec.question;
    box.querySelector(".confirm-yes").textContent = spec.yes;
    box.hidden = false;
    tab.els.handBack.setAttribute("aria-expanded", action === "hand-back" ? "true" : "false");
    tab.els.resolve.setAttribute("aria-expanded", action === "resolve" ? "true" : "false");
    box.querySelector(".confirm-yes").focus({ preventScroll: true });
    box.scrollIntoView({ block: "nearest" });
  }

  function closeConfirm(tab, refocus) {
    const action = tab.pending;
    tab.pending = null;
    tab.els.confirmBox.hidden = true;
    tab.els.handBack.setAttribute("aria-expanded", "false");
    tab.els.resolve.setAttribute("aria-expanded", "false");
    if (refocus) (action === "resolve" ? tab.els.resolve : tab.els.handBack).focus();
  }

  async function finish(tab) {
    const action = tab.pending;
    const spec = FINISH[action];
    if (!spec || tab.busy) return;
    tab.busy = true;
    const yes = tab.els.confirmBox.querySelector(".confirm-yes");
    yes.disabled = true;
    try {
      await api("POST", `/conversations/${encodeURIComponent(tab.id)}/${spec.path}`, {});
      removeTab(tab.id);
      notify(spec.done, "info");
      refreshQueue();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return;
      notify(errorText(error, "That did not work. Please try again."), "error");
      if (error instanceof ApiError && (error.status === 409 || error.status === 404)) reconcileTabs();
      closeConfirm(tab, false);
    } finally {
      tab.busy = false;
      yes.disabled = false;
    }
  }

  // ----- wiring ------------------------------------------------------------------------

  function init() {
    Object.assign(els, {
      loginView: $("login-view"),
      loginForm: $("login-form"),
      loginSubmit: $("login-submit"),
      username: $("username"),
      password: $("password"),
      appView: $("app-view"),
      sessionControls: $("session-controls"),
      connection: $("connection"),
      availability: $("availability"),
      sound: $("sound"),
      whoami: $("whoami"),
      logout: $("logout"),
      notice: $("notice"),
      noticeBar: $("notice-bar"),
      noticeClose: $("notice-close"),
      queue: $("queue"),
      queueCount: $("queue-count"),
      queueEmpty: $("queue-empty"),
      queueRefresh: $("queue-refresh"),
      workspace: $("workspace"),
      tablist: $("tablist"),
      panels: $("panels"),
      emptyState: $("empty-state"),
    });
    try {
      els.sound.checked = localStorage.getItem("console.sound") === "on";
    } catch (error) {
      els.sound.checked = false;
    }
    els.loginForm.addEventListener("submit", onLogin);
    els.logout.addEventListener("click", onLogout);
    els.availability.addEventListener("change", onAvailability);
    els.sound.addEventListener("change", onSoundToggle);
    els.noticeClose.addEventListener("click", clearNotice);
    els.queueRefresh.addEventListener("click", () => refreshQueue());
    window.addEventListener("focus", resetBadge);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible" && document.hasFocus()) resetBadge();
    });
    updateEmptyState();
    boot();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
