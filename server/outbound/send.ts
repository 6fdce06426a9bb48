// One delivery attempt over HTTP: the signed JSON body, a 10-second limit, no redirects followed (a
// receiver that moved is a failure the admin should see, not a hop to somewhere unsigned-for).

import { isDelivered } from "@/lib/outbound/retry";
import { signatureHeaders } from "./sign";

export const SEND_TIMEOUT_MS = 10_000;
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
}

export async function sendMessage(url: string, secrets: string[], m: OutboundMessage, timeoutMs = SEND_TIMEOUT_MS): Promise<SendResult> {
  const body = messageBody(m);
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "sleep-dashboard-webhooks/1", ...signatureHeaders(secrets, m.messageId, new Date(), body) },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await readExcerpt(res);
    return { delivered: isDelivered(res.status), status: res.status, response: text, error: null };
  } catch (error) {
    const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    const why = e.name === "TimeoutError" ? `no answer within ${timeoutMs / 1000} s` : (e.cause?.code ?? e.cause?.message ?? e.message ?? "request failed");
    return { delivered: false, status: null, response: null, error: String(why).slice(0, 200) };
  }
}

/** The start of the answer, without reading an endless body. */
async function readExcerpt(res: Response): Promise<string | null> {
  if (!res.body) return null;
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    while (text.length < RESPONSE_EXCERPT_CHARS) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // A body cut off after the status line: the status is what counts.
  } finally {
    void reader.cancel().catch(() => {});
  }
  return text.slice(0, RESPONSE_EXCERPT_CHARS) || null;
}
