// Remote-monitoring counters: the 30-day monitoring cycles counted from the enrolment day
// (lib/sleep/enrolment.ts), the days with data in the current one, and the thresholds clinics bill
// device supply on (16 days or more: CPT 99454; 2 to 15 days: 99445). The product counts; whether a
// clinic may bill depends on the device's regulatory status and the payer (docs/BILLING.md).
//
// A day with data: a night's day (noon to noon in the night's own zone, as every window counts:
// lib/sleep/adherence.ts nightOf) on which at least one night began that has at least one analysed
// 30-second epoch stored, whether it completed, was closed as Incomplete or is still recording.

import { addDays, daysBetween, type Day } from "./days";
import type { Locale } from "../i18n/locales";
import { windowIn } from "./patient-words";

/** A monitoring cycle's length in days. */
export const CYCLE_DAYS = 30;
/** Days with data in a cycle for CPT 99454. */
export const DAYS_FOR_99454 = 16;
/** Days with data in a cycle for CPT 99445 (up to 15, below 99454). */
export const DAYS_FOR_99445 = 2;

export interface MonitoringCycle {
  /** 1 for the cycle that begins on the enrolment day. */
  number: number;
  firstDay: Day;
  lastDay: Day;
  /** Distinct days of the cycle, up to today, with data. */
  daysWithData: number;
  /** Days of the cycle on which data can still come: from today (unless today already has data) to the last. */
  daysLeft: number;
  /** The code the days so far reach: "99454" (16+), "99445" (2–15), or null (0–1). */
  reached: "99454" | "99445" | null;
}

/**
 * The cycle holding `today` (a night's day: adherence.ts currentNightOf) for a patient enrolled on
 * `enrolledOn`, with the distinct days of `dataDays` it holds up to today. Null before enrolment.
 */
export function monitoringCycle(enrolledOn: Day, today: Day, dataDays: Iterable<Day>): MonitoringCycle | null {
  if (today < enrolledOn) return null;
  const index = Math.floor((daysBetween(enrolledOn, today) - 1) / CYCLE_DAYS);
  const firstDay = addDays(enrolledOn, index * CYCLE_DAYS);
  const lastDay = addDays(firstDay, CYCLE_DAYS - 1);
  const days = new Set([...dataDays].filter((d) => d >= firstDay && d <= today));
  const daysWithData = days.size;
  const daysLeft = daysBetween(today, lastDay) - (days.has(today) ? 1 : 0);
  const reached = daysWithData >= DAYS_FOR_99454 ? "99454" : daysWithData >= DAYS_FOR_99445 ? "99445" : null;
  return { number: index + 1, firstDay, lastDay, daysWithData, daysLeft, reached };
}

/** A translator of the words below: the patient page's (PatientPage.monitoring in lib/i18n/messages). */
type Say = (key: string, values?: Record<string, string | number>) => string;

/** "N more days needed, M days left" toward `target` days, or why not. */
export function towards(c: MonitoringCycle, target: number, t: Say): string {
  const needed = target - c.daysWithData;
  if (needed <= 0) return t("reached");
  return t(needed > c.daysLeft ? "outOfReach" : "needed", { needed, left: c.daysLeft });
}

/** The words the patient page shows, one line per threshold, in `t`'s language. */
export function monitoringSummary(c: MonitoringCycle, t: Say, locale: Locale = "en"): { cycle: string; for99454: string; for99445: string } {
  return {
    cycle: t("cycle", { number: c.number, window: windowIn(c, locale), days: c.daysWithData }),
    for99454: t("for99454", { towards: towards(c, DAYS_FOR_99454, t) }),
    for99445: t("for99445", { towards: towards(c, DAYS_FOR_99445, t) }),
  };
}

export const DAY_WITH_DATA_DEFINITION =
  "Day with data: a night's day (noon to noon, in the night's own time zone, as for adherence) on which at least one night began that has at least one " +
  "analysed 30-second epoch stored, whether the night completed, was closed as Incomplete or is still recording. Several nights on one day count once. " +
  "Monitoring cycles are 30 days long and follow one another from the enrolment day (the enrolment day is day 1 of cycle 1).";

/** Said wherever a billing figure is shown (docs/BILLING.md). */
export const BILLING_CAVEAT =
  "These are counts, not a billing decision: whether a clinic may bill these codes depends on the device's regulatory status and on the payer, which this product does not decide.";
