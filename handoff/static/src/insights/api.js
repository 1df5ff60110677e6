/** The insights page's calls to the front door (GET only; JSON). */
import { language, t } from "./texts.js";

export { notify } from "../shared/studio-session.js";

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error) || t("server_answered", { status }));
    this.status = status;
  }
}

/** ``api("GET", "/console/api/me")`` -> the parsed JSON; throws ApiError on 4xx/5xx. */
export async function api(method, path, body, csrf) {
  const headers = { Accept: "application/json", "Accept-Language": language };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (csrf) headers["X-CSRF-Token"] = csrf;
  const response = await fetch(path, { method, headers, credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body) });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/** ``insights("/conversations", {metric: "contained", from, to})``: GET /studio/api/insights... */
export function insights(path, params) {
  return api("GET", `/studio/api/insights${path}?${new URLSearchParams(params)}`);
}

/** The URL of a CSV export (``path`` "/numbers.csv" or "/conversations.csv"). */
export function csvUrl(path, params) {
  return `/studio/api/insights${path}?${new URLSearchParams(params)}`;
}
