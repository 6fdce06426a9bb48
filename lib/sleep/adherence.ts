// Adherence: on how many of the last N days a patient slept at least X hours, against a target share,
// as insurers judge therapy use (the usual rule: at least 4 h on at least 70 % of nights in a 30-day
// window). Days, not nights, are counted, so a day without any night counts against the patient.
// The words shown to people are in ADHERENCE_DEFINITION (and README.md, docs/DEFINITIONS.md).

import { TZDate } from "@date-fns/tz";

export interface AdherenceRule {
  /** At least this much total sleep on a day makes the day adherent. */
  minSleepHours: number;
  /** The share of days in the window that must be adherent, 1–100. */
  targetPercent: number;
  /** How many calendar days the window covers. */
  windowDays: number;
}

/** The usual insurer rule for therapy adherence: ≥ 4 h on at least 70 % of the days of a 30-day window. */
export const USUAL_RULE: AdherenceRule = { minSleepHours: 4, targetPercent: 70, windowDays: 30 };

const RULE_PATTERN = /^\s*(\d+(?:\.\d+)?)\s*h\s*,\s*(\d+(?:\.\d+)?)\s*%\s*,\s*(\d+)\s*d\s*$/i;

/** "4h,70%,30d" → the rule; an Error saying what is wrong otherwise. */
export function parseAdherenceRule(text: string): AdherenceRule | Error {
  const match = RULE_PATTERN.exec(text);
  if (!match) return new Error('must look like "4h,70%,30d" (hours of sleep, target percent, window in days)');
  const rule = { minSleepHours: Number(match[1]), targetPercent: Number(match[2]), windowDays: Number(match[3]) };
  if (rule.minSleepHours <= 0 || rule.minSleepHours > 24) return new Error("hours must be more than 0 and at most 24");
  if (rule.targetPercent <= 0 || rule.targetPercent > 100) return new Error("the target must be more than 0 % and at most 100 %");
  if (rule.windowDays < 1 || rule.windowDays > 366) return new Error("the window must be 1 to 366 days");
  return rule;
}

export function formatAdherenceRule(rule: AdherenceRule): string {
  return `${rule.minSleepHours}h,${rule.targetPercent}%,${rule.windowDays}d`;
}

export const isUsualRule = (rule: AdherenceRule) =>
  rule.minSleepHours === USUAL_RULE.minSleepHours && rule.targetPercent === USUAL_RULE.targetPercent && rule.windowDays === USUAL_RULE.windowDays;

// ── Calendar days ───────────────────────────────────────────────────────────────────────────────

import { addDays, daysBetween, type Day } from "./days";
import { enrolledWindow, tooEarlyToTell } from "./enrolment";

export { addDays, daysBetween, isDay, type Day } from "./days";

/**
 * The day a night belongs to ("the night of"): the local calendar day, in the night's own zone, on
 * which it began, where a night that began before noon belongs to the day before, as CPAP devices
 * count usage days from noon to noon. So 23:10 on Monday and 00:40 on Tuesday are both Monday's night.
 */
export function nightOf(startMs: number, timezone: string): Day {
  const local = new TZDate(startMs, timezone);
  const day = `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, "0")}-${String(local.getDate()).padStart(2, "0")}`;
  return local.getHours() < 12 ? addDays(day, -1) : day;
}

/** Today's date for someone in `timezone`, counted noon to noon like nights (so 09:00 Tuesday is still Monday). */
export const currentNightOf = (nowMs: number, timezone: string): Day => nightOf(nowMs, timezone);

// ── Adherence ───────────────────────────────────────────────────────────────────────────────────

export interface DatedNight {
  /** The night's day, from nightOf. */
  day: Day;
  totalSleepSeconds: number;
}

export interface Adherence {
  rule: AdherenceRule;
  /** The window: `windowDays` calendar days, first and last included, from the enrolment day if later. */
  firstDay: Day;
  lastDay: Day;
  /** Days that count: the window's, or those since enrolment while the window is not complete. */
  days: number;
  /** Days with a night and no night, in the window. */
  daysWithNight: number;
  /** Days whose longest night had at least minSleepHours of total sleep. */
  adherentDays: number;
  /** Adherent days needed to meet the target: ⌈target % × windowDays⌉. */
  requiredDays: number;
  /** Adherent share of the days that count, 0–100, exact (0 with none). */
  percent: number;
  meets: boolean;
  /** The enrolment day the window was clamped to (lib/sleep/enrolment.ts), null if none was given. */
  enrolledOn: Day | null;
  /**
   * The patient was not yet enrolled for the whole window: too early to tell. `meets` is then false and
   * means nothing; no alert, no verdict, only the words of adherenceSummary.
   */
  tooEarly: boolean;
}

/**
 * The rule applied to the `rule.windowDays` days ending with `lastDay` (included), never before
 * `enrolledOn` (lib/sleep/enrolment.ts enrolledWindow). Each day counts once: adherent when its longest
 * night (by total sleep) reached the hours, not adherent otherwise, a day with no night included. Nights
 * outside the window, or before enrolment, are ignored.
 */
export function adherence(nights: readonly DatedNight[], rule: AdherenceRule, lastDay: Day, enrolledOn: Day | null = null): Adherence {
  const window = enrolledWindow(enrolledOn ?? addDays(lastDay, -(rule.windowDays - 1)), lastDay, rule.windowDays);
  const firstDay = window.firstDay;
  const longest = new Map<Day, number>();
  for (const night of nights) {
    if (night.day < firstDay || night.day > lastDay) continue;
    longest.set(night.day, Math.max(longest.get(night.day) ?? 0, night.totalSleepSeconds));
  }
  const minSeconds = rule.minSleepHours * 3600;
  const adherentDays = [...longest.values()].filter((seconds) => seconds >= minSeconds).length;
  const days = window.days;
  // Whole days: 70 % of 30 is 21; 70 % of 29 is 20.3, so 21 are needed.
  const requiredDays = Math.ceil(Number(((rule.targetPercent * rule.windowDays) / 100).toFixed(9)));
  return {
    rule,
    firstDay,
    lastDay,
    days,
    daysWithNight: longest.size,
    adherentDays,
    requiredDays,
    percent: days === 0 ? 0 : (100 * adherentDays) / days,
    meets: window.complete && adherentDays >= requiredDays,
    enrolledOn,
    tooEarly: !window.complete,
  };
}

/**
 * The last day of the "last N days" as seen at `nowMs`: today (noon to noon, in `timezone`) once a
 * night of today is stored, else yesterday, so a night not slept yet never counts against anyone.
 */
export function windowEnd(nights: readonly DatedNight[], nowMs: number, timezone: string): Day {
  const today = currentNightOf(nowMs, timezone);
  return nights.some((n) => n.day === today) ? today : addDays(today, -1);
}

/** "21 of 30 days ≥ 4 h — 70 % — meets the usual rule" (the percent rounded down, so 69.9 % never reads 70 %). */
export function adherenceSummary(a: Adherence): string {
  if (a.tooEarly) return tooEarlyToTell(enrolledWindow(a.enrolledOn ?? a.firstDay, a.lastDay, a.rule.windowDays), a.enrolledOn ?? a.firstDay);
  const verdict = a.meets ? "meets" : "does not meet";
  const which = isUsualRule(a.rule) ? "the usual rule" : `the ${a.rule.targetPercent} % target`;
  return `${a.adherentDays} of ${a.days} days with at least ${hours(a.rule.minSleepHours)} of sleep — ${Math.floor(a.percent)} % — ${verdict} ${which}`;
}

const hours = (h: number) => `${h} h`;

export function adherenceDefinition(rule: AdherenceRule): string {
  return (
    `Adherent day: a calendar day whose night had at least ${hours(rule.minSleepHours)} of total sleep. A night belongs to the day on which it ` +
    `began, in its own time zone; one that began before noon belongs to the day before (days run noon to noon, as CPAP devices count them). ` +
    `With several nights on one day, the longest counts; a day with no night is not adherent; a night still recording is not counted, one closed as Incomplete counts with the sleep recorded. ` +
    `The rule is met when at least ${rule.targetPercent} % of the ${rule.windowDays} days ending with the last day are adherent ` +
    `(rounded up to whole days: ${Math.ceil(Number(((rule.targetPercent * rule.windowDays) / 100).toFixed(9)))} of ${rule.windowDays}). ` +
    `The usual insurer rule is 4 h on 70 % of 30 days.`
  );
}

/** How the patient page picks "the last N days" (see windowEnd). */
export const WINDOW_END_DEFINITION = "The last days end today once tonight's night is stored, else yesterday, so a night not slept yet never counts against the patient.";
