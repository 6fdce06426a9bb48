// Nights that end without an end. Asleep closes a night with SESSION_COMPLETE; when the phone dies or
// the network never comes back, that never arrives and the night would say "Recording" for ever. After
// a long silence (INCOMPLETE_AFTER, 12 hours by default) a night the back-fill could not complete is
// closed as INCOMPLETE: a partial report from what arrived, with the reason in plain words. A late
// SESSION_COMPLETE still completes it.

import englishWords from "@/lib/i18n/messages/en/NightReport.json";
import { catalogueWords, type Words } from "@/lib/i18n/words";
import type { NightState } from "./night";
import { EPOCH_SECONDS } from "./stages";

export const DEFAULT_INCOMPLETE_AFTER_MS = 12 * 60 * 60 * 1000;

/** Under this a recording is too short to judge against adult stage ranges (a caveat instead). */
export const SHORT_RECORDING_MS = 3 * 60 * 60 * 1000;

/**
 * What was known when the night was closed: Asleep failed when last asked; Asleep answered with nothing
 * more (or that it has no such session); or Asleep was never asked (the night went silent before it
 * counted as stale, or the back-fill had not reached it), so nothing is known of what Asleep holds.
 */
export type IncompleteReason = "ASLEEP_UNREACHABLE" | "NOTHING_MORE" | "NOT_ASKED";

export const INCOMPLETE_REASONS: readonly IncompleteReason[] = ["ASLEEP_UNREACHABLE", "NOTHING_MORE", "NOT_ASKED"];

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

/**
 * The reason from the back-fill's facts: never asked means nothing is known of Asleep's side; Asleep
 * failing when last asked means we could not get the rest; otherwise Asleep had nothing more.
 * server/data/backfill.ts closeSilentNights writes the same rule in its UPDATE.
 */
export function incompleteReasonFor(facts: { asked: boolean; asleepUnreachableSince: Date | number | null }): IncompleteReason {
  if (!facts.asked) return "NOT_ASKED";
  return facts.asleepUnreachableSince === null ? "NOTHING_MORE" : "ASLEEP_UNREACHABLE";
}

const english = catalogueWords("NightReport", englishWords);

/**
 * The reason in words, for the night page and the board: only what is known. `lastData` is the time the
 * last data arrived, already formatted with its date and zone by the caller (pure: no clock or zone
 * here); `reason` null when none was recorded. `plain`: for the sleeper, in plain words, what happened to
 * their recording, not to our services. `t`: the "NightReport" translator of the reader's language
 * (English when none is given; the words are its `incomplete` messages).
 */
export function describeIncomplete(reason: IncompleteReason | null, lastData: string | null, plain = false, t: Words = english): string {
  const values = { known: lastData === null ? "no" : "yes", last: lastData ?? "" };
  // The sleeper is told nothing of whether Asleep was asked: that is about our services, not their night.
  const key = plain ? `incomplete.plain.${reason === "ASLEEP_UNREACHABLE" || reason === "NOTHING_MORE" ? reason : "none"}` : `incomplete.${reason ?? "none"}`;
  return t(key, values);
}

/**
 * What the note on a stale night says the app is doing about it: asking Asleep while that works, or
 * since when Asleep could not be reached (`since` already formatted by the caller). `plain`: for the
 * sleeper, without naming the services behind it.
 */
export function describeBackfill(unreachableSince: string | null, plain = false): string {
  if (plain) return unreachableSince === null ? "asking for the missing part" : `the missing part could not be fetched since ${unreachableSince}`;
  return unreachableSince === null ? "asking Asleep for the missing part" : `Asleep could not be reached since ${unreachableSince}`;
}

/** True when the recording (epochs, known or not) is shorter than SHORT_RECORDING_MS. */
export function isShortRecording(epochCount: number): boolean {
  return epochCount * EPOCH_SECONDS * 1000 < SHORT_RECORDING_MS;
}
