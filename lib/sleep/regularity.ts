// The Sleep Regularity Index (Phillips et al., "Irregular sleep/wake patterns are associated with poorer
// academic performance and delayed circadian and sleep/wake timing", Scientific Reports 7, 3216, 2017):
// the chance of being in the same state (asleep or awake) at any two moments 24 hours apart, scaled so
// that 100 is a sleeper whose sleep and wake fall at exactly the same clock times every day and 0 one
// whose pattern is random: SRI = 200 · P(same state at t and t + 24 h) − 100.
//
// Per 30-second epoch (the hypnogram's unit). How the recording's edges and gaps count:
// - A day (noon to noon, lib/time/day.ts) with a recorded night is "covered": its epochs inside the
//   recording are asleep (Light, Deep, REM) or awake (Wake); its epochs outside the recording count as
//   awake (out of bed).
// - A day without a recorded night is a gap: its epochs are unknown, and every pair with an unknown
//   end is left out (neither same nor different). No-data epochs inside a recording are unknown too.
// - The index needs at least MIN_PAIRED_DAYS pairs of consecutive covered days, else it is null.
//
// Sleep debt against the sleeper's own need: docs/DEFINITIONS.md, sleepDebt below.

import { TZDate } from "@date-fns/tz";
import { EPOCH_SECONDS } from "./stages";

export interface NightForRegularity {
  /** Recording start, ms since the epoch. */
  startMs: number;
  sleepStages: readonly number[];
}

const EPOCH_MS = EPOCH_SECONDS * 1000;
const DAY_EPOCHS = (24 * 3600) / EPOCH_SECONDS;

/** Fewer pairs of consecutive covered days than this and the index is not given. */
export const MIN_PAIRED_DAYS = 2;

export interface Regularity {
  /** −100 to 100, whole; null when fewer than MIN_PAIRED_DAYS pairs of consecutive covered days. */
  index: number | null;
  /** Days with a recorded night in the window. */
  coveredDays: number;
  /** Pairs of consecutive covered days the index is over. */
  pairedDays: number;
  /** Days in the window. */
  days: number;
}

/**
 * The SRI over `days` whole days ending at `endMs` (exclusive), with days starting at `startOfDayMs`
 * offsets: day k spans [endMs − (days − k)·24 h, endMs − (days − k − 1)·24 h). A day is covered when a
 * night starts within it. The caller chooses where days split (noon on the sleeper's clock, so a night
 * lies within one day).
 */
export function sleepRegularityIndex(nights: readonly NightForRegularity[], endMs: number, days: number): Regularity {
  const startMs = endMs - days * DAY_EPOCHS * EPOCH_MS;
  // -1 unknown (a gap), 0 awake, 1 asleep; one entry per epoch of the window.
  const state = new Int8Array(days * DAY_EPOCHS).fill(-1);
  const covered = new Array<boolean>(days).fill(false);
  for (const n of nights) {
    const day = Math.floor((n.startMs - startMs) / (DAY_EPOCHS * EPOCH_MS));
    if (day >= 0 && day < days) covered[day] = true;
  }
  // Covered days are awake out of the recording.
  for (let d = 0; d < days; d++) if (covered[d]) state.fill(0, d * DAY_EPOCHS, (d + 1) * DAY_EPOCHS);
  for (const n of nights) {
    const first = Math.round((n.startMs - startMs) / EPOCH_MS);
    n.sleepStages.forEach((s, i) => {
      const at = first + i;
      if (at < 0 || at >= state.length) return;
      const day = Math.floor(at / DAY_EPOCHS);
      if (!covered[day]) return;
      state[at] = s < 0 ? -1 : s === 0 ? 0 : 1;
    });
  }
  let same = 0;
  let pairs = 0;
  let pairedDays = 0;
  for (let d = 0; d + 1 < days; d++) {
    if (!covered[d] || !covered[d + 1]) continue;
    pairedDays++;
    for (let i = d * DAY_EPOCHS; i < (d + 1) * DAY_EPOCHS; i++) {
      const a = state[i]!;
      const b = state[i + DAY_EPOCHS]!;
      if (a < 0 || b < 0) continue;
      pairs++;
      if (a === b) same++;
    }
  }
  const index = pairedDays < MIN_PAIRED_DAYS || pairs === 0 ? null : Math.round(200 * (same / pairs) - 100);
  return { index, coveredDays: covered.filter(Boolean).length, pairedDays, days };
}

/** The need assumed until the sleeper sets their own: 8 hours (adults are advised 7 or more; 8 is the middle of 7–9). */
export const DEFAULT_SLEEP_NEED_MINUTES = 8 * 60;

export interface SleepDebt {
  /** Minutes short of the need over the nights counted, net of nights with more; never below 0. */
  debtMinutes: number;
  nights: number;
  needMinutes: number;
}

/**
 * Sleep debt over the recorded nights given (the last 7, say): max(0, Σ (need − total sleep)), so a
 * longer night makes up for a shorter one. Nights not recorded are not counted (nothing is known of them).
 */
export function sleepDebt(totalSleepMinutes: readonly number[], needMinutes: number): SleepDebt {
  const debt = totalSleepMinutes.reduce((sum, t) => sum + needMinutes - t, 0);
  return { debtMinutes: Math.max(0, debt), nights: totalSleepMinutes.length, needMinutes };
}

export const REGULARITY_WINDOWS = [7, 30] as const;

/**
 * The SRI over the last 7 and 30 days, the last of them the newest night's day (noon to noon on the
 * clock of `zone`), and in words. Days are 24 hours from that noon back (a day with a clock change is
 * an hour off at its edge, which moves the index by well under a point).
 */
export function regularityOf(nights: readonly NightForRegularity[], newestDay: string | null, zone: string): Record<(typeof REGULARITY_WINDOWS)[number], Regularity> | null {
  if (newestDay === null) return null;
  const [y, m, d] = newestDay.split("-").map(Number) as [number, number, number];
  const endMs = new TZDate(y, m - 1, d + 1, 12, 0, 0, zone).getTime();
  return { 7: sleepRegularityIndex(nights, endMs, 7), 30: sleepRegularityIndex(nights, endMs, 30) };
}

/** A translator of the words below: the patient page's (PatientPage.regularity in lib/i18n/messages). */
type Say = (key: string, values?: Record<string, string | number>) => string;

/** "78 (over 6 pairs of consecutive days; 7 of 7 days recorded)", or why there is none. */
export function regularityText(r: Regularity, t: Say): string {
  const recorded = { covered: String(r.coveredDays), days: String(r.days) };
  if (r.index === null) return t("notEnough", { min: String(MIN_PAIRED_DAYS), ...recorded });
  return t("index", { index: String(r.index), paired: String(r.pairedDays), ...recorded });
}
