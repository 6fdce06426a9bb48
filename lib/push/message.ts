// The morning notification's words (issue 25 §6): "Your sleep report is ready" when a night completes,
// "Your recording stopped at 02:10" when one is closed as Incomplete. Pure, so the server that sends it
// and the tests that read it agree on one text. The words are the "Push" namespace of the catalogues
// (lib/i18n/messages/<locale>/Push.json), in the sleeper's account language: the sender passes
// `translatorFor(locale, "Push")` (server/i18n/translator.ts) and the same locale.
//
// The time is written in the sleeper's own zone (the one on their account; else the night's; else UTC,
// and then it says which), with the date when the night is not last night: a notification read on the
// phone says nothing else about when.

import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { clockTime, dateTime } from "../format";
import type { Locale } from "../i18n/locales";
import { nightPath } from "../paths";
import { zoneLabel, zoneOrUtc } from "../time/zone";

/** A translator of the "Push" namespace (server/i18n/translator.ts translatorFor(locale, "Push")). */
export type PushWords = (key: string, values?: Record<string, string | number>) => string;

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
  /** The sleeper's account language (server/i18n/translator.ts accountLocale); English if left out. */
  locale?: Locale;
}

export function nightPushMessage(input: NightPushInput, t: PushWords): NightPushMessage {
  const locale = input.locale ?? "en";
  const own = input.accountZone ?? input.nightZone;
  const zone = zoneOrUtc(own);
  const recent = input.endedAtMs !== null && input.nowMs - input.endedAtMs < LAST_NIGHT_MS;
  const base = { url: nightPath(input.sessionId), tag: `night:${input.sessionId}`, kind: input.kind, sessionId: input.sessionId };
  // The zone is named when it is not one the sleeper chose (none on the account): it may not be theirs.
  const zoneSuffix = input.accountZone ? "" : ` ${zoneLabel(zone)}`;
  // English keeps its own short date (no year: "Mon 7 Dec, 02:10"); other languages write the date as
  // lib/format.ts does for them.
  const dated = (ms: number) => (locale === "en" ? format(new TZDate(ms, zone), "EEE d MMM, HH:mm") : dateTime(ms, zone, locale));
  const when = (ms: number) => (recent ? clockTime(ms, zone) : dated(ms)) + zoneSuffix;

  if (input.kind === "completed") {
    const body = input.endedAtMs === null || recent ? t("completed.bodyLastNight") : t("completed.bodyEnded", { when: when(input.endedAtMs) });
    return { ...base, title: t("completed.title"), body };
  }
  if (input.endedAtMs === null) {
    return { ...base, title: t("incomplete.titleUndated"), body: t("incomplete.bodyUndated") };
  }
  return { ...base, title: t("incomplete.title", { when: when(input.endedAtMs) }), body: t("incomplete.body") };
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
