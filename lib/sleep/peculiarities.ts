// Asleep's peculiarities (Get Session's `peculiarities`, also in SESSION_COMPLETE), explained twice: in
// plain words for the sleeper, and precisely, in Asleep's own terms, for the clinician. The meanings
// are Asleep's (docs-en.asleep.ai, Data API "Get Session"); docs/ASLEEP.md lists where our earlier
// reference files said otherwise. An unknown code is shown as itself, never dropped.

import englishWords from "@/lib/i18n/messages/en/NightReport.json";
import { catalogueWords, type Words } from "@/lib/i18n/words";

export interface PeculiarityExplanation {
  /** The code exactly as Asleep sent it. */
  code: string;
  /** For the sleeper: what it means for their night, without jargon. */
  plain: string;
  /** For the clinician: Asleep's definition, its threshold, and what is missing because of it. */
  clinical: string;
  /** A property of the clinic's Asleep plan, not of this night (nothing about the sleeper). */
  aboutPlan: boolean;
  /** Asleep documents `stat` as null with this code: no report figures from Asleep. */
  statNull: boolean;
  known: boolean;
}

/** Under this, Asleep does not analyse a recording (TOO_SHORT_FOR_ANALYSIS): 20 minutes. */
export const ASLEEP_MIN_ANALYSIS_MS = 20 * 60 * 1000;
/** Over this, Asleep's analysis is not to be trusted (TOO_LONG_FOR_ANALYSIS): 24 hours. */
export const ASLEEP_MAX_ANALYSIS_MS = 24 * 60 * 60 * 1000;

/**
 * What each documented code is about. Its two texts are in the "NightReport" catalogue
 * (`peculiarity.<CODE>.plain` and `.clinical`), in the order Asleep's Get Session page lists the codes.
 */
const KNOWN: Record<string, Pick<PeculiarityExplanation, "aboutPlan" | "statNull">> = {
  IN_PROGRESS: { aboutPlan: false, statNull: true },
  NEVER_SLEPT: { aboutPlan: false, statNull: false },
  TOO_SHORT_FOR_ANALYSIS: { aboutPlan: false, statNull: true },
  TOO_LONG_FOR_ANALYSIS: { aboutPlan: false, statNull: false },
  TOO_MANY_DEFECTS_IN_SLEEP_STAGES: { aboutPlan: false, statNull: true },
  NO_BREATHING_STABILITY: { aboutPlan: true, statNull: false },
  NO_REALTIME_POLLING: { aboutPlan: true, statNull: true },
};

const english = catalogueWords("NightReport", englishWords);

/** Every code Asleep documents, in the order its Get Session page lists them. */
export const DOCUMENTED_PECULIARITIES = Object.keys(KNOWN);

/** `t`: the "NightReport" translator of the reader's language (English when none is given). */
export function explainPeculiarity(code: string, t: Words = english): PeculiarityExplanation {
  const known = Object.hasOwn(KNOWN, code) ? KNOWN[code] : undefined;
  if (known) return { code, known: true, plain: t(`peculiarity.${code}.plain`), clinical: t(`peculiarity.${code}.clinical`), ...known };
  return {
    code,
    known: false,
    plain: t("peculiarity.unknown.plain", { code }),
    clinical: t("peculiarity.unknown.clinical", { code }),
    aboutPlan: false,
    statNull: false,
  };
}
