// How often a night being recorded usually hears from Asleep, and when its silence means something is
// wrong. Asleep analyses every 5 minutes, but a phone on a poor network, or another plan, can report at
// another rhythm: each night is judged against its own usual cadence, not a fixed clock.

import type { NightState } from "./night";

/** Asleep's documented rhythm: one analysis per 5-minute block. */
export const DEFAULT_CADENCE_MS = 5 * 60 * 1000;

/** The cadence a night is judged by is kept within these bounds (a burst or a long outage says little). */
export interface CadenceBounds {
  minMs: number;
  maxMs: number;
}

export const DEFAULT_CADENCE_BOUNDS: CadenceBounds = { minMs: 60 * 1000, maxMs: 30 * 60 * 1000 };

/** A night is stale after this many usual intervals without a delivery. */
export const STALE_AFTER_CADENCES = 2;

/**
 * The night's usual cadence: the median interval between consecutive arrivals of its analyses
 * (arrival times in ms, any order). The median ignores a single outage or a burst of retries. Fewer
 * than two intervals say nothing yet, so Asleep's 5 minutes stand in.
 */
export function usualCadenceMs(arrivals: readonly number[], bounds: CadenceBounds = DEFAULT_CADENCE_BOUNDS): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  const intervals: number[] = [];
  for (let i = 1; i < sorted.length; i++) intervals.push(sorted[i]! - sorted[i - 1]!);
  if (intervals.length < 2) return clamp(DEFAULT_CADENCE_MS, bounds);
  intervals.sort((a, b) => a - b);
  const mid = intervals.length >> 1;
  const median = intervals.length % 2 === 1 ? intervals[mid]! : (intervals[mid - 1]! + intervals[mid]!) / 2;
  return clamp(median, bounds);
}

export interface RecordingNight {
  state: NightState;
  /** When the last analysis of this night arrived (ms), or null when none has. */
  lastDeliveryAt: number | null;
  cadenceMs: number;
}

/**
 * Stale: still being recorded, yet silent for longer than twice its usual cadence. A complete night is
 * never stale; an open night with no analysis at all has nothing to be late against.
 */
export function isStale(night: RecordingNight, now: number): boolean {
  if (night.state !== "OPEN" || night.lastDeliveryAt === null) return false;
  return now - night.lastDeliveryAt > STALE_AFTER_CADENCES * night.cadenceMs;
}

function clamp(ms: number, { minMs, maxMs }: CadenceBounds): number {
  return Math.min(maxMs, Math.max(minMs, ms));
}
