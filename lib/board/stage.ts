// The board's current-stage cell and CSV column, in one wording: the night's latest known stage named
// as its plan scores it (a 1 is "Sleep" on Asleep's 2-stage basic plan, "Light" on the others).

import type { BoardNight } from "../live/events";
import { liveSummary, stageName } from "../sleep/hypnogram";
import { stagePlanOf } from "../sleep/plan";

/** null when no epoch of the night has a known stage yet. An open night has no report: its epochs, else the clinic's setting, decide the plan. */
export function boardStageName(open: Pick<BoardNight, "sleepStages" | "stagePlanSetting">): string | null {
  const stage = liveSummary(open.sleepStages).currentStage;
  return stage === null ? null : stageName(stage, stagePlanOf({ sleepStages: open.sleepStages, configured: open.stagePlanSetting }));
}
