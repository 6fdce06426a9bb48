// "How did I sleep, compared with my usual?" Last night's figures against the sleeper's own averages
// over the 7 and 30 complete nights before it, and a paragraph saying so in plain words. Only what the
// figures say: no advice, no score.

import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { duration } from "../format";
import type { Locale } from "../i18n/locales";
import { sleepDay } from "../time/day";
import { dayText, zonedDayText, zonedWeekdayText } from "../time/day-words";
import { zoneLabel } from "../time/zone";
import { daysBetween } from "./adherence";
import { DEFINITIONS } from "./definitions";
import { nightReport } from "./report";

export interface NightForGlance {
  id: string;
  startTime: string | null;
  endTime: string | null;
  /** The zone the night is read in (its own, else the best known). */
  zone: string;
  sleepStages: readonly number[];
  snoringStages: readonly number[];
}

export const GLANCE_METRICS = ["bedtime", "wake", "totalSleep", "efficiency", "awakenings", "deep", "rem"] as const;
export type GlanceMetric = (typeof GLANCE_METRICS)[number];

export interface GlanceFigures {
  /** Minutes after noon on the night's day (lib/time/day.ts), on the local clock: 23:30 → 690. */
  bedtime: number | null;
  wake: number | null;
  totalSleep: number;
  /** Whole percent, as shown. */
  efficiency: number | null;
  awakenings: number;
  /** Minutes of Deep (N3) and of REM sleep, as the night's report shows them. */
  deep: number;
  rem: number;
}

/**
 * How far from the average still reads as "usual", in each figure's own unit: half an hour for the
 * clock times, 20 minutes of sleep, 3 points of efficiency, 2 awakenings. Night-to-night variation in
 * healthy sleepers is about this large, so a smaller difference is not worth a word.
 */
export const USUAL_BAND: Record<GlanceMetric, number> = { bedtime: 30, wake: 30, totalSleep: 20, efficiency: 3, awakenings: 2, deep: 10, rem: 10 };

/** Which way is better; clock times are only earlier or later. */
// Deep and REM: only more or less than usual. How much of each is right varies from person to person
// and with age, so the card does not call more of either "better".
const DIRECTION: Record<GlanceMetric, "higher" | "lower" | "clock" | "amount"> = { bedtime: "clock", wake: "clock", totalSleep: "higher", efficiency: "higher", awakenings: "lower", deep: "amount", rem: "amount" };

/** Digits the average is shown with (and compared at): awakenings to one decimal, the rest whole. */
const DIGITS: Record<GlanceMetric, number> = { bedtime: 0, wake: 0, totalSleep: 0, efficiency: 0, awakenings: 1, deep: 0, rem: 0 };

export const AVERAGE_WINDOWS = [7, 30] as const;

/**
 * Fewer earlier nights than this and the card says so instead of better or worse: one or two nights
 * are no "usual" to hold last night against (a single odd night would decide it).
 */
export const MIN_NIGHTS_TO_COMPARE = 3;
export type AverageWindow = (typeof AVERAGE_WINDOWS)[number];

export type Verdict = "better" | "worse" | "usual" | "earlier" | "later" | "more" | "less";

export interface Comparison {
  /** Earlier nights the average is over (fewer than the window when there are not that many). */
  nights: number;
  /** Rounded as shown; null when no earlier night has the figure. */
  average: number | null;
  /** Last night minus the average as shown, so the three numbers on the card agree; null under MIN_NIGHTS_TO_COMPARE. */
  difference: number | null;
  /** Null when there is nothing to compare, or too few nights (MIN_NIGHTS_TO_COMPARE). */
  verdict: Verdict | null;
}

export interface Glance {
  night: { id: string; startTime: string | null; endTime: string | null; zone: string; day: string | null };
  figures: GlanceFigures;
  against: Record<AverageWindow, Record<GlanceMetric, Comparison>>;
  /** How regular bed and wake times were over the card's night and the 6 before it. */
  consistency: TimeConsistency;
}

/** Fewer nights than this and there is no spread of bed or wake times to speak of. */
export const MIN_NIGHTS_FOR_CONSISTENCY = 3;
export const CONSISTENCY_NIGHTS = 7;

export interface TimeConsistency {
  /** Nights with the time, of the newest CONSISTENCY_NIGHTS. */
  nights: number;
  /** Sample standard deviation in whole minutes, on the local clock (minutes after noon); null under MIN_NIGHTS_FOR_CONSISTENCY. */
  bedtimeSdMinutes: number | null;
  wakeSdMinutes: number | null;
}

/** Sample standard deviation (n − 1), whole minutes; null under MIN_NIGHTS_FOR_CONSISTENCY values. */
export function spreadMinutes(values: readonly (number | null)[]): number | null {
  const xs = values.filter((v): v is number => v !== null);
  if (xs.length < MIN_NIGHTS_FOR_CONSISTENCY) return null;
  const m = mean(xs);
  return Math.round(Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1)));
}

/**
 * A translator of the LastNightCard namespace, whose messages word the card (next-intl's useTranslations,
 * or server/i18n/translator.ts translatorFor): the functions below choose what to say, the catalogue how.
 */
export type GlanceWords = (key: string, values?: Record<string, string | number>) => string;

/** "Over your last 7 nights, bed times varied by 25 min and wake times by 40 min (standard deviation; …)." */
export function consistencyText(c: TimeConsistency, t: GlanceWords, locale: Locale = "en"): string {
  if (c.bedtimeSdMinutes === null || c.wakeSdMinutes === null) return t("consistency.tooFew", { min: MIN_NIGHTS_FOR_CONSISTENCY, count: c.nights });
  return t("consistency.spread", { nights: c.nights, bed: duration(c.bedtimeSdMinutes * 60, locale), wake: duration(c.wakeSdMinutes * 60, locale) });
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Minutes from noon of `day` to `ms` on the wall clock of `zone` (so a DST night still reads as its clocks do). */
export function minutesAfterNoon(ms: number, zone: string, day: string): number {
  const local = new TZDate(ms, zone);
  const date = format(local, "yyyy-MM-dd");
  return daysBetweenSigned(day, date) * 1440 + local.getHours() * 60 + local.getMinutes() - 720;
}

function daysBetweenSigned(from: string, to: string): number {
  return to >= from ? daysBetween(from, to) - 1 : -(daysBetween(to, from) - 1);
}

/** 690 → "23:30"; 1140 → "07:00". */
export function clockOfMinutesAfterNoon(minutes: number): string {
  const m = (((Math.round(minutes) + 720) % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

export function glanceFigures(night: NightForGlance): GlanceFigures {
  const r = nightReport(night.sleepStages, night.snoringStages);
  const day = night.startTime ? sleepDay(Date.parse(night.startTime), night.zone) : null;
  return {
    bedtime: day && night.startTime ? minutesAfterNoon(Date.parse(night.startTime), night.zone, day) : null,
    wake: day && night.endTime ? minutesAfterNoon(Date.parse(night.endTime), night.zone, day) : null,
    totalSleep: r.totalSleepMinutes,
    efficiency: r.sleepEfficiencyPercent,
    awakenings: r.wasoCount,
    deep: r.stageShares.find((s) => s.stage === "deep")?.minutes ?? 0,
    rem: r.stageShares.find((s) => s.stage === "rem")?.minutes ?? 0,
  };
}

/** Last night's value against the mean of the earlier nights' (nulls skipped); no verdict under MIN_NIGHTS_TO_COMPARE. */
export function compareToAverage(metric: GlanceMetric, value: number | null, earlier: readonly (number | null)[]): Comparison {
  const values = earlier.filter((v): v is number => v !== null);
  if (values.length < MIN_NIGHTS_TO_COMPARE || value === null) return { nights: values.length, average: values.length === 0 ? null : round(mean(values), DIGITS[metric]), difference: null, verdict: null };
  const average = round(mean(values), DIGITS[metric]);
  const difference = round(value - average, DIGITS[metric]);
  const direction = DIRECTION[metric];
  let verdict: Verdict;
  if (Math.abs(difference) <= USUAL_BAND[metric]) verdict = "usual";
  else if (direction === "clock") verdict = difference < 0 ? "earlier" : "later";
  else if (direction === "amount") verdict = difference < 0 ? "less" : "more";
  else verdict = (difference > 0) === (direction === "higher") ? "better" : "worse";
  return { nights: values.length, average, difference, verdict };
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** Last night (the newest of `nights`, newest first) against the 7 and 30 complete nights before it. */
export function lastNightGlance(nights: readonly NightForGlance[]): Glance | null {
  const [last, ...rest] = nights;
  if (!last) return null;
  const figures = glanceFigures(last);
  const earlier = rest.slice(0, Math.max(...AVERAGE_WINDOWS)).map(glanceFigures);
  const against = Object.fromEntries(
    AVERAGE_WINDOWS.map((w) => [w, Object.fromEntries(GLANCE_METRICS.map((m) => [m, compareToAverage(m, figures[m], earlier.slice(0, w).map((f) => f[m]))]))]),
  ) as Glance["against"];
  const day = last.startTime ? sleepDay(Date.parse(last.startTime), last.zone) : null;
  const week = [figures, ...earlier.slice(0, CONSISTENCY_NIGHTS - 1)];
  const consistency = { nights: week.filter((f) => f.bedtime !== null).length, bedtimeSdMinutes: spreadMinutes(week.map((f) => f.bedtime)), wakeSdMinutes: spreadMinutes(week.map((f) => f.wake)) };
  return { night: { id: last.id, startTime: last.startTime, endTime: last.endTime, zone: last.zone, day }, figures, against, consistency };
}

/** A figure as the card shows it: "7 h 5 min", "91%", "4", "23:30". */
export function showFigure(metric: GlanceMetric, value: number, locale: Locale = "en"): string {
  switch (metric) {
    case "bedtime":
    case "wake":
      return clockOfMinutesAfterNoon(value);
    case "totalSleep":
    case "deep":
    case "rem":
      return duration(value * 60, locale);
    case "efficiency":
      return `${value}%`;
    case "awakenings":
      return String(value);
  }
}

/**
 * A difference as words: "25 min more", "3 points lower", "1.5 fewer", "40 min later". `sentence`: as the
 * summary's sentences end with it (the same in English; a predicate in Korean).
 */
export function showDifference(metric: GlanceMetric, difference: number, t: GlanceWords, locale: Locale = "en", sentence = false): string {
  const size = Math.abs(difference);
  const group = sentence ? "differenceSentence" : "difference";
  switch (metric) {
    case "bedtime":
    case "wake":
      return t(`${group}.clock`, { amount: duration(size * 60, locale), direction: difference < 0 ? "earlier" : "later" });
    case "totalSleep":
    case "deep":
    case "rem":
      return t(`${group}.amount`, { amount: duration(size * 60, locale), direction: difference < 0 ? "less" : "more" });
    case "efficiency":
      return t(`${group}.points`, { size, direction: difference < 0 ? "lower" : "higher" });
    case "awakenings":
      return t(`${group}.count`, { size, direction: difference < 0 ? "fewer" : "more" });
  }
}

/**
 * The windows the card shows for a figure: the 7-night one always, the 30-night one only when it
 * covers more nights (with 7 or fewer earlier nights the two rows would say the same thing twice).
 */
export function windowsShown(g: Glance, metric: GlanceMetric): AverageWindow[] {
  return AVERAGE_WINDOWS.filter((w) => w === AVERAGE_WINDOWS[0] || g.against[w][metric].nights > g.against[AVERAGE_WINDOWS[0]][metric].nights);
}

/** One comparison in a few words, for the card: "usual (avg 7 h 5 min, 7 nights)". */
export function comparisonText(metric: GlanceMetric, c: Comparison, t: GlanceWords, locale: Locale = "en"): string {
  if (c.average === null) return t("compare.none");
  if (c.nights < MIN_NIGHTS_TO_COMPARE) return t("compare.tooFew", { count: c.nights });
  const avg = t("compare.average", { figure: showFigure(metric, c.average, locale), nights: c.nights });
  if (c.verdict === null || c.difference === null) return t("compare.averageOnly", { average: avg });
  const how =
    c.verdict === "usual"
      ? t("compare.usual")
      : c.verdict === "more" || c.verdict === "less"
        ? showDifference(metric, c.difference, t, locale)
        : t("compare.verdict", { verdict: c.verdict, difference: showDifference(metric, c.difference, t, locale) });
  return t("compare.result", { how, average: avg });
}

/** The night's date and clock times in its own zone: "Sun 22 Nov 2026, 23:10 to Mon 06:40 (Europe/Paris)". */
export function bedToWake(g: Glance, t: GlanceWords, locale: Locale = "en"): string | null {
  const { startTime, endTime, zone, day } = g.night;
  if (!startTime || !day) return null;
  const startMs = Date.parse(startTime);
  const start = new TZDate(startMs, zone);
  const from = t("when.start", { day: zonedDayText(startMs, zone, locale), clock: format(start, "HH:mm") });
  if (!endTime) return t("when.open", { from, zone: zoneLabel(zone) });
  const endMs = Date.parse(endTime);
  const end = new TZDate(endMs, zone);
  const sameDate = format(end, "yyyy-MM-dd") === format(start, "yyyy-MM-dd");
  const to = sameDate ? format(end, "HH:mm") : t("when.endOtherDay", { weekday: zonedWeekdayText(endMs, zone, locale), clock: format(end, "HH:mm") });
  return t("when.range", { from, to, zone: zoneLabel(zone) });
}

/**
 * The card's paragraph: what last night's figures were and how they stand against the sleeper's
 * 7-night average (the 30-night one is on the card beside it). Facts only.
 */
export function glanceSummary(g: Glance, t: GlanceWords, locale: Locale = "en"): string {
  const c = g.against[7];
  const f = g.figures;
  const sentences: string[] = [];
  const times = f.bedtime !== null && f.wake !== null;
  sentences.push(
    t("summary.slept", {
      when: g.night.day ? "day" : "last",
      day: g.night.day ? dayText(g.night.day, locale) : "",
      total: showFigure("totalSleep", f.totalSleep, locale),
      times: times ? "yes" : "no",
      bed: times ? showFigure("bedtime", f.bedtime!) : "",
      wake: times ? showFigure("wake", f.wake!) : "",
      zone: zoneLabel(g.night.zone),
    }),
  );
  const earlier = c.totalSleep.nights;
  if (c.totalSleep.average === null) {
    sentences.push(t("summary.first"));
  } else if (earlier < MIN_NIGHTS_TO_COMPARE) {
    // The figures alone: better or worse than one or two nights says little.
    if (f.efficiency !== null) sentences.push(t("summary.efficiency", { efficiency: f.efficiency }));
    sentences.push(t("summary.woke", { woke: woke(f.awakenings, t) }));
    sentences.push(t("summary.tooFew", { count: earlier, min: MIN_NIGHTS_TO_COMPARE }));
  } else {
    const over = earlier === 7 ? t("what.week") : t("what.before", { count: earlier });
    const average = t("what.average");
    sentences.push(t("summary.total", { versus: versus("totalSleep", c.totalSleep, over, t, locale) }));
    if (f.efficiency !== null) sentences.push(t("summary.efficiencyVersus", { efficiency: f.efficiency, versus: versus("efficiency", c.efficiency, average, t, locale) }));
    sentences.push(t("summary.wokeVersus", { woke: woke(f.awakenings, t), versus: versus("awakenings", c.awakenings, average, t, locale) }));
    if (f.bedtime !== null && c.bedtime.average !== null) {
      const bed = versus("bedtime", c.bedtime, t("what.usual"), t, locale);
      if (f.wake !== null && c.wake.average !== null) sentences.push(t("summary.bedAndWake", { bed, wake: versus("wake", c.wake, t("what.usual"), t, locale) }));
      else sentences.push(t("summary.bed", { bed }));
    }
  }
  return sentences.join(" ");
}

/** "You did not wake during the night", "You woke once", "You woke 3 times". */
export const woke = (n: number, t: GlanceWords) => t("summary.wokeCount", { count: n });

function versus(metric: GlanceMetric, c: Comparison, what: string, t: GlanceWords, locale: Locale): string {
  if (c.average === null || c.difference === null) return t("versus.nothing");
  const average = showFigure(metric, c.average, locale);
  if (metric === "bedtime" || metric === "wake") {
    if (c.verdict === "usual") return t("versus.usualTime", { average });
    return t("versus.time", { difference: showDifference(metric, c.difference, t, locale, true), what, average });
  }
  if (c.verdict === "usual") return t("versus.usualRange", { what, average });
  return t("versus.figure", { difference: showDifference(metric, c.difference, t, locale, true), what, average });
}

/**
 * What each figure on the card is, and the usual adult range (sources in docs/LAST-NIGHT.md): for the
 * night's figures, the same words as the night page and the PDF (./definitions.ts), so the card does
 * not define efficiency or awakenings any differently.
 */
export const GLANCE_EXPLANATIONS: Record<"times" | "totalSleep" | "efficiency" | "awakenings" | "stages" | "usual", string> = {
  times:
    "Bed and wake times are when the recording started and ended, in the night's time zone. There is no healthy range for the clock time itself; how regular it is from night to night is in your trends (bedtime regularity).",
  totalSleep: DEFINITIONS.totalSleep.text,
  efficiency: DEFINITIONS.sleepEfficiency.text,
  awakenings: DEFINITIONS.awakenings.text,
  stages: `${DEFINITIONS.stageMinutes.text} The card sets them against your own usual (more or less than your average, within ${USUAL_BAND.deep} minutes counting as usual) rather than only adult ranges: how much of each is normal differs from person to person and falls with age.`,
  usual: `"Usual" means within ${USUAL_BAND.bedtime} minutes of your average bed or wake time, ${USUAL_BAND.totalSleep} minutes of your average total sleep, ${USUAL_BAND.deep} minutes of your average Deep or REM sleep, ${USUAL_BAND.efficiency} points of your average efficiency, or ${USUAL_BAND.awakenings} awakenings of your average. Averages are over the 7 and 30 complete nights before last night (fewer when there are not that many); with fewer than ${MIN_NIGHTS_TO_COMPARE} earlier nights there is no comparison yet.`,
};

/** GLANCE_EXPLANATIONS in the reader's language, from the catalogue (the same in English). */
export function glanceExplanations(t: GlanceWords): typeof GLANCE_EXPLANATIONS {
  const bands = { bedtime: USUAL_BAND.bedtime, totalSleep: USUAL_BAND.totalSleep, deep: USUAL_BAND.deep, efficiency: USUAL_BAND.efficiency, awakenings: USUAL_BAND.awakenings, min: MIN_NIGHTS_TO_COMPARE };
  return {
    times: t("explanations.times"),
    totalSleep: t("explanations.totalSleep"),
    efficiency: t("explanations.efficiency"),
    awakenings: t("explanations.awakenings"),
    stages: t("explanations.stages", { deep: USUAL_BAND.deep }),
    usual: t("explanations.usual", bands),
  };
}

/** Which night the card is of, for its heading: the night just gone ("last"), else its day and how long ago. */
export type GlanceWhen = { kind: "newest" } | { kind: "last" } | { kind: "today"; day: string } | { kind: "ago"; day: string; days: number };

export function glanceWhen(g: Glance, nowMs: number): GlanceWhen {
  const { day, zone } = g.night;
  if (!day) return { kind: "newest" };
  // Days between the night's day and today's date on the night's own clock: a night is "last night"
  // from the morning after until the next one (the day split at noon makes 00:30 starts count too).
  const today = format(new TZDate(nowMs, zone), "yyyy-MM-dd");
  const ago = daysBetweenSigned(day, today);
  if (ago === 1) return { kind: "last" };
  if (ago <= 0) return { kind: "today", day };
  return { kind: "ago", day, days: ago };
}

/** The card's heading: "Last night" for the night just gone, else its date and how long ago it was. */
export function glanceHeading(g: Glance, nowMs: number, t: GlanceWords, locale: Locale = "en"): string {
  const when = glanceWhen(g, nowMs);
  switch (when.kind) {
    case "newest":
      return t("heading.newest");
    case "last":
      return t("heading.last");
    case "today":
      return t("heading.today", { day: dayText(when.day, locale) });
    case "ago":
      return t("heading.ago", { day: dayText(when.day, locale), count: when.days });
  }
}

/**
 * The newest of `nights` that was closed as Incomplete and began after the card's night: the card is
 * of the newest complete night, so without a word the sleeper would think it the latest one.
 */
export function newerIncomplete<N extends { state: string; startTime: string | null }>(g: Glance | null, nights: readonly N[]): N | null {
  const after = g?.night.startTime ? Date.parse(g.night.startTime) : -Infinity;
  return nights.filter((n) => n.state === "INCOMPLETE" && n.startTime !== null && Date.parse(n.startTime) > after).sort((a, b) => Date.parse(b.startTime!) - Date.parse(a.startTime!))[0] ?? null;
}
