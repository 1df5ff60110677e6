/**
 * Message text as DOM nodes: redaction placeholders (<IBAN>) become readable, translated tags
 * ("[IBAN removed]"); in messages from the bot or a person, web addresses, e-mail addresses
 * (linkifyjs) and phone numbers (libphonenumber-js) become links. Text is only ever inserted as text
 * nodes; links are <a> elements built with the DOM API, limited to http(s):, mailto: and tel:.
 */
import { find } from "linkifyjs";
import { findPhoneNumbersInText } from "libphonenumber-js/min";
import { redactionLabel } from "./contract.js";
import { el } from "./dom.js";

const PLACEHOLDER = /<([A-Z][A-Z0-9_]*)>/g;
const SAFE_HREF = /^(https?:|mailto:|tel:)/i;
// Numbers without a country code are read as German ones (the company's hotline is in Germany).
const PHONE_COUNTRY = "DE";
// A phone number as people write it starts with +, 0 or "(" and has no dots: this keeps dates such as
// 12.11.2026, which the phone parser would accept as a number, as text.
const PHONE_SHAPE = /^[+0(][^.]*$/;

/** Links found in ``text``: ``[{start, end, href}]``, sorted, not overlapping. */
function findLinks(text) {
  const found = [];
  for (const link of find(text, null, { defaultProtocol: "https" })) {
    if (link.type === "url" || link.type === "email") {
      found.push({ start: link.start, end: link.end, href: link.href });
    }
  }
  try {
    for (const phone of findPhoneNumbersInText(text, PHONE_COUNTRY)) {
      if (!PHONE_SHAPE.test(text.slice(phone.startsAt, phone.endsAt))) continue;
      found.push({ start: phone.startsAt, end: phone.endsAt, href: "tel:" + phone.number.number });
    }
  } catch (error) { /* a text the phone parser cannot read has no phone numbers */ }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept = [];
  for (const link of found) {
    if (!SAFE_HREF.test(link.href)) continue;
    if (kept.length && link.start < kept[kept.length - 1].end) continue;
    kept.push(link);
  }
  return kept;
}

function appendLinked(fragment, text, options) {
  let last = 0;
  for (const link of findLinks(text)) {
    if (link.start > last) fragment.append(text.slice(last, link.start));
    const external = /^https?:/i.test(link.href);
    fragment.append(el("a", {
      href: link.href, class: options.linkClass || null,
      target: external ? "_blank" : null, rel: external ? "noopener noreferrer" : null,
      text: text.slice(link.start, link.end),
    }));
    last = link.end;
  }
  if (last < text.length) fragment.append(text.slice(last));
}

/**
 * ``text`` as a DocumentFragment. ``options``: ``language`` of the labels, ``links`` (detect links),
 * ``tagClass`` and ``linkClass`` (CSS classes), ``removed(label)`` -> the tag's text, e.g. "[IBAN removed]",
 * ``unknownLabel`` for kinds the contract does not know.
 */
export function richText(text, options) {
  const fragment = document.createDocumentFragment();
  const value = String(text == null ? "" : text);
  const plain = (part) => (options.links ? appendLinked(fragment, part, options) : fragment.append(part));
  let last = 0;
  for (const match of value.matchAll(PLACEHOLDER)) {
    if (match.index > last) plain(value.slice(last, match.index));
    const label = redactionLabel(match[1], options.language) || options.unknownLabel;
    fragment.append(el("span", {
      class: options.tagClass, dataset: { kind: match[1] }, text: options.removed(label),
    }));
    last = match.index + match[0].length;
  }
  if (last < value.length) plain(value.slice(last));
  return fragment;
}
