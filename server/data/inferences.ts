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

/** What a conditioned write did: stored the inference, found it already stored, or lost a race. */
export type InferenceWriteOutcome = "inserted" | "duplicate" | "conflict";

/**
 * The hot path of every night, in one statement (so one atomic write, with or without a transaction
 * around it): if the night's row is still at `version` and this inference is not stored yet, save the
 * merged night and insert the inference; append the audit row (STORED, LATE or DUPLICATE). When another
 * delivery wrote the night since it was read, nothing is written ("conflict": read again and re-merge).
 * Every inference insert goes with an update of its night's row, so a version that still matches also
 * means no one stored this inference in between.
 *
 * A night not stored yet (`version` null) is created by this same statement, so a delivery that fails
 * leaves no empty night behind; if another delivery created it first, that is a conflict too.
 */
export async function storeInference(
  db: Pick<Prisma.TransactionClient, "$queryRaw">,
  w: InferenceWrite,
  version: string | null,
): Promise<InferenceWriteOutcome> {
  const i = w.inference;
  const stored = i.applied ? "STORED" : "LATE";
  const rows = await db.$queryRaw<Array<{ inserted: boolean; duplicate: boolean }>>`
    WITH night AS (
      UPDATE sleep_session
         SET sleep_stages = ${w.night.timeline.sleepStages}::smallint[],
             snoring_stages = ${w.night.timeline.snoringStages}::smallint[],
             epoch_source_seq = ${w.night.timeline.sourceSeq}::int[],
             last_inference_seq_num = ${w.night.lastInferenceSeqNum}::int,
             start_time = ${w.startTime}::timestamptz,
             updated_at = ${w.updatedAt}::timestamptz
       WHERE id = ${i.sessionId} AND xmin = ${version}::xid
         AND NOT EXISTS (SELECT 1 FROM inference WHERE session_id = ${i.sessionId} AND inference_seq_num = ${i.inferenceSeqNum}::int)
      RETURNING 1
    ), created AS (
      INSERT INTO sleep_session (id, user_id, sleep_stages, snoring_stages, epoch_source_seq, last_inference_seq_num, start_time, updated_at)
      SELECT ${i.sessionId}, ${w.audit.userId}, ${w.night.timeline.sleepStages}::smallint[], ${w.night.timeline.snoringStages}::smallint[],
             ${w.night.timeline.sourceSeq}::int[], ${w.night.lastInferenceSeqNum}::int, ${w.startTime}::timestamptz, ${w.updatedAt}::timestamptz
       WHERE ${version}::xid IS NULL
      ON CONFLICT (id) DO NOTHING
      RETURNING 1
    ), ins AS (
      INSERT INTO inference (session_id, inference_seq_num, seq_num, first_epoch, sleep_stages, snoring_stages,
                             breath_stages, window_start, window_end, applied, backfilled)
      SELECT ${i.sessionId}, ${i.inferenceSeqNum}::int, ${i.seqNum}::int, ${i.firstEpoch}::int, ${i.sleepStages}::smallint[],
             ${i.snoringStages}::smallint[], ${i.breathStages}::smallint[], ${i.windowStart}::timestamptz, ${i.windowEnd}::timestamptz,
             ${i.applied}::boolean, ${i.backfilled}::boolean
       WHERE EXISTS (SELECT 1 FROM night) OR EXISTS (SELECT 1 FROM created)
      ON CONFLICT (session_id, inference_seq_num) DO NOTHING
      RETURNING 1
    ), seen AS (
      SELECT EXISTS (SELECT 1 FROM inference WHERE session_id = ${i.sessionId} AND inference_seq_num = ${i.inferenceSeqNum}::int) AS duplicate
    ), audit AS (
      INSERT INTO webhook_delivery (request_id, event, version, session_id, user_id, inference_seq_num, outcome, body)
      SELECT ${w.audit.requestId}, 'INFERENCE_COMPLETE', ${w.audit.version}, ${i.sessionId}, ${w.audit.userId}, ${i.inferenceSeqNum}::int,
             (CASE WHEN EXISTS (SELECT 1 FROM ins) THEN ${stored} ELSE 'DUPLICATE' END)::"DeliveryOutcome",
             ${JSON.stringify(w.audit.body)}::jsonb
       WHERE EXISTS (SELECT 1 FROM ins) OR (SELECT duplicate FROM seen)
    )
    SELECT EXISTS (SELECT 1 FROM ins) AS inserted, (SELECT duplicate FROM seen) AS duplicate`;
  const row = rows[0];
  return row?.inserted ? "inserted" : row?.duplicate ? "duplicate" : "conflict";
}
