/** The agent socket (namespace /agent): queue alerts, and live messages and notes of watched chats. */
import { beep, notify } from "./alerts.js";
import { reasonText, shortId } from "./format.js";
import { refreshQueue } from "./queue.js";
import { checkSession } from "./session.js";
import { els, state, t } from "./state.js";
import { reconcileTabs } from "./tabs.js";
import { addMessage, addNote, refreshDetails } from "./transcript.js";
import { chatArrived, chatLeft } from "./unread.js";
import { customerTyping } from "./typing.js";

function setConnection(kind, text) {
  els.connection.dataset.state = kind;
  els.connection.textContent = text;
}

function onReady(socket) {
  socket.on("connect", () => {
    setConnection("live", t("connection_live"));
    for (const id of state.order) {
      const tab = state.tabs.get(id);
      if (tab && tab.data) watch(tab);
    }
    refreshQueue();
    reconcileTabs();
  });
  socket.on("disconnect", (reason) => {
    setConnection("down", t("connection_reconnecting"));
    if (reason === "io server disconnect") {
      // Refused or dropped by the server: check the login, then try again.
      checkSession().then((ok) => {
        if (ok && state.socket === socket) socket.connect();
      });
    }
  });
  socket.on("connect_error", () => {
    setConnection("down", t("connection_reconnecting"));
    if (!socket.active) {
      checkSession().then((ok) => {
        if (ok && state.socket === socket) setTimeout(() => socket.connect(), 2000);
      });
    }
  });
}

function onEvents(socket) {
  socket.on("handoff.requested", (data) => {
    chatArrived(data && data.conversation_id);
    if (els.sound.checked) beep();
    refreshQueue();
    if (data && data.conversation_id) notify(t("new_chat_waiting", { reason: reasonText(data.reason) }), "info");
  });
  socket.on("queue.changed", (data) => {
    refreshQueue();
    const id = data && data.conversation_id;
    chatLeft(id);
    if (id && state.tabs.has(id) && data.claimed_by !== undefined && data.claimed_by !== state.me.id) reconcileTabs();
  });
  socket.on("callback.requested", (data) => {
    const id = data && data.conversation_id;
    refreshQueue();
    if (id && state.tabs.has(id)) {
      refreshDetails(state.tabs.get(id));
      notify(t("callback_requested", { chat: shortId(id) }), "info");
    }
  });
  socket.on("message.created", (data) => {
    if (!data || !state.tabs.has(data.conversation_id) || !data.message) return;
    addMessage(state.tabs.get(data.conversation_id), data.message, { live: true });
  });
  socket.on("customer.typing", (data) => {
    if (data && state.tabs.has(data.conversation_id)) customerTyping(state.tabs.get(data.conversation_id));
  });
  socket.on("note.created", (data) => {
    if (!data || !state.tabs.has(data.conversation_id) || !data.note) return;
    addNote(state.tabs.get(data.conversation_id), data.note);
  });
}

/** Connect the agent socket once (Socket.IO reconnects by itself). */
export function connectSocket() {
  if (typeof window.io !== "function") {
    setConnection("down", t("live_unavailable"));
    notify(t("live_unavailable_long"), "error");
    return;
  }
  if (state.socket) return;
  const socket = window.io("/agent", { withCredentials: true, transports: ["websocket", "polling"] });
  state.socket = socket;
  setConnection("connecting", t("connection_connecting"));
  onReady(socket);
  onEvents(socket);
}

/** Follow one conversation live; the ack brings the messages missed since ``lastSeen``. */
export function watch(tab) {
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
