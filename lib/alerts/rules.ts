// Alert rules: pure functions from a patient's nights (or their absence) to the alerts they raise, each with a
// reason that reads well alone (the board shows it as a flag, the inbox as a line, the e-mail as its subject).
// A raised alert is keyed by (patient, rule, causeKey): the same cause never raises twice (the alert table's
// unique key), so re-evaluating a night or re-running a schedule is harmless.

import { addDays, daysBetween, type Adherence, type AdherenceRule, type Day } from "../sleep/adherence";
import { wholeMinutes, wholePercent } from "../sleep/shown";
import { EPOCH_SECONDS } from "../sleep/stages";
import { dayLabel } from "../time/day";
import { zoneLabel } from "../time/zone";
import { clockTime, duration } from "../format";

export const RULES = ["short-sleep", "low-efficiency", "long-latency", "long-waso", "no-data", "stale-tonight", "low-adherence", "study-adequate", "study-failed"] as const;
export type RuleName = (typeof RULES)[number];

// What each rule is called, and what its alerts say in the reader's language: the AlertText catalogue
// (lib/alerts/wording.ts); the reasons below are the English stored with each alert.

/** A rule's threshold; null turns the rule off. */
export interface AlertThresholds {
  /** Total sleep time under this many hours. */
  shortSleepHours: number | null;
  /** Sleep efficiency (TST ÷ time in bed) under this percent. */
  efficiencyPercent: number | null;
  /** Sleep onset latency over this many minutes. */
  latencyMinutes: number | null;
  /** Wake after sleep onset over this many minutes. */
  wasoMinutes: number | null;
  /** This many nights in a row without a recording. */
  noDataNights: number | null;
  staleTonight: boolean;
  /** Below the clinic's adherence rule (its hours, target and window are the clinic's, not per patient). */
  lowAdherence: boolean;
}

/** Clinic defaults until an admin changes them: common clinical cut-offs for adults. */
export const DEFAULT_THRESHOLDS: AlertThresholds = {
  shortSleepHours: 5,
  efficiencyPercent: 75,
  latencyMinutes: 30,
  wasoMinutes: 60,
  noDataNights: 3,
  staleTonight: true,
  lowAdherence: true,
};

/** The thresholds for one patient: the clinic's, with the patient's overrides on top. */
export function effectiveThresholds(clinic: AlertThresholds, overrides: Partial<AlertThresholds> | null | undefined): AlertThresholds {
  return { ...clinic, ...Object.fromEntries(Object.entries(overrides ?? {}).filter(([, v]) => v !== undefined)) };
}

export interface RaisedAlert {
  rule: RuleName;
  causeKey: string;
  reason: string;
  /** The night it is about, when it is about one night. */
  sessionId?: string;
  /** The days it is about, when it is about a period (YYYY-MM-DD, first and last, the patient's days): the inbox links it. */
  period?: { from: Day; to: Day };
}

/** "Sun 22 Nov": a night's day as flags show it (the year would be noise in an inbox of recent alerts). */
export const shortDay = (day: Day) => dayLabel(day).replace(/ \d{4}$/, "");

/**
 * What a completed (or Incomplete) night's rules look at: its figures from lib/sleep/statistics.ts, and
 * the WASO minutes its night page shows (lib/sleep/shown.ts). Efficiency is total sleep ÷ epochs recorded.
 */
export interface NightFigures {
  sessionId: string;
  /** The night's day (nightOf / sleepDay). */
  day: Day;
  incomplete: boolean;
  /** Whole epochs. */
  totalSleepSeconds: number;
  sleepLatencySeconds: number | null;
  wasoSeconds: number;
  /** WASO in the whole minutes the night page shows (a part of its split of the time in bed). */
  wasoShownMinutes: number;
  /** Epochs recorded: a night with none raises nothing (there is nothing to judge). */
  epochCount: number;
}

/**
 * A figure beside its threshold as the night page shows it, unless the page's rounding would make it read
 * as the threshold itself (6 h 59.5 min shows 7 h, 84.6 % shows 85 %): then with one more digit, cut
 * toward the side of the threshold the figure is on, so "under 7 h" never follows "7 h".
 */
function minutesAgainst(seconds: number, shownMinutes: number, thresholdMinutes: number, side: "under" | "over"): string {
  if (side === "under" ? shownMinutes < thresholdMinutes : shownMinutes > thresholdMinutes) return duration(shownMinutes * 60);
  const tenths = side === "under" ? Math.floor(seconds / 6) : Math.ceil(seconds / 6);
  const h = Math.floor(tenths / 600);
  const m = ((tenths % 600) / 10).toFixed(1);
  return h === 0 ? `${m} min` : `${h} h ${m} min`;
}

function percentAgainst(part: number, whole: number, thresholdPercent: number): string {
  const shown = wholePercent(part, whole)!;
  // Only ever under a threshold: cut down to the tenth, which stays under it.
  return shown < thresholdPercent ? `${shown} %` : `${(Math.floor((1000 * part) / whole) / 10).toFixed(1)} %`;
}

/** The per-night rules: total sleep, efficiency, sleep onset latency, WASO. One alert per rule per night. */
export function nightAlerts(night: NightFigures, t: AlertThresholds): RaisedAlert[] {
  if (night.epochCount === 0) return [];
  const on = `on ${shortDay(night.day)}`;
  // An Incomplete night's figures cover only what was recorded: say so, so no one reads it as a whole night.
  const partial = night.incomplete ? "; night incomplete" : "";
  const raised: RaisedAlert[] = [];
  const add = (rule: RuleName, reason: string) => raised.push({ rule, causeKey: night.sessionId, reason, sessionId: night.sessionId });
  const sleepEpochs = night.totalSleepSeconds / EPOCH_SECONDS;
  if (t.shortSleepHours !== null && night.totalSleepSeconds < t.shortSleepHours * 3600) {
    const shown = minutesAgainst(night.totalSleepSeconds, wholeMinutes(night.totalSleepSeconds), t.shortSleepHours * 60, "under");
    add("short-sleep", `Total sleep ${shown} ${on} (under ${t.shortSleepHours} h${partial})`);
  }
  // Compared exactly, in the epoch counts; shown as every page shows it.
  if (t.efficiencyPercent !== null && 100 * sleepEpochs < t.efficiencyPercent * night.epochCount) {
    add("low-efficiency", `Sleep efficiency ${percentAgainst(sleepEpochs, night.epochCount, t.efficiencyPercent)} ${on} (under ${t.efficiencyPercent} %${partial})`);
  }
  if (t.latencyMinutes !== null) {
    const latency = night.sleepLatencySeconds;
    if (latency === null) {
      // Never fell asleep: the longest latency there is.
      add("long-latency", `No sleep onset ${on} (latency over ${t.latencyMinutes} min${partial})`);
    } else if (latency > t.latencyMinutes * 60) {
      add("long-latency", `Sleep onset latency ${minutesAgainst(latency, wholeMinutes(latency), t.latencyMinutes, "over")} ${on} (over ${t.latencyMinutes} min${partial})`);
    }
  }
  if (t.wasoMinutes !== null && night.wasoSeconds > t.wasoMinutes * 60) {
    add("long-waso", `Awake ${minutesAgainst(night.wasoSeconds, night.wasoShownMinutes, t.wasoMinutes, "over")} after sleep onset ${on} (WASO over ${t.wasoMinutes} min${partial})`);
  }
  return raised;
}

/**
 * "No data for N nights": the nights from the one after `lastNight` up to yesterday's (tonight's is not over)
 * have no recording. `lastNight` is the newest night's day, or null for a patient who never recorded. The gap
 * never starts before the enrolment day (lib/sleep/enrolment.ts): a patient enrolled two nights ago has missed
 * at most two. The cause is the first missing night, so a gap raises once however long it lasts, and the next
 * gap raises again.
 */
export function noDataAlert(lastNight: Day | null, today: Day, enrolledOn: Day, t: AlertThresholds): RaisedAlert | null {
  if (t.noDataNights === null) return null;
  const afterLast = lastNight === null ? enrolledOn : addDays(lastNight, 1);
  const firstMissing = afterLast < enrolledOn ? enrolledOn : afterLast;
  const missing = daysBetween(firstMissing, addDays(today, -1));
  if (missing < t.noDataNights) return null;
  return {
    rule: "no-data",
    causeKey: `since:${firstMissing}`,
    reason: `No data for ${missing} ${missing === 1 ? "night" : "nights"} (since ${shortDay(firstMissing)})`,
    period: { from: firstMissing, to: addDays(today, -1) },
  };
}

/**
 * "02:10 Europe/Paris", "02:10 UTC+05:30": a wall-clock time with its zone as the board's flag writes it
 * (lib/time/zone.ts). Not Intl with the zone: Intl refuses the fixed offsets normaliseZone keeps, such as
 * "+05:30", and the alert would fail on every retry.
 */
export function clockWithZone(ms: number, zone: string): string {
  return `${clockTime(ms, zone)} ${zoneLabel(zone)}`;
}

/** A night still recording whose deliveries stopped: "Stale tonight since 02:10 Europe/Paris (night of Sun 22 Nov)". */
export function staleAlert(night: { sessionId: string; day: Day; lastDeliveryMs: number; timezone: string }, t: AlertThresholds): RaisedAlert | null {
  if (!t.staleTonight) return null;
  return {
    rule: "stale-tonight",
    causeKey: night.sessionId,
    sessionId: night.sessionId,
    reason: `Stale tonight since ${clockWithZone(night.lastDeliveryMs, night.timezone)} (night of ${shortDay(night.day)})`,
  };
}

/**
 * Below the clinic's adherence rule over the window ending `a.lastDay`. The cause is the window's last day; the
 * caller raises it only when no earlier low-adherence alert of the patient is still open, so a patient below
 * target is one open alert, not one a day.
 */
export function adherenceAlert(a: Adherence, t: AlertThresholds): RaisedAlert | null {
  // A window the patient has not been enrolled for in full is too early to tell, never an alert.
  if (!t.lowAdherence || a.meets || a.tooEarly) return null;
  return {
    rule: "low-adherence",
    causeKey: `window-ending:${a.lastDay}`,
    reason: `Adherence ${Math.floor(a.percent)} % over ${a.days} days (target ${a.rule.targetPercent} %, at least ${a.rule.minSleepHours} h a night)`,
    period: { from: a.firstDay, to: a.lastDay },
  };
}

export type { AdherenceRule };

/**
 * A multi-night study was decided (lib/sleep/study.ts): adequate (to be interpreted and signed) or failed
 * (too few valid nights by its deadline, with why). Once per study: its id is the cause.
 */
export function studyAlert(study: { id: string; outcome: "adequate" | "failed"; statusLine: string; startDay: Day; lastDay: Day }): RaisedAlert {
  const window = `study ${shortDay(study.startDay)} to ${shortDay(study.lastDay)}`;
  return study.outcome === "adequate"
    ? { rule: "study-adequate", causeKey: `study:${study.id}`, reason: `Study adequate, awaiting signature (${window}): ${study.statusLine}`, period: { from: study.startDay, to: study.lastDay } }
    : { rule: "study-failed", causeKey: `study:${study.id}`, reason: `Study failed (${window}): ${study.statusLine.replace(/^Failed: /, "")}`, period: { from: study.startDay, to: study.lastDay } };
}
