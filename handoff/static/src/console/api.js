/** The console API (/console/api): JSON over fetch with the CSRF token, and errors in plain words. */
import { sessionExpired } from "./session.js";
import { state, t } from "./state.js";

const API = "/console/api";
const ERRORS = ["error_empty", "error_too_long", "error_unreadable"];

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error) || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }
}

export class NetworkError extends Error {}

/** ``api("POST", "/login", {...}, {allow401})``: the answer's JSON; raises ApiError or NetworkError. */
export async function api(method, path, body, options) {
  const opts = options || {};
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && state.csrf) headers["X-CSRF-Token"] = state.csrf;
  let response;
  try {
    response = await fetch(API + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch (error) {
    throw new NetworkError(t("network_error"));
  }
  let data = null;
  try {
    data = await response.json();
  } catch (error) {
    data = null;
  }
  if (response.status === 401 && !opts.allow401) {
    sessionExpired();
    throw new ApiError(401, data);
  }
  if (response.status === 403 && !opts.csrfRetried && data && /csrf/i.test(data.error || "")) {
    // The session was renewed elsewhere (another console tab logged in): fetch its token, once.
    const me = await api("GET", "/me");
    state.csrf = me.csrf_token;
    return api(method, path, body, Object.assign({}, opts, { csrfRetried: true }));
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/** True for a 401 (the console already went back to the login form). */
export const isLoggedOut = (error) => error instanceof ApiError && error.status === 401;

/** What went wrong, for the agent; ``fallback`` for errors without a better text. */
export function errorText(error, fallback) {
  if (error instanceof NetworkError) return error.message;
  if (error instanceof ApiError) {
    if (error.status === 401) return t("session_expired");
    if (error.status === 404) return t("error_gone");
    if (error.status === 409) return t("error_not_yours");
    if (error.status === 400 && ERRORS.includes(error.body.error)) return t(error.body.error);
    if (error.status === 429) return t("error_too_many");
    if (error.status >= 500) return t("error_server");
  }
  return fallback || t("error_generic");
}
