/** The host page's accent colour (data-color), with black or white text, whichever contrasts more. */
import { el } from "../shared/dom.js";
import { dataset } from "./config.js";

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

/** Set the accent custom properties on ``root``; without a valid data-color the CSS default applies. */
export function applyAccent(root) {
  const accent = parseColor(dataset.color);
  if (!accent) return;
  const white = { r: 255, g: 255, b: 255 };
  const onAccent = contrast(accent, white) >= 4.5 ? "#ffffff" : "#000000";
  const css = "rgb(" + accent.r + ", " + accent.g + ", " + accent.b + ")";
  root.style.setProperty("--bc-accent", css);
  root.style.setProperty("--bc-on-accent", onAccent);
  // A light accent needs an outline to stand out from a white page (3:1 for controls).
  root.style.setProperty("--bc-accent-edge", contrast(accent, white) >= 3 ? css : "#1b1f24");
  root.classList.toggle("bc-accent-light", onAccent === "#000000");
}
