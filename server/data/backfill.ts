// The back-fill's bookkeeping on sleep_session: which open nights are stale and due, claimed so that
// of several instances sharing the database only one back-fills a night per round, and how the last
// attempts went (each fruitless one in a row doubles the wait).

import { STALE_AFTER_CADENCES, type CadenceBounds } from "@/lib/sleep/cadence";
import { isDueIncomplete, type IncompleteReason } from "@/lib/sleep/incomplete";
import type { Night } from "@/lib/sleep/night";
import type { Db } from "../db/client";
import { nightsChanged } from "../outbound/nudge";
import { pulseOfOpenNights } from "./staleness";

/** Doubling stops here: a night Asleep keeps failing on is still tried every 32 intervals. */
const MAX_BACKOFF_DOUBLINGS = 5;

export interface ClaimedNight {
  id: string;
  userId: string;
  /** The blocks (inference_seq_num) already stored, so only the missing ones are fetched into the night. */
  storedBlocks: number[];
  failures: number;
}

export interface ClaimOptions {
  now: number;
  bounds: CadenceBounds;
  intervalMs: number;
  /** Nights silent for longer than this are no longer polled (still flagged stale). */
  maxSilenceMs: number;
  limit: number;
}

/**
 * Three short queries, whatever the number of nights: the open nights due for an attempt, their pulse
 * (judged stale by the same rule and query as the API's, server/data/staleness.ts), then one
 * conditional UPDATE … RETURNING that claims the stale ones.
 * Another instance's claim in between makes the UPDATE skip that night, so a night is back-filled by
 * one instance per round. "Due" allows 10% slack so timer jitter does not skip a round.
 */
export async function claimStaleNights(db: Db, o: ClaimOptions): Promise<ClaimedNight[]> {
  const dueMs = o.intervalMs * 0.9;
  // A night with an analysis in the last two shortest cadences cannot be stale (stale is silence for
  // over twice the night's own cadence, never shorter than the bound): left out here, so that a clinic
  // of thousands of nights being recorded does not read every one's arrivals each round.
  const quietSince = new Date(o.now - STALE_AFTER_CADENCES * o.bounds.minMs);
  const due = await db.$queryRaw<Array<{ id: string }>>`
    SELECT s.id
      FROM sleep_session s
     WHERE s.state = 'OPEN'
       AND s.updated_at > ${new Date(o.now - o.maxSilenceMs)}
       AND NOT EXISTS (SELECT 1 FROM inference i WHERE i.session_id = s.id AND i.received_at > ${quietSince})
       AND (s.backfill_attempted_at IS NULL
            OR s.backfill_attempted_at < now() - (${dueMs}::float8 * power(2, least(s.backfill_failures, ${MAX_BACKOFF_DOUBLINGS}))) * interval '1 millisecond')`;
  const pulses = await pulseOfOpenNights(db, due.map((d) => d.id), o.now, o.bounds);
  const stale = [...pulses]
    .map(([id, pulse]) => ({ id, pulse }))
    .filter((c) => c.pulse.stale)
    // The longest silent first, should there be more than one round can take.
    .sort((a, b) => (a.pulse.lastDeliveryAt?.getTime() ?? 0) - (b.pulse.lastDeliveryAt?.getTime() ?? 0))
    .slice(0, o.limit)
    .map((c) => c.id);
  if (stale.length === 0) return [];

  const claimed = await db.$queryRaw<Array<{ id: string; user_id: string; failures: number; stored_blocks: number[] | null }>>`
    UPDATE sleep_session s
       SET backfill_attempted_at = now()
     WHERE s.id = ANY(${stale}::text[])
       AND s.state = 'OPEN'
       AND (s.backfill_attempted_at IS NULL
            OR s.backfill_attempted_at < now() - (${dueMs}::float8 * power(2, least(s.backfill_failures, ${MAX_BACKOFF_DOUBLINGS}))) * interval '1 millisecond')
    RETURNING s.id, s.user_id, s.backfill_failures AS failures,
              (SELECT array_agg(i.inference_seq_num) FROM inference i WHERE i.session_id = s.id) AS stored_blocks`;
  return claimed.map((r) => ({ id: r.id, userId: r.user_id, failures: r.failures, storedBlocks: r.stored_blocks ?? [] }));
}

/**
 * How one attempt went: blocks stored, Asleep answered with nothing new, Asleep answered that it has no
 * such session (404: reached, but with no record of the night), or Asleep could not be reached.
 */
export type BackfillOutcome = "fruitful" | "nothing-new" | "not-found" | "unreachable";

/**
 * A fruitful back-fill resets the backoff; a fruitless one (unreachable, or nothing new) doubles it.
 * Whether Asleep answered is kept apart (`backfill_failing_since`), and whether it answered that it has
 * no such session (`backfill_not_found`), so the stale note can say truthfully whether the app is still
 * asking, Asleep has no record of the night, or Asleep has not been reachable since a given time.
 */
export async function recordBackfillAttempt(db: Db, night: ClaimedNight, outcome: BackfillOutcome): Promise<void> {
  const fruitful = outcome === "fruitful";
  const reached = outcome !== "unreachable";
  const notFound = outcome === "not-found";
  await db.$executeRaw`
    UPDATE sleep_session
       SET backfill_failures = CASE WHEN ${fruitful}::boolean THEN 0 ELSE backfill_failures + 1 END,
           backfill_failing_since = CASE WHEN ${reached}::boolean THEN NULL ELSE coalesce(backfill_failing_since, now()) END,
           backfill_not_found = ${notFound}::boolean
     WHERE id = ${night.id}`;
}

export interface ClosedNight {
  id: string;
  userId: string;
  reason: IncompleteReason;
  /** The night as closed, for the live update. */
  night: Night;
  startTime: Date | null;
  updatedAt: Date;
}

/**
 * Closes as INCOMPLETE the OPEN nights silent for longer than `afterMs`, judged by the sleep domain's
 * rule (lib/sleep/incomplete.ts) on one query's candidates, then one conditional UPDATE … RETURNING: of
 * several instances only one closes a night, and a delivery arriving meanwhile keeps it open. The
 * reason is what the back-fill last found: Asleep unreachable, or nothing more there (no more analyses,
 * or no record of the night at all); or that Asleep was never asked.
 */
export async function closeSilentNights(db: Db, { now, afterMs }: { now: number; afterMs: number }): Promise<ClosedNight[]> {
  const cutoff = new Date(now - afterMs);
  const candidates = await db.$queryRaw<Array<{ id: string; created_at: Date; last_delivery_at: Date | null }>>`
    SELECT s.id, s.created_at, max(i.received_at) AS last_delivery_at
      FROM sleep_session s
      LEFT JOIN inference i ON i.session_id = s.id
     WHERE s.state = 'OPEN' AND s.created_at < ${cutoff}
     GROUP BY s.id`;
  const due = candidates
    .filter((c) => isDueIncomplete({ state: "OPEN", lastDeliveryAt: c.last_delivery_at?.getTime() ?? null, createdAt: c.created_at.getTime() }, now, afterMs))
    .map((c) => c.id);
  if (due.length === 0) return [];
  const rows = await db.$queryRaw<
    Array<{ id: string; user_id: string; reason: IncompleteReason; sleep_stages: number[]; snoring_stages: number[]; epoch_source_seq: number[]; last_inference_seq_num: number | null; start_time: Date | null; updated_at: Date }>
  >`
    UPDATE sleep_session s
       SET state = 'INCOMPLETE',
           -- lib/sleep/incomplete.ts incompleteReasonFor: never asked, Asleep failing, or nothing more there.
           incomplete_reason = CASE WHEN s.backfill_attempted_at IS NULL THEN 'NOT_ASKED'
                                    WHEN s.backfill_failing_since IS NULL THEN 'NOTHING_MORE'
                                    ELSE 'ASLEEP_UNREACHABLE' END,
           updated_at = ${new Date(now)},
           -- Closed: its alert rules are owed, with this write (server/alerts/).
           alert_changes = s.alert_changes + 1
     WHERE s.id = ANY(${due}::text[]) AND s.state = 'OPEN'
       AND NOT EXISTS (SELECT 1 FROM inference i WHERE i.session_id = s.id AND i.received_at >= ${cutoff})
    RETURNING s.id, s.user_id, s.incomplete_reason AS reason, s.sleep_stages, s.snoring_stages, s.epoch_source_seq,
              s.last_inference_seq_num, s.start_time, s.updated_at`;
  // Committed: night.incomplete is announced later in the event loop (server/outbound/nights.ts).
  nightsChanged(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    reason: r.reason,
    startTime: r.start_time,
    updatedAt: r.updated_at,
    night: {
      state: "INCOMPLETE",
      timelineFinal: false,
      lastInferenceSeqNum: r.last_inference_seq_num,
      timeline: { sleepStages: r.sleep_stages, snoringStages: r.snoring_stages, sourceSeq: r.epoch_source_seq },
    },
  }));
}
