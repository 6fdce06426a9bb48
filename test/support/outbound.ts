// Outbound event tests: an admin's JSON request with the app's own Origin, and a received message
// verified with Standard Webhooks' own library.

import { Webhook } from "standardwebhooks";
import type { Received } from "./receiver";
import type { RunningServer } from "./server";

export async function adminRequest(server: RunningServer, cookie: string, method: string, pathname: string, body?: unknown) {
  const res = await fetch(`${server.url}${pathname}`, {
    method,
    headers: { cookie, origin: server.url, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, any> };
}

export interface Message {
  type: string;
  timestamp: string;
  data: Record<string, unknown> & { sessionId?: string };
}

/** Verifies with the library's own verifier; returns the payload it parsed. */
export function verified(secret: string, r: Received): Message {
  const headers = { "webhook-id": String(r.headers["webhook-id"]), "webhook-timestamp": String(r.headers["webhook-timestamp"]), "webhook-signature": String(r.headers["webhook-signature"]) };
  return new Webhook(secret).verify(r.body, headers) as Message;
}
