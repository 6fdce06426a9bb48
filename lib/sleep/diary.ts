// The sleep diary: each morning the sleeper answers the Consensus Sleep Diary's core items (Carney et
// al., "The Consensus Sleep Diary: standardizing prospective sleep self-monitoring", Sleep 2012), and
// what they report is set beside what was measured that night. Pure functions: which night an entry
// belongs to, until when it may be changed, the instants its clock times stand for, the figures derived
// from it (docs/DEFINITIONS.md, "The sleep diary"), and the comparison with the measured nights that
// the patient page and the study report both show (one function, one set of figures).

import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { duration } from "../format";
import { INTL_TAG, type Locale } from "../i18n/locales";
import { addDays, type Day } from "./days";
import type { NightReport } from "./report";

/** The Consensus Sleep Diary's quality scale, 1 to 5. */
export const DIARY_QUALITY = ["Very poor", "Poor", "Fair", "Good", "Very good"] as const;
/** "How rested or refreshed did you feel when you woke up for the day?", 1 to 5. */
export const DIARY_RESTED = ["Not at all rested", "Slightly rested", "Somewhat rested", "Well rested", "Very well rested"] as const;

/** Longest answer, in minutes, to "how long did it take you to fall asleep" and to the awakenings' total. */
export const DIARY_MAX_MINUTES = 720;
export const DIARY_MAX_AWAKENINGS = 50;
export const DIARY_MAX_COMMENT = 1000;
/** Clock times before this hour are the morning after the night's date (as nights are dated: lib/time/day.ts). */
export const DIARY_EVENING_FROM_HOUR = 12;

/** What the sleeper answers, clock times as "HH:mm" on their own clock (their zone). */
export interface DiaryAnswers {
  /** "What time did you get into bed?" */
  intoBed: string;
  /** "What time did you try to go to sleep?" */
  triedToSleep: string;
  /** "How long did it take you to fall asleep?" (minutes) */
  sleepOnsetMinutes: number;
  /** "How many times did you wake up, not counting your final awakening?" */
  awakenings: number;
  /** "In total, how long did these awakenings last?" (minutes) */
  awakeMinutes: number;
  /** "What time was your final awakening?" */
  finalAwakening: string;
  /** "What time did you get out of bed for the day?" */
  outOfBed: string;
  /** 1 (very poor) to 5 (very good). */
  quality: number;
  /** 1 (not at all rested) to 5 (very well rested). */
  rested: number;
  comments: string | null;
}

export const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * The night a diary filled in at `nowMs` is about: the night that ended this morning, in the sleeper's
 * zone, dated as every night is (the day it began, lib/time/day.ts): yesterday's date, whatever the
 * hour the sleeper fills it in.
 */
export function diaryNightOf(nowMs: number, zone: string): Day {
  return addDays(format(new TZDate(nowMs, zone), "yyyy-MM-dd"), -1);
}

/** The morning after the night: the day the diary is filled in, and the last day it may be changed. */
export const diaryMorningOf = (night: Day): Day => addDays(night, 1);

/** The first instant the night's diary may no longer be changed: midnight ending its morning, in `zone`. */
export function diaryClosesAtMs(night: Day, zone: string): number {
  return localInstant(addDays(night, 2), "00:00", zone);
}

/** Whether the night's diary may be filled in or changed at `nowMs`: only on its morning's day, in `zone`. */
export function diaryOpen(night: Day, zone: string, nowMs: number): boolean {
  return diaryNightOf(nowMs, zone) === night;
}

function localInstant(day: Day, clock: string, zone: string): number {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const [h, min] = clock.split(":").map(Number) as [number, number];
  return new TZDate(y, m - 1, d, h, min, 0, zone).getTime();
}

export interface DiaryInstants {
  intoBedMs: number;
  triedToSleepMs: number;
  finalAwakeningMs: number;
  outOfBedMs: number;
}

/**
 * The instants the answers' clock times stand for. Into bed and tried to sleep: from noon on, the
 * evening of the night's date; before noon, the morning after (going to bed at 01:00). The final
 * awakening and out of bed: always the morning's date (the day the diary is filled in).
 */
export function diaryInstants(night: Day, zone: string, a: Pick<DiaryAnswers, "intoBed" | "triedToSleep" | "finalAwakening" | "outOfBed">): DiaryInstants {
  const morning = diaryMorningOf(night);
  const evening = (clock: string) => localInstant(Number(clock.slice(0, 2)) >= DIARY_EVENING_FROM_HOUR ? night : morning, clock, zone);
  return {
    intoBedMs: evening(a.intoBed),
    triedToSleepMs: evening(a.triedToSleep),
    finalAwakeningMs: localInstant(morning, a.finalAwakening, zone),
    outOfBedMs: localInstant(morning, a.outOfBed, zone),
  };
}

export interface DiaryProblem {
  path: keyof DiaryAnswers;
  message: string;
}

/**
 * A problem as facts, for a page to word in its language (the form's catalogue, `problem.<code>`, takes
 * `values`); diaryProblems words them in English for the API.
 */
export type DiaryProblemFact =
  | { path: "triedToSleep"; code: "beforeIntoBed"; values: { intoBed: string } }
  | { path: "finalAwakening"; code: "beforeTriedToSleep"; values: { triedToSleep: string } }
  | { path: "outOfBed"; code: "beforeFinalAwakening"; values: { finalAwakening: string } }
  | { path: "awakeMinutes"; code: "tooManyMinutes"; values: { sleepOnset: number; awake: number; span: number } }
  | { path: "awakenings"; code: "awakeWithoutAwakening"; values: Record<string, never> };

/**
 * What does not add up in otherwise well-formed answers: the times out of order (into bed ≤ tried to
 * sleep ≤ final awakening ≤ out of bed), more minutes falling asleep and awake than the time between
 * trying to sleep and the final awakening, or minutes awake without an awakening. Empty when none.
 */
export function diaryProblemFacts(night: Day, zone: string, a: DiaryAnswers): DiaryProblemFact[] {
  const t = diaryInstants(night, zone, a);
  const problems: DiaryProblemFact[] = [];
  if (t.triedToSleepMs < t.intoBedMs) problems.push({ path: "triedToSleep", code: "beforeIntoBed", values: { intoBed: a.intoBed } });
  if (t.finalAwakeningMs < t.triedToSleepMs) problems.push({ path: "finalAwakening", code: "beforeTriedToSleep", values: { triedToSleep: a.triedToSleep } });
  if (t.outOfBedMs < t.finalAwakeningMs) problems.push({ path: "outOfBed", code: "beforeFinalAwakening", values: { finalAwakening: a.finalAwakening } });
  if (problems.length > 0) return problems;
  const span = Math.round((t.finalAwakeningMs - t.triedToSleepMs) / 60_000);
  if (a.sleepOnsetMinutes + a.awakeMinutes > span) problems.push({ path: "awakeMinutes", code: "tooManyMinutes", values: { sleepOnset: a.sleepOnsetMinutes, awake: a.awakeMinutes, span } });
  if (a.awakenings === 0 && a.awakeMinutes > 0) problems.push({ path: "awakenings", code: "awakeWithoutAwakening", values: {} });
  return problems;
}

/** The problems in English, as the API answers them. */
export function diaryProblems(night: Day, zone: string, a: DiaryAnswers): DiaryProblem[] {
  return diaryProblemFacts(night, zone, a).map((p): DiaryProblem => {
    switch (p.code) {
      case "beforeIntoBed":
        return { path: p.path, message: `is before the time into bed (${p.values.intoBed})` };
      case "beforeTriedToSleep":
        return { path: p.path, message: `is before the time you tried to sleep (${p.values.triedToSleep})` };
      case "beforeFinalAwakening":
        return { path: p.path, message: `is before the final awakening (${p.values.finalAwakening})` };
      case "tooManyMinutes":
        return { path: p.path, message: `falling asleep (${p.values.sleepOnset} min) and awake (${p.values.awake} min) add up to more than the ${p.values.span} min from trying to sleep to the final awakening` };
      case "awakeWithoutAwakening":
        return { path: p.path, message: "is 0, but the awakenings lasted some minutes" };
    }
  });
}

/** The figures derived from a diary entry, and those measured for a night: the same five, in minutes and percent. */
export interface SleepFigures {
  timeInBedMinutes: number;
  totalSleepMinutes: number;
  /** Null when the night had no sleep (measured). */
  sleepOnsetLatencyMinutes: number | null;
  wasoMinutes: number;
  /** Whole percent, half up; null when the time in bed is 0. */
  efficiencyPercent: number | null;
}

const percent = (part: number, whole: number) => (whole > 0 ? Math.round((100 * part) / whole) : null);

/**
 * The diary's figures, as the Consensus Sleep Diary derives them: time in bed = out of bed − into bed;
 * total sleep = (final awakening − tried to sleep) − sleep onset latency − WASO; efficiency = total
 * sleep ÷ time in bed. Sleep onset latency and WASO are the answers themselves.
 */
export function diaryFigures(night: Day, zone: string, a: DiaryAnswers): SleepFigures {
  const t = diaryInstants(night, zone, a);
  const timeInBedMinutes = Math.round((t.outOfBedMs - t.intoBedMs) / 60_000);
  const totalSleepMinutes = Math.max(0, Math.round((t.finalAwakeningMs - t.triedToSleepMs) / 60_000) - a.sleepOnsetMinutes - a.awakeMinutes);
  return { timeInBedMinutes, totalSleepMinutes, sleepOnsetLatencyMinutes: a.sleepOnsetMinutes, wasoMinutes: a.awakeMinutes, efficiencyPercent: percent(totalSleepMinutes, timeInBedMinutes) };
}

/** A diary entry as compared: the night it is about, the zone its clock times are in, the answers. */
export interface DiaryEntry {
  night: Day;
  zone: string;
  answers: DiaryAnswers;
}

/** A measured night as compared: the day it belongs to (lib/time/day.ts sleepDay) and its figures as shown. */
export interface MeasuredNight extends SleepFigures {
  night: Day;
  sessionId: string;
}

export interface DiaryComparisonRow {
  night: Day;
  reported: SleepFigures | null;
  measured: MeasuredNight | null;
  /** Reported total sleep − measured total sleep, in minutes; null unless both are there. */
  totalSleepDifferenceMinutes: number | null;
}

export interface AverageFigures {
  totalSleepMinutes: number | null;
  sleepOnsetLatencyMinutes: number | null;
  wasoMinutes: number | null;
  efficiencyPercent: number | null;
}

export interface DiaryComparison {
  /** One row per night with a diary entry or a measured night, newest first. */
  rows: DiaryComparisonRow[];
  /** Nights with both a diary entry and a measured night: the averages are over these alone. */
  pairedNights: number;
  reported: AverageFigures;
  measured: AverageFigures;
  /** Mean of the per-night differences (= reported average − measured average), whole minutes; null with no pair. */
  totalSleepDifferenceMinutes: number | null;
}

/** Half up to whole units, the mean of the values present; null when none is. */
function mean(values: ReadonlyArray<number | null>): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : Math.round(present.reduce((a, b) => a + b, 0) / present.length);
}

/**
 * Reported against measured, per night and on average. Several measured nights on one day (a second
 * recording after a break): the one with the most total sleep is that day's night. The averages are
 * over the nights that have both; a figure a night lacks (no sleep measured: no latency) is left out of
 * that figure's average on both sides, so the two averages are always over the same nights.
 */
export function compareDiary(entries: readonly DiaryEntry[], nights: readonly MeasuredNight[]): DiaryComparison {
  const measuredByDay = new Map<Day, MeasuredNight>();
  for (const n of nights) {
    const held = measuredByDay.get(n.night);
    if (!held || n.totalSleepMinutes > held.totalSleepMinutes) measuredByDay.set(n.night, n);
  }
  const reportedByDay = new Map<Day, SleepFigures>(entries.map((e) => [e.night, diaryFigures(e.night, e.zone, e.answers)]));
  const days = [...new Set([...measuredByDay.keys(), ...reportedByDay.keys()])].sort().reverse();
  const rows = days.map((night): DiaryComparisonRow => {
    const reported = reportedByDay.get(night) ?? null;
    const measured = measuredByDay.get(night) ?? null;
    return { night, reported, measured, totalSleepDifferenceMinutes: reported && measured ? reported.totalSleepMinutes - measured.totalSleepMinutes : null };
  });
  const paired = rows.filter((r) => r.reported && r.measured) as Array<DiaryComparisonRow & { reported: SleepFigures; measured: MeasuredNight }>;
  const both = (pick: (f: SleepFigures) => number | null) => paired.filter((r) => pick(r.reported) !== null && pick(r.measured) !== null);
  const average = (side: "reported" | "measured"): AverageFigures => ({
    totalSleepMinutes: mean(paired.map((r) => r[side].totalSleepMinutes)),
    sleepOnsetLatencyMinutes: mean(both((f) => f.sleepOnsetLatencyMinutes).map((r) => r[side].sleepOnsetLatencyMinutes)),
    wasoMinutes: mean(paired.map((r) => r[side].wasoMinutes)),
    efficiencyPercent: mean(both((f) => f.efficiencyPercent).map((r) => r[side].efficiencyPercent)),
  });
  return {
    rows,
    pairedNights: paired.length,
    reported: average("reported"),
    measured: average("measured"),
    totalSleepDifferenceMinutes: mean(paired.map((r) => r.totalSleepDifferenceMinutes)),
  };
}

/** "35 min" ("35분"): minutes as minutes, however many. */
export function minutesText(minutes: number, locale: Locale = "en"): string {
  if (locale === "en") return `${minutes} min`;
  return new Intl.NumberFormat(INTL_TAG[locale], { style: "unit", unit: "minute", unitDisplay: "long" }).format(minutes);
}

/** "+35 min", "−20 min", "0 min": reported minus measured, signed. */
export function signedMinutes(minutes: number | null, locale: Locale = "en"): string {
  if (minutes === null) return "—";
  if (minutes === 0) return minutesText(0, locale);
  return `${minutes > 0 ? "+" : "−"}${minutesText(Math.abs(minutes), locale)}`;
}

/** "HH:mm" of an instant on the sleeper's clock (to show an entry's answers back in its form). */
export function clockOf(ms: number, zone: string): string {
  return format(new TZDate(ms, zone), "HH:mm");
}

/** A measured night's figures, as its report shows them (lib/sleep/report.ts): the same minutes as the night page. */
export function measuredFigures(r: Pick<NightReport, "shown" | "totalSleepMinutes" | "sleepLatencySeconds" | "sleepEfficiencyPercent">): SleepFigures {
  return {
    timeInBedMinutes: r.shown.timeInBed,
    totalSleepMinutes: r.totalSleepMinutes,
    sleepOnsetLatencyMinutes: r.sleepLatencySeconds === null ? null : Math.round(r.sleepLatencySeconds / 60),
    wasoMinutes: r.shown.waso,
    efficiencyPercent: r.sleepEfficiencyPercent,
  };
}

/** The comparison's figure columns after the night, in order: the patient page's table and the study PDF both print these. */
export const DIARY_FIGURE_COLUMNS = [
  "Total sleep reported",
  "Total sleep measured",
  "Difference",
  "Sleep onset latency reported",
  "Sleep onset latency measured",
  "WASO reported",
  "WASO measured",
  "Efficiency reported",
  "Efficiency measured",
] as const;

const asPercent = (p: number | null | undefined) => (p === null || p === undefined ? "—" : `${p}%`);

/** One row's (or the average's) figures as shown, in DIARY_FIGURE_COLUMNS order ("—" for a figure not there), in `locale`. */
export function diaryFigureCells(reported: SleepFigures | AverageFigures | null, measured: SleepFigures | AverageFigures | null, difference: number | null, locale: Locale = "en"): string[] {
  const asDuration = (m: number | null | undefined) => (m === null || m === undefined ? "—" : duration(m * 60, locale));
  const asMinutes = (m: number | null | undefined) => (m === null || m === undefined ? "—" : minutesText(m, locale));
  return [
    asDuration(reported?.totalSleepMinutes),
    asDuration(measured?.totalSleepMinutes),
    signedMinutes(difference, locale),
    asMinutes(reported?.sleepOnsetLatencyMinutes),
    asMinutes(measured?.sleepOnsetLatencyMinutes),
    asMinutes(reported?.wasoMinutes),
    asMinutes(measured?.wasoMinutes),
    asPercent(reported?.efficiencyPercent),
    asPercent(measured?.efficiencyPercent),
  ];
}
