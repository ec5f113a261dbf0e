/*
 * The dashboard's one way to the service: JSON over fetch, on the page's own origin.
 * Errors become `ApiError` carrying the service's `error.message` (never a stack trace).
 */

/** A refusal or failure of the service, with the message meant for people. */
export class ApiError extends Error {
  constructor(message, { status = 0, code = "", details } = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/**
 * Calls the API. `body` is sent as JSON; `token` as a bearer token. Resolves to the parsed JSON
 * (or null for an empty body); rejects with an ApiError whose message is the service's own.
 * @example await request("/api/vouchers/1/tree")
 */
export async function request(path, { method = "GET", body, token, signal } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      cache: "no-store",
    });
  } catch (cause) {
    if (cause?.name === "AbortError") throw cause;
    throw new ApiError("", { code: "NETWORK" });
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const error = data && typeof data === "object" ? data.error : undefined;
    const message =
      typeof error?.message === "string" && error.message ? error.message : typeof error === "string" ? error : "";
    throw new ApiError(message, {
      status: response.status,
      code: error?.code ?? `HTTP_${response.status}`,
      details: error?.details,
    });
  }
  return data;
}

/** The array in a list response: the response itself, or its `key`, `items` or `data` member. */
export function listOf(response, key) {
  if (Array.isArray(response)) return response;
  if (!response || typeof response !== "object") return [];
  for (const k of [key, "items", "data", "results"]) {
    if (k && Array.isArray(response[k])) return response[k];
  }
  return [];
}
