// Replaying a stored delivery from the audit log (an admin's repair after a loss): the stored body,
// with the stored Asleep user as x-user-id, goes through exactly what the webhook does — the edge schema,
// the exactly-once ingest, a new audit row, the live events. The existing dedup makes it idempotent: a
// replay of something still stored is a DUPLICATE and changes nothing but the audit log.

import { randomUUID } from "node:crypto";
import type { Viewer } from "../auth/viewer";
import { findDeliveryToReplay } from "../data/deliveries";
import type { DeliveryOutcome } from "../db/generated/enums";
import type { Runtime } from "../runtime";
import { afterIngest } from "../alerts/triggers";
import { ingestDelivery, SessionOwnerMismatch } from "./ingest";
import { parseAsleepWebhook, type PayloadIssue } from "./schema";

export type ReplayResult =
  | { kind: "not-found" }
  /** The stored body no longer passes the edge (the schema changed, or the night has another owner now). */
  | { kind: "invalid"; issues: PayloadIssue[] }
  | { kind: "replayed"; replayOf: string; requestId: string; outcome: DeliveryOutcome; event: string; sessionId: string | null };

/** The audit row's request id says what it replays, so the log reads as a history. */
export const replayRequestId = (id: bigint) => `replay:${id}:${randomUUID()}`;

export async function replayDelivery(runtime: Pick<Runtime, "db" | "live" | "logger" | "jobs">, viewer: Viewer, id: bigint): Promise<ReplayResult> {
  const { db, live, logger } = runtime;
  const stored = await findDeliveryToReplay(db, viewer, id);
  if (!stored) return { kind: "not-found" };

  const parsed = parseAsleepWebhook(stored.body, stored.userId);
  if (!parsed.ok) return { kind: "invalid", issues: parsed.issues };
  const delivery = parsed.delivery;
  const requestId = replayRequestId(id);
  const log = logger.child({ requestId, route: "replay", replayOf: id.toString(), adminId: viewer.accountId });
  try {
    // The original arrival time, not now: it anchors the start-time estimate of an open night.
    const result = await ingestDelivery(db, delivery, { requestId, body: stored.body, receivedAt: stored.receivedAt });
    log.info({ event: delivery.event, sessionId: delivery.sessionId, userId: delivery.userId, outcome: result.outcome }, "delivery replayed");
    live.publish(result);
    await afterIngest(runtime.jobs, result).catch((error: Error) => log.warn({ err: error.message }, "could not enqueue the night's alert rules"));
    const event = delivery.event === "UNKNOWN" ? delivery.eventName : delivery.event;
    return { kind: "replayed", replayOf: id.toString(), requestId, outcome: result.outcome, event, sessionId: delivery.sessionId };
  } catch (error) {
    if (error instanceof SessionOwnerMismatch) return { kind: "invalid", issues: [{ path: "session_id", message: "belongs to another user" }] };
    throw error;
  }
}
