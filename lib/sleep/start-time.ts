// When a night started, while Asleep has not said (it gives start_time only in SESSION_COMPLETE, and
// may not give a readable one even then). Pure, so the rule can be checked in every arrival order.

import { EPOCH_SECONDS, EPOCHS_PER_INFERENCE } from "./stages";

const BLOCK_MS = EPOCHS_PER_INFERENCE * EPOCH_SECONDS * 1000;

/**
 * Inference n ends (n+1) blocks of 5 minutes after the start; `anchor` is when it ended (its time
 * window's end, else when it was sent, else when it was received).
 */
export function estimateStart(anchor: Date, inferenceSeqNum: number): Date {
  return new Date(anchor.getTime() - (inferenceSeqNum + 1) * BLOCK_MS);
}

export interface NightStart {
  startTime: Date | null;
  /** False once SESSION_COMPLETE gave a readable start_time: then no estimate replaces it. */
  estimated: boolean;
}

/**
 * The start after one more inference. While it is an estimate, the earliest estimate of every inference
 * received, whether or not it was applied to the timeline (one after a final SESSION_COMPLETE is not,
 * yet still dates the night): so the same deliveries give the same start in any order.
 */
export function startAfterInference(current: NightStart, estimate: Date): Date | null {
  if (!current.estimated) return current.startTime;
  return !current.startTime || estimate < current.startTime ? estimate : current.startTime;
}

/** Whether a delivery moved the night's start: then its pages hear of it, even if nothing else changed. */
export function startMoved(before: Date | null, after: Date | null): boolean {
  return before?.getTime() !== after?.getTime();
}
