// The back-fill's bookkeeping on sleep_session: which open nights are stale and due, claimed so that
// of several instances sharing the database only one back-fills a night per round, and how the last
// attempts went (each fruitless one in a row doubles the wait).

import type { CadenceBounds } from "@/lib/sleep/cadence";
import type { Db } from "../db/client";
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
  const due = await db.$queryRaw<Array<{ id: string }>>`
    SELECT s.id
      FROM sleep_session s
     WHERE s.state = 'OPEN'
       AND s.updated_at > ${new Date(o.now - o.maxSilenceMs)}
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

/** A fruitful back-fill resets the backoff; a fruitless one (error, or nothing new) doubles it. */
export async function recordBackfillAttempt(db: Db, night: ClaimedNight, fruitful: boolean): Promise<void> {
  if (fruitful) {
    if (night.failures !== 0) await db.$executeRaw`UPDATE sleep_session SET backfill_failures = 0 WHERE id = ${night.id}`;
  } else {
    await db.$executeRaw`UPDATE sleep_session SET backfill_failures = backfill_failures + 1 WHERE id = ${night.id}`;
  }
}
