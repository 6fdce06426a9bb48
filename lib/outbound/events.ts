// Outbound events: the names other systems subscribe to, and the rules that say which a night owes.
// Pure: server/outbound/ reads the night, asks these functions, and writes what they answer.

import { SLEEP_STAGE_NAMES, SleepStage, isSleepStage, type SleepStage as Stage } from "../sleep/stages";
import { stageName as hypnogramStageName } from "../sleep/hypnogram";
import type { StagePlan } from "../sleep/plan";

export const OUTBOUND_EVENT_TYPES = ["night.started", "night.stage_changed", "night.completed", "night.incomplete", "alert.raised"] as const;
export type OutboundEventType = (typeof OUTBOUND_EVENT_TYPES)[number];
export type NightEventType = Exclude<OutboundEventType, "alert.raised">;

// What each event means, as the admin page shows it: the OutboundEndpointForm catalogue
// (lib/i18n/messages/<locale>/OutboundEndpointForm.json, eventDescriptions.<type>), in English and Korean.

/**
 * At most one night.stage_changed per night per this window (15 minutes, three 5-minute analyses):
 * a receiver paging someone should not hear every flicker between light sleep and wake.
 */
export const DEFAULT_STAGE_DEBOUNCE_MS = 15 * 60_000;

/** What the night's receivers have been told so far. */
export interface AnnouncedNight {
  started: boolean;
  /** The current stage last announced (with night.started or night.stage_changed). */
  stage: number | null;
  /** When it was announced (ms since epoch). */
  stageAt: number | null;
  completed: boolean;
  incomplete: boolean;
}

export const NOTHING_ANNOUNCED: AnnouncedNight = { started: false, stage: null, stageAt: null, completed: false, incomplete: false };

/** The night as stored now. */
export interface NightAsStored {
  state: "OPEN" | "COMPLETE" | "INCOMPLETE";
  /** The hypnogram so far, one stage per 30-s epoch (-1 where nothing is known). */
  sleepStages: readonly number[];
}

export interface CurrentStage {
  stage: Stage;
  /** Index of the epoch it was read from: the last one with a known stage. */
  epoch: number;
}

/** The stage of the last epoch with a known stage, or null before the first analysis says anything. */
export function currentStage(sleepStages: readonly number[]): CurrentStage | null {
  for (let i = sleepStages.length - 1; i >= 0; i--) {
    const s = sleepStages[i]!;
    if (s !== SleepStage.Unknown && s in SLEEP_STAGE_NAMES) return { stage: s as Stage, epoch: i };
  }
  return null;
}

export interface OwedNightEvents {
  /** In the order they are to be delivered. */
  events: Array<{ type: NightEventType; stage: CurrentStage | null; previousStage: number | null }>;
  announced: AnnouncedNight;
  /**
   * False when a stage change is held back by the debounce window: the night must be looked at again
   * once the window has passed, even if nothing else arrives.
   */
  settled: boolean;
}

/**
 * Which events a night owes, given what was announced: night.started once, as soon as anything of the
 * night is stored; night.stage_changed while the night is open, when the current stage differs from the
 * one last announced and the last announcement is at least `debounceMs` old (a change that reverts
 * inside the window is never sent); night.completed once the report is stored; night.incomplete once
 * the night is closed as incomplete (not after it was completed).
 */
export function owedNightEvents(announced: AnnouncedNight, night: NightAsStored, now: number, debounceMs: number): OwedNightEvents {
  const next = { ...announced };
  const events: OwedNightEvents["events"] = [];
  const stage = currentStage(night.sleepStages);
  let settled = true;
  if (!next.started) {
    events.push({ type: "night.started", stage, previousStage: null });
    next.started = true;
    next.stage = stage?.stage ?? null;
    next.stageAt = now;
  } else if (night.state === "OPEN" && stage && stage.stage !== next.stage) {
    if (next.stageAt === null || now - next.stageAt >= debounceMs) {
      events.push({ type: "night.stage_changed", stage, previousStage: next.stage });
      next.stage = stage.stage;
      next.stageAt = now;
    } else settled = false;
  }
  if (night.state === "COMPLETE" && !next.completed) {
    events.push({ type: "night.completed", stage, previousStage: null });
    next.completed = true;
  }
  if (night.state === "INCOMPLETE" && !next.incomplete && !next.completed) {
    events.push({ type: "night.incomplete", stage, previousStage: null });
    next.incomplete = true;
  }
  return { events, announced: next, settled };
}

/** The stage as the night's plan names it (lib/sleep/hypnogram.ts stageName: a 1 is "Sleep" on a 2-stage night); null for none or an unknown value. */
export function stageName(stage: number | null, plan: StagePlan = "4-stage"): string | null {
  return stage === null || !isSleepStage(stage) ? null : hypnogramStageName(stage, plan);
}
