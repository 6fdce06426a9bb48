// CMS compliance in the first 90 days of therapy: at least 4 h of use on at least 70 % of the nights
// (21 of 30) of some consecutive 30-day window that lies within the first 90 days from enrolment
// (lib/sleep/enrolment.ts). Days are the noon-to-noon night days of lib/sleep/adherence.ts, and a day
// is adherent as there (its longest night reached 4 h). A window that has already reached 21 cannot
// lose them, so compliance is met as soon as any window has; it is out of reach once no window can.

import { addDays, daysBetween, type Day } from "./days";
import { USUAL_RULE, type DatedNight } from "./adherence";

/** The first 90 days from enrolment (the enrolment day is day 1). */
export const COMPLIANCE_PERIOD_DAYS = 90;
/** The consecutive window the rule counts in. */
export const COMPLIANCE_WINDOW_DAYS = 30;
/** Hours of sleep that make a day adherent. */
export const COMPLIANCE_MIN_HOURS = USUAL_RULE.minSleepHours;
/** 70 % of 30 nights. */
export const COMPLIANCE_REQUIRED_DAYS = 21;

export interface ComplianceWindow {
  firstDay: Day;
  lastDay: Day;
  /** Adherent days in the window up to the last day counted. */
  adherentDays: number;
}

export type Compliance =
  | { status: "met"; enrolledOn: Day; window: ComplianceWindow }
  | { status: "not-yet"; enrolledOn: Day; best: ComplianceWindow; daysLeft: number; periodLastDay: Day }
  | { status: "not-met"; enrolledOn: Day; best: ComplianceWindow; periodLastDay: Day };

/**
 * Compliance as of `lastDay` (the last day that counts: adherence.ts windowEnd), for a patient enrolled
 * on `enrolledOn`. "met" names the first window to reach 21 adherent days; otherwise `best` is the
 * window with the most adherent days so far (the earliest of equals), and `daysLeft` the days of the
 * 90 still to come after `lastDay`.
 */
export function compliance(nights: readonly DatedNight[], enrolledOn: Day, lastDay: Day): Compliance {
  const periodLastDay = addDays(enrolledOn, COMPLIANCE_PERIOD_DAYS - 1);
  const counted = lastDay < periodLastDay ? lastDay : periodLastDay;
  const minSeconds = COMPLIANCE_MIN_HOURS * 3600;
  const adherent = new Set<Day>();
  for (const n of nights) if (n.day >= enrolledOn && n.day <= counted && n.totalSleepSeconds >= minSeconds) adherent.add(n.day);

  const lastStart = addDays(enrolledOn, COMPLIANCE_PERIOD_DAYS - COMPLIANCE_WINDOW_DAYS);
  let best: ComplianceWindow = { firstDay: enrolledOn, lastDay: addDays(enrolledOn, COMPLIANCE_WINDOW_DAYS - 1), adherentDays: 0 };
  let reachable = false;
  for (let start = enrolledOn; start <= lastStart; start = addDays(start, 1)) {
    const end = addDays(start, COMPLIANCE_WINDOW_DAYS - 1);
    let count = 0;
    for (let d = start; d <= end && d <= counted; d = addDays(d, 1)) if (adherent.has(d)) count++;
    const window = { firstDay: start, lastDay: end, adherentDays: count };
    if (count >= COMPLIANCE_REQUIRED_DAYS) return { status: "met", enrolledOn, window };
    if (count > best.adherentDays) best = window;
    // Days of this window still to come can each add one.
    const future = end <= counted ? 0 : daysBetween(start > counted ? start : addDays(counted, 1), end);
    if (count + future >= COMPLIANCE_REQUIRED_DAYS) reachable = true;
  }
  if (!reachable) return { status: "not-met", enrolledOn, best, periodLastDay };
  return { status: "not-yet", enrolledOn, best, daysLeft: lastDay < enrolledOn ? COMPLIANCE_PERIOD_DAYS : daysBetween(addDays(counted, 1), periodLastDay), periodLastDay };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const short = (day: Day) => `${Number(day.slice(8, 10))} ${MONTHS[Number(day.slice(5, 7)) - 1]}`;
/** "3 Nov–2 Dec 2026" (both years when they differ). */
export function windowLabel(w: { firstDay: Day; lastDay: Day }): string {
  const y1 = w.firstDay.slice(0, 4);
  const y2 = w.lastDay.slice(0, 4);
  return `${short(w.firstDay)}${y1 === y2 ? "" : ` ${y1}`}–${short(w.lastDay)} ${y2}`;
}

/** The words the patient page and the period report show (one definition, one sentence). */
export function complianceSummary(c: Compliance): string {
  const h = `${COMPLIANCE_MIN_HOURS} h`;
  if (c.status === "met") return `Compliant (window ${windowLabel(c.window)}: ${c.window.adherentDays} of ${COMPLIANCE_WINDOW_DAYS} nights ≥ ${h})`;
  if (c.status === "not-yet") {
    return `Not yet: best 30-day window so far ${c.best.adherentDays} of ${COMPLIANCE_WINDOW_DAYS}; ${c.daysLeft} day${c.daysLeft === 1 ? "" : "s"} left to reach ${COMPLIANCE_REQUIRED_DAYS}`;
  }
  return `Not met within the first 90 days (best 30-day window ${c.best.adherentDays} of ${COMPLIANCE_WINDOW_DAYS} nights ≥ ${h})`;
}

export const COMPLIANCE_DEFINITION =
  `Compliance in the first 90 days (the CMS rule for PAP therapy): at least ${COMPLIANCE_MIN_HOURS} h of sleep on at least 70 % of the nights ` +
  `(${COMPLIANCE_REQUIRED_DAYS} of ${COMPLIANCE_WINDOW_DAYS}) in some consecutive 30-day window that lies within the first 90 days from the enrolment date ` +
  `(the enrolment day is day 1). Nights are counted as for adherence (noon to noon, the longest night of a day, a day without a night is not adherent). ` +
  `Met as soon as one window holds ${COMPLIANCE_REQUIRED_DAYS} such nights; "not met" once no window within the 90 days can reach them.`;
