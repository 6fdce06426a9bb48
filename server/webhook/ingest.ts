// Stores one normalised Asleep delivery, exactly once and atomically: the inference or report is
// inserted under its unique key (a duplicate inserts nothing), the merged night is saved, and the
// delivery is written to the audit log. Either all of it lands or none does. An INFERENCE_COMPLETE is
// one conditioned statement (optimistic: retried on a lost race); the rest is one transaction that
// locks the night's row.

import { receiveInference, receiveSessionComplete, type Night } from "@/lib/sleep/night";
import { estimateStart, startAfterInference, startMoved } from "@/lib/sleep/start-time";
import { firstEpochOf } from "@/lib/sleep/timeline";
import type { Db } from "../db/client";
import { isRetryableConflict } from "../db/errors";
import { retryOnConflict } from "../db/retry";
import type { DeliveryOutcome } from "../db/generated/enums";
import { recordDelivery } from "../data/deliveries";
import { storeInference as writeInference } from "../data/inferences";
import { insertReportOnce } from "../data/reports";
import { lockOrCreateSession, readSession, saveNight, unstoredSession, type LockedSession } from "../data/sessions";
import { nightsChanged } from "../outbound/nudge";
import type { DeliveryForm } from "@/lib/sleep/provenance";
import type { InferenceDelivery, SessionCompleteDelivery, AsleepDelivery } from "./schema";

/** How a delivery came, stored beside it for the night's provenance (lib/sleep/provenance.ts). */
export function deliveryFormOf(delivery: InferenceDelivery | SessionCompleteDelivery, source: IngestContext["source"]): DeliveryForm {
  return {
    via: source === "backfill" ? "backfill" : "webhook",
    version: delivery.version,
    shape: delivery.shape,
    names: delivery.spelling.names,
    aliases: delivery.spelling.aliases,
  };
}

export interface IngestContext {
  requestId: string;
  /** The body as received, for the audit log. */
  body: unknown;
  receivedAt: Date;
  /** "backfill" when the delivery was rebuilt from Asleep's REST API rather than received by webhook. */
  source?: "webhook" | "backfill";
}

export interface IngestResult {
  outcome: DeliveryOutcome;
  /**
   * The night after this delivery, when it changed (for live updates): its timeline, or only its start,
   * which an inference not applied to a final timeline still dates while the start is an estimate.
   */
  night?: { sessionId: string; userId: string; night: Night; startTime: Date | null; updatedAt: Date };
  /** Set when this delivery was the night's SESSION_COMPLETE. */
  report?: { stat: Record<string, unknown> | null; peculiarities: string[] };
}

/** The session exists under another Asleep user: answering 400 keeps one person's night from another's. */
export class SessionOwnerMismatch extends Error {
  constructor(readonly sessionId: string) {
    super(`session ${sessionId} belongs to another user`);
  }
}

/**
 * Tries without a lock first (read the night, merge, one conditioned write); this many lost races on
 * one night and the delivery queues on the night's row lock instead, so a backlog arriving at once
 * still makes progress.
 */
export const OPTIMISTIC_ATTEMPTS = 4;

export async function ingestDelivery(db: Db, delivery: AsleepDelivery, ctx: IngestContext): Promise<IngestResult> {
  if (delivery.event === "UNKNOWN") {
    await recordDelivery(db, { requestId: ctx.requestId, delivery, outcome: "IGNORED", body: ctx.body });
    return { outcome: "IGNORED" };
  }
  if (delivery.event === "INFERENCE_COMPLETE") {
    // The hot path: two statements, no transaction. The write is one atomic statement conditioned on
    // the night being as it was read (or, for a new night, on no one having created it).
    for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
      const session = (await readSession(db, delivery.sessionId)) ?? unstoredSession(delivery.sessionId, delivery.userId);
      if (session.userId !== delivery.userId) throw new SessionOwnerMismatch(delivery.sessionId);
      const result = await storeInference(db, session, delivery, ctx);
      if (result) return afterCommit(db, result);
    }
  }
  return ingestLocked(db, delivery, ctx);
}

/**
 * After the commit, never before: outbound events compare the stored night with what it announced,
 * later in the event loop (server/outbound/nights.ts); the answer to the sender does not wait for it.
 */
function afterCommit(db: Db, result: IngestResult): IngestResult {
  if (result.night) nightsChanged(db, [result.night.sessionId]);
  return result;
}

/**
 * The locked path: one transaction holding the night's row lock. Every event but INFERENCE_COMPLETE
 * goes here, and an INFERENCE_COMPLETE that lost OPTIMISTIC_ATTEMPTS races (here or in the batcher).
 */
export async function ingestLocked(db: Db, delivery: InferenceDelivery | SessionCompleteDelivery, ctx: IngestContext): Promise<IngestResult> {
  // A deadlock or serialisation failure rolled everything back: run the transaction again a few times
  // (server/db/retry.ts) before the route answers 503, which is for a conflict that persists.
  const result = await retryOnConflict(() => lockedTransaction(db, delivery, ctx), { isRetryable: isRetryableConflict });
  return afterCommit(db, result);
}

function lockedTransaction(db: Db, delivery: InferenceDelivery | SessionCompleteDelivery, ctx: IngestContext): Promise<IngestResult> {
  return db.$transaction(async (tx): Promise<IngestResult> => {
    const session = await lockOrCreateSession(tx, delivery.sessionId, delivery.userId);
    if (session.userId !== delivery.userId) throw new SessionOwnerMismatch(delivery.sessionId);

    if (delivery.event === "INFERENCE_COMPLETE") {
      const result = await storeInference(tx, session, delivery, ctx);
      // Impossible while holding the row lock; never acknowledge what was not written.
      if (!result) throw new Error(`sleep_session ${session.id}: changed while locked`);
      return result;
    }
    const result = await storeSessionComplete(tx, session, delivery, ctx);
    await recordDelivery(tx, { requestId: ctx.requestId, delivery, outcome: result.outcome, body: ctx.body });
    return result;
  });
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Null when the night changed since it was read (nothing written): read it again. */
async function storeInference(tx: Pick<Tx, "$queryRaw">, session: LockedSession, delivery: InferenceDelivery, ctx: IngestContext): Promise<IngestResult | null> {
  const placed = {
    inferenceSeqNum: delivery.inferenceSeqNum,
    firstEpoch: firstEpochOf(delivery.inferenceSeqNum, delivery.sleepStages.length),
    sleepStages: delivery.sleepStages,
    snoringStages: delivery.snoringStages,
  };
  const { night, applied } = receiveInference(session.night, placed);
  // Applied or not: an inference after a final SESSION_COMPLETE that gave no readable start still dates it.
  const startTime = startAfterInference({ startTime: session.startTime, estimated: session.startTimeEstimated }, estimateStartTime(delivery, ctx.receivedAt));
  const updatedAt = new Date();
  const written = await writeInference(
    tx,
    {
      inference: {
        sessionId: session.id,
        inferenceSeqNum: delivery.inferenceSeqNum,
        seqNum: delivery.seqNum,
        firstEpoch: placed.firstEpoch,
        sleepStages: delivery.sleepStages,
        snoringStages: delivery.snoringStages,
        breathStages: delivery.breathStages,
        windowStart: delivery.timeWindow?.start ?? null,
        windowEnd: delivery.timeWindow?.end ?? null,
        applied,
        backfilled: ctx.source === "backfill",
        deliveryForm: deliveryFormOf(delivery, ctx.source),
      },
      night,
      startTime,
      updatedAt,
      audit: { requestId: ctx.requestId, version: delivery.version, userId: delivery.userId, body: ctx.body },
    },
    session.version,
  );
  if (written === "conflict") return null;
  if (written === "duplicate") return { outcome: "DUPLICATE" };
  return {
    outcome: applied ? "STORED" : "LATE",
    night: applied || startMoved(session.startTime, startTime) ? { sessionId: session.id, userId: session.userId, night, startTime, updatedAt } : undefined,
  };
}

async function storeSessionComplete(tx: Tx, session: LockedSession, delivery: SessionCompleteDelivery, ctx: IngestContext): Promise<IngestResult> {
  const inserted = await insertReportOnce(tx, {
    sessionId: session.id,
    stat: delivery.stat,
    peculiarities: delivery.peculiarities,
    missingDataRatio: delivery.missingDataRatio,
    sessionPayload: delivery.sessionPayload,
    deliveryForm: deliveryFormOf(delivery, ctx.source),
  });
  if (!inserted) return { outcome: "DUPLICATE" };

  const night = receiveSessionComplete(session.night, delivery.final);
  const updatedAt = await saveNight(tx, session.id, night, {
    ...(delivery.startTime ? { startTime: delivery.startTime, startTimeEstimated: false } : {}),
    endTime: delivery.endTime,
    timezone: delivery.timezone,
  });
  return {
    outcome: "STORED",
    night: { sessionId: session.id, userId: session.userId, night, startTime: delivery.startTime ?? session.startTime, updatedAt },
    report: { stat: delivery.stat, peculiarities: delivery.peculiarities },
  };
}

/**
 * Until Asleep gives a readable start_time, the night's start is estimated from each inference: the end
 * of its time window (or when it was sent, or received) minus its blocks (lib/sleep/start-time.ts).
 */
export function estimateStartTime(delivery: InferenceDelivery, receivedAt: Date): Date {
  return estimateStart(delivery.timeWindow?.end ?? delivery.sentAt ?? receivedAt, delivery.inferenceSeqNum);
}
