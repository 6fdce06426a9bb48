// What each figure on a night means, in the words shown beside it on the night page, the trends page
// and docs/DEFINITIONS.md (a unit test keeps that page word for word in step). The words are in the
// "Definitions" catalogue (lib/i18n/messages/<locale>/Definitions.json); this file keeps the keys, the
// lists of each place and the figures the words quote. Pure, so a printed or PDF report can use the same
// words, in the reader's language. The arithmetic behind each is in ./statistics.ts and ./report.ts.

import englishWords from "@/lib/i18n/messages/en/Definitions.json";
import { catalogueWords, type Words } from "@/lib/i18n/words";
import { PERSISTENT_SLEEP_EPOCHS } from "./statistics";
import type { StagePlan } from "./plan";
import { EPOCH_SECONDS } from "./stages";

export interface Definition {
  /** The figure's name as sleep medicine says it, with its usual abbreviation. */
  term: string;
  text: string;
}

/**
 * A translator of the "Definitions" namespace (lib/i18n/messages/<locale>/Definitions.json): next-intl's
 * `useTranslations("Definitions")` on a page, `translatorFor(locale, "Definitions")` in a PDF.
 */
export type DefinitionsTranslator = Words;

/** The words in English, straight from the English catalogue: what DEFINITIONS and docs/DEFINITIONS.md say. */
const english = catalogueWords("Definitions", englishWords);

const persistentMinutes = (PERSISTENT_SLEEP_EPOCHS * EPOCH_SECONDS) / 60;

type RangeKey = keyof typeof englishWords.ranges;
const RANGE_KEYS = Object.keys(englishWords.ranges) as RangeKey[];
const hasRange = (key: string): key is RangeKey => (RANGE_KEYS as string[]).includes(key);

/**
 * The usual adult range of each figure that has one, said where the figure is defined (the night page,
 * the trends, the morning card, the PDF). Sources in full in docs/DEFINITIONS.md and docs/LAST-NIGHT.md.
 * In English; `t("ranges.<key>")` of the "Definitions" namespace in another language.
 */
export const USUAL_ADULT_RANGES = Object.fromEntries(RANGE_KEYS.map((k) => [k, english(`ranges.${k}`)])) as Record<RangeKey, string>;

export type DefinitionKey = keyof typeof englishWords.figures;
const DEFINITION_KEYS = Object.keys(englishWords.figures) as DefinitionKey[];
const TWO_STAGE_KEYS = Object.keys(englishWords.twoStage) as DefinitionKey[];

/**
 * A figure's name and definition in the translator's language. On a 2-stage night the words that differ
 * (TWO_STAGE_DEFINITIONS) replace the usual ones. The figures in the words (the epoch's length, the run
 * that counts as persistent sleep) come from the code, never from the catalogue.
 */
export function definitionIn(t: DefinitionsTranslator, key: DefinitionKey, plan: StagePlan = "4-stage"): Definition {
  const at = plan === "2-stage" && TWO_STAGE_KEYS.includes(key) ? `twoStage.${key}` : `figures.${key}`;
  const values = {
    epochSeconds: EPOCH_SECONDS,
    persistentEpochs: PERSISTENT_SLEEP_EPOCHS,
    persistentMinutes,
    fromEpochCounts: t("fromEpochCounts"),
    range: hasRange(key) ? t(`ranges.${key}`) : "",
  };
  return { term: t(`${at}.term`), text: t(`${at}.text`, values) };
}

/** Every figure's name and definition, in English (docs/DEFINITIONS.md keeps to these words). */
export const DEFINITIONS = Object.fromEntries(DEFINITION_KEYS.map((k) => [k, definitionIn(english, k)])) as Record<DefinitionKey, Definition>;

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

/** The words that differ on a 2-stage night, where Asleep scored each epoch only as Wake or Sleep (in English). */
export const TWO_STAGE_DEFINITIONS: Partial<Record<DefinitionKey, Definition>> = Object.fromEntries(TWO_STAGE_KEYS.map((k) => [k, definitionIn(english, k, "2-stage")]));

/**
 * The figures and words for a night of this plan: a 2-stage night has no stage figures (./plan.ts).
 * `t`: the "Definitions" translator of the reader's language; English when none is given.
 */
export function definitionsFor(keys: readonly DefinitionKey[], plan: StagePlan = "4-stage", t: DefinitionsTranslator = english): Array<{ key: DefinitionKey; term: string; text: string }> {
  const two = plan === "2-stage";
  return keys.filter((k) => !two || !FOUR_STAGE_FIGURES.includes(k)).map((key) => ({ key, ...definitionIn(t, key, plan) }));
}
