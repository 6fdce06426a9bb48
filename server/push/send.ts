// One Web Push message to one browser: web-push builds the request (the VAPID JWT, ES256, and the
// payload encrypted for the browser's keys, RFC 8291 aes128gcm); this sends it to the push service,
// over node:http(s) with the outbound rules' checked lookup (server/outbound/destination.ts), as
// outbound events are: a subscription's endpoint comes from a browser, so it must not reach inside
// the clinic's network.

import http from "node:http";
import https from "node:https";
import webpush from "web-push";
import { endpointUrlProblem, type DestinationPolicy } from "@/lib/outbound/endpoint-url";
import { checkedLookup } from "../outbound/destination";

export interface VapidConfig {
  publicKey: string;
  privateKey: string;
  /** A mailto: or https: contact the push service may use (VAPID's `sub`). */
  subject: string;
}

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface PushResult {
  /** The push service's status, or null when there was no answer. */
  status: number | null;
  error: string | null;
}

/** How long the push service may take to answer. */
const SEND_TIMEOUT_MS = 15_000;
/** How long the push service keeps the message for a browser that is offline: until the morning is over. */
export const PUSH_TTL_SECONDS = 12 * 3600;

export function sendPush(target: PushTarget, payload: string, vapid: VapidConfig, policy: DestinationPolicy): Promise<PushResult> {
  const problem = endpointUrlProblem(target.endpoint, policy);
  if (problem) return Promise.resolve({ status: null, error: `refused: ${problem}` });
  const details = webpush.generateRequestDetails({ endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } }, payload, {
    vapidDetails: vapid,
    TTL: PUSH_TTL_SECONDS,
    urgency: "normal",
    contentEncoding: "aes128gcm",
  });
  const url = new URL(details.endpoint);
  const body = details.body ?? Buffer.alloc(0);
  return new Promise<PushResult>((resolve) => {
    const request = (url.protocol === "https:" ? https : http).request(
      url,
      {
        method: details.method,
        headers: { ...details.headers, "content-length": body.length },
        agent: false,
        lookup: checkedLookup(policy, url.protocol === "http:"),
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, error: null }));
        res.on("error", () => resolve({ status: res.statusCode ?? 0, error: null }));
      },
    );
    request.on("error", (error: NodeJS.ErrnoException) => resolve({ status: null, error: String(error.code ?? error.message).slice(0, 300) }));
    request.end(body);
  });
}

/** A key pair for VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY (base64url, as browsers take applicationServerKey). */
export function generateVapidKeys(): { publicKey: string; privateKey: string } {
  return webpush.generateVAPIDKeys();
}
