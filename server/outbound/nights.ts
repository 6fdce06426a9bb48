// Night events: what a night owes (lib/outbound/events.ts) against what it has announced
// (outbound_night), recorded in one transaction holding the night's outbound_night row, so of several
// instances and nudges only one records each event, and a night's events get ids in their order.
//
// Why not an outbox row written by ingest's own statements: INFERENCE_COMPLETE is stored by one
// conditioned statement (and by a multi-night batch statement), and the debounce needs what was last
// announced. Comparing the stored night with outbound_night loses nothing either: the night's row is
// the durable record, and a night whose comparison never ran (crash after the commit) is found by the
// sweep because its updated_at differs from seen_updated_at. The webhook's answer waits for none of it.

import { owedNightEvents, stageName, type AnnouncedNight, type NightAsStored } from "@/lib/outbound/events";
import { EPOCH_SECONDS } from "@/lib/sleep/stages";
import { stagePlanOf } from "@/lib/sleep/plan";
import { clinicStagePlan, statOf } from "../data/sessions";
import type { Db } from "../db/client";
import { recordOutboundEvent } from "../data/outbound-deliveries";

interface NightRow {
  id: string;
  user_id: string;
  state: NightAsStored["state"];
  sleep_stages: number[];
  start_time: Date | null;
  end_time: Date | null;
  timezone: string | null;
  incomplete_reason: string | null;
  updated_at: Date;
  /** Asleep's report `stat`, if the report came: with the epochs, it tells a 2-stage night (lib/sleep/plan.ts). */
  stat: unknown;
}

interface AnnouncedRow {
  started: boolean;
  stage: number | null;
  stage_at: Date | null;
  completed: boolean;
  incomplete: boolean;
}

/** Compares one night and records the events it owes; returns the new deliveries' ids. */
export async function announceNight(db: Db, sessionId: string, now: Date, debounceMs: number): Promise<bigint[]> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`INSERT INTO outbound_night (session_id) VALUES (${sessionId}) ON CONFLICT (session_id) DO NOTHING`;
    const [a] = await tx.$queryRaw<AnnouncedRow[]>`
      SELECT started, stage, stage_at, completed, incomplete FROM outbound_night WHERE session_id = ${sessionId} FOR UPDATE`;
    const [n] = await tx.$queryRaw<NightRow[]>`
      SELECT s.id, s.user_id, s.state::text AS state, s.sleep_stages, s.start_time, s.end_time, s.timezone, s.incomplete_reason, s.updated_at, r.stat
        FROM sleep_session s LEFT JOIN sleep_report r ON r.session_id = s.id WHERE s.id = ${sessionId}`;
    if (!a || !n) return [];
    const announced: AnnouncedNight = { ...a, stageAt: a.stage_at?.getTime() ?? null };
    const owed = owedNightEvents(announced, { state: n.state, sleepStages: n.sleep_stages }, now.getTime(), debounceMs);
    const deliveries: bigint[] = [];
    for (const e of owed.events) {
      deliveries.push(...(await recordOutboundEvent(tx, { type: e.type, orderKey: `night:${n.id}`, data: eventData(e, n) })));
    }
    const next = owed.announced;
    await tx.$executeRaw`
      UPDATE outbound_night
         SET started = ${next.started}, stage = ${next.stage}::smallint, stage_at = ${next.stageAt === null ? null : new Date(next.stageAt)}::timestamptz,
             completed = ${next.completed}, incomplete = ${next.incomplete},
             seen_updated_at = ${owed.settled ? n.updated_at : null}::timestamptz
       WHERE session_id = ${sessionId}`;
    return deliveries;
  });
}

function epochTime(n: NightRow, epoch: number): string | null {
  return n.start_time ? new Date(n.start_time.getTime() + epoch * EPOCH_SECONDS * 1000).toISOString() : null;
}

/** The event's `data`: who, which night, and what happened, with links into the app (paths). */
function eventData(e: ReturnType<typeof owedNightEvents>["events"][number], n: NightRow): Record<string, unknown> {
  // Stages named as the night's plan scores them: a 1 is "Sleep" on a 2-stage night, as on its pages.
  const plan = stagePlanOf({ sleepStages: n.sleep_stages, stat: statOf(n.stat), configured: clinicStagePlan() });
  const base = { sessionId: n.id, asleepUserId: n.user_id, timezone: n.timezone, links: { night: `/sessions/${encodeURIComponent(n.id)}`, api: `/api/sessions/${encodeURIComponent(n.id)}` } };
  switch (e.type) {
    case "night.started":
      return { ...base, startTime: n.start_time?.toISOString() ?? null, stage: stageName(e.stage?.stage ?? null, plan) };
    case "night.stage_changed":
      return { ...base, stage: stageName(e.stage!.stage, plan), previousStage: stageName(e.previousStage, plan), epoch: e.stage!.epoch, epochStart: epochTime(n, e.stage!.epoch) };
    case "night.completed":
      return { ...base, startTime: n.start_time?.toISOString() ?? null, endTime: n.end_time?.toISOString() ?? null, links: { ...base.links, fhir: `${base.links.api}/fhir` } };
    case "night.incomplete":
      return { ...base, startTime: n.start_time?.toISOString() ?? null, reason: n.incomplete_reason, closedAt: n.updated_at.toISOString() };
  }
}

/**
 * Nights changed since they were last compared (or never compared, or with a stage change held back),
 * among those updated in the last `withinMs` and since an endpoint was switched on: what the sweep
 * compares again. With no endpoint on, none: nothing is owed, and a clinic that registers one later
 * hears of nights from then on, not of the last days' nights all at once.
 */
export async function nightsToCompare(db: Db, withinMs: number, limit: number): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    SELECT s.id FROM sleep_session s
      LEFT JOIN outbound_night o ON o.session_id = s.id
     WHERE s.updated_at > now() - ${withinMs}::float8 * interval '1 millisecond'
       AND s.updated_at >= (SELECT min(e.updated_at) FROM outbound_endpoint e WHERE e.enabled)
       AND (o.session_id IS NULL OR o.seen_updated_at IS DISTINCT FROM s.updated_at)
     ORDER BY s.updated_at LIMIT ${limit}::int`;
  return rows.map((r) => r.id);
}
