// Trends on a calendar: one point per night of the last 7, 30 or 90 days (a night belongs to the day it
// began, noon to noon, lib/time/day.ts), null where no night was recorded, so a chart's line breaks at
// the gap instead of joining two nights a week apart as if they were neighbours.

import { z } from "zod";
import { dayLabel, sleepDay } from "../time/day";
import { addDays, windowEnd } from "./adherence";
import { minutesAfterNoon } from "./glance";
import { trendPoint, type NightForTrend, type TrendPoint } from "./trends";

export const TREND_RANGES = [7, 30, 90] as const;
export type TrendRange = (typeof TREND_RANGES)[number];
export const DEFAULT_TREND_RANGE: TrendRange = 30;

const trendRangeParam = z.coerce.number().pipe(z.union(TREND_RANGES.map((n) => z.literal(n)) as [z.ZodLiteral<7>, z.ZodLiteral<30>, z.ZodLiteral<90>]));

/** `?range=7|30|90`; anything else reads as the default, like a page number out of range. */
export function trendRangeOf(raw: string | string[] | undefined): TrendRange {
  const parsed = trendRangeParam.safeParse(Array.isArray(raw) ? raw[0] : raw);
  return parsed.success ? parsed.data : DEFAULT_TREND_RANGE;
}

export interface NightForSeries extends NightForTrend {
  endTime?: string | null;
  /** The zone the night is read in. */
  zone: string;
}

/** A recording as the table names it (lib/time/night.ts nightName). */
export interface Recording {
  id: string;
  startTime: string;
  endTime: string | null;
  zone: string;
}

export interface CalendarPoint {
  /** The night's day, "2026-11-22". */
  day: string;
  /** "Sun 22 Nov", for the axis. */
  label: string;
  /** The night of that day; when several recordings began that day, the one with the most sleep. */
  night: TrendPoint | null;
  /** Other recordings that began the same day (naps, a restarted recording), not drawn. */
  others: number;
  /** Every recording of the day, newest first (the drawn one among them). */
  recordings: Recording[];
  totalSleepHours: number | null;
  /** Whole minutes, as on the night's report. */
  totalSleepMinutes: number | null;
  efficiencyPercent: number | null;
  sleepLatencyMinutes: number | null;
  lightPercent: number | null;
  deepPercent: number | null;
  remPercent: number | null;
  /** When the recording began, minutes after noon of its day on the local clock (23:30 → 690). */
  bedtimeMinutes: number | null;
}

/** The `days` nights ending with `lastDay`, oldest first, one point each. Undated nights are left out. */
export function calendarSeries(nights: readonly NightForSeries[], lastDay: string, days: number): CalendarPoint[] {
  const firstDay = addDays(lastDay, -(days - 1));
  const byDay = new Map<string, { point: TrendPoint; bedtime: number; recording: Recording }[]>();
  for (const n of nights) {
    if (!n.startTime) continue;
    const startMs = Date.parse(n.startTime);
    const day = sleepDay(startMs, n.zone);
    if (day < firstDay || day > lastDay) continue;
    const list = byDay.get(day) ?? [];
    list.push({ point: trendPoint(n), bedtime: minutesAfterNoon(startMs, n.zone, day), recording: { id: n.id, startTime: n.startTime, endTime: n.endTime ?? null, zone: n.zone } });
    byDay.set(day, list);
  }
  return Array.from({ length: days }, (_, i) => {
    const day = addDays(firstDay, i);
    const list = byDay.get(day) ?? [];
    const main = list.reduce<(typeof list)[number] | null>((best, x) => (best === null || x.point.totalSleepHours > best.point.totalSleepHours ? x : best), null);
    const p = main?.point ?? null;
    return {
      day,
      label: dayLabel(day).slice(0, -5),
      night: p,
      others: Math.max(0, list.length - 1),
      recordings: list.map((x) => x.recording).sort((x, y) => Date.parse(y.startTime) - Date.parse(x.startTime)),
      totalSleepHours: p?.totalSleepHours ?? null,
      totalSleepMinutes: p?.totalSleepMinutes ?? null,
      efficiencyPercent: p?.efficiencyPercent ?? null,
      sleepLatencyMinutes: p?.sleepLatencyMinutes ?? null,
      lightPercent: p?.lightPercent ?? null,
      deepPercent: p?.deepPercent ?? null,
      remPercent: p?.remPercent ?? null,
      bedtimeMinutes: main?.bedtime ?? null,
    };
  });
}

export interface BedtimeRegularity {
  /** Nights with a bedtime in the range. */
  nights: number;
  /** Sample standard deviation of the bedtime, in minutes; null under two nights. */
  sdMinutes: number | null;
}

/**
 * Bedtime regularity: how much the bedtime varies from night to night, as the standard deviation of
 * the local clock time (n − 1). Bedtimes are measured from noon, so 23:50 and 00:10 are 20 minutes apart.
 */
export function bedtimeRegularity(points: readonly CalendarPoint[]): BedtimeRegularity {
  const values = points.map((p) => p.bedtimeMinutes).filter((v): v is number => v !== null);
  if (values.length < 2) return { nights: values.length, sdMinutes: null };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1);
  return { nights: values.length, sdMinutes: Math.sqrt(variance) };
}

export interface TableRow {
  kind: "night" | "gap";
  /** First and last day of the row (the same for a night). */
  from: string;
  to: string;
  point: CalendarPoint | null;
}

/** The series as table rows, newest first: a row per night, and one row per run of days without a night. */
export function seriesRows(points: readonly CalendarPoint[]): TableRow[] {
  const rows: TableRow[] = [];
  for (const p of [...points].reverse()) {
    const last = rows.at(-1);
    if (p.night) rows.push({ kind: "night", from: p.day, to: p.day, point: p });
    else if (last?.kind === "gap") last.from = p.day;
    else rows.push({ kind: "gap", from: p.day, to: p.day, point: null });
  }
  return rows;
}

/**
 * The trends section of a person's page: the range asked for in the URL, ending on the last day the
 * adherence figure ends on (today once tonight's night is stored, else yesterday, in the zone of the
 * newest night), and the series and bedtime regularity over it. `nights` newest first.
 */
export function trendsOnCalendar(rawRange: string | string[] | undefined, nights: readonly (NightForTrend & { zone: { name: string } | null })[], nowMs: number) {
  const range = trendRangeOf(rawRange);
  const withZone = nights.map((n) => ({ ...n, zone: n.zone?.name ?? "UTC" }));
  const dated = withZone.flatMap((n) => (n.startTime ? [{ day: sleepDay(Date.parse(n.startTime), n.zone), totalSleepSeconds: 0 }] : []));
  const lastDay = windowEnd(dated, nowMs, withZone[0]?.zone ?? "UTC");
  const points = calendarSeries(withZone, lastDay, range);
  return { range, lastDay, points, regularity: bedtimeRegularity(points) };
}
