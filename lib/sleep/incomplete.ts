// Nights that end without an end. Asleep closes a night with SESSION_COMPLETE; when the phone dies or
// the network never comes back, that never arrives and the night would say "Recording" for ever. After
// a long silence (INCOMPLETE_AFTER, 12 hours by default) a night the back-fill could not complete is
// closed as INCOMPLETE: a partial report from what arrived, with the reason in plain words. A late
// SESSION_COMPLETE still completes it.

import type { NightState } from "./night";
import { EPOCH_SECONDS } from "./stages";

export const DEFAULT_INCOMPLETE_AFTER_MS = 12 * 60 * 60 * 1000;

/** Under this a recording is too short to judge against adult stage ranges (a caveat instead). */
export const SHORT_RECORDING_MS = 3 * 60 * 60 * 1000;

export type IncompleteReason = "ASLEEP_UNREACHABLE" | "NOTHING_MORE";

export interface SilentNight {
  state: NightState;
  /** When its last analysis arrived (ms), or null when none has. */
  lastDeliveryAt: number | null;
  /** When the night was first stored (ms): the silence of a night with no analysis counts from here. */
  createdAt: number;
}

/** Due to close: still OPEN, and nothing has arrived for longer than `afterMs`. */
export function isDueIncomplete(night: SilentNight, now: number, afterMs = DEFAULT_INCOMPLETE_AFTER_MS): boolean {
  return night.state === "OPEN" && now - (night.lastDeliveryAt ?? night.createdAt) > afterMs;
}

/** Asleep failing when last asked means we could not get the rest; otherwise Asleep had nothing more. */
export function incompleteReasonFor(asleepUnreachableSince: Date | number | null): IncompleteReason {
  return asleepUnreachableSince === null ? "NOTHING_MORE" : "ASLEEP_UNREACHABLE";
}

/**
 * The reason in words, for the night page and the board. `lastData` is the time the last data arrived,
 * already formatted with its date and zone by the caller (pure: no clock or zone here).
 */
export function describeIncomplete(reason: IncompleteReason, lastData: string | null): string {
  const stopped = lastData ? `Nothing arrived after ${lastData}` : "Nothing arrived for this night";
  return reason === "ASLEEP_UNREACHABLE"
    ? `Incomplete: ${stopped}, and Asleep could not be reached for the rest. This report covers only what arrived.`
    : `Incomplete: ${stopped}, and Asleep had nothing more (the phone may have stopped recording). This report covers only what arrived.`;
}

/**
 * What the note on a stale night says the app is doing about it: asking Asleep while that works, or
 * since when Asleep could not be reached (`since` already formatted by the caller).
 */
export function describeBackfill(unreachableSince: string | null): string {
  return unreachableSince === null ? "asking Asleep for the missing part" : `Asleep could not be reached since ${unreachableSince}`;
}

/** True when the recording (epochs, known or not) is shorter than SHORT_RECORDING_MS. */
export function isShortRecording(epochCount: number): boolean {
  return epochCount * EPOCH_SECONDS * 1000 < SHORT_RECORDING_MS;
}
