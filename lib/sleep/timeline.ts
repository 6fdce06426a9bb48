// Merging Asleep's inferences into one night, one value per 30-second epoch.
//
// The rule that makes the result independent of arrival order: each epoch belongs to the inference
// with the highest `inference_seq_num` that covers it. A timeline remembers, per epoch, which inference
// set it (`sourceSeq`), so applying inferences in any order, any number of times, gives the same night.

import { EPOCHS_PER_INFERENCE, MAX_NIGHT_EPOCHS, SleepStage, SnoringStage } from "./stages";

/** No inference has covered this epoch yet. */
export const NO_SOURCE = -1;

export interface Timeline {
  sleepStages: number[];
  snoringStages: number[];
  /** Per epoch: the `inference_seq_num` that set it, or NO_SOURCE. */
  sourceSeq: number[];
}

/** An INFERENCE_COMPLETE's stages, placed on the night's epoch axis. */
export interface PlacedInference {
  inferenceSeqNum: number;
  firstEpoch: number;
  sleepStages: readonly number[];
  /** Same length as sleepStages, or empty when the payload had none. */
  snoringStages: readonly number[];
}

export function emptyTimeline(): Timeline {
  return { sleepStages: [], snoringStages: [], sourceSeq: [] };
}

/**
 * Where an inference's values start on the night's epoch axis.
 *
 * `inference_seq_num` n (0-based) is the analysis of the 5-minute block that ends at epoch (n+1)*10,
 * so the values are right-aligned on that end: 10 values fill block n, 5 values its second half, and a
 * growing window of (n+1)*10 values starts at epoch 0. A window longer than everything before its end
 * can only be a whole-night window, so it starts at 0 too.
 */
export function firstEpochOf(inferenceSeqNum: number, valueCount: number): number {
  const endEpoch = (inferenceSeqNum + 1) * EPOCHS_PER_INFERENCE;
  return Math.max(0, endEpoch - valueCount);
}

/**
 * Applies one inference to a timeline and returns a new one. The inference wins each epoch it covers
 * unless a later inference (higher seq) already set it; the same seq re-applied is a no-op.
 * Gaps between covered ranges are Unknown.
 */
export function applyInference(timeline: Timeline, inference: PlacedInference): Timeline {
  const { firstEpoch, inferenceSeqNum: seq, sleepStages, snoringStages } = inference;
  const end = firstEpoch + sleepStages.length;
  // The edge bounds every inference to the longest night; this keeps that promise for any caller.
  if (firstEpoch < 0 || end > MAX_NIGHT_EPOCHS) throw new RangeError(`inference ${seq} reaches epoch ${end}, past the longest night (${MAX_NIGHT_EPOCHS})`);
  const length = Math.max(timeline.sleepStages.length, end);

  const next: Timeline = {
    sleepStages: padTo(timeline.sleepStages, length, SleepStage.Unknown),
    snoringStages: padTo(timeline.snoringStages, length, SnoringStage.Unknown),
    sourceSeq: padTo(timeline.sourceSeq, length, NO_SOURCE),
  };

  for (let i = 0; i < sleepStages.length; i++) {
    const epoch = firstEpoch + i;
    if ((next.sourceSeq[epoch] ?? NO_SOURCE) > seq) continue;
    next.sourceSeq[epoch] = seq;
    next.sleepStages[epoch] = sleepStages[i] ?? SleepStage.Unknown;
    next.snoringStages[epoch] = snoringStages[i] ?? SnoringStage.Unknown;
  }
  return next;
}

/** The whole night from a set of inferences, in whatever order they came. */
export function mergeInferences(inferences: Iterable<PlacedInference>): Timeline {
  let timeline = emptyTimeline();
  for (const inference of inferences) timeline = applyInference(timeline, inference);
  return timeline;
}

/**
 * SESSION_COMPLETE's timeline is final: it replaces whatever the inferences built. Snoring missing
 * from the payload (or shorter than the stages) is Unknown rather than guessed.
 */
export function finalTimeline(sleepStages: readonly number[], snoringStages: readonly number[]): Timeline {
  return {
    sleepStages: [...sleepStages],
    snoringStages: sleepStages.map((_, i) => snoringStages[i] ?? SnoringStage.Unknown),
    sourceSeq: sleepStages.map(() => NO_SOURCE),
  };
}

function padTo(values: readonly number[], length: number, fill: number): number[] {
  const out = values.slice();
  while (out.length < length) out.push(fill);
  return out;
}
