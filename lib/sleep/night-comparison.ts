// Two nights side by side (issue 24 §4): on one time scale, and a table of what differs.
//
// One time scale: each night is drawn at its own wall-clock time, on the first night's calendar — so 23:10
// on either night sits at the same place, whichever dates (or zones) they were. Each night is shifted by
// the time between its sleep day's local noon and the first night's (lib/time/day.ts splits days at noon).

import { TZDate } from "@date-fns/tz";
import { duration } from "../format";
import type { Locale } from "../i18n/locales";
import { EPOCH_SECONDS } from "./stages";
import { nightReport } from "./report";
import { sleepDay, DAY_SPLIT_HOUR } from "../time/day";

export interface ComparedNight {
  startMs: number;
  stages: readonly number[];
  snoring: readonly number[];
  /** The night's own zone. */
  zone: string;
}

/** The instant of the split hour (noon) on a sleep day, in a zone. */
function dayStartMs(day: string, zone: string): number {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new TZDate(y, m - 1, d, DAY_SPLIT_HOUR, 0, 0, zone).getTime();
}

/**
 * Where each night is drawn on the shared scale: its start shifted onto the first night's calendar, and the
 * scale's span (the earliest start to the latest end, shifted), to be labelled in the first night's zone.
 */
export function sharedClockScale(nights: readonly ComparedNight[]): { shiftedStartMs: number[]; domainMs: [number, number]; zone: string } {
  const first = nights[0];
  if (!first) return { shiftedStartMs: [], domainMs: [0, 0], zone: "UTC" };
  const anchor = dayStartMs(sleepDay(first.startMs, first.zone), first.zone);
  const shiftedStartMs = nights.map((n) => n.startMs + anchor - dayStartMs(sleepDay(n.startMs, n.zone), n.zone));
  const ends = nights.map((n, i) => shiftedStartMs[i]! + Math.max(n.stages.length, 1) * EPOCH_SECONDS * 1000);
  return { shiftedStartMs, domainMs: [Math.min(...shiftedStartMs), Math.max(...ends)], zone: first.zone };
}

export interface NightDifference {
  figure: string;
  first: string;
  second: string;
  /** The second night against the first ("+25 min", "−4 points"), "—" where either is unknown. */
  difference: string;
}

/** A translator of the words below: the patient page's (PatientPage.differences in lib/i18n/messages). */
type Say = (key: string, values?: Record<string, string | number>) => string;

/** The figures of the night report, each for both nights and the second's difference from the first, in `t`'s language. */
export function nightDifferences(a: ComparedNight, b: ComparedNight, t: Say, locale: Locale = "en"): NightDifference[] {
  const signed = (value: number, unit: (v: number) => string) => (value === 0 ? t("same") : `${value > 0 ? "+" : "−"}${unit(Math.abs(value))}`);
  const minutes = (m: number) => duration(m * 60, locale);
  const [ra, rb] = [nightReport(a.stages, a.snoring), nightReport(b.stages, b.snoring)];
  const rows: NightDifference[] = [];
  const minutesRow = (figure: string, x: number | null, y: number | null) =>
    rows.push({ figure: t(`figure.${figure}`), first: x === null ? "—" : minutes(x), second: y === null ? "—" : minutes(y), difference: x === null || y === null ? "—" : signed(y - x, minutes) });
  const percentRow = (figure: string, x: number | null, y: number | null) =>
    rows.push({ figure: t(`figure.${figure}`), first: x === null ? "—" : `${x}%`, second: y === null ? "—" : `${y}%`, difference: x === null || y === null ? "—" : signed(y - x, (v) => t("points", { count: v })) });
  const latency = (s: number | null) => (s === null ? null : Math.round(s / 60));
  minutesRow("timeInBed", ra.shown.timeInBed, rb.shown.timeInBed);
  minutesRow("totalSleep", ra.totalSleepMinutes, rb.totalSleepMinutes);
  percentRow("efficiency", ra.sleepEfficiencyPercent, rb.sleepEfficiencyPercent);
  minutesRow("latency", latency(ra.sleepLatencySeconds), latency(rb.sleepLatencySeconds));
  minutesRow("waso", ra.shown.waso, rb.shown.waso);
  rows.push({ figure: t("figure.awakenings"), first: String(ra.wasoCount), second: String(rb.wasoCount), difference: signed(rb.wasoCount - ra.wasoCount, String) });
  for (const [i, share] of ra.stageShares.entries()) {
    const other = rb.stageShares[i]!;
    minutesRow(share.stage, share.minutes, other.minutes);
  }
  minutesRow("snoring", Math.round(ra.snoringSeconds / 60), Math.round(rb.snoringSeconds / 60));
  return rows;
}
