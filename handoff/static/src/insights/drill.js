/** The conversations behind a number (no message text), their CSV, and one redacted transcript
 * (opening it is written to the audit log by the server). */
import { languageName, redactionLabel } from "../shared/contract.js";
import { el } from "../shared/dom.js";
import { ApiError, csvUrl, insights, notify } from "./api.js";
import { language, reasonName, senderName, stateName, t, when } from "./texts.js";

const $ = (id) => document.getElementById(id);
const PLACEHOLDER = /<([A-Z_]{2,32})>/g;
let ticket = 0; // only the newest drill-down may fill the list

/** ``text`` with redaction placeholders (``<IBAN>``) as their readable labels ("[IBAN removed]"). */
export function readable(text) {
  return String(text).replace(PLACEHOLDER, (whole, kind) => {
    const label = redactionLabel(kind, language);
    return label ? `[${label}]` : whole;
  });
}

function cell(value) {
  return el("td", {}, value);
}

/** Show the conversations behind ``drill`` (``{metric, key?, day?, label}``) for ``filters`` (``{from,
 * to, language?}``), and focus the list. */
export async function openDrill(drill, filters) {
  const params = { ...filters, metric: drill.metric };
  if (drill.key) params.key = drill.key;
  if (drill.day) params.day = drill.day;
  const mine = ++ticket;
  let found;
  try {
    found = await insights("/conversations", params);
  } catch (error) {
    notify(error.message);
    return;
  }
  if (mine !== ticket) return;
  $("drill").hidden = false;
  $("drill-heading").textContent = t("drill_heading", { label: drill.label });
  $("drill-about").textContent = found.total > found.conversations.length
    ? t("drill_more", { count: found.total, shown: found.conversations.length }) : t("drill_count", { count: found.total });
  $("export-list").href = csvUrl("/conversations.csv", params);
  const rows = found.conversations.map((item) => {
    const open = el("button", { type: "button", class: "button quiet", text: t("open_transcript"),
      "aria-label": t("open_transcript_of", { id: item.conversation_id.slice(0, 8) }) });
    open.addEventListener("click", () => openTranscript(item.conversation_id));
    return el("tr", { dataset: { conversation: item.conversation_id } }, [
      el("th", { scope: "row" }, el("code", { text: item.conversation_id })), cell(when(item.started_at)),
      cell(languageName(item.language, language) || item.language), cell(stateName(item.state)),
      cell(item.handoff_reason ? reasonName(item.handoff_reason) : t("none")), cell(open)]);
  });
  $("drill-table").replaceChildren(rows.length ? el("table", {}, [
    el("thead", {}, el("tr", {}, [t("col_conversation"), t("col_started"), t("col_language"), t("col_state"),
      t("col_reason"), t("col_transcript")].map((text) => el("th", { scope: "col", text })))),
    el("tbody", {}, rows)]) : el("p", { class: "muted", text: t("drill_empty") }));
  $("transcript").hidden = true;
  $("drill").focus();
}

/** Show the redacted transcript of ``conversationId`` and focus it. */
export async function openTranscript(conversationId) {
  let found;
  try {
    found = await insights(`/conversations/${encodeURIComponent(conversationId)}`, {});
  } catch (error) {
    notify(error instanceof ApiError ? error.message : String(error));
    return;
  }
  $("transcript").hidden = false;
  $("transcript-about").textContent = t("transcript_about", { id: conversationId,
    started: when(found.conversation.started_at) });
  $("transcript-log").replaceChildren(...found.messages.map((message) => el("li", { class: message.sender }, [
    el("span", { class: "who", text: `${senderName(message.sender)} · ${when(message.created_at)}` }),
    readable(message.text)])));
  $("transcript").focus();
}
