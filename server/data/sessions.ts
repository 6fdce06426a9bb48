// Sleep sessions: one row per night, holding the merged timeline.

import { z } from "zod";
import { INCOMPLETE_REASONS } from "@/lib/sleep/incomplete";
import type { IncompleteReason, SessionDetail, SessionSummary } from "@/lib/live/events";
import { cursorKey, cursorParam, encodeCursor, keysetPage } from "@/lib/navigation/cursor";
import { newNight, type Night, type NightState } from "@/lib/sleep/night";
import { EPOCH_SECONDS } from "@/lib/sleep/stages";
import { stagePlanOf, type StagePlan } from "@/lib/sleep/plan";
import { readBreathStages } from "@/lib/sleep/asleep-measures";
import { findRuntime } from "../runtime";
import { nightProvenance, readDeliveryForm, type AnalysisRecord, type NightProvenance } from "@/lib/sleep/provenance";
import type { Db } from "../db/client";
import { preparedQuery } from "../db/prepared";
import type { Prisma } from "../db/generated/client";
import { canSee, sessionsVisibleTo, type Audience } from "./access";
import { cadenceBoundsInUse, NO_PULSE, pulseOfOpenNights } from "./staleness";
import { knownZones, zoneOf } from "./zones";

type Tx = Prisma.TransactionClient;

export interface LockedSession {
  id: string;
  userId: string;
  night: Night;
  startTime: Date | null;
  startTimeEstimated: boolean;
  /**
   * The row's version (PostgreSQL's xmin): a write conditioned on it fails if anyone wrote in between.
   * Null for a night not stored yet: the write that stores its first delivery creates it.
   */
  version: string | null;
}

interface LockedRow {
  id: string;
  user_id: string;
  state: NightState;
  sleep_stages: number[] | null;
  snoring_stages: number[] | null;
  epoch_source_seq: number[] | null;
  timeline_final: boolean;
  last_inference_seq_num: number | null;
  start_time: Date | null;
  start_time_estimated: boolean;
  version: string;
}

/**
 * Creates the session if it is new and locks its row until the transaction ends, in one statement:
 * INSERT … ON CONFLICT DO UPDATE takes the row lock, so concurrent deliveries for one night queue up
 * here and each merges onto the night as the previous one left it.
 */
export async function lockOrCreateSession(tx: Tx, id: string, userId: string): Promise<LockedSession> {
  const rows = await tx.$queryRaw<LockedRow[]>`
    INSERT INTO sleep_session (id, user_id, sleep_stages, snoring_stages, epoch_source_seq)
    VALUES (${id}, ${userId}, '{}', '{}', '{}')
    ON CONFLICT (id) DO UPDATE SET updated_at = now()
    RETURNING id, user_id, state::text AS state, sleep_stages, snoring_stages, epoch_source_seq, timeline_final,
              last_inference_seq_num, start_time, start_time_estimated, xmin::text AS version`;
  const row = rows[0];
  if (!row) throw new Error(`sleep_session ${id}: upsert returned no row`);
  return fromRow(row);
}

/**
 * Reads the night with its version, without a lock, a transaction or a write: the write that follows is
 * conditioned on the version (see storeInference), and creates the night if it is not stored yet, so a
 * delivery that fails leaves no night behind. Null when the night is new.
 */
export async function readSession(db: Db, id: string): Promise<LockedSession | null> {
  const rows = await db.$queryRaw<LockedRow[]>`
    SELECT id, user_id, state::text AS state, sleep_stages, snoring_stages, epoch_source_seq, timeline_final,
           last_inference_seq_num, start_time, start_time_estimated, xmin::text AS version
      FROM sleep_session WHERE id = ${id}`;
  return rows[0] ? fromRow(rows[0]) : null;
}

/** A night as read for a batch of inferences: which of the asked inferences it already stores. */
export interface SessionWithStored extends LockedSession {
  storedSeqNums: number[];
}

/**
 * Reads many nights at once, each with its version and which of the given inferences it already
 * stores, in one statement (so one snapshot: a version and its stored inferences agree). Nights not
 * stored yet are absent from the map. The batched ingest (server/webhook/batch.ts) conditions its write
 * on these versions, as storeInference does for one.
 */
export async function readSessionsForBatch(db: Db, asked: Array<{ id: string; seqNums: number[] }>): Promise<Map<string, SessionWithStored>> {
  const rows = await preparedQuery<LockedRow & { stored: number[] }>(db, "ingest_read_nights", READ_NIGHTS_FOR_BATCH, [
    JSON.stringify(asked.map((a) => ({ id: a.id, seqs: a.seqNums }))),
  ]);
  return new Map(rows.map((row) => [row.id, { ...fromRow(row), storedSeqNums: row.stored ?? [] }]));
}

const READ_NIGHTS_FOR_BATCH = `
  SELECT s.id, s.user_id, s.state::text AS state, s.sleep_stages, s.snoring_stages, s.epoch_source_seq, s.timeline_final,
         s.last_inference_seq_num, s.start_time, s.start_time_estimated, s.xmin::text AS version,
         ARRAY(SELECT i.inference_seq_num FROM inference i
                WHERE i.session_id = s.id AND i.inference_seq_num = ANY(r.seqs)) AS stored
    FROM jsonb_to_recordset($1::jsonb) AS r(id text, seqs int[])
    JOIN sleep_session s ON s.id = r.id`;

/** A night no delivery has stored yet, as readSession would return it once created. */
export function unstoredSession(id: string, userId: string): LockedSession {
  return { id, userId, startTime: null, startTimeEstimated: true, version: null, night: newNight() };
}

function fromRow(row: LockedRow): LockedSession {
  return {
    id: row.id,
    userId: row.user_id,
    startTime: row.start_time,
    startTimeEstimated: row.start_time_estimated,
    version: row.version,
    night: {
      state: row.state,
      timelineFinal: row.timeline_final,
      lastInferenceSeqNum: row.last_inference_seq_num,
      timeline: {
        sleepStages: row.sleep_stages ?? [],
        snoringStages: row.snoring_stages ?? [],
        sourceSeq: row.epoch_source_seq ?? [],
      },
    },
  };
}

export interface SessionTimes {
  startTime?: Date | null;
  startTimeEstimated?: boolean;
  endTime?: Date | null;
  timezone?: string | null;
}

/**
 * Saves the merged night (SESSION_COMPLETE's, in the transaction holding its row lock). A closed night
 * counts the change for its alert rules in the same write, so the evaluation it owes survives a crash
 * after the commit (server/alerts/).
 */
export async function saveNight(tx: Tx, id: string, night: Night, times: SessionTimes): Promise<Date> {
  const updatedAt = new Date();
  await tx.sleepSession.updateMany({
    where: { id },
    data: {
      state: night.state,
      sleepStages: night.timeline.sleepStages,
      snoringStages: night.timeline.snoringStages,
      epochSourceSeq: night.timeline.sourceSeq,
      timelineFinal: night.timelineFinal,
      lastInferenceSeqNum: night.lastInferenceSeqNum,
      // A late SESSION_COMPLETE completes a night closed as incomplete: the reason no longer holds.
      ...(night.state === "COMPLETE" && { incompleteReason: null }),
      ...(night.state !== "OPEN" && { alertChanges: { increment: 1 } }),
      updatedAt,
      ...times,
    },
  });
  return updatedAt;
}

// ── Reading nights, for the people allowed to see them ──────────────────────────────────────────────

/** Where a page of nights ends: the last night's start (null: not known yet), when it was stored, and its id. */
export const sessionCursor = cursorParam(z.tuple([cursorKey.instant.nullable(), cursorKey.instant, cursorKey.id]));
export type SessionCursor = z.infer<typeof sessionCursor>;

/** The nights after the cursor's in the lists' order (start, newest first, unknown last; then stored; then id). */
function afterCursor([start, created, id]: SessionCursor): Prisma.SleepSessionWhereInput {
  const sameStart = { OR: [{ createdAt: { lt: new Date(created) } }, { createdAt: new Date(created), id: { gt: id } }] };
  return start === null
    ? { AND: [{ startTime: null }, sameStart] }
    : { OR: [{ startTime: { lt: new Date(start) } }, { startTime: null }, { AND: [{ startTime: new Date(start) }, sameStart] }] };
}

export interface SessionFilters {
  userId?: string;
  state?: NightState;
  from?: Date;
  to?: Date;
  limit: number;
  /** Nights after this one in the list's order (the API's paging). */
  before?: SessionCursor;
  /** Rows to skip (the pages' paging; lib/navigation/paging.ts). */
  offset?: number;
}

const asIncompleteReason = (reason: string | null): IncompleteReason | null =>
  INCOMPLETE_REASONS.find((r) => r === reason) ?? null;

/** Nights the audience may see, newest first. `from`/`to` bound the night's start. */
export async function listSessions(db: Db, audience: Audience, filters: SessionFilters): Promise<SessionSummary[]> {
  return (await findSessions(db, audience, filters)).map(({ summary }) => summary);
}

/** One page of nights for the API: at most `limit`, and the cursor of the next page (null: the last). */
export async function sessionsPage(db: Db, audience: Audience, filters: SessionFilters): Promise<{ rows: SessionSummary[]; nextCursor: string | null }> {
  const found = keysetPage(await findSessions(db, audience, { ...filters, limit: filters.limit + 1 }), filters.limit, ({ summary, createdAt }) =>
    encodeCursor([summary.startTime, createdAt.toISOString(), summary.id]),
  );
  return { rows: found.rows.map((r) => r.summary), nextCursor: found.nextCursor };
}

async function findSessions(db: Db, audience: Audience, filters: SessionFilters): Promise<Array<{ summary: SessionSummary; createdAt: Date }>> {
  const started: Prisma.DateTimeNullableFilter = { ...(filters.from && { gte: filters.from }), ...(filters.to && { lte: filters.to }) };
  const rows = await db.sleepSession.findMany({
    where: {
      AND: [
        sessionsVisibleTo(audience),
        filters.userId ? { userId: filters.userId } : {},
        filters.state ? { state: filters.state } : {},
        filters.from || filters.to ? { startTime: started } : {},
        filters.before ? afterCursor(filters.before) : {},
      ],
    },
    // The id last: nights stored in the same millisecond still have one order, so no page repeats one.
    orderBy: [{ startTime: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }, { id: "asc" }],
    take: filters.limit,
    skip: filters.offset,
    select: { id: true, userId: true, state: true, startTime: true, endTime: true, timezone: true, lastInferenceSeqNum: true, updatedAt: true, incompleteReason: true, createdAt: true },
  });
  // One more query for every open night in the list together, not one per night; two for the zones.
  const [pulses, zones, epochs] = await Promise.all([
    pulseOfOpenNights(db, rows.filter((r) => r.state === "OPEN").map((r) => r.id)),
    knownZones(db, rows.map((r) => r.userId)),
    epochsOfEndlessNights(db, rows),
  ]);
  return rows.map(({ createdAt, ...r }) => {
    const pulse = pulses.get(r.id) ?? NO_PULSE;
    const summary: SessionSummary = {
      ...r,
      zone: zoneOf(r, zones),
      startTime: r.startTime?.toISOString() ?? null,
      endTime: r.endTime?.toISOString() ?? null,
      updatedAt: r.updatedAt.toISOString(),
      lastDeliveryAt: pulse.lastDeliveryAt?.toISOString() ?? null,
      stale: pulse.stale,
      asleepUnreachableSince: pulse.asleepUnreachableSince?.toISOString() ?? null,
      asleepHasNoRecord: pulse.asleepHasNoRecord,
      incompleteReason: asIncompleteReason(r.incompleteReason),
      ...(epochs.has(r.id) && { epochs: epochs.get(r.id) }),
    };
    return { summary, createdAt };
  });
}

/** ASLEEP_STAGES (4-stage outside the app: scripts, unit tests). */
export const clinicStagePlan = (): StagePlan => findRuntime()?.config.stagePlan ?? "4-stage";

/** Asleep's `stat` as stored: an object, else none. */
export const statOf = (value: unknown): Record<string, unknown> | null =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

/** One night with its report, or null when it does not exist or the audience may not see it. */
export async function getSessionDetail(db: Db, audience: Audience, id: string): Promise<SessionDetail | null> {
  const row = await db.sleepSession.findFirst({
    where: { AND: [{ id }, sessionsVisibleTo(audience)] },
    include: { report: { select: { stat: true, peculiarities: true, sessionPayload: true, missingDataRatio: true, deliveryForm: true } } },
  });
  if (!row) return null;
  const [pulse, zones, analyses] = await Promise.all([
    row.state === "OPEN" ? pulseOfOpenNights(db, [row.id]).then((p) => p.get(row.id) ?? NO_PULSE) : NO_PULSE,
    knownZones(db, [row.userId]),
    analysesOf(db, row.id),
  ]);
  const report = row.report ? { form: readDeliveryForm(row.report.deliveryForm), missingDataRatio: row.report.missingDataRatio } : null;
  return {
    id: row.id,
    userId: row.userId,
    state: row.state,
    startTime: row.startTime?.toISOString() ?? null,
    endTime: row.endTime?.toISOString() ?? null,
    timezone: row.timezone,
    zone: zoneOf(row, zones),
    epochSeconds: EPOCH_SECONDS,
    sleepStages: row.sleepStages,
    snoringStages: row.snoringStages,
    stat: (row.report?.stat as Record<string, unknown> | null | undefined) ?? null,
    peculiarities: row.report?.peculiarities ?? [],
    stagePlanSetting: clinicStagePlan(),
    breathStages: readBreathStages(statOf(row.report?.sessionPayload)?.breath_stages),
    missingDataRatio: row.report?.missingDataRatio ?? null,
    lastInferenceSeqNum: row.lastInferenceSeqNum,
    updatedAt: row.updatedAt.toISOString(),
    lastDeliveryAt: pulse.lastDeliveryAt?.toISOString() ?? null,
    stale: pulse.stale,
    asleepUnreachableSince: pulse.asleepUnreachableSince?.toISOString() ?? null,
    asleepHasNoRecord: pulse.asleepHasNoRecord,
    incompleteReason: asIncompleteReason(row.incompleteReason),
    cadenceMs: pulse.cadenceMs,
    provenance: nightProvenance(analyses, report, cadenceBoundsInUse()),
  };
}

/** A night's analyses as its provenance reads them: when each came, which block, how many epochs, how. */
export async function analysesOf(db: Db, sessionId: string): Promise<AnalysisRecord[]> {
  return (await analysesOfNights(db, [sessionId])).get(sessionId) ?? [];
}

async function analysesOfNights(db: Db, ids: readonly string[]): Promise<Map<string, AnalysisRecord[]>> {
  const byNight = new Map<string, AnalysisRecord[]>();
  if (ids.length === 0) return byNight;
  const rows = await db.$queryRaw<Array<{ session_id: string; received_at: Date; inference_seq_num: number; epochs: number | null; delivery_form: unknown; backfilled: boolean }>>`
    SELECT session_id, received_at, inference_seq_num, cardinality(sleep_stages) AS epochs, delivery_form, backfilled
      FROM inference WHERE session_id = ANY(${[...ids]}::text[]) ORDER BY received_at`;
  for (const r of rows) {
    const form = readDeliveryForm(r.delivery_form);
    // Stored before forms were kept: a back-fill is still known as one.
    const record: AnalysisRecord = { arrivedAt: r.received_at.getTime(), inferenceSeqNum: r.inference_seq_num, epochs: r.epochs ?? 0, form: form ?? (r.backfilled ? { via: "backfill", version: null, shape: "flat", names: "event", aliases: [] } : null) };
    const list = byNight.get(r.session_id);
    if (list) list.push(record);
    else byNight.set(r.session_id, [record]);
  }
  return byNight;
}

/** Several nights' provenance in two queries, whatever their number (the period report's). */
export async function provenanceOfNights(db: Db, ids: readonly string[]): Promise<Map<string, NightProvenance>> {
  const result = new Map<string, NightProvenance>();
  if (ids.length === 0) return result;
  const [analyses, reports] = await Promise.all([
    analysesOfNights(db, ids),
    db.sleepReport.findMany({ where: { sessionId: { in: [...ids] } }, select: { sessionId: true, deliveryForm: true, missingDataRatio: true } }),
  ]);
  const reportOf = new Map(reports.map((r) => [r.sessionId, { form: readDeliveryForm(r.deliveryForm), missingDataRatio: r.missingDataRatio }]));
  const bounds = cadenceBoundsInUse();
  for (const id of ids) result.set(id, nightProvenance(analyses.get(id) ?? [], reportOf.get(id) ?? null, bounds));
  return result;
}

/** A patient's complete nights with their timelines, newest first, if the audience may see them. */
export async function completeNightsOf(db: Db, audience: Audience, asleepUserId: string, limit: number, offset = 0) {
  return nightsInStates(db, audience, asleepUserId, ["COMPLETE"], limit, offset);
}

/**
 * A patient's closed nights, complete and Incomplete (closed without Asleep's final report), newest
 * first: every night that has ended, for lists. Trends and averages read complete nights only.
 */
export async function closedNightsOf(db: Db, audience: Audience, asleepUserId: string, limit: number, offset = 0) {
  return nightsInStates(db, audience, asleepUserId, ["COMPLETE", "INCOMPLETE"], limit, offset);
}

async function nightsInStates(db: Db, audience: Audience, asleepUserId: string, states: Array<"COMPLETE" | "INCOMPLETE">, limit: number, offset: number) {
  if (!canSee(audience, asleepUserId)) return null;
  const rows = await db.sleepSession.findMany({
    where: { userId: asleepUserId, state: { in: states } },
    orderBy: [{ startTime: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }, { id: "asc" }],
    take: limit,
    skip: offset,
    select: { id: true, userId: true, state: true, startTime: true, endTime: true, timezone: true, sleepStages: true, snoringStages: true, report: { select: { stat: true } } },
  });
  const zones = await knownZones(db, [asleepUserId]);
  const configured = clinicStagePlan();
  return rows.map(({ report, ...r }) => {
    const stat = statOf(report?.stat);
    return {
      ...r,
      startTime: r.startTime?.toISOString() ?? null,
      endTime: r.endTime?.toISOString() ?? null,
      zone: zoneOf(r, zones),
      stat,
      stagePlan: stagePlanOf({ sleepStages: r.sleepStages, stat, configured }),
    };
  });
}

/** The names on the accounts linked to these Asleep users (those without an account are missing). */
export async function sleeperNames(db: Db, asleepUserIds: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(asleepUserIds)];
  if (ids.length === 0) return new Map();
  const rows = await db.user.findMany({ where: { asleepUserId: { in: ids } }, select: { asleepUserId: true, name: true } });
  return new Map(rows.map((r) => [r.asleepUserId!, r.name]));
}

/**
 * Epochs recorded in the closed nights without an end time (Incomplete ones, mostly), by id: such a
 * night is named to the end of what was recorded (lib/time/night.ts nightEndMs). One small query on
 * the stored epoch count, not the hypnograms.
 */
async function epochsOfEndlessNights(db: Db, nights: ReadonlyArray<{ id: string; state: string; endTime: Date | null }>): Promise<Map<string, number>> {
  const ids = nights.filter((n) => n.state !== "OPEN" && n.endTime === null).map((n) => n.id);
  if (ids.length === 0) return new Map();
  const rows = await db.$queryRaw<Array<{ id: string; epoch_count: number | null }>>`
    SELECT id, epoch_count FROM sleep_session WHERE id = ANY(${ids}::text[])`;
  return new Map(rows.map((r) => [r.id, r.epoch_count ?? 0]));
}

/** The name on the account linked to an Asleep user, for the people who may see their nights. */
export async function sleeperName(db: Db, asleepUserId: string): Promise<string | null> {
  return (await db.user.findUnique({ where: { asleepUserId }, select: { name: true } }))?.name ?? null;
}

export interface NightLabel {
  startTime: string | null;
  endTime: string | null;
  open: boolean;
  zone: SessionSummary["zone"];
  epochs?: number;
}

/** What names the given nights (lib/time/night.ts nightName), for those the audience may see. */
export async function nightLabels(db: Db, audience: Audience, ids: string[]): Promise<Map<string, NightLabel>> {
  if (ids.length === 0) return new Map();
  const rows = await db.sleepSession.findMany({
    where: { AND: [{ id: { in: [...new Set(ids)] } }, sessionsVisibleTo(audience)] },
    select: { id: true, userId: true, state: true, startTime: true, endTime: true, timezone: true },
  });
  const [zones, epochs] = await Promise.all([knownZones(db, rows.map((r) => r.userId)), epochsOfEndlessNights(db, rows)]);
  return new Map(
    rows.map((r) => [
      r.id,
      { startTime: r.startTime?.toISOString() ?? null, endTime: r.endTime?.toISOString() ?? null, open: r.state === "OPEN", zone: zoneOf(r, zones), ...(epochs.has(r.id) && { epochs: epochs.get(r.id) }) },
    ]),
  );
}
