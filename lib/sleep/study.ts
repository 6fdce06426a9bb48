// A multi-night study (issue 26 §1): a clinician asks for `nightsWanted` nights within `windowDays` days
// from `startDay`; a night is valid with at least `minSleepMinutes` of total sleep; the study is adequate
// with at least `minValidNights` valid nights. Pure: the study's nights are the patient's ordinary nights
// in its window, dated as everywhere else (the night of a day, noon to noon, in the night's zone).
//
// Counted by day: a day with two recordings (a nap and the night) is one night, valid if either is.
// A night closed as Incomplete is never valid (part of it was not recorded).
//
// The outcome:
// - adequate as soon as `minValidNights` nights are valid and `nightsWanted` nights were recorded (or the
//   window is over);
// - failed once the window is over with too few valid nights, or earlier, once the days left cannot
//   bring enough (each day left can add one valid night at most);
// - else in progress. "Today" is the patient's current night (lib/sleep/adherence.ts currentNightOf):
//   tonight's night still counts as a day left.

import { duration } from "../format";
import { dayLabel } from "../time/day";
import { addDays, daysBetween, type Day } from "./days";

export interface StudyOrder {
  startDay: Day;
  windowDays: number;
  nightsWanted: number;
  minValidNights: number;
  minSleepMinutes: number;
}

/** One of the patient's nights, as the period report dates and measures it (lib/report/period.ts). */
export interface StudyNightInput {
  id: string;
  day: Day;
  state: "COMPLETE" | "INCOMPLETE";
  totalSleepSeconds: number;
}

export interface StudyNight extends StudyNightInput {
  valid: boolean;
  /** Why not valid, in words ("3 h 10 min asleep, under 4 h"); null for a valid night. */
  why: string | null;
}

export type StudyOutcome = "in-progress" | "adequate" | "failed";

export interface StudyStatus {
  /** The window's first and last day. */
  from: Day;
  to: Day;
  /** The nights in the window, oldest first (every recording, so a clinician sees the invalid ones too). */
  nights: StudyNight[];
  /** Days with a recording, and of them those with a valid night. */
  recordedNights: number;
  validNights: number;
  /** Days of the window from today (included) to its last day; 0 once it is over. */
  daysLeft: number;
  outcome: StudyOutcome;
  /** Why it failed ("2 valid nights of the 5 needed by Sun 20 Dec"); null otherwise. */
  reason: string | null;
}

/** The window's last day. */
export const studyLastDay = (order: Pick<StudyOrder, "startDay" | "windowDays">): Day => addDays(order.startDay, order.windowDays - 1);

const hours = (minutes: number) => duration(minutes * 60);

export function studyStatus(order: StudyOrder, nights: readonly StudyNightInput[], today: Day): StudyStatus {
  const from = order.startDay;
  const to = studyLastDay(order);
  const min = order.minSleepMinutes * 60;
  const inWindow = nights
    .filter((n) => n.day >= from && n.day <= to)
    .map((night): StudyNight => {
      // Only what a study says of a night: the caller's night (a period report's) carries far more.
      const n: StudyNightInput = { id: night.id, day: night.day, state: night.state, totalSleepSeconds: night.totalSleepSeconds };
      if (n.state === "INCOMPLETE") return { ...n, valid: false, why: "recording incomplete" };
      if (n.totalSleepSeconds < min) return { ...n, valid: false, why: `${duration(n.totalSleepSeconds)} asleep, under ${hours(order.minSleepMinutes)}` };
      return { ...n, valid: true, why: null };
    })
    .sort((a, b) => (a.day === b.day ? a.id.localeCompare(b.id) : a.day < b.day ? -1 : 1));
  const days = new Set(inWindow.map((n) => n.day));
  const validDays = new Set(inWindow.filter((n) => n.valid).map((n) => n.day));
  const recordedNights = days.size;
  const validNights = validDays.size;
  const over = today > to;
  const first = today < from ? from : today;
  // Days left that can still bring a valid night: today's counts unless it already has one.
  const daysLeft = over ? 0 : daysBetween(first, to);
  const couldStillAdd = over ? 0 : daysLeft - (validDays.has(first) ? 1 : 0);
  const enough = validNights >= order.minValidNights;
  let outcome: StudyOutcome = "in-progress";
  let reason: string | null = null;
  if (enough && (recordedNights >= order.nightsWanted || over)) outcome = "adequate";
  else if (!enough && (over || validNights + couldStillAdd < order.minValidNights)) {
    outcome = "failed";
    const invalid = inWindow.filter((n) => !n.valid).length;
    reason =
      `${validNights} valid ${validNights === 1 ? "night" : "nights"} of the ${order.minValidNights} needed by ${dayLabel(to)}` +
      (over ? "" : ` (too few days left: ${daysLeft})`) +
      (invalid > 0 ? `; ${invalid} ${invalid === 1 ? "night" : "nights"} not valid` : "") +
      (recordedNights === 0 ? "; no night recorded" : "");
  }
  return { from, to, nights: inWindow, recordedNights, validNights, daysLeft, outcome, reason };
}

/** "4 of 7 valid nights, 9 days left": the status as the board and the patient page show it. */
export function studyStatusLine(order: StudyOrder, s: StudyStatus): string {
  const count = `${s.validNights} of ${order.nightsWanted} valid ${order.nightsWanted === 1 ? "night" : "nights"}`;
  if (s.outcome === "adequate") return `${count}: adequate`;
  if (s.outcome === "failed") return `Failed: ${s.reason}`;
  return `${count}, ${s.daysLeft} ${s.daysLeft === 1 ? "day" : "days"} left`;
}

/** "6 of 7 nights valid, each at least 4 h: adequate": the adequacy line the signed report prints. */
export function adequacyLine(order: StudyOrder, s: StudyStatus): string {
  const verdict = s.outcome === "in-progress" ? "in progress" : s.outcome;
  return `${s.validNights} of ${s.recordedNights} ${s.recordedNights === 1 ? "night" : "nights"} valid, each at least ${hours(order.minSleepMinutes)}: ${verdict}`;
}

/** What a study's order may say, checked at the edge (server/http/studies.ts) and here for the rules between fields. */
export function orderProblems(order: StudyOrder): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  if (order.nightsWanted > order.windowDays) problems.push({ path: "nightsWanted", message: "cannot be more than the days in the window" });
  if (order.minValidNights > order.nightsWanted) problems.push({ path: "minValidNights", message: "cannot be more than the nights wanted" });
  return problems;
}
