// What each figure on a night means, in the words shown beside it on the night page, the trends page
// and docs/DEFINITIONS.md (a unit test keeps that page word for word in step). Pure data, so a printed
// or PDF report can use the same words. The arithmetic behind each is in ./statistics.ts and ./report.ts.

import { PERSISTENT_SLEEP_EPOCHS } from "./statistics";
import type { StagePlan } from "./plan";
import { EPOCH_SECONDS } from "./stages";

export interface Definition {
  /** The figure's name as sleep medicine says it, with its usual abbreviation. */
  term: string;
  text: string;
}

const persistentMinutes = (PERSISTENT_SLEEP_EPOCHS * EPOCH_SECONDS) / 60;

/**
 * The usual adult range of each figure that has one, said where the figure is defined (the night page,
 * the trends, the morning card, the PDF). Sources in full in docs/DEFINITIONS.md and docs/LAST-NIGHT.md.
 */
export const USUAL_ADULT_RANGES = {
  totalSleep:
    "Adults are advised to sleep 7 hours or more a night (AASM and Sleep Research Society, 2015); 7 to 9 hours is the usual recommendation for adults up to 64 (National Sleep Foundation, 2015).",
  sleepEfficiency: "85% or more counts as good sleep quality in adults (National Sleep Foundation, 2017).",
  sleepOnsetLatency: "30 minutes or less counts as good sleep quality in adults (National Sleep Foundation, 2017).",
  remLatency: "In healthy adults the first REM sleep usually comes about 80 to 100 minutes after sleep onset (Carskadon and Dement).",
  waso: "20 minutes or less counts as good sleep quality in adults (National Sleep Foundation, 2017).",
  awakenings:
    "Brief awakenings are normal and mostly not remembered; this count includes every one, however short (30 seconds counts), while the National Sleep Foundation (2017) counts at most one awakening longer than 5 minutes as good sleep quality.",
  stageShares: "Typical adult shares: Light (N1 + N2) 45–60%, Deep (N3) 13–23%, REM 20–25% (Carskadon and Dement); older adults have less Deep sleep.",
} as const;

/** Said of both efficiencies: they are not the quotient of the minutes shown. */
const FROM_EPOCH_COUNTS = "It is computed from the epoch counts and shown as a whole percent (half up), so it may differ by a point from dividing the rounded minutes shown.";

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
    text: `Time in Light, Deep and REM sleep, shown in whole minutes (half a minute rounds up). Wake and no-data epochs are not sleep. ${USUAL_ADULT_RANGES.totalSleep}`,
  },
  sleepOnset: {
    term: "Sleep onset",
    text: "The first epoch of any sleep stage, shown as its clock time; it is counted from the start of the recording.",
  },
  sleepOnsetLatency: {
    term: "Sleep onset latency (SOL)",
    text: `From the start of the recording to sleep onset, no-data epochs included (“Fell asleep after”). ${USUAL_ADULT_RANGES.sleepOnsetLatency}`,
  },
  persistentSleepLatency: {
    term: "Latency to persistent sleep (LPS)",
    text: `From the start of the recording to the first of ${PERSISTENT_SLEEP_EPOCHS} consecutive sleep epochs (${persistentMinutes} minutes of uninterrupted sleep, any sleep stage); a wake or no-data epoch interrupts it (“Persistent sleep after”, beside sleep onset latency). “None” if the night has no such run.`,
  },
  remLatency: {
    term: "REM latency",
    text: `From sleep onset to the first REM epoch, as in the AASM manual (“First REM after”). YASA and some other tools count it from the start of the recording instead: theirs is ours plus the sleep onset latency. ${USUAL_ADULT_RANGES.remLatency}`,
  },
  sleepPeriod: {
    term: "Sleep period (SPT)",
    text: "From sleep onset to the end of the last sleep epoch: every epoch in between, sleep, wake or no data. As shown, it is total sleep + WASO + the no-data epochs inside it, in the whole minutes shown for each.",
  },
  sleepEfficiency: {
    term: "Sleep efficiency (SE)",
    text: `Total sleep ÷ time in bed. No-data epochs count in time in bed, so a gap in the data lowers it. ${FROM_EPOCH_COUNTS} ${USUAL_ADULT_RANGES.sleepEfficiency}`,
  },
  sleepMaintenanceEfficiency: {
    term: "Sleep maintenance efficiency (SME)",
    text: `Total sleep ÷ sleep period: how well sleep held once it began, leaving out the time before sleep onset and after the final awakening. ${FROM_EPOCH_COUNTS} It is never below sleep efficiency; there is no separate published adult range.`,
  },
  waso: {
    term: "Wake after sleep onset (WASO)",
    text: `Wake epochs between sleep onset and the last sleep epoch. The final awakening (wake after the last sleep epoch) is not counted, nor are no-data epochs. ${USUAL_ADULT_RANGES.waso}`,
  },
  awakenings: {
    term: "Awakenings",
    text: `Runs of wake within the sleep period; the final awakening is not counted. Only a sleep epoch ends an awakening: no-data epochs between two runs of wake are a gap in the data, so both runs are one awakening, whose length is its wake epochs alone (so the lengths add up to WASO). “Longest” is the longest of them. ${USUAL_ADULT_RANGES.awakenings}`,
  },
  stageMinutes: {
    term: "Stage minutes",
    text: "Time in each sleep stage, rounded once from the epoch counts so that Light + Deep + REM add up exactly to the total sleep shown (largest-remainder rounding: each is within a minute of the exact time).",
  },
  stageShares: {
    term: "Stage shares",
    text: `Each sleep stage as a share of total sleep, in whole percents that add up to exactly 100 (largest-remainder rounding), against typical adult ranges. Wake and no-data epochs are not part of it. ${USUAL_ADULT_RANGES.stageShares}`,
  },
  typicalCompared: {
    term: "Typical and Compared",
    text: "The stage table's Typical column is the usual share of total sleep of each stage in healthy young adults (Carskadon and Dement, “Normal human sleep: an overview”, Principles and Practice of Sleep Medicine). Compared says whether the night's share, as shown, is below, within or above it; a recording under 3 hours is not compared with a whole night's ranges.",
  },
  wakeInBed: {
    term: "Wake (stage table)",
    text: "All wake epochs in bed: before sleep onset, within the sleep period (WASO) and the final awakening, so it is WASO or more. With total sleep and no data it adds up to the time in bed shown.",
  },
  minutesShown: {
    term: "Whole minutes",
    text: "Each time of the night is shown in whole minutes, rounded once so the figures add up. Time in bed, total sleep and the sleep period are each rounded half up; the sleep period's minutes beyond total sleep are then shared between WASO and no data inside it, and the rest of the time in bed between other wake and no data outside it, by largest remainder. Each part is its exact value rounded down or up.",
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
  "typicalCompared",
  "wakeInBed",
  "noData",
  "minutesShown",
];
export const TREND_FIGURES: readonly DefinitionKey[] = ["averages", "totalSleep", "sleepEfficiency", "sleepOnsetLatency", "stageShares", "awakenings", "noData"];

/** Figures a 2-stage night (./plan.ts) does not have: Asleep never scored light, deep or REM for it. */
export const FOUR_STAGE_FIGURES: readonly DefinitionKey[] = ["remLatency", "sleepCycles", "stageMinutes", "stageShares", "typicalCompared"];

/** The words that differ on a 2-stage night, where Asleep scored each epoch only as Wake or Sleep. */
export const TWO_STAGE_DEFINITIONS: Partial<Record<DefinitionKey, { term: string; text: string }>> = {
  epoch: {
    term: "Epoch",
    text: `The hypnogram's unit: ${EPOCH_SECONDS} seconds scored Wake or Sleep (this night was scored in 2 stages, Asleep's basic plan), or no data.`,
  },
  totalSleep: {
    term: "Total sleep (TST)",
    text: `Time in epochs scored Sleep, shown in whole minutes (half a minute rounds up). Wake and no-data epochs are not sleep. ${USUAL_ADULT_RANGES.totalSleep}`,
  },
};

/** The figures and words for a night of this plan: a 2-stage night has no stage figures (./plan.ts). */
export function definitionsFor(keys: readonly DefinitionKey[], plan: StagePlan = "4-stage"): Array<{ key: DefinitionKey; term: string; text: string }> {
  const two = plan === "2-stage";
  return keys.filter((k) => !two || !FOUR_STAGE_FIGURES.includes(k)).map((key) => ({ key, ...((two && TWO_STAGE_DEFINITIONS[key]) || DEFINITIONS[key]) }));
}
