// One set of JSON responses for every route handler, so errors look the same everywhere:
// `{ "error": "...", "issues"?: [...] }`, never a stack trace.

export interface Issue {
  path: string;
  message: string;
}

/**
 * Statuses whose response has no body (Fetch's "null body status"). Response.json throws on them (even
 * for `null`, which it writes as the body "null"), so a route answering json(null, 204) answered 500.
 */
const NO_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** A JSON response; for a status that has no body (204, 304, ...), that status with no body at all. */
export function json(body: unknown, status = 200, headers?: HeadersInit): Response {
  if (NO_BODY_STATUSES.has(status)) return new Response(null, { status, headers });
  return Response.json(body, { status, headers });
}

/** 204: done, nothing to say (a DELETE that removed what it named). */
export const noContent = (headers?: HeadersInit) => new Response(null, { status: 204, headers });

export const ok = (body: unknown, headers?: HeadersInit) => json(body, 200, headers);

export const badRequest = (error: string, issues: Issue[] = [], headers?: HeadersInit) => json({ error, issues }, 400, headers);

export const unauthorized = (error = "Missing or invalid API key", headers?: HeadersInit) => json({ error }, 401, headers);

export const notFound = (error = "Not found", headers?: HeadersInit) => json({ error }, 404, headers);

export const forbidden = (error = "Forbidden", headers?: HeadersInit) => json({ error }, 403, headers);

/** The request lost to another one (the thing exists now, or changed first): `extra` says how it stands. */
export const conflict = (error: string, extra: Record<string, unknown> = {}, headers?: HeadersInit) => json({ error, ...extra }, 409, headers);

export const payloadTooLarge = (maxBytes: number, headers?: HeadersInit) =>
  json({ error: `Body larger than ${maxBytes} bytes` }, 413, headers);

/** Too much asked at once by this caller (or of this instance): try again after Retry-After seconds. */
export const tooManyRequests = (error: string, retryAfterSeconds: number, headers?: HeadersInit) =>
  json({ error }, 429, { ...Object.fromEntries(new Headers(headers)), "retry-after": String(retryAfterSeconds) });

/** A fault on our side that a retry can fix (database unreachable): the sender should try again. */
export const serviceUnavailable = (error = "Temporarily unavailable, please retry", retryAfterSeconds = 5, headers?: HeadersInit) =>
  json({ error }, 503, { ...Object.fromEntries(new Headers(headers)), "retry-after": String(retryAfterSeconds) });
