// INFERENCE_COMPLETE deliveries as stored: one row per (session, inference_seq_num).

import type { Night } from "@/lib/sleep/night";
import type { Prisma } from "../db/generated/client";

export interface NewInference {
  sessionId: string;
  inferenceSeqNum: number;
  seqNum: number | null;
  firstEpoch: number;
  sleepStages: number[];
  snoringStages: number[];
  breathStages: number[];
  windowStart: Date | null;
  windowEnd: Date | null;
  applied: boolean;
  /** Fetched from Asleep's REST API by the back-fill, not delivered by webhook. */
  backfilled: boolean;
}

/**
 * Stored under the unique (session, inference_seq_num): the database decides what is a duplicate,
 * atomically, even for fifty copies arriving at once.
 */
export interface InferenceWrite {
  inference: NewInference;
  /** The night after applying it (saved only if the inference is new). */
  night: Night;
  startTime: Date | null;
  updatedAt: Date;
  audit: { requestId: string; version: string | null; userId: string; body: unknown };
}

/**
 * The hot path of every night: in one statement, insert the inference unless it is a duplicate, save
 * the merged night if it was new, and append the audit row (STORED, LATE or DUPLICATE). One round trip
 * instead of three; the caller holds the session row lock (lockOrCreateSession) in the same transaction.
 * Returns whether the inference was new.
 */
export async function storeInference(tx: Pick<Prisma.TransactionClient, "$queryRaw">, w: InferenceWrite): Promise<boolean> {
  const i = w.inference;
  const stored = i.applied ? "STORED" : "LATE";
  const rows = await tx.$queryRaw<Array<{ inserted: boolean }>>`
    WITH ins AS (
      INSERT INTO inference (session_id, inference_seq_num, seq_num, first_epoch, sleep_stages, snoring_stages,
                             breath_stages, window_start, window_end, applied, backfilled)
      VALUES (${i.sessionId}, ${i.inferenceSeqNum}, ${i.seqNum}, ${i.firstEpoch}, ${i.sleepStages}::smallint[],
              ${i.snoringStages}::smallint[], ${i.breathStages}::smallint[], ${i.windowStart}, ${i.windowEnd}, ${i.applied}, ${i.backfilled})
      ON CONFLICT (session_id, inference_seq_num) DO NOTHING
      RETURNING 1
    ), night AS (
      UPDATE sleep_session
         SET sleep_stages = ${w.night.timeline.sleepStages}::smallint[],
             snoring_stages = ${w.night.timeline.snoringStages}::smallint[],
             epoch_source_seq = ${w.night.timeline.sourceSeq}::int[],
             last_inference_seq_num = ${w.night.lastInferenceSeqNum},
             start_time = ${w.startTime},
             updated_at = ${w.updatedAt}
       WHERE id = ${i.sessionId} AND EXISTS (SELECT 1 FROM ins)
    ), audit AS (
      INSERT INTO webhook_delivery (request_id, event, version, session_id, user_id, inference_seq_num, outcome, body)
      SELECT ${w.audit.requestId}, 'INFERENCE_COMPLETE', ${w.audit.version}, ${i.sessionId}, ${w.audit.userId}, ${i.inferenceSeqNum},
             (CASE WHEN EXISTS (SELECT 1 FROM ins) THEN ${stored} ELSE 'DUPLICATE' END)::"DeliveryOutcome",
             ${JSON.stringify(w.audit.body)}::jsonb
    )
    SELECT EXISTS (SELECT 1 FROM ins) AS inserted`;
  return rows[0]?.inserted === true;
}
