// Figures as people see them: whole percents and whole minutes, rounded once from the epoch counts so
// that no two figures on a page, in the PDF or on the card contradict each other. Rounding each figure
// on its own does: [L×16, W, L×17] showed total sleep, sleep period and time in bed all 17 min beside an
// awakening of 1 min, and 345 ÷ 600 = 57.5 % showed 57 % (float noise) on one page and 58 % on another.

import { apportion } from "./apportion";
import { EPOCH_SECONDS } from "./stages";
import type { NightStatistics } from "./statistics";

/**
 * `part` ÷ `whole` as a whole percent, half up, in integer arithmetic: ⌊(200·part + whole) ÷ (2·whole)⌋.
 * Both are counts (epochs, or seconds that are whole epochs); null when `whole` is 0. Every surface that
 * shows an efficiency uses this, so 345 of 600 epochs (57.5 %) is 58 % everywhere.
 */
export function wholePercent(part: number, whole: number): number | null {
  if (!Number.isInteger(part) || !Number.isInteger(whole) || part < 0 || whole < 0) throw new RangeError(`wholePercent: counts must be whole numbers ≥ 0, got ${part} / ${whole}`);
  if (whole === 0) return null;
  return Math.floor((200 * part + whole) / (2 * whole));
}

/** Sleep efficiency as shown: total sleep ÷ time in bed, from the epoch counts. */
export const sleepEfficiencyPercent = (s: Pick<NightStatistics, "totalSleepSeconds" | "timeInBedSeconds">) => wholePercent(s.totalSleepSeconds / EPOCH_SECONDS, s.timeInBedSeconds / EPOCH_SECONDS);

/** Sleep maintenance efficiency as shown: total sleep ÷ sleep period, from the epoch counts. */
export const sleepMaintenanceEfficiencyPercent = (s: Pick<NightStatistics, "totalSleepSeconds" | "sleepPeriodSeconds">) =>
  wholePercent(s.totalSleepSeconds / EPOCH_SECONDS, s.sleepPeriodSeconds / EPOCH_SECONDS);

/** Whole minutes, half up: what `duration` (lib/format.ts) shows for a whole number of epochs. */
export const wholeMinutes = (seconds: number) => Math.round(seconds / 60);

export interface MinutesShown {
  timeInBed: number;
  totalSleep: number;
  waso: number;
  wakeOutsideSleepPeriod: number;
  noDataInSleepPeriod: number;
  noDataOutsideSleepPeriod: number;
  /** totalSleep + waso + noDataInSleepPeriod. */
  sleepPeriod: number;
  /** All wake in bed: waso + wakeOutsideSleepPeriod. */
  wake: number;
  /** All no-data epochs: noDataInSleepPeriod + noDataOutsideSleepPeriod. */
  noData: number;
  /** The longest awakening, never more than the WASO shown (it is part of it). */
  longestAwakening: number;
}

/**
 * Time in bed in whole minutes, split once into parts that add up to it as shown. Time in bed, total
 * sleep and the sleep period keep the minutes they always showed (each rounded half up, on its own);
 * the sleep period's minutes beyond total sleep are shared by largest remainder between WASO and no-data
 * epochs inside it, and the time in bed's beyond the sleep period between wake outside it (before sleep
 * onset and the final awakening) and no-data epochs outside it. Every other minute figure of the night is
 * a sum of these parts, so none contradicts another: sleep period = total sleep + WASO + no data inside
 * it; the Wake row = WASO + wake outside; each part is its exact value's floor or ceiling.
 */
export function minutesShown(s: NightStatistics): MinutesShown {
  const timeInBed = wholeMinutes(s.timeInBedSeconds);
  const totalSleep = wholeMinutes(s.totalSleepSeconds);
  const sleepPeriod = wholeMinutes(s.sleepPeriodSeconds);
  // In the sleep period every epoch is sleep, wake (all of it WASO) or no data.
  const noDataInSeconds = s.sleepPeriodSeconds - s.totalSleepSeconds - s.wasoSeconds;
  // All three are whole epochs rounded half up, so each difference is within half a minute of the exact
  // sum of its parts, and largest remainder gives each part its floor or its ceiling.
  const [waso, noDataIn] = apportion([s.wasoSeconds / 60, noDataInSeconds / 60], sleepPeriod - totalSleep) as [number, number];
  const [wakeOutside, noDataOut] = apportion([(s.stageSeconds.wake - s.wasoSeconds) / 60, (s.stageSeconds.unknown - noDataInSeconds) / 60], timeInBed - sleepPeriod) as [number, number];
  return {
    timeInBed,
    totalSleep,
    waso,
    wakeOutsideSleepPeriod: wakeOutside,
    noDataInSleepPeriod: noDataIn,
    noDataOutsideSleepPeriod: noDataOut,
    sleepPeriod,
    wake: waso + wakeOutside,
    noData: noDataIn + noDataOut,
    longestAwakening: Math.min(wholeMinutes(s.longestWasoSeconds), waso),
  };
}
