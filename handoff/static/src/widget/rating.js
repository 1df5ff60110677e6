/** The end of a stretch with a person: a two-tap rating (a score 1-5, stored at once; then an optional
 * comment), and the download of the customer's own transcript. */
import { el } from "../shared/dom.js";
import { ID, KEY, SERVER, storage } from "./config.js";
import { atEnd, scrollToEnd } from "./panel.js";
import { state, t, ui } from "./state.js";

const SCORES = [1, 2, 3, 4, 5];

/** The rating card (hidden until a person handed the chat back or closed it). */
export function buildRating() {
  ui.ratingQuestion = el("p", { id: ID + "-rating-question", class: "bc-rating-question" });
  ui.ratingLegend = el("p", { id: ID + "-rating-legend", class: "bc-rating-legend" });
  ui.ratingScores = el("div", {
    class: "bc-rating-scores", role: "group", "aria-labelledby": ID + "-rating-question",
    "aria-describedby": ID + "-rating-legend",
  }, SCORES.map((score) => {
    const button = el("button", { type: "button", class: "bc-rating-score", "data-score": score, text: String(score) });
    button.addEventListener("click", () => rate(score));
    return button;
  }));
  ui.ratingCommentLabel = el("label", { for: ID + "-rating-comment", class: "bc-rating-label" });
  ui.ratingComment = el("textarea", { id: ID + "-rating-comment", class: "bc-input bc-rating-comment", rows: "2",
    maxlength: "1000" });
  ui.ratingSend = el("button", { type: "submit", class: "bc-choice bc-rating-send" });
  ui.ratingSkip = el("button", { type: "button", class: "bc-choice bc-rating-skip" });
  ui.ratingForm = el("form", { class: "bc-rating-form", novalidate: true, hidden: true },
    [ui.ratingCommentLabel, ui.ratingComment, el("div", { class: "bc-buttons" }, [ui.ratingSend, ui.ratingSkip])]);
  ui.ratingNote = el("p", { class: "bc-rating-note", role: "status" });
  ui.rating = el("section", { id: ID + "-rating", class: "bc-rating", "aria-labelledby": ID + "-rating-question",
    hidden: true }, [ui.ratingQuestion, ui.ratingLegend, ui.ratingScores, ui.ratingForm, ui.ratingNote]);
  ui.ratingForm.addEventListener("submit", (event) => {
    event.preventDefault();
    rate(state.score, ui.ratingComment.value);
  });
  ui.ratingSkip.addEventListener("click", () => finishRating(t("rating_thanks")));
  if (storage.getItem(KEY.rated) === "pending") showRating();
  return ui.rating;
}

export function applyRatingTexts() {
  ui.ratingQuestion.textContent = t("rating_question");
  ui.ratingLegend.textContent = t("rating_legend");
  ui.ratingScores.querySelectorAll(".bc-rating-score").forEach((button) => {
    button.setAttribute("aria-label", t("rating_score", { n: button.getAttribute("data-score") }));
  });
  ui.ratingCommentLabel.textContent = t("rating_comment");
  ui.ratingSend.textContent = t("rating_send");
  ui.ratingSkip.textContent = t("rating_skip");
}

/** Ask for a rating (a person's part of the chat just ended). */
export function showRating() {
  const following = atEnd(); // the card takes room from the log: keep a following reader at its end
  storage.setItem(KEY.rated, "pending");
  state.score = null;
  ui.rating.hidden = false;
  ui.ratingScores.hidden = false;
  ui.ratingForm.hidden = true;
  ui.ratingNote.textContent = "";
  ui.ratingScores.querySelectorAll(".bc-rating-score").forEach((b) => b.setAttribute("aria-pressed", "false"));
  if (following) scrollToEnd(true);
}

/** The customer wrote again: the question goes away. */
export function hideRating() {
  if (ui.rating.hidden) return;
  ui.rating.hidden = true;
  storage.removeItem(KEY.rated);
}

function finishRating(note) {
  storage.setItem(KEY.rated, "done");
  ui.ratingScores.hidden = true;
  ui.ratingForm.hidden = true;
  ui.ratingNote.textContent = note;
}

/** Send the score (first tap) or the score with the comment (second); the server keeps one rating. */
function rate(score, comment) {
  const socket = state.socket;
  if (!socket || !socket.connected) {
    ui.ratingNote.textContent = t("rating_failed");
    return;
  }
  state.score = score;
  ui.ratingScores.querySelectorAll(".bc-rating-score").forEach((b) => {
    b.setAttribute("aria-pressed", b.getAttribute("data-score") === String(score) ? "true" : "false");
  });
  const data = comment === undefined ? { score } : { score, comment };
  socket.timeout(8000).emit("rate", data, (error, reply) => {
    if (error || !reply || !reply.ok) {
      ui.ratingNote.textContent = t("rating_failed");
      return;
    }
    if (comment !== undefined) {
      finishRating(t("rating_thanks"));
      return;
    }
    ui.ratingForm.hidden = false;
    ui.ratingNote.textContent = t("rating_saved");
    ui.ratingComment.focus();
  });
}

/** Download the customer's own conversation as a text file (redactions as placeholders). */
/** The download's name: the published text's letters, digits, spaces, dots, dashes and underscores,
 * always ending in ".txt". The name is comms wording, but the file holds customer-written text: a
 * name ending in ".html" or ".svg" would make the saved transcript a page that runs what a customer
 * typed when opened from the disk. */
function transcriptFileName() {
  const stem = String(t("transcript_file") || "").replace(/\.[^.]*$/, "")
    .replace(/[^\p{L}\p{N} ._-]+/gu, "").replace(/^[ .]+|[ .]+$/g, "").slice(0, 80);
  return (stem || "chat") + ".txt";
}

export function downloadTranscript() {
  if (!state.sessionId) return;
  fetch(SERVER + "/webhooks/rest/transcript", {
    method: "POST", credentials: "omit", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ sender: state.sessionId }),
  })
    .then((response) => (response.ok ? response.blob() : Promise.reject(new Error(String(response.status)))))
    .then((blob) => {
      const url = URL.createObjectURL(blob);
      const link = el("a", { href: url, download: transcriptFileName(), hidden: true });
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    })
    .catch(() => { ui.transcriptNote.textContent = t("transcript_failed"); });
}
