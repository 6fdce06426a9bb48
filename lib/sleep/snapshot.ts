// Which of two snapshots of the same night is the later one. A page gets snapshots by two roads that
// can cross: live updates pushed over the socket, and whole nights it asks the server for (a resync
// after reconnecting, a board refresh). An answer read before an analysis was stored can arrive after
// the update that analysis pushed; taking whichever came last would take the night back in time.
//
// A night only grows while it is recorded: inference blocks are merged into the timeline, never taken
// back, and a block delivered twice is a duplicate. SESSION_COMPLETE then replaces the timeline with
// the final one, or (a stat-only SESSION_COMPLETE) keeps the inferences' night, which late inferences
// still grow. So what a snapshot holds orders it, whatever the clocks of the servers that stamped it.

import type { NightState } from "./night";
import { SleepStage, SnoringStage } from "./stages";

export interface NightSnapshot {
  state: NightState;
  sleepStages: readonly number[];
  snoringStages: readonly number[];
}

function knownEpochs(n: NightSnapshot): number {
  let known = 0;
  for (const s of n.sleepStages) if (s !== SleepStage.Unknown) known++;
  for (const s of n.snoringStages) if (s !== SnoringStage.Unknown) known++;
  return known;
}

/** A night moves only forward: recorded, then closed for good without its end (it can still complete), then complete. */
const STATE_ORDER: Record<NightState, number> = { OPEN: 0, INCOMPLETE: 1, COMPLETE: 2 };

/**
 * True unless `candidate` holds less of the night than `current` (and so was read before it): a
 * complete night is later than any recorded one; otherwise (both recording, or both complete) a longer
 * timeline is later, and at equal length the one with more epochs filled in. Equal snapshots count as not older, so the
 * candidate's other fields (a fresher "last delivery", the report) are taken.
 */
export function isNotOlder(candidate: NightSnapshot, current: NightSnapshot): boolean {
  if (candidate.state !== current.state) return STATE_ORDER[candidate.state] > STATE_ORDER[current.state];
  if (candidate.sleepStages.length !== current.sleepStages.length) return candidate.sleepStages.length > current.sleepStages.length;
  return knownEpochs(candidate) >= knownEpochs(current);
}
