// INFERENCE_COMPLETE deliveries as stored: one row per (session, inference_seq_num).

import type { Night } from "@/lib/sleep/night";
import type { DeliveryForm } from "@/lib/sleep/provenance";
import { preparedQuery } from "../db/prepared";
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
  deliveryForm: DeliveryForm;
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
 *
 * An inference applied to a closed night (completed without a timeline of its own, or Incomplete)
 * changes what its alert rules see: the same statement counts the change (alert_changes), so the
 * evaluation it owes survives a crash after the commit (server/alerts/).
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
             updated_at = ${w.updatedAt}::timestamptz,
             alert_changes = alert_changes + (CASE WHEN state <> 'OPEN' AND ${i.applied}::boolean THEN 1 ELSE 0 END)
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
                             breath_stages, window_start, window_end, applied, backfilled, delivery_form)
      SELECT ${i.sessionId}, ${i.inferenceSeqNum}::int, ${i.seqNum}::int, ${i.firstEpoch}::int, ${i.sleepStages}::smallint[],
             ${i.snoringStages}::smallint[], ${i.breathStages}::smallint[], ${i.windowStart}::timestamptz, ${i.windowEnd}::timestamptz,
             ${i.applied}::boolean, ${i.backfilled}::boolean, ${JSON.stringify(i.deliveryForm)}::jsonb
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

/** One night's part of a batched write: the night as merged from all of its deliveries in the batch. */
export interface NightBatchWrite {
  id: string;
  userId: string;
  /** As read (xmin), or null for a night this write creates. */
  version: string | null;
  /** False when every delivery in the batch was a duplicate: nothing to save, only to audit. */
  write: boolean;
  /** Some delivery of the batch was applied to the timeline (a closed night's then owes its alert rules). */
  applied: boolean;
  night: Night;
  startTime: Date | null;
  updatedAt: Date;
}

export interface AuditRow {
  requestId: string;
  version: string | null;
  sessionId: string;
  userId: string;
  inferenceSeqNum: number;
  outcome: "STORED" | "LATE" | "DUPLICATE";
  body: unknown;
}

/**
 * Group commit: many nights' inferences in one statement, each night as storeInference writes one.
 * A night's rows (its saved timeline, its new inferences, its audit rows) are written only if the night
 * is still at the version read, or, for a new night, if no one created it first; a night that only
 * received duplicates is checked against its version and gets its audit rows. Returns the nights
 * written; the others lost a race (nothing of theirs was written): read them again.
 *
 * The rows go as three JSON parameters expanded by jsonb_to_recordset, so the statement's text is the
 * same for any batch size (PostgreSQL and Prisma see one statement shape, not one per size). A closed
 * night that an applied inference changed counts the change for its alert rules, as storeInference does.
 */
export async function storeInferenceBatch(
  db: Pick<Prisma.TransactionClient, "$queryRawUnsafe">,
  nights: NightBatchWrite[],
  inferences: NewInference[],
  audits: AuditRow[],
): Promise<Set<string>> {
  const nightsJson = JSON.stringify(
    nights.map((n) => ({
      id: n.id,
      user_id: n.userId,
      version: n.version,
      write: n.write,
      applied: n.applied,
      sleep_stages: n.night.timeline.sleepStages,
      snoring_stages: n.night.timeline.snoringStages,
      epoch_source_seq: n.night.timeline.sourceSeq,
      last_inference_seq_num: n.night.lastInferenceSeqNum,
      start_time: n.startTime,
      updated_at: n.updatedAt,
    })),
  );
  const inferencesJson = JSON.stringify(
    inferences.map((i) => ({
      session_id: i.sessionId,
      inference_seq_num: i.inferenceSeqNum,
      seq_num: i.seqNum,
      first_epoch: i.firstEpoch,
      sleep_stages: i.sleepStages,
      snoring_stages: i.snoringStages,
      breath_stages: i.breathStages,
      window_start: i.windowStart,
      window_end: i.windowEnd,
      applied: i.applied,
      backfilled: i.backfilled,
      delivery_form: i.deliveryForm,
    })),
  );
  const auditsJson = JSON.stringify(
    audits.map((a) => ({
      request_id: a.requestId,
      version: a.version,
      session_id: a.sessionId,
      user_id: a.userId,
      inference_seq_num: a.inferenceSeqNum,
      outcome: a.outcome,
      body: a.body,
    })),
  );
  const rows = await preparedQuery<{ id: string }>(db, "ingest_write_batch", WRITE_BATCH, [nightsJson, inferencesJson, auditsJson]);
  return new Set(rows.map((r) => r.id));
}

const WRITE_BATCH = `
    WITH n AS (
      SELECT * FROM jsonb_to_recordset($1::jsonb) AS n(
        id text, user_id text, version text, write boolean, applied boolean, sleep_stages smallint[], snoring_stages smallint[],
        epoch_source_seq int[], last_inference_seq_num int, start_time timestamptz, updated_at timestamptz)
    ), updated AS (
      UPDATE sleep_session s
         SET sleep_stages = n.sleep_stages, snoring_stages = n.snoring_stages, epoch_source_seq = n.epoch_source_seq,
             last_inference_seq_num = n.last_inference_seq_num, start_time = n.start_time, updated_at = n.updated_at,
             alert_changes = s.alert_changes + (CASE WHEN s.state <> 'OPEN' AND n.applied THEN 1 ELSE 0 END)
        FROM n
       WHERE s.id = n.id AND n.write AND n.version IS NOT NULL AND s.xmin = n.version::xid
      RETURNING s.id
    ), created AS (
      INSERT INTO sleep_session (id, user_id, sleep_stages, snoring_stages, epoch_source_seq, last_inference_seq_num, start_time, updated_at)
      SELECT id, user_id, sleep_stages, snoring_stages, epoch_source_seq, last_inference_seq_num, start_time, updated_at
        FROM n WHERE n.write AND n.version IS NULL
      ON CONFLICT (id) DO NOTHING
      RETURNING id
    ), unchanged AS (
      SELECT s.id FROM n JOIN sleep_session s ON s.id = n.id WHERE NOT n.write AND s.xmin = n.version::xid
    ), done AS (
      SELECT id FROM updated UNION ALL SELECT id FROM created UNION ALL SELECT id FROM unchanged
    ), ins AS (
      INSERT INTO inference (session_id, inference_seq_num, seq_num, first_epoch, sleep_stages, snoring_stages,
                             breath_stages, window_start, window_end, applied, backfilled, delivery_form)
      SELECT i.session_id, i.inference_seq_num, i.seq_num, i.first_epoch, i.sleep_stages, i.snoring_stages,
             i.breath_stages, i.window_start, i.window_end, i.applied, i.backfilled, i.delivery_form
        FROM jsonb_to_recordset($2::jsonb) AS i(
          session_id text, inference_seq_num int, seq_num int, first_epoch int, sleep_stages smallint[],
          snoring_stages smallint[], breath_stages smallint[], window_start timestamptz, window_end timestamptz,
          applied boolean, backfilled boolean, delivery_form jsonb)
       WHERE i.session_id IN (SELECT id FROM done)
      ON CONFLICT (session_id, inference_seq_num) DO NOTHING
      RETURNING 1
    ), audit AS (
      INSERT INTO webhook_delivery (request_id, event, version, session_id, user_id, inference_seq_num, outcome, body)
      SELECT a.request_id, 'INFERENCE_COMPLETE', a.version, a.session_id, a.user_id, a.inference_seq_num,
             a.outcome::"DeliveryOutcome", a.body
        FROM jsonb_to_recordset($3::jsonb) AS a(
          request_id text, version text, session_id text, user_id text, inference_seq_num int, outcome text, body jsonb)
       WHERE a.session_id IN (SELECT id FROM done)
      RETURNING 1
    )
    SELECT id FROM done`;
