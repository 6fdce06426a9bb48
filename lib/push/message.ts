// The morning notification's words (issue 25 §6): "Your sleep report is ready" when a night completes,
// "Your recording stopped at 02:10" when one is closed as Incomplete. Pure, so the server that sends it
// and the tests that read it agree on one text.
//
// The time is written in the sleeper's own zone (the one on their account; else the night's; else UTC,
// and then it says which), with the date when the night is not last night: a notification read on the
// phone says nothing else about when.

import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { nightPath } from "../paths";
import { zoneLabel, zoneOrUtc } from "../time/zone";

export type NightPushKind = "completed" | "incomplete";

/** What the service worker shows: `showNotification(title, { body, tag, data: { url } })`. */
export interface NightPushMessage {
  title: string;
  body: string;
  /** The page the notification opens (the night). */
  url: string;
  /** One notification per night: a second for the same night replaces the first. */
  tag: string;
  kind: NightPushKind;
  sessionId: string;
}

/** A night that ended longer ago than this is not "last night": its notification says the date. */
export const LAST_NIGHT_MS = 18 * 3_600_000;

export interface NightPushInput {
  kind: NightPushKind;
  sessionId: string;
  /** When the night ended (Asleep's end, else the end of its last recorded epoch), if known. */
  endedAtMs: number | null;
  /** The zone on the sleeper's account (null: none set). */
  accountZone: string | null;
  /** The night's own zone, from Asleep (used when the account has none). */
  nightZone: string | null;
  nowMs: number;
}

export function nightPushMessage(input: NightPushInput): NightPushMessage {
  const own = input.accountZone ?? input.nightZone;
  const zone = zoneOrUtc(own);
  const recent = input.endedAtMs !== null && input.nowMs - input.endedAtMs < LAST_NIGHT_MS;
  const base = { url: nightPath(input.sessionId), tag: `night:${input.sessionId}`, kind: input.kind, sessionId: input.sessionId };
  // The zone is named when it is not one the sleeper chose (none on the account): it may not be theirs.
  const zoneSuffix = input.accountZone ? "" : ` ${zoneLabel(zone)}`;
  const when = (ms: number) => (recent ? format(new TZDate(ms, zone), "HH:mm") : format(new TZDate(ms, zone), "EEE d MMM, HH:mm")) + zoneSuffix;

  if (input.kind === "completed") {
    const ofNight = input.endedAtMs === null || recent ? "last night" : `the night that ended ${when(input.endedAtMs)}`;
    return { ...base, title: "Your sleep report is ready", body: `See how you slept ${ofNight}: open your report.` };
  }
  if (input.endedAtMs === null) {
    return { ...base, title: "Your recording stopped", body: "The night was closed as incomplete: open it to see what was recorded." };
  }
  return {
    ...base,
    title: `Your recording stopped at ${when(input.endedAtMs)}`,
    body: "Nothing more came from the Asleep app after that, so the night was closed as incomplete. Open it to see what was recorded.",
  };
}

/**
 * A night that ended longer ago than this gets no notification: one back-filled or replayed days
 * later is not news worth waking a phone for (its report is on the home page all the same).
 */
export const NOTIFY_WITHIN_MS = 36 * 3_600_000;

/** Whether a night that closed now, having ended at `endedAtMs` (null: unknown), is notified. */
export function isNotifiable(endedAtMs: number | null, nowMs: number): boolean {
  return endedAtMs === null || nowMs - endedAtMs <= NOTIFY_WITHIN_MS;
}
