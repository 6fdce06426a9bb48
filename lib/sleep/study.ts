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
import type { Words } from "./words";

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
  const inWindow = nights
    .filter((n) => n.day >= from && n.day <= to)
    .map((night): StudyNight => {
      // Only what a study says of a night: the caller's night (a period report's) carries far more.
      const n: StudyNightInput = { id: night.id, day: night.day, state: night.state, totalSleepSeconds: night.totalSleepSeconds };
      const invalid = nightInvalidity(n, order.minSleepMinutes);
      if (invalid === null) return { ...n, valid: true, why: null };
      return { ...n, valid: false, why: invalid.why === "incomplete" ? "recording incomplete" : `${duration(invalid.asleepSeconds)} asleep, under ${hours(invalid.minSleepMinutes)}` };
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
  if (enough && (recordedNights >= order.nightsWanted || over)) outcome = "adequate";
  else if (!enough && (over || validNights + couldStillAdd < order.minValidNights)) outcome = "failed";
  const status = { from, to, nights: inWindow, recordedNights, validNights, daysLeft, outcome, reason: null };
  const failure = studyFailure(order, status);
  return { ...status, reason: failure && failureReason(failure) };
}

/** Why a night is not valid, as facts the pages word in their language (./study.ts `why` is the English); null: valid. */
export type NightInvalidity = { why: "incomplete" } | { why: "short"; asleepSeconds: number; minSleepMinutes: number };

export function nightInvalidity(n: Pick<StudyNightInput, "state" | "totalSleepSeconds">, minSleepMinutes: number): NightInvalidity | null {
  if (n.state === "INCOMPLETE") return { why: "incomplete" };
  if (n.totalSleepSeconds < minSleepMinutes * 60) return { why: "short", asleepSeconds: n.totalSleepSeconds, minSleepMinutes };
  return null;
}

/** A failed study's facts (the reason's parts); null unless it failed. */
export interface StudyFailure {
  validNights: number;
  minValidNights: number;
  /** The window's last day. */
  by: Day;
  /** Days left when it failed before the window was over; null once it is over. */
  daysLeft: number | null;
  invalidNights: number;
  noNightRecorded: boolean;
}

export function studyFailure(order: Pick<StudyOrder, "minValidNights">, s: Omit<StudyStatus, "reason">): StudyFailure | null {
  if (s.outcome !== "failed") return null;
  // Not over, a window has a day left (today's included): 0 days left is a window that is over.
  return { validNights: s.validNights, minValidNights: order.minValidNights, by: s.to, daysLeft: s.daysLeft === 0 ? null : s.daysLeft, invalidNights: s.nights.filter((n) => !n.valid).length, noNightRecorded: s.recordedNights === 0 };
}

/** The failure in English, as stored with the study and sent in alerts and by the API. */
function failureReason(f: StudyFailure): string {
  return (
    `${f.validNights} valid ${f.validNights === 1 ? "night" : "nights"} of the ${f.minValidNights} needed by ${dayLabel(f.by)}` +
    (f.daysLeft === null ? "" : ` (too few days left: ${f.daysLeft})`) +
    (f.invalidNights > 0 ? `; ${f.invalidNights} ${f.invalidNights === 1 ? "night" : "nights"} not valid` : "") +
    (f.noNightRecorded ? "; no night recorded" : "")
  );
}

/**
 * The status line in the reader's language, from the catalogue's `status.*` and `failure.*` messages
 * (English: exactly studyStatusLine's). `day` writes a day in that language.
 */
export function studyStatusWords(order: StudyOrder, s: StudyStatus, t: Words, day: (d: Day) => string): string {
  const counts = { valid: s.validNights, wanted: order.nightsWanted };
  if (s.outcome === "adequate") return t("status.adequate", counts);
  const failure = studyFailure(order, s);
  if (failure) {
    const reason =
      t("failure.base", { valid: failure.validNights, needed: failure.minValidNights, by: day(failure.by) }) +
      (failure.daysLeft === null ? "" : t("failure.tooFewDaysLeft", { daysLeft: failure.daysLeft })) +
      (failure.invalidNights > 0 ? t("failure.invalidNights", { invalid: failure.invalidNights }) : "") +
      (failure.noNightRecorded ? t("failure.noNightRecorded") : "");
    return t("status.failed", { reason });
  }
  return t("status.inProgress", { ...counts, daysLeft: s.daysLeft });
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
