// One delivery attempt over HTTP: the signed JSON body, to an address the destination rules allow
// (destination.ts), within SEND_TIMEOUT_MS, no redirects followed (a receiver that moved is a failure
// the admin should see, not a hop to somewhere unchecked and unsigned-for).
//
// node:http(s) rather than fetch: its `lookup` option is the socket's own resolution, which is where
// the addresses are checked, so the connection uses exactly what was checked.

import http from "node:http";
import https from "node:https";
import { endpointUrlProblem, type DestinationPolicy } from "@/lib/outbound/endpoint-url";
import { isDelivered } from "@/lib/outbound/retry";
import { checkedLookup, RefusedDestination } from "./destination";
import { signatureHeaders } from "./sign";

/**
 * How long one attempt may take, from connecting to the answer: 30 s, the top of Standard Webhooks'
 * 15–30 s. A receiver that needs 12 s on a slow night gets the event once rather than again after a
 * timeout; the cost is a socket held longer, and one endpoint's sockets never hold up another's
 * deliveries (service.ts).
 */
export const SEND_TIMEOUT_MS = 30_000;
/** How much of a receiver's answer the delivery log keeps. */
export const RESPONSE_EXCERPT_CHARS = 500;

export interface OutboundMessage {
  messageId: string;
  type: string;
  /** When the event happened (the payload's timestamp). */
  createdAt: Date;
  data: unknown;
}

/** The body every receiver gets: `{ type, timestamp, data }` (Standard Webhooks' recommended shape). */
export function messageBody(m: OutboundMessage): string {
  return JSON.stringify({ type: m.type, timestamp: m.createdAt.toISOString(), data: m.data });
}

export interface SendResult {
  delivered: boolean;
  status: number | null;
  response: string | null;
  error: string | null;
  /** The answer's Retry-After header, as sent. */
  retryAfter: string | null;
  /** The destination rules refused the address: nothing was sent. */
  refused: boolean;
  /** Cut short by `signal` (the app stopping), not by the receiver or the timeout. */
  interrupted: boolean;
}

export interface SendOptions {
  policy: DestinationPolicy;
  timeoutMs?: number;
  /** Aborts the attempt (the service's stop). */
  signal?: AbortSignal;
  /** Tests only: the resolver behind the checked lookup. */
  resolve?: Parameters<typeof checkedLookup>[2];
}

const failure = (error: string, more: Partial<SendResult> = {}): SendResult => ({
  delivered: false,
  status: null,
  response: null,
  error: error.slice(0, 300),
  retryAfter: null,
  refused: false,
  interrupted: false,
  ...more,
});

export function sendMessage(endpointUrl: string, secrets: string[], m: OutboundMessage, options: SendOptions): Promise<SendResult> {
  const timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;
  // A literal address, or a URL registered under older rules or another OUTBOUND_ALLOW_LOOPBACK.
  const problem = endpointUrlProblem(endpointUrl, options.policy);
  if (problem) return Promise.resolve(failure(`refused: ${problem}`, { refused: true }));
  const url = new URL(endpointUrl);
  const body = messageBody(m);
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;

  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const settle = (r: SendResult) => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    const request = (url.protocol === "https:" ? https : http).request(
      url,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "user-agent": "sleep-dashboard-webhooks/1",
          ...signatureHeaders(secrets, m.messageId, new Date(), body),
        },
        // A connection of its own: never one a pool opened to an address checked under other rules.
        agent: false,
        lookup: checkedLookup(options.policy, url.protocol === "http:", options.resolve),
        signal,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const retryAfter = typeof res.headers["retry-after"] === "string" ? res.headers["retry-after"] : null;
        // The start of the answer, without reading an endless body; a body cut off (or timed out)
        // after the status line still has its status, which is what counts.
        let text = "";
        const done = () => {
          settle({ delivered: isDelivered(status), status, response: text.slice(0, RESPONSE_EXCERPT_CHARS) || null, error: null, retryAfter, refused: false, interrupted: false });
          res.destroy();
        };
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
          if (text.length >= RESPONSE_EXCERPT_CHARS) done();
        });
        res.on("end", done);
        res.on("close", done);
        res.on("error", () => {});
      },
    );
    request.on("error", (error: NodeJS.ErrnoException) => {
      if (error instanceof RefusedDestination || error.code === "ERR_OUTBOUND_DESTINATION_REFUSED") return settle(failure(`refused: ${error.message}`, { refused: true }));
      if (options.signal?.aborted && !timeout.aborted) return settle(failure("the app stopped during the attempt", { interrupted: true }));
      if (timeout.aborted) return settle(failure(`no answer within ${timeoutMs / 1000} s`));
      settle(failure(String(error.code ?? error.message ?? "request failed")));
    });
    request.end(body);
  });
}
