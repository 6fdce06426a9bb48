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

/** The same stage as a key of the shared Sleep.stage messages ("light", "sleep" on a 2-stage night …), for the board's cell. */
export type BoardStageKey = "unknown" | "wake" | "light" | "deep" | "rem" | "sleep";

export function boardStageKey(open: Pick<BoardNight, "sleepStages" | "stagePlanSetting">): BoardStageKey | null {
  const name = boardStageName(open);
  return name === null ? null : STAGE_KEYS[name] ?? "unknown";
}

const STAGE_KEYS: Record<string, BoardStageKey> = { Unknown: "unknown", Wake: "wake", Light: "light", Deep: "deep", REM: "rem", Sleep: "sleep" };
