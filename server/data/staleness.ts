// Whether nights being recorded have gone quiet: the arrivals of each open night's analyses, read in one
// query for any number of nights, judged by the sleep domain's stale rule (lib/sleep/cadence.ts).

import { DEFAULT_CADENCE_BOUNDS, DEFAULT_CADENCE_MS, isStale, usualCadenceMs, type AnalysisShape, type CadenceBounds } from "@/lib/sleep/cadence";
import type { Db } from "../db/client";
import { findRuntime } from "../runtime";

export interface NightPulse {
  /** When the night's last analysis arrived, by webhook or back-fill. */
  lastDeliveryAt: Date | null;
  /** Its usual cadence, from webhook arrivals only (a back-fill brings many blocks at once). */
  cadenceMs: number;
  stale: boolean;
  /** Since when Asleep's REST API has failed to give this night, or null while it answers (or was not asked). */
  asleepUnreachableSince: Date | null;
  /** Asleep answered the last back-fill that it has no such session (reached, with no record of the night). */
  asleepHasNoRecord: boolean;
}

interface PulseRow {
  id: string;
  last_delivery_at: Date | null;
  arrivals: number[] | null;
  /** Each webhook analysis's inference_seq_num and epoch count, in arrival order (lib/sleep/cadence.ts expectedIntervalMs). */
  seqs: number[] | null;
  spans: number[] | null;
  backfill_failing_since: Date | null;
  backfill_not_found: boolean;
}

/** The bounds the app was started with (a test may lower the floor), or the domain's defaults. */
export function cadenceBoundsInUse(): CadenceBounds {
  return findRuntime()?.config.cadenceBounds ?? DEFAULT_CADENCE_BOUNDS;
}

/** The analyses' shapes from the two arrays a pulse query aggregates side by side. */
export function analysisShapes(seqs: readonly number[] | null, spans: readonly number[] | null): AnalysisShape[] {
  return (seqs ?? []).map((inferenceSeqNum, i) => ({ inferenceSeqNum, epochs: spans?.[i] ?? 0 }));
}

function pulseOf(
  row: { lastDeliveryAt: Date | null; arrivals: readonly number[]; shapes: readonly AnalysisShape[]; failingSince: Date | null; notFound: boolean },
  now: number,
  bounds: CadenceBounds,
): NightPulse {
  const cadenceMs = usualCadenceMs(row.arrivals, bounds, row.shapes);
  const lastDeliveryAt = row.lastDeliveryAt;
  const stale = isStale({ state: "OPEN", lastDeliveryAt: lastDeliveryAt?.getTime() ?? null, cadenceMs }, now);
  return { lastDeliveryAt, cadenceMs, stale, asleepUnreachableSince: row.failingSince, asleepHasNoRecord: row.notFound };
}

/** The pulse of those of `ids` that are OPEN (complete nights are never stale and are left out). */
export async function pulseOfOpenNights(db: Db, ids: readonly string[], now = Date.now(), bounds = cadenceBoundsInUse()): Promise<Map<string, NightPulse>> {
  const pulses = new Map<string, NightPulse>();
  if (ids.length === 0) return pulses;
  const rows = await db.$queryRaw<PulseRow[]>`
    SELECT s.id,
           max(i.received_at) AS last_delivery_at,
           array_agg((extract(epoch FROM i.received_at) * 1000)::float8 ORDER BY i.received_at) FILTER (WHERE NOT i.backfilled) AS arrivals,
           array_agg(i.inference_seq_num ORDER BY i.received_at) FILTER (WHERE NOT i.backfilled) AS seqs,
           array_agg(cardinality(i.sleep_stages) ORDER BY i.received_at) FILTER (WHERE NOT i.backfilled) AS spans,
           s.backfill_failing_since, s.backfill_not_found
      FROM sleep_session s
      JOIN inference i ON i.session_id = s.id
     WHERE s.id = ANY(${[...ids]}::text[]) AND s.state = 'OPEN'
     GROUP BY s.id`;
  for (const row of rows) {
    pulses.set(row.id, pulseOf({ lastDeliveryAt: row.last_delivery_at, arrivals: row.arrivals ?? [], shapes: analysisShapes(row.seqs, row.spans), failingSince: row.backfill_failing_since, notFound: row.backfill_not_found }, now, bounds));
  }
  return pulses;
}

/** What an open night says when none of its analyses has arrived yet (or it is complete). */
export const NO_PULSE: NightPulse = { lastDeliveryAt: null, cadenceMs: DEFAULT_CADENCE_MS, stale: false, asleepUnreachableSince: null, asleepHasNoRecord: false };
