// Cheap refusals before Next.js sees a request. A flood of bad webhook keys or password guesses would
// otherwise go through the whole Next.js request pipeline (~1.7 ms of CPU each here) and crowd out
// real deliveries; answered here it costs a hash and a counter. The route handlers still check the
// key themselves: this is the first line, not the only one. Paths are matched as the router resolves
// them (server/http/request-path.ts), so no other spelling of a guarded path gets past.

import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { apiKeyMatches } from "../http/api-key";
import { routeKey } from "../http/request-path";
import type { Logger } from "../logger";
import type { RateLimits } from "./rate-limits";

export const WEBHOOK_PATH = "/api/asleep-webhook";
export const SIGN_IN_PATH = "/api/auth/sign-in/email";

export type EdgeGuard = (req: IncomingMessage, res: ServerResponse, client: string) => Promise<boolean>;

/** Returns a guard that answers (and returns true) when a request must not reach the app. */
export function createEdgeGuard({ apiKey, limits, logger }: { apiKey: string; limits: RateLimits; logger: Logger }): EdgeGuard {
  return async (req, res, client) => {
    if (req.method !== "POST") return false;
    const pathname = routeKey(req.url ?? "");

    if (pathname === WEBHOOK_PATH) {
      const keyHeader = req.headers["x-api-key"];
      if (typeof keyHeader === "string" && apiKeyMatches(keyHeader, apiKey)) {
        const wait = await limits.webhookDelivery.hit(client);
        if (wait === null) {
          // The ack is a few bytes of JSON: gzipping it (Next's compression, a fresh zlib stream per
          // response) cost ~0.3 ms of CPU per delivery, a tenth of ingest, and saved nothing.
          delete req.headers["accept-encoding"];
          return false;
        }
        logger.warn({ route: "asleep-webhook", client, status: 429, retryAfter: wait }, "webhook refused: delivery rate limit");
        return answer(res, 429, { error: "Too many requests, retry later" }, wait);
      }
      const wait = await limits.webhookBadKey.hit(client);
      if (wait === null) {
        logger.debug({ route: "asleep-webhook", client, status: 401 }, "webhook refused: missing or wrong API key");
        return answer(res, 401, { error: "Missing or invalid API key" });
      }
      logger.debug({ route: "asleep-webhook", client, status: 429, retryAfter: wait }, "webhook refused: too many bad keys");
      return answer(res, 429, { error: "Too many requests with a missing or wrong API key, retry later" }, wait);
    }

    if (pathname === SIGN_IN_PATH) {
      // Failed sign-ins are counted where better-auth checks the password (server/security/
      // sign-in-limits.ts, which also knows the account); here an address already over its limit
      // is only turned away cheaply.
      const wait = await limits.signIn.peek(client);
      if (wait === null) return false;
      logger.warn({ route: "sign-in", client, status: 429, retryAfter: wait }, "sign-in refused: too many failed attempts");
      return answer(res, 429, { error: "Too many failed sign-in attempts, try again later" }, wait);
    }
    return false;
  };
}

function answer(res: ServerResponse, status: number, body: unknown, retryAfterSeconds?: number): true {
  const payload = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader("content-type", "application/json");
  res.setHeader("content-length", Buffer.byteLength(payload));
  res.setHeader("x-request-id", randomUUID());
  if (retryAfterSeconds !== undefined) res.setHeader("retry-after", String(retryAfterSeconds));
  // The body was not read: closing is cheaper than draining a flood's uploads.
  res.setHeader("connection", "close");
  res.end(payload);
  return true;
}
