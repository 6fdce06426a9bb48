// The night page's first line, for someone glancing at a phone at 3 am: how long asleep so far, the
// stage now and as of when, and how recent the data is, each clock time in the night's zone.

import { clockTime, duration } from "../format";
import type { Locale } from "../i18n/locales";
import englishWords from "../i18n/messages/en/LiveNight.json";
import { catalogueWords, type Words } from "../i18n/words";
import { zoneLabel } from "../time/zone";
import { stageName } from "./hypnogram";
import { EPOCH_SECONDS, SleepStage } from "./stages";
import { nightStatistics } from "./statistics";

export interface NightSoFar {
  asleepSeconds: number;
  /** The stage of the latest epoch with data; null before any. */
  currentStage: number | null;
  /** The end of that epoch: the stage is known as of then. */
  stageAsOfMs: number | null;
  /** The end of the latest epoch received, data or not; null before any. */
  dataUpToMs: number | null;
}

export function nightSoFar(stages: readonly number[], startMs: number): NightSoFar {
  const end = (epochs: number) => startMs + epochs * EPOCH_SECONDS * 1000;
  let last = stages.length - 1;
  while (last >= 0 && stages[last] === SleepStage.Unknown) last--;
  return {
    asleepSeconds: nightStatistics(stages).totalSleepSeconds,
    currentStage: last >= 0 ? stages[last]! : null,
    stageAsOfMs: last >= 0 ? end(last + 1) : null,
    dataUpToMs: stages.length > 0 ? end(stages.length) : null,
  };
}

/**
 * The words of the line: `t` the "LiveNight" translator (its `soFar` messages), durations in `locale`,
 * and each stage's name (the shared "Sleep" catalogue on a page).
 */
export interface SoFarWords {
  t: Words;
  locale: Locale;
  stage: (stage: number) => string;
}

const ENGLISH: SoFarWords = { t: catalogueWords("LiveNight", englishWords), locale: "en", stage: (stage) => stageName(stage) };

/**
 * "Asleep 2 h 10 min so far · Light as of 03:05 · data up to 03:10 (Europe/Paris)" while recording;
 * "Slept 7 h 15 min · last stage Wake, at 07:00 · data up to 07:00 (Europe/Paris)" once closed.
 */
export function soFarText(s: NightSoFar, recording: boolean, zone: string, { t, locale, stage: stageLabel }: SoFarWords = ENGLISH): string {
  if (s.dataUpToMs === null) return recording ? t("soFar.noDataYet") : t("soFar.noData");
  const asleep = t(recording ? "soFar.asleep" : "soFar.slept", { duration: duration(s.asleepSeconds, locale) });
  const stage =
    s.currentStage === null || s.stageAsOfMs === null
      ? t("soFar.noStage")
      : t(recording ? "soFar.stageAsOf" : "soFar.lastStage", { stage: stageLabel(s.currentStage), time: clockTime(s.stageAsOfMs, zone) });
  return t("soFar.line", { asleep, stage, time: clockTime(s.dataUpToMs, zone), zone: zoneLabel(zone) });
}
