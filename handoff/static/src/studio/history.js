/** The history of one field: every version with who and when, a side-by-side word diff of any two
 * versions (the ``diff`` package from the npm registry), and rollback for approvers. */
import { diffWords } from "diff";
import { ApiError, notify, session, studio } from "./api.js";
import { statusName, t, when } from "./texts.js";

let versions = [];

function option(version) {
  return Object.assign(document.createElement("option"), { value: String(version.version),
    textContent: t("version_option", { version: version.version, status: statusName(version.status) }) });
}

function side(parts, keep) {
  const box = document.createElement("div");
  for (const part of parts) {
    if (part[keep === "old" ? "added" : "removed"]) continue;
    const changed = part.added || part.removed;
    const node = document.createElement(changed ? (part.added ? "ins" : "del") : "span");
    node.textContent = part.value;
    box.append(node);
  }
  return box;
}

function renderDiff() {
  const older = versions.find((v) => String(v.version) === document.getElementById("compare-old").value);
  const newer = versions.find((v) => String(v.version) === document.getElementById("compare-new").value);
  if (!older || !newer) return;
  const parts = diffWords(older.text, newer.text);
  const oldBox = side(parts, "old");
  const newBox = side(parts, "new");
  oldBox.setAttribute("aria-label", t("version_label", { version: older.version }));
  newBox.setAttribute("aria-label", t("version_label", { version: newer.version }));
  document.getElementById("diff").replaceChildren(oldBox, newBox);
}

function entryLine(version, fieldId, reload) {
  const item = document.createElement("li");
  item.textContent = t("history_entry", {
    version: version.version, status: statusName(version.status), author: version.author,
    approved: version.approver ? t("history_approved", { approver: version.approver }) : "",
    when: when(version.published_at || version.created_at),
    note: (version.note ? t("history_note", { note: version.note }) : "")
      + (version.customer_note ? t("history_customer_note", { note: version.customer_note }) : "") });
  if (session.user.role === "approver" && version.published_at) {
    const button = Object.assign(document.createElement("button"), { type: "button", className: "button quiet",
      textContent: t("roll_back", { version: version.version }) });
    button.addEventListener("click", async () => {
      try {
        const note = document.getElementById("rollback-customer-note");
        await studio(`/fields/${fieldId}/versions/${version.version}/rollback`,
          { customer_note: note.value.trim() || null });
        note.value = "";
        notify(t("rolled_back", { version: version.version }), "ok");
        await reload();
      } catch (error) {
        notify(error instanceof ApiError ? error.message : String(error));
      }
    });
    item.append(button);
  }
  return item;
}

/** Show the history of the field ``fieldId``. */
export async function renderHistory(fieldId, reload) {
  const history = await studio(`/fields/${fieldId}`);
  versions = history.versions;
  const [older, newer] = [document.getElementById("compare-old"), document.getElementById("compare-new")];
  older.replaceChildren(...versions.map(option));
  newer.replaceChildren(...versions.map(option));
  newer.value = String(versions[0].version);
  older.value = String((versions.find((v) => v.version === history.published_version && v !== versions[0])
    || versions[Math.min(1, versions.length - 1)]).version);
  older.onchange = renderDiff;
  newer.onchange = renderDiff;
  renderDiff();
  document.getElementById("history-list").replaceChildren(...versions.map((v) => entryLine(v, fieldId, reload)));
  document.getElementById("rollback-note").hidden = session.user.role !== "approver";
}
