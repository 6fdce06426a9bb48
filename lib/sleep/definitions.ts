// What each figure on a night means, in the words shown beside it on the night page, the trends page
// and docs/DEFINITIONS.md (a unit test keeps that page word for word in step). Pure data, so a printed
// or PDF report can use the same words. The arithmetic behind each is in ./statistics.ts and ./report.ts.

import { PERSISTENT_SLEEP_EPOCHS } from "./statistics";
import { EPOCH_SECONDS } from "./stages";

export interface Definition {
  /** The figure's name as sleep medicine says it, with its usual abbreviation. */
  term: string;
  text: string;
}

const persistentMinutes = (PERSISTENT_SLEEP_EPOCHS * EPOCH_SECONDS) / 60;

export const DEFINITIONS = {
  epoch: {
    term: "Epoch",
    text: `The hypnogram's unit: ${EPOCH_SECONDS} seconds with one stage, Wake, Light (N1 + N2), Deep (N3) or REM, or no data.`,
  },
  noData: {
    term: "No-data epochs",
    text: "Epochs without a stage, where an analysis is missing (one missed 5-minute analysis leaves 10). They count in time in bed and in the sleep period, but as neither sleep nor wake: they are not in total sleep, WASO, an awakening's length or any stage's time or share. They break persistent sleep and do not end an awakening.",
  },
  timeInBed: {
    term: "Time in bed (TIB)",
    text: "The whole recording, from its start to its end: every epoch, no-data epochs included.",
  },
  totalSleep: {
    term: "Total sleep (TST)",
    text: "Time in Light, Deep and REM sleep, shown in whole minutes (half a minute rounds up). Wake and no-data epochs are not sleep.",
  },
  sleepOnset: {
    term: "Sleep onset",
    text: "The first epoch of any sleep stage, shown as its clock time; it is counted from the start of the recording.",
  },
  sleepOnsetLatency: {
    term: "Sleep onset latency (SOL)",
    text: "From the start of the recording to sleep onset, no-data epochs included (“Fell asleep after”).",
  },
  persistentSleepLatency: {
    term: "Latency to persistent sleep (LPS)",
    text: `From the start of the recording to the first of ${PERSISTENT_SLEEP_EPOCHS} consecutive sleep epochs (${persistentMinutes} minutes of uninterrupted sleep, any sleep stage); a wake or no-data epoch interrupts it (“Persistent sleep after”, beside sleep onset latency). “None” if the night has no such run.`,
  },
  remLatency: {
    term: "REM latency",
    text: "From sleep onset to the first REM epoch, as in the AASM manual (“First REM after”). YASA and some other tools count it from the start of the recording instead: theirs is ours plus the sleep onset latency.",
  },
  sleepPeriod: {
    term: "Sleep period (SPT)",
    text: "From sleep onset to the end of the last sleep epoch: every epoch in between, sleep, wake or no data.",
  },
  sleepEfficiency: {
    term: "Sleep efficiency (SE)",
    text: "Total sleep ÷ time in bed. No-data epochs count in time in bed, so a gap in the data lowers it.",
  },
  sleepMaintenanceEfficiency: {
    term: "Sleep maintenance efficiency (SME)",
    text: "Total sleep ÷ sleep period: how well sleep held once it began, leaving out the time before sleep onset and after the final awakening.",
  },
  waso: {
    term: "Wake after sleep onset (WASO)",
    text: "Wake epochs between sleep onset and the last sleep epoch. The final awakening (wake after the last sleep epoch) is not counted, nor are no-data epochs.",
  },
  awakenings: {
    term: "Awakenings",
    text: "Runs of wake within the sleep period; the final awakening is not counted. Only a sleep epoch ends an awakening: no-data epochs between two runs of wake are a gap in the data, so both runs are one awakening, whose length is its wake epochs alone (so the lengths add up to WASO). “Longest” is the longest of them.",
  },
  stageMinutes: {
    term: "Stage minutes",
    text: "Time in each sleep stage, rounded once from the epoch counts so that Light + Deep + REM add up exactly to the total sleep shown (largest-remainder rounding: each is within a minute of the exact time).",
  },
  stageShares: {
    term: "Stage shares",
    text: "Each sleep stage as a share of total sleep, in whole percents that add up to exactly 100 (largest-remainder rounding), against typical adult ranges. Wake and no-data epochs are not part of it.",
  },
  sleepCycles: {
    term: "Sleep cycles",
    text: "NREM–REM cycles: the first starts at sleep onset, and each ends where REM gives way to NREM sleep again, or at the last sleep epoch. Brief awakenings do not end a cycle.",
  },
  snoring: {
    term: "Snoring",
    text: "Epochs Asleep marked as snoring; the share is of total sleep.",
  },
  currentStage: {
    term: "Current stage",
    text: "The stage of the latest epoch with data (“Last stage” once the night is complete).",
  },
  recorded: {
    term: "Recorded",
    text: "Time in bed so far: every epoch received, no-data epochs included.",
  },
  wasoSoFar: {
    term: "Awake after falling asleep",
    text: "WASO and the number of awakenings so far; while recording, wake since the latest sleep epoch is not counted until sleep resumes.",
  },
  averages: {
    term: "Averages",
    text: "The mean of each figure over the newest 7 or 30 complete nights; a night without sleep has no latency or shares and is left out of those. Averaged shares are rounded to add up to 100 like each night's.",
  },
} as const satisfies Record<string, Definition>;

export type DefinitionKey = keyof typeof DEFINITIONS;

/** The figures of each place they are shown, in the order shown. */
export const LIVE_FIGURES: readonly DefinitionKey[] = ["currentStage", "totalSleep", "recorded", "sleepOnset", "wasoSoFar", "noData"];
export const REPORT_FIGURES: readonly DefinitionKey[] = [
  "totalSleep",
  "timeInBed",
  "sleepPeriod",
  "sleepEfficiency",
  "sleepMaintenanceEfficiency",
  "sleepOnset",
  "sleepOnsetLatency",
  "persistentSleepLatency",
  "remLatency",
  "waso",
  "awakenings",
  "sleepCycles",
  "snoring",
  "stageMinutes",
  "stageShares",
  "noData",
];
export const TREND_FIGURES: readonly DefinitionKey[] = ["averages", "totalSleep", "sleepEfficiency", "sleepOnsetLatency", "stageShares", "awakenings", "noData"];
