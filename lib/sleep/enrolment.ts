// Enrolment: the day a patient's monitoring began. No window (adherence, "no data for N nights",
// averages, trends, and later a programme's compliance and billing cycles) reaches before it, so
// days before the patient existed never count against them. A window the patient has not yet
// completed is "too early to tell": shown in words, never an alert.
//
// A calendar day ("YYYY-MM-DD") in the patient's zone, not an instant: windows are counted in days
// (nights dated noon to noon, lib/sleep/adherence.ts nightOf), a clinician sets a date, and the CMS
// rules count days from enrolment. A night belongs to the window when its day (the day on whose
// evening it began) is the enrolment day or later: enrolled on Tuesday, Tuesday night is the first.

import { TZDate } from "@date-fns/tz";
import { addDays, daysBetween, type Day } from "./days";
import { dayLabel, sleepDay } from "../time/day";

/**
 * The default enrolment day of an account made at `createdAtMs`: that calendar day in `zone` (the
 * account's, else UTC). Not the noon-to-noon night day: an account made at 09:00 on Tuesday did not
 * exist during Monday's night.
 */
export function enrolmentDayOf(createdAtMs: number, zone: string): Day {
  const local = new TZDate(createdAtMs, zone);
  return `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, "0")}-${String(local.getDate()).padStart(2, "0")}`;
}

/** A stored DATE (midnight UTC, as Prisma reads a @db.Date) as a Day. */
export const dayOfDate = (date: Date): Day => date.toISOString().slice(0, 10);

/** A Day as the Date Prisma writes to a @db.Date column. */
export const dateOfDay = (day: Day): Date => new Date(`${day}T00:00:00Z`);

export interface EnrolledWindow {
  /** The window as asked: `windowDays` days ending `lastDay`. */
  windowDays: number;
  /** The first day that counts: the window's first day, or the enrolment day if later. */
  firstDay: Day;
  lastDay: Day;
  /** Days that count, enrolment to lastDay within the window (0 when lastDay is before enrolment). */
  days: number;
  /** The patient has been enrolled for the whole window: only then may it judge them. */
  complete: boolean;
}

/**
 * The `windowDays` days ending with `lastDay` (included), clamped to start no earlier than the
 * enrolment day. One definition for every window a patient is judged by.
 */
export function enrolledWindow(enrolledOn: Day, lastDay: Day, windowDays: number): EnrolledWindow {
  const asked = addDays(lastDay, -(windowDays - 1));
  const firstDay = asked < enrolledOn ? enrolledOn : asked;
  return { windowDays, firstDay, lastDay, days: daysBetween(firstDay, lastDay), complete: asked >= enrolledOn };
}

/** "Too early to tell: enrolled Tue 1 Dec 2026, 6 of 30 days so far." */
export function tooEarlyToTell(w: EnrolledWindow, enrolledOn: Day): string {
  return `Too early to tell: enrolled ${dayLabel(enrolledOn)}, ${w.days} of ${w.windowDays} days so far`;
}

/** The words docs/DEFINITIONS.md and the pages use. */
export const ENROLMENT_DEFINITION =
  "Enrolment date: the first day that counts for the patient. Windows (adherence, no data for N nights, averages, trends) never reach before it; " +
  "a window the patient has not been enrolled for in full is too early to tell, and raises no alert. By default the day the account was made, in the patient's zone.";

/**
 * The nights that count for a patient enrolled on `enrolledOn`: those whose day (noon to noon, in the
 * night's zone: lib/time/day.ts sleepDay) is the enrolment day or later. For averages and trends.
 */
export function nightsSinceEnrolment<T extends { startTime: string | null }>(nights: readonly T[], enrolledOn: Day, zoneOf: (night: T) => string): T[] {
  return nights.filter((n) => n.startTime !== null && sleepDay(Date.parse(n.startTime), zoneOf(n)) >= enrolledOn);
}
