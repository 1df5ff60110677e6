/** The studio's calls to the front door: JSON in and out, the session's CSRF token on every POST. */
import { session } from "../shared/studio-session.js";
import { language, t } from "./texts.js";

export { notify, session } from "../shared/studio-session.js";

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error) || t("server_answered", { status }));
    this.status = status;
    this.body = body || {};
  }
}

/** ``api("POST", "/studio/api/check", {...})`` -> the parsed JSON; throws ApiError on 4xx/5xx. */
export async function api(method, path, body) {
  // The server words its error messages in the studio's language (handoff/studio_api/errors.py).
  const headers = { Accept: "application/json", "Accept-Language": language };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && session.csrf) headers["X-CSRF-Token"] = session.csrf;
  const response = await fetch(path, { method, headers, credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body) });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

export const studio = (path, body) => api(body === undefined ? "GET" : "POST", `/studio/api${path}`, body);
