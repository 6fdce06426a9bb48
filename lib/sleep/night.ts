// One night's state as deliveries arrive: OPEN while inferences build the timeline, COMPLETE once
// SESSION_COMPLETE lands. Pure, so every arrival order can be tested exhaustively; the database layer
// persists what these functions return.
//
// The rule that makes the same deliveries give the same night in any order:
// - the final timeline is SESSION_COMPLETE's when it carries epochs (it replaces the inferences', and
//   inferences arriving after it are kept for the record but not applied);
// - otherwise (a stat-only SESSION_COMPLETE: no `sleep_stages`, `null` or `[]`) it is the inferences'
//   merge, including inferences that arrive after SESSION_COMPLETE.

import { applyInference, emptyTimeline, finalTimeline, type PlacedInference, type Timeline } from "./timeline";

/**
 * OPEN while recorded; COMPLETE once SESSION_COMPLETE arrived; INCOMPLETE when it went silent for good
 * without one (lib/sleep/incomplete.ts): its report is partial, and a late SESSION_COMPLETE completes it.
 */
export type NightState = "OPEN" | "COMPLETE" | "INCOMPLETE";

export interface Night {
  state: NightState;
  timeline: Timeline;
  /** True once SESSION_COMPLETE supplied the timeline: from then on it no longer changes. */
  timelineFinal: boolean;
  /** Highest `inference_seq_num` received, applied or not. */
  lastInferenceSeqNum: number | null;
}

export interface FinalNight {
  sleepStages: readonly number[];
  snoringStages: readonly number[];
}

export function newNight(): Night {
  return { state: "OPEN", timeline: emptyTimeline(), timelineFinal: false, lastInferenceSeqNum: null };
}

/**
 * An INFERENCE_COMPLETE. Applied unless SESSION_COMPLETE already gave the night its final timeline;
 * then it is kept by the caller for the record with `applied` false.
 */
export function receiveInference(night: Night, inference: PlacedInference): { night: Night; applied: boolean } {
  const lastInferenceSeqNum = Math.max(night.lastInferenceSeqNum ?? -1, inference.inferenceSeqNum);
  if (night.timelineFinal) {
    return { night: { ...night, lastInferenceSeqNum }, applied: false };
  }
  return {
    night: { ...night, timeline: applyInference(night.timeline, inference), lastInferenceSeqNum },
    applied: true,
  };
}

/**
 * SESSION_COMPLETE. A timeline with epochs is final; without one (absent, or an empty list) the night
 * keeps what the inferences built, now closed, and goes on taking inferences that arrive late.
 */
export function receiveSessionComplete(night: Night, final: FinalNight | null): Night {
  const carriesTimeline = final !== null && final.sleepStages.length > 0;
  return {
    state: "COMPLETE",
    timeline: carriesTimeline ? finalTimeline(final.sleepStages, final.snoringStages) : night.timeline,
    timelineFinal: night.timelineFinal || carriesTimeline,
    lastInferenceSeqNum: night.lastInferenceSeqNum,
  };
}
