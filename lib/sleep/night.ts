// One night's state as deliveries arrive: OPEN while inferences build the timeline, COMPLETE once
// SESSION_COMPLETE's final timeline lands. Pure, so every arrival order can be tested exhaustively;
// the database layer persists what these functions return.

import { applyInference, emptyTimeline, finalTimeline, type PlacedInference, type Timeline } from "./timeline";

export type NightState = "OPEN" | "COMPLETE";

export interface Night {
  state: NightState;
  timeline: Timeline;
  /** Highest `inference_seq_num` received, applied or not. */
  lastInferenceSeqNum: number | null;
}

export interface FinalNight {
  sleepStages: readonly number[];
  snoringStages: readonly number[];
}

export function newNight(): Night {
  return { state: "OPEN", timeline: emptyTimeline(), lastInferenceSeqNum: null };
}

/**
 * An INFERENCE_COMPLETE. After SESSION_COMPLETE the final night no longer changes: the inference is
 * kept by the caller for the record but `applied` is false.
 */
export function receiveInference(night: Night, inference: PlacedInference): { night: Night; applied: boolean } {
  const lastInferenceSeqNum = Math.max(night.lastInferenceSeqNum ?? -1, inference.inferenceSeqNum);
  if (night.state === "COMPLETE") {
    return { night: { ...night, lastInferenceSeqNum }, applied: false };
  }
  return {
    night: { state: "OPEN", timeline: applyInference(night.timeline, inference), lastInferenceSeqNum },
    applied: true,
  };
}

/**
 * SESSION_COMPLETE. Its timeline is final; when the payload carried none (some senders omit `session`),
 * the night keeps what the inferences built, now closed.
 */
export function receiveSessionComplete(night: Night, final: FinalNight | null): Night {
  return {
    state: "COMPLETE",
    timeline: final ? finalTimeline(final.sleepStages, final.snoringStages) : night.timeline,
    lastInferenceSeqNum: night.lastInferenceSeqNum,
  };
}
