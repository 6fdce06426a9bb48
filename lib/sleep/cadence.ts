// How often a night being recorded usually hears from Asleep, and when its silence means something is
// wrong. Asleep's first analysis comes after 20 minutes of sound, then every 5 to 40 minutes depending
// on the plan (docs/ASLEEP.md), and a phone on a poor network can report at another rhythm: each night
// is judged against its own usual cadence, not a fixed clock.

import type { NightState } from "./night";
import { EPOCH_SECONDS, EPOCHS_PER_INFERENCE } from "./stages";

/** Asleep's shortest documented rhythm: one analysis per 5-minute block. */
export const DEFAULT_CADENCE_MS = 5 * 60 * 1000;
/** One `inference_seq_num` step: a 5-minute block. */
const BLOCK_MS = EPOCHS_PER_INFERENCE * EPOCH_SECONDS * 1000;

/** The cadence a night is judged by is kept within these bounds (a burst or a long outage says little). */
export interface CadenceBounds {
  minMs: number;
  maxMs: number;
}

/** Up to 40 minutes: Asleep's webhook page documents analyses "within 5 or 40 minute increments". */
export const DEFAULT_CADENCE_BOUNDS: CadenceBounds = { minMs: 60 * 1000, maxMs: 40 * 60 * 1000 };

/** One analysis as its payload says: the last 5-minute block it covers, and how many epochs it carries. */
export interface AnalysisShape {
  inferenceSeqNum: number;
  epochs: number;
}

/**
 * The interval the payloads themselves announce, for a night whose arrivals are too few to judge:
 * between two or more analyses, the median step of their `inference_seq_num` (4 blocks apart: every 20
 * minutes); from one alone, the time its values cover (40 values: 20 minutes, since Asleep sends what
 * it analysed since the last time), at least Asleep's 5 minutes. Nothing: 5 minutes.
 */
export function expectedIntervalMs(analyses: readonly AnalysisShape[]): number {
  const seqs = [...new Set(analyses.map((a) => a.inferenceSeqNum))].sort((a, b) => a - b);
  const steps: number[] = [];
  for (let i = 1; i < seqs.length; i++) steps.push(seqs[i]! - seqs[i - 1]!);
  if (steps.length > 0) return Math.max(DEFAULT_CADENCE_MS, median(steps) * BLOCK_MS);
  const widest = Math.max(0, ...analyses.map((a) => a.epochs));
  return Math.max(DEFAULT_CADENCE_MS, widest * EPOCH_SECONDS * 1000);
}

/** A night is stale after this many usual intervals without a delivery. */
export const STALE_AFTER_CADENCES = 2;

/**
 * The night's usual cadence: the median interval between consecutive arrivals of its analyses
 * (arrival times in ms, any order). The median ignores a single outage or a burst of retries. Fewer
 * than two intervals say little yet, so what the payloads announce stands in (expectedIntervalMs: a
 * night analysed every 20 minutes is not stale 10 minutes after its first analysis).
 */
export function usualCadenceMs(arrivals: readonly number[], bounds: CadenceBounds = DEFAULT_CADENCE_BOUNDS, analyses: readonly AnalysisShape[] = []): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  const intervals: number[] = [];
  for (let i = 1; i < sorted.length; i++) intervals.push(sorted[i]! - sorted[i - 1]!);
  if (intervals.length < 2) return clamp(expectedIntervalMs(analyses), bounds);
  return clamp(median(intervals), bounds);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
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
