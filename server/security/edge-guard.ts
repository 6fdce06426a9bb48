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
const AUTH_PREFIX = "/api/auth/";
/**
 * The largest body better-auth's endpoints are sent (a sign-in, a new password, a name: well under a
 * kilobyte). better-auth reads a whole body before anything checks it, so a larger one is a 413 here,
 * unread; each field is then bounded by server/auth/auth-input.ts.
 */
export const AUTH_BODY_MAX_BYTES = 16 * 1024;

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

    if (pathname?.startsWith(AUTH_PREFIX)) {
      const declared = req.headers["content-length"];
      if (declared === undefined && req.headers["transfer-encoding"] !== undefined) {
        return answer(res, 411, { error: `A body sent to ${AUTH_PREFIX} needs a Content-Length (at most ${AUTH_BODY_MAX_BYTES} bytes)` });
      }
      if (Number(declared ?? 0) > AUTH_BODY_MAX_BYTES) {
        logger.warn({ route: pathname, client, status: 413, bytes: Number(declared) }, "auth request refused: body too large");
        // A browser still sending would see a reset, not the answer: a few megabytes are read and
        // dropped (cheap, and bounded by the request timeout); more, and the connection is closed.
        const drain = Number(declared) <= DRAIN_MAX_BYTES;
        if (drain) req.resume();
        return answer(res, 413, { error: `Request body too large: at most ${AUTH_BODY_MAX_BYTES} bytes` }, undefined, !drain);
      }
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

/** Up to this much of a refused body is read and dropped so that the client sees the answer. */
const DRAIN_MAX_BYTES = 4 * 1024 * 1024;

function answer(res: ServerResponse, status: number, body: unknown, retryAfterSeconds?: number, close = true): true {
  const payload = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader("content-type", "application/json");
  res.setHeader("content-length", Buffer.byteLength(payload));
  res.setHeader("x-request-id", randomUUID());
  if (retryAfterSeconds !== undefined) res.setHeader("retry-after", String(retryAfterSeconds));
  // The body was not read: closing is cheaper than draining a flood's uploads.
  if (close) res.setHeader("connection", "close");
  res.end(payload);
  return true;
}
