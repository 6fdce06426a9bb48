// A night's zone and its name, as people read them.

import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { dayLabel, sleepDay } from "./day";
import { storedZone, zoneLabel, type ZoneChoice } from "./zone";

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

/** Why a night's times are in the zone they are in, in plain words. */
export const ZONE_SOURCE_TEXT: Record<ZoneChoice["source"] | "viewer", string> = {
  night: "the night's zone",
  account: "the zone set on the sleeper's account",
  "previous-night": "the zone of the sleeper's previous night",
  viewer: "your browser's zone; the night's zone is not known yet",
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
export function nightTitle(night: NightTimes, zone: string): string {
  if (!night.startTime) return "Night not yet dated";
  const startMs = Date.parse(night.startTime);
  const day = sleepDay(startMs, zone);
  const start = new TZDate(startMs, zone);
  const startDate = format(start, "yyyy-MM-dd");
  const startClock = (startDate === day ? "" : `${format(start, "EEE")} `) + format(start, "HH:mm");
  const endMs = nightEndMs(night);
  if (endMs === null) return `${dayLabel(day)}, from ${startClock}`;
  return `${dayLabel(day)}, ${startClock}–${format(new TZDate(endMs, zone), "HH:mm")}`;
}

/** The night's full name: "Sun 22 Nov 2026, 23:10–06:40, Europe/Paris". */
export function nightName(night: NightTimes, zone: string): string {
  return `${nightTitle(night, zone)}, ${zoneLabel(zone)}`;
}

/** Orders nights by absolute start, newest first; undated nights last. */
export function byStartNewestFirst(a: { startTime: string | null }, b: { startTime: string | null }): number {
  const x = a.startTime ? Date.parse(a.startTime) : -Infinity;
  const y = b.startTime ? Date.parse(b.startTime) : -Infinity;
  return y === x ? 0 : y > x ? 1 : -1;
}
