// One set of JSON responses for every route handler, so errors look the same everywhere:
// `{ "error": "...", "issues"?: [...] }`, never a stack trace.

export interface Issue {
  path: string;
  message: string;
}

export function json(body: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(body, { status, headers });
}

export const ok = (body: unknown, headers?: HeadersInit) => json(body, 200, headers);

export const badRequest = (error: string, issues: Issue[] = [], headers?: HeadersInit) => json({ error, issues }, 400, headers);

export const unauthorized = (error = "Missing or invalid API key", headers?: HeadersInit) => json({ error }, 401, headers);

export const notFound = (error = "Not found", headers?: HeadersInit) => json({ error }, 404, headers);

export const forbidden = (error = "Forbidden", headers?: HeadersInit) => json({ error }, 403, headers);

export const payloadTooLarge = (maxBytes: number, headers?: HeadersInit) =>
  json({ error: `Body larger than ${maxBytes} bytes` }, 413, headers);

/** A fault on our side that a retry can fix (database unreachable): the sender should try again. */
export const serviceUnavailable = (error = "Temporarily unavailable, please retry", retryAfterSeconds = 5, headers?: HeadersInit) =>
  json({ error }, 503, { ...Object.fromEntries(new Headers(headers)), "retry-after": String(retryAfterSeconds) });
