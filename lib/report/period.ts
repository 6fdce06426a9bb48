// A period report's figures: for one patient and a range of days, each night's figures (from the same
// nightReport the night page shows), their averages, and adherence. Pure, so the PDF and the CSV say the
// same thing; the words for each figure come from lib/sleep/definitions.ts.

import { adherence, daysBetween, nightOf, type Adherence, type AdherenceRule, type Day } from "../sleep/adherence";
import { nightReport } from "../sleep/report";
import type { ZoneSource } from "../time/zone";

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
}

/** Dates a night, or null for one without a start time (it cannot be placed on a day). */
export function periodNight(input: PeriodNightInput): PeriodNight | null {
  if (!input.startTime) return null;
  const startMs = Date.parse(input.startTime);
  const r = nightReport(input.sleepStages, input.snoringStages);
  return {
    id: input.id,
    state: input.state,
    day: nightOf(startMs, input.timezone),
    timezone: input.timezone,
    zoneSource: input.zoneSource === undefined ? "night" : input.zoneSource,
    startMs,
    endMs: input.endTime ? Date.parse(input.endTime) : startMs + r.timeInBedSeconds * 1000,
    sleepStages: input.sleepStages,
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
export function periodFigures(inputs: readonly PeriodNightInput[], range: { from: Day; to: Day }, rule: AdherenceRule): PeriodFigures {
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
    averages: periodAverages(nights),
    rangeAdherence: adherence(nights, { ...rule, windowDays: days }, range.to),
    ruleAdherence: adherence(dated, rule, range.to),
  };
}
