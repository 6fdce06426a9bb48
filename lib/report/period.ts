// A period report's figures: for one patient and a range of days, each night's figures (from the same
// nightReport the night page shows), their averages, and adherence. Pure, so the PDF and the CSV say the
// same thing; the words for each figure come from lib/sleep/definitions.ts.

import { adherence, daysBetween, nightOf, type Adherence, type AdherenceRule, type Day } from "../sleep/adherence";
import { nightReport } from "../sleep/report";
import type { StagePlan } from "../sleep/plan";
import { asleepMeasures } from "../sleep/asleep-measures";
import type { ZoneSource } from "../time/zone";
import { dayLabel } from "../time/day";

export interface PeriodNightInput {
  id: string;
  state: "COMPLETE" | "INCOMPLETE";
  startTime: string | null;
  endTime: string | null;
  /** The zone the night is dated and drawn in: its own, else the best known (lib/time/night.ts bestZone), else UTC. */
  timezone: string;
  /** Where `timezone` comes from; null: no zone is known, so UTC. Left out: the night's own. */
  zoneSource?: ZoneSource | null;
  sleepStages: readonly number[];
  snoringStages: readonly number[];
  /** Left out: 4-stage. On a 2-stage night (lib/sleep/plan.ts) REM latency was never measured: null, empty in the CSV. */
  stagePlan?: StagePlan;
  /** Asleep's own report (`stat`), as stored. */
  stat?: Record<string, unknown> | null;
}

export interface PeriodNight {
  id: string;
  state: "COMPLETE" | "INCOMPLETE";
  /** The day the night belongs to (noon to noon, in its zone): see nightOf. */
  day: Day;
  timezone: string;
  /** Where `timezone` comes from (see PeriodNightInput); null: none known, UTC. */
  zoneSource: ZoneSource | null;
  startMs: number;
  /** The recording's end: the stored end time, else start + time in bed. */
  endMs: number;
  sleepStages: readonly number[];
  /** The night's stage plan (lib/sleep/plan.ts): a 2-stage night is drawn on two rows, with no REM figure. */
  stagePlan: StagePlan;
  /** Asleep's own report, as stored (null: none). */
  stat: Record<string, unknown> | null;
  timeInBedSeconds: number;
  totalSleepSeconds: number;
  /** Whole minutes as shown on the night page. */
  totalSleepMinutes: number;
  /** 0–100. */
  efficiencyPercent: number | null;
  /** Whole percent as shown on the night page (lib/sleep/shown.ts wholePercent, from the epoch counts). */
  efficiencyShownPercent: number | null;
  sleepOnsetLatencySeconds: number | null;
  remLatencySeconds: number | null;
  wasoSeconds: number;
  /** Whole minutes as shown on the night page (a part of its one split of the time in bed). */
  wasoMinutes: number;
  awakenings: number;
}

export interface PeriodAverages {
  nights: number;
  timeInBedSeconds: number | null;
  totalSleepSeconds: number | null;
  efficiencyPercent: number | null;
  sleepOnsetLatencySeconds: number | null;
  remLatencySeconds: number | null;
  wasoSeconds: number | null;
  awakenings: number | null;
}

export interface PeriodFigures {
  from: Day;
  to: Day;
  days: number;
  /** Oldest first. */
  nights: PeriodNight[];
  /** The zones the nights were recorded in, most used first. */
  zones: string[];
  averages: PeriodAverages;
  /** The rule's hours and target over every day of the range. */
  rangeAdherence: Adherence;
  /** The rule itself: its window of days ending on the range's last day (which may begin before the range). */
  ruleAdherence: Adherence;
  /** The patient's enrolment day (null for an Asleep user without an account): averages and adherence count from it. */
  enrolledOn: Day | null;
}

/** Dates a night, or null for one without a start time (it cannot be placed on a day). */
export function periodNight(input: PeriodNightInput): PeriodNight | null {
  if (!input.startTime) return null;
  const startMs = Date.parse(input.startTime);
  const r = nightReport(input.sleepStages, input.snoringStages, input.stagePlan);
  return {
    id: input.id,
    state: input.state,
    day: nightOf(startMs, input.timezone),
    timezone: input.timezone,
    zoneSource: input.zoneSource === undefined ? "night" : input.zoneSource,
    startMs,
    endMs: input.endTime ? Date.parse(input.endTime) : startMs + r.timeInBedSeconds * 1000,
    sleepStages: input.sleepStages,
    stagePlan: input.stagePlan ?? "4-stage",
    stat: input.stat ?? null,
    timeInBedSeconds: r.timeInBedSeconds,
    totalSleepSeconds: r.totalSleepSeconds,
    totalSleepMinutes: r.totalSleepMinutes,
    efficiencyPercent: r.sleepEfficiency === null ? null : r.sleepEfficiency * 100,
    efficiencyShownPercent: r.sleepEfficiencyPercent,
    sleepOnsetLatencySeconds: r.sleepLatencySeconds,
    remLatencySeconds: r.remLatencySeconds,
    wasoSeconds: r.wasoSeconds,
    wasoMinutes: r.shown.waso,
    awakenings: r.wasoCount,
  };
}

const mean = (values: ReadonlyArray<number | null>): number | null => {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : present.reduce((a, b) => a + b, 0) / present.length;
};

/** The mean of each figure over the nights; a night without the figure (no sleep, no REM) is left out of it. */
export function periodAverages(nights: readonly PeriodNight[]): PeriodAverages {
  return {
    nights: nights.length,
    timeInBedSeconds: mean(nights.map((n) => n.timeInBedSeconds)),
    totalSleepSeconds: mean(nights.map((n) => n.totalSleepSeconds)),
    efficiencyPercent: mean(nights.map((n) => n.efficiencyPercent)),
    sleepOnsetLatencySeconds: mean(nights.map((n) => n.sleepOnsetLatencySeconds)),
    remLatencySeconds: mean(nights.map((n) => n.remLatencySeconds)),
    wasoSeconds: mean(nights.map((n) => n.wasoSeconds)),
    awakenings: mean(nights.map((n) => n.awakenings)),
  };
}

/**
 * The period from..to (days, both included). `nights` may hold more (the query is wider than the range,
 * since a night's day depends on its zone): those of the range are kept for the table and averages,
 * and all of them count toward the rule's window, which may reach back before `from`.
 */
export function periodFigures(inputs: readonly PeriodNightInput[], range: { from: Day; to: Day }, rule: AdherenceRule, enrolledOn: Day | null = null): PeriodFigures {
  const dated = inputs.map(periodNight).filter((n): n is PeriodNight => n !== null);
  const nights = dated.filter((n) => n.day >= range.from && n.day <= range.to).sort((a, b) => a.startMs - b.startMs);
  const days = daysBetween(range.from, range.to);
  const zoneCounts = new Map<string, number>();
  for (const n of nights) zoneCounts.set(n.timezone, (zoneCounts.get(n.timezone) ?? 0) + 1);
  return {
    from: range.from,
    to: range.to,
    days,
    nights,
    zones: [...zoneCounts.entries()].sort((a, b) => b[1] - a[1]).map(([zone]) => zone),
    // No window reaches before enrolment (lib/sleep/enrolment.ts): the table lists every night of the
    // range, the averages and adherence count those from the enrolment day on.
    averages: periodAverages(enrolledOn ? nights.filter((n) => n.day >= enrolledOn) : nights),
    rangeAdherence: adherence(nights, { ...rule, windowDays: days }, range.to, enrolledOn),
    ruleAdherence: adherence(dated, rule, range.to, enrolledOn),
    enrolledOn,
  };
}

/** Asleep's own measures over a period: the mean over the nights whose plan included each; null when none did. */
export interface PeriodAsleepMeasures {
  sleepScore: { mean: number; nights: number } | null;
  unstableBreathPercent: { mean: number; nights: number } | null;
}

export function periodAsleepMeasures(nights: readonly PeriodNight[]): PeriodAsleepMeasures {
  const measures = nights.map((n) => asleepMeasures(n.stat));
  const over = (values: Array<number | null>) => {
    const present = values.filter((v): v is number => v !== null);
    return present.length === 0 ? null : { mean: present.reduce((a, b) => a + b, 0) / present.length, nights: present.length };
  };
  return { sleepScore: over(measures.map((m) => m.sleepIndex)), unstableBreathPercent: over(measures.map((m) => m.breathing?.unstablePercent ?? null)) };
}

/**
 * "3 nights recorded, Mon 1 Dec 2026 to Sun 7 Dec 2026 (7 days)": what a signed period report is signed
 * over, its findings line (printed in its PDF, shown with its versions, the DiagnosticReport's conclusion).
 */
export function periodFindingsLine(range: { from: Day; to: Day }, nights: number): string {
  const days = daysBetween(range.from, range.to);
  return `${nights} ${nights === 1 ? "night" : "nights"} recorded, ${dayLabel(range.from)} to ${dayLabel(range.to)} (${days} ${days === 1 ? "day" : "days"})`;
}
