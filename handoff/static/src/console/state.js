/** The console's state, its fixed elements, and its texts (English unless the agent chose German). */
import { normalLanguage } from "../shared/contract.js";
import { richText } from "../shared/richtext.js";
import { textsFor } from "../shared/texts.js";
import texts from "../../../../data/content/ui.yml?console";

function storedLanguage() {
  try {
    return normalLanguage(localStorage.getItem("console.language") || "en");
  } catch (error) {
    return "en";
  }
}

export const state = {
  language: storedLanguage(),
  csrf: null,
  me: null,
  socket: null,
  tabs: new Map(), // conversation id -> Tab
  order: [], // conversation ids in tab order
  active: null,
  queue: { items: [], offered: [], total: 0, waiting: 0, next: null },
  canned: new Map(), // language -> Promise<[{title, text}]>
  timers: [],
  expired: false,
  audio: null,
  applyTexts: null, // puts the texts into console.html (main.js)
};

/** The console's fixed elements (console.html), filled by main.js. */
export const els = {};

/** The bundled texts (section ``console`` of data/content/ui.yml, as built) and the published ones
 * the front door serves to console users (``GET /console/api/texts``, filled by session.js; they win). */
export const bundledTexts = texts;
export const servedTexts = {};

/** ``t("send")``: a text of data/content/ui.yml (section ``console``) in the console's language. */
export const t = textsFor(texts, () => state.language, servedTexts);

/** A message or note as nodes: placeholders as "[... removed]" tags, links in bot and agent messages. */
export function messageText(text, withLinks) {
  const fragment = richText(text, {
    language: state.language, links: withLinks, tagClass: "placeholder",
    removed: (label) => t("redacted", { label }), unknownLabel: t("redacted_unknown"),
  });
  for (const tag of fragment.querySelectorAll(".placeholder")) tag.title = t("redacted_title");
  return fragment;
}
