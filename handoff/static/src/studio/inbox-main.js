/** The review inbox page (/studio/inbox): log in (the console's login), see the groups of messages
 * that need a look, select some (or whole groups), and confirm, move, start a new intent or ignore. */
import { bootStudioPage } from "../shared/studio-session.js";
import { ApiError, api, notify } from "./api.js";
import { activityNodes, conversationNodes, groupNode, intentLabel, intentSection, refusalText } from "./inbox-render.js";
import { language, loadTexts, roleName, setUpLanguage, t } from "./texts.js";

const $ = (id) => document.getElementById(id);
const inbox = (path, body) => api(body === undefined ? "GET" : "POST", `/studio/api/inbox${path}`, body);
const selected = new Set();
let data = { groups: [], intents: [], can_decide: false };

// Every static text of inbox.html, by element id (written out so each key can be found in the sources).
const TEXTS = {
  "skip-link": () => t("inbox_skip_link"), "page-title": () => t("inbox_page_title"),
  "language-label": () => t("studio_language"),
  logout: () => t("logout"), "login-heading": () => t("login_heading"), "login-intro": () => t("login_intro"),
  "username-label": () => t("username"), "password-label": () => t("password"), "login-button": () => t("login"),
  "groups-heading": () => t("inbox_groups_heading"), "inbox-intro": () => t("inbox_intro"),
  "read-only": () => t("inbox_read_only"), "action-label": () => t("inbox_action"),
  "intent-label": () => t("inbox_intent"), "new-intent-label": () => t("inbox_new_intent_name"),
  apply: () => t("inbox_apply"), reload: () => t("inbox_reload"), "inbox-empty": () => t("inbox_empty"),
  "activity-heading": () => t("inbox_activity_heading"), "proposals-heading": () => t("inbox_proposals_heading"),
  "proposals-intro": () => t("inbox_proposals_intro"), "conversation-heading": () => t("inbox_conversation_heading"),
  "conversation-note": () => t("inbox_conversation_note"), "conversation-close": () => t("inbox_conversation_close"),
};
const ACTIONS = { confirm: () => t("inbox_action_confirm"), move: () => t("inbox_action_move"),
  new_intent: () => t("inbox_action_new_intent"), ignore: () => t("inbox_action_ignore") };

function applyTexts() {
  document.documentElement.lang = document.documentElement.lang || "en";
  document.title = t("inbox_page_title");
  for (const [id, text] of Object.entries(TEXTS)) $(id).textContent = text();
  const action = $("action").value;
  $("action").replaceChildren(...Object.entries(ACTIONS).map(([value, text]) => Object.assign(
    document.createElement("option"), { value, textContent: text(), selected: value === action })));
  renderCount();
}

function renderCount() {
  $("selected-count").textContent = t("inbox_selected", { count: selected.size });
}

function renderAction() {
  $("intent-choice").hidden = $("action").value !== "move";
  $("new-intent-choice").hidden = $("action").value !== "new_intent";
}

function render() {
  const open = new Set(data.groups.flatMap((group) => group.items.map((item) => item.message_id)));
  for (const id of [...selected]) if (!open.has(id)) selected.delete(id);
  $("groups").replaceChildren(...data.groups.map((group) => groupNode(group, selected, openConversation, renderCount)));
  $("inbox-empty").hidden = data.groups.length > 0;
  $("intent").replaceChildren(...data.intents.map((name) => Object.assign(document.createElement("option"),
    { value: name, textContent: intentLabel(name) })));
  const proposals = data.proposals || [];
  $("proposals-section").hidden = !proposals.length;
  $("proposals").replaceChildren(...proposals.map((proposal) => {
    const item = Object.assign(document.createElement("li"),
      { textContent: t("inbox_proposal", { name: proposal.name, count: proposal.count }) });
    if (data.can_create_intents) {
      const link = Object.assign(document.createElement("a"), { textContent: t("inbox_proposal_start"),
        href: `/studio/intents?proposal=${encodeURIComponent(proposal.name)}` });
      link.setAttribute("aria-label", `${t("inbox_proposal_start")}: ${proposal.name}`);
      item.append(" ", link);
    }
    return item;
  }));
  $("decide-form").hidden = !data.can_decide;
  $("read-only").hidden = data.can_decide;
  renderCount();
}

async function loadActivity() {
  $("activity").replaceChildren(...activityNodes((await inbox("/activity")).entries));
}

async function load() {
  data = await inbox("");
  render();
  await loadActivity();
}

async function openConversation(conversationId, seq) {
  try {
    const found = await inbox(`/conversations/${encodeURIComponent(conversationId)}`);
    $("conversation-log").replaceChildren(...conversationNodes(found.messages, seq));
    $("conversation").hidden = false;
    $("app-view").classList.add("with-conversation");
    $("conversation").focus();
  } catch (error) {
    notify(error.message);
  }
}

function closeConversation() {
  $("conversation").hidden = true;
  $("app-view").classList.remove("with-conversation");
  $("inbox").focus();
}

async function decide(event) {
  event.preventDefault();
  if (!selected.size) {
    notify(t("inbox_nothing_selected"));
    return;
  }
  const action = $("action").value;
  const body = { message_ids: [...selected], action };
  if (action === "move") body.intent = $("intent").value;
  if (action === "new_intent") body.intent = $("new-intent").value.trim();
  try {
    const outcome = await inbox("/decide", body);
    selected.clear();
    const said = [t("inbox_done", { count: outcome.decided.length })];
    if (outcome.refused.length) said.push(refusalText(outcome.refused));
    notify(said.join(" "), outcome.refused.length ? "error" : "ok");
    await load();
  } catch (error) {
    notify(error.message);
  }
}

async function start() {
  data = await inbox("");
  await loadTexts("/studio/api/inbox/texts", applyTexts, { intents: intentSection });
}

function boot() {
  applyTexts();
  setUpLanguage();
  renderAction();
  $("decide-form").addEventListener("submit", decide);
  $("action").addEventListener("change", renderAction);
  $("reload").addEventListener("click", () => load().catch((error) => notify(error.message)));
  $("conversation-close").addEventListener("click", closeConversation);
  bootStudioPage({ page: "inbox", language, t, roleName, api, ApiError, start,
    shown: async () => { render(); await loadActivity(); } });
}

boot();
