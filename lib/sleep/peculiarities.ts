// Asleep's peculiarities (Get Session's `peculiarities`, also in SESSION_COMPLETE), explained twice: in
// plain words for the sleeper, and precisely, in Asleep's own terms, for the clinician. The meanings
// are Asleep's (docs-en.asleep.ai, Data API "Get Session"); docs/ASLEEP.md lists where our earlier
// reference files said otherwise. An unknown code is shown as itself, never dropped.

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

const KNOWN: Record<string, Omit<PeculiarityExplanation, "code" | "known">> = {
  IN_PROGRESS: {
    plain: "Asleep had not finished analysing this night when this report was made. The figures may change when it finishes.",
    clinical:
      "IN_PROGRESS: the session was still OPEN or CLOSED, not yet COMPLETE, when Asleep answered; Asleep sends no statistics (stat is null) until its analysis completes.",
    aboutPlan: false,
    statNull: true,
  },
  NEVER_SLEPT: {
    plain: "Asleep found no sleep at all in this recording.",
    clinical: "NEVER_SLEPT: Asleep determined there was no sleep at any point of the measurement; every analysed epoch is Wake, so sleep onset, latencies and stage shares are undefined.",
    aboutPlan: false,
    statNull: false,
  },
  TOO_SHORT_FOR_ANALYSIS: {
    plain: "The recording was shorter than 20 minutes, too short for Asleep to analyse.",
    clinical: "TOO_SHORT_FOR_ANALYSIS: the measurement lasted under 20 minutes, Asleep's minimum for a valid analysis; stat is null.",
    aboutPlan: false,
    statNull: true,
  },
  TOO_LONG_FOR_ANALYSIS: {
    plain: "The recording ran for more than 24 hours. Asleep analysed it, but says results from such a long recording are hard to trust.",
    clinical:
      "TOO_LONG_FOR_ANALYSIS: the measurement exceeded 24 hours; Asleep completed the analysis but flags it as difficult to trust. Interpret the figures with caution.",
    aboutPlan: false,
    statNull: false,
  },
  TOO_MANY_DEFECTS_IN_SLEEP_STAGES: {
    plain: "Too much of the recording was missing or unclear (for example, sound that never reached Asleep), so Asleep could not produce reliable results.",
    clinical:
      "TOO_MANY_DEFECTS_IN_SLEEP_STAGES: the error rate was high (e.g. missing audio uploads), leaving the sleep-stage analysis insufficient; stat is null. See Asleep's missing_data_ratio.",
    aboutPlan: false,
    statNull: true,
  },
  NO_BREATHING_STABILITY: {
    plain: "Breathing analysis is not part of this clinic's Asleep plan, so no breathing figures are shown. This says nothing about your breathing.",
    clinical:
      "NO_BREATHING_STABILITY: the customer's Asleep contract does not include breathing-stability analysis. A property of the plan, not of this night: breath_stages and the stable/unstable breath fields are null.",
    aboutPlan: true,
    statNull: false,
  },
  NO_REALTIME_POLLING: {
    plain: "Following the night live is not part of this clinic's Asleep plan, so Asleep gave no results while the recording was running.",
    clinical:
      "NO_REALTIME_POLLING: the customer's Asleep contract does not include real-time results for a session still being recorded; stat is null until the session completes. A property of the plan, not of this night.",
    aboutPlan: true,
    statNull: true,
  },
};

/** Every code Asleep documents, in the order its Get Session page lists them. */
export const DOCUMENTED_PECULIARITIES = Object.keys(KNOWN);

export function explainPeculiarity(code: string): PeculiarityExplanation {
  const known = Object.hasOwn(KNOWN, code) ? KNOWN[code] : undefined;
  if (known) return { code, known: true, ...known };
  return {
    code,
    known: false,
    plain: `Asleep noted "${code}" about this night; this app does not know what it means yet.`,
    clinical: `${code}: a code Asleep's documentation does not list; shown as sent.`,
    aboutPlan: false,
    statNull: false,
  };
}
