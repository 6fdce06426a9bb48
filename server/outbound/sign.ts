// Signing per the Standard Webhooks spec, only through its reference library (standardwebhooks):
// webhook-id, webhook-timestamp, webhook-signature over `${id}.${timestamp}.${body}`, HMAC-SHA256.

import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

/** How long the secret before a rotation still signs messages (beside the new one): one day. */
export const ROTATION_GRACE_MS = 24 * 3600_000;

/** A new endpoint secret in the spec's form: whsec_ + base64 of 32 random bytes. */
export function newEndpointSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/**
 * The three headers for one attempt. With several secrets (during a rotation) the signature header
 * carries one signature per secret, space-separated, as the spec allows: a receiver holding either
 * secret verifies.
 */
export function signatureHeaders(secrets: string[], messageId: string, at: Date, body: string): Record<string, string> {
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": secrets.map((s) => new Webhook(s).sign(messageId, at, body)).join(" "),
  };
}
