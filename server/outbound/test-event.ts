// "Send test event": one signed message to an endpoint, now, with the receiver's answer returned to the
// admin who asked, so a new or repaired receiver can be checked without waiting for a night. Sent as
// deliveries are (the destination rules, the signature, the timeout), whether the endpoint is on or
// off (an admin checks a receiver before turning it back on), and recorded nowhere: it is about no one.

import { randomUUID } from "node:crypto";
import type { DestinationPolicy } from "@/lib/outbound/endpoint-url";
import type { Viewer } from "../auth/viewer";
import type { Db } from "../db/client";
import { endpointToTest } from "../data/outbound-endpoints";
import { sendMessage } from "./send";

/** The test event's type: no receiver subscribed to real events mistakes it for one. */
export const TEST_EVENT_TYPE = "webhook.test";

export interface TestEventOutcome {
  messageId: string;
  delivered: boolean;
  /** The receiver's HTTP status, or null when it gave none (refused, unreachable, timed out). */
  status: number | null;
  /** The start of its answer. */
  response: string | null;
  /** Why there was no answer. */
  error: string | null;
  /** From sending to the answer. */
  ms: number;
}

/** Null when the viewer is no admin or there is no such endpoint. */
export async function sendTestEvent(db: Db, viewer: Viewer, endpointId: string, policy: DestinationPolicy): Promise<TestEventOutcome | null> {
  const endpoint = await endpointToTest(db, viewer, endpointId);
  if (!endpoint) return null;
  const messageId = `msg_${randomUUID().replaceAll("-", "")}`;
  const started = Date.now();
  const r = await sendMessage(endpoint.url, endpoint.secrets, {
    messageId,
    type: TEST_EVENT_TYPE,
    createdAt: new Date(),
    data: { endpointId, message: "A test event an admin sent from the sleep dashboard. It is about no one." },
  }, { policy });
  return { messageId, delivered: r.delivered, status: r.status, response: r.response, error: r.error, ms: Date.now() - started };
}
