// A night's zone and its name, as people read them.

import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { ko } from "date-fns/locale";
import { INTL_TAG, type Locale } from "../i18n/locales";
import englishWords from "../i18n/messages/en/NightName.json";
import { catalogueWords, type Words } from "../i18n/words";
import { dayLabel, sleepDay } from "./day";
import { storedZone, zoneLabel, type ZoneChoice } from "./zone";

/** The words of a night's name, in English; pages pass the "NightName" translator of their reader's language. */
const english = catalogueWords("NightName", englishWords);

/**
 * The best zone known for a night: its own (Asleep sends it with SESSION_COMPLETE), else the zone set
 * on the sleeper's account, else the zone of their previous night. Null when none is known: then the
 * page draws the night in the viewer's own zone, and says so.
 */
export function bestZone(known: { night?: string | null; account?: string | null; previousNight?: string | null }): ZoneChoice | null {
  const candidates = [
    ["night", known.night],
    ["account", known.account],
    ["previous-night", known.previousNight],
  ] as const;
  for (const [source, raw] of candidates) {
    // A stored zone neither side can read as it is (./zone.ts storedZone) is passed over, as in SQL.
    const name = raw ? storedZone(raw) : null;
    if (name) return { name, source };
  }
  return null;
}

/**
 * Why a night's times are in the zone they are in, in plain words (English; `zoneSource.<source>` of the
 * "NightName" catalogue in another language).
 */
export const ZONE_SOURCE_TEXT: Record<ZoneChoice["source"] | "viewer", string> = {
  night: english("zoneSource.night"),
  account: english("zoneSource.account"),
  "previous-night": english("zoneSource.previous-night"),
  viewer: english("zoneSource.viewer"),
};

export interface NightTimes {
  startTime: string | null;
  endTime: string | null;
  /** Still being recorded: its range has no end yet. */
  open?: boolean;
  /**
   * Epochs recorded (or the hypnogram itself): a night closed without its end (Incomplete, or a report
   * without an end time) is named to the end of what was recorded, not "from 23:10" as if recording.
   */
  epochs?: number | null;
  sleepStages?: readonly unknown[];
}

/** When the night ended: Asleep's end time, else the end of its last recorded epoch; null while recording or undated. */
export function nightEndMs(night: NightTimes): number | null {
  if (night.open || !night.startTime) return null;
  if (night.endTime) return Date.parse(night.endTime);
  const epochs = night.epochs ?? night.sleepStages?.length ?? 0;
  return epochs > 0 ? Date.parse(night.startTime) + epochs * 30_000 : null;
}

/**
 * A night's name without its zone: its day (./day.ts) and clock range, "Sun 22 Nov 2026, 23:10–06:40".
 * When the night started after midnight, the start says its own weekday ("Sun 22 Nov 2026, Mon 01:30–
 * 07:00"), so the clock times cannot be read against the wrong date. Still recording: "…, from 23:10".
 * Closed without an end time (Incomplete): to the end of the last epoch recorded.
 */
export function nightTitle(night: NightTimes, zone: string, locale: Locale = "en", t: Words = english): string {
  if (!night.startTime) return t("undated");
  const startMs = Date.parse(night.startTime);
  const day = sleepDay(startMs, zone);
  const start = new TZDate(startMs, zone);
  const startDate = format(start, "yyyy-MM-dd");
  const clock = (ms: number) => format(new TZDate(ms, zone), "HH:mm");
  const weekday = locale === "en" ? format(start, "EEE") : format(start, "EEE", { locale: ko });
  const startClock = (startDate === day ? "" : `${weekday} `) + clock(startMs);
  const dayText = locale === "en" ? dayLabel(day) : localDayLabel(day, locale);
  const endMs = nightEndMs(night);
  if (endMs === null) return t("from", { day: dayText, start: startClock });
  return t("range", { day: dayText, start: startClock, end: clock(endMs) });
}

/** A day as the reader's language writes it, its weekday in brackets: "2026년 11월 22일 (일)". */
function localDayLabel(isoDate: string, locale: Locale): string {
  const at = Date.parse(`${isoDate}T00:00:00Z`);
  const date = new Intl.DateTimeFormat(INTL_TAG[locale], { timeZone: "UTC", year: "numeric", month: "long", day: "numeric" }).format(at);
  return `${date} (${new Intl.DateTimeFormat(INTL_TAG[locale], { timeZone: "UTC", weekday: "short" }).format(at)})`;
}

/** The night's full name: "Sun 22 Nov 2026, 23:10–06:40, Europe/Paris". */
export function nightName(night: NightTimes, zone: string, locale: Locale = "en", t: Words = english): string {
  return `${nightTitle(night, zone, locale, t)}, ${zoneLabel(zone)}`;
}

/** Orders nights by absolute start, newest first; undated nights last. */
export function byStartNewestFirst(a: { startTime: string | null }, b: { startTime: string | null }): number {
  const x = a.startTime ? Date.parse(a.startTime) : -Infinity;
  const y = b.startTime ? Date.parse(b.startTime) : -Infinity;
  return y === x ? 0 : y > x ? 1 : -1;
}
