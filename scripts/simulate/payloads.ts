// Asleep webhook bodies for a simulated night, in either payload shape, with a SESSION_COMPLETE whose
// `stat` agrees with the timeline it carries.

import { EPOCH_SECONDS, EPOCHS_PER_INFERENCE } from "@/lib/sleep/stages";
import { nightStatistics } from "@/lib/sleep/statistics";
import type { SimulatedNight } from "./night";

export type PayloadShape = "flat" | "envelope";

export interface NightIdentity {
  userId: string;
  sessionId: string;
  start: Date;
  timezone: string;
}

const at = (start: Date, epoch: number) => new Date(start.getTime() + epoch * EPOCH_SECONDS * 1000).toISOString();

/** Number of INFERENCE_COMPLETE deliveries for a night: one per 5-minute block. */
export function inferenceCount(night: SimulatedNight): number {
  return Math.ceil(night.sleepStages.length / EPOCHS_PER_INFERENCE);
}

export function inferencePayload(night: SimulatedNight, id: NightIdentity, seq: number, shape: PayloadShape = "flat") {
  const from = seq * EPOCHS_PER_INFERENCE;
  const to = Math.min(from + EPOCHS_PER_INFERENCE, night.sleepStages.length);
  const sleep = night.sleepStages.slice(from, to);
  const snoring = night.snoringStages.slice(from, to).map((v) => Math.max(0, v));
  const fields = {
    user_id: id.userId,
    session_id: id.sessionId,
    seq_num: to - 1,
    inference_seq_num: seq,
    sleep_stages: sleep,
    breath_stages: sleep.map(() => 0),
    snoring_stages: snoring,
  };
  const timestamp = at(id.start, to);
  if (shape === "envelope") return { event: "INFERENCE_COMPLETE", version: "V3", timestamp, data: fields };
  return { event: "INFERENCE_COMPLETE", version: "V3", timestamp, ...fields, time_window: { start: at(id.start, from), end: timestamp } };
}

export function sessionCompletePayload(night: SimulatedNight, id: NightIdentity, shape: PayloadShape = "flat") {
  const s = nightStatistics(night.sleepStages);
  const end = at(id.start, night.sleepStages.length);
  const session = {
    id: id.sessionId,
    state: "COMPLETE",
    start_time: id.start.toISOString(),
    end_time: end,
    timezone: id.timezone,
    sleep_stages: night.sleepStages,
    snoring_stages: night.snoringStages.map((v) => Math.max(0, v)),
  };
  const stat = {
    sleep_time: s.sleepOnsetEpoch === null ? null : at(id.start, s.sleepOnsetEpoch),
    sleep_index: Math.round((s.sleepEfficiency ?? 0) * 100),
    sleep_latency: s.sleepLatencySeconds,
    time_in_bed: s.timeInBedSeconds,
    time_in_sleep: s.totalSleepSeconds,
    time_in_wake: s.stageSeconds.wake,
    time_in_light: s.stageSeconds.light,
    time_in_deep: s.stageSeconds.deep,
    time_in_rem: s.stageSeconds.rem,
    time_in_snoring: night.snoringStages.filter((v) => v === 1).length * EPOCH_SECONDS,
    sleep_efficiency: Math.round((s.sleepEfficiency ?? 0) * 10000) / 100,
    waso_count: s.wasoCount,
    longest_waso: s.longestWasoSeconds,
    sleep_cycle: s.cycles.map((c) => ({ order: c.index, start_time: at(id.start, c.startEpoch), end_time: at(id.start, c.endEpoch) })),
  };
  const peculiarities = s.sleepOnsetEpoch === null ? ["NEVER_SLEPT"] : [];
  const timestamp = end;
  if (shape === "envelope") {
    return { event: "SESSION_COMPLETE", version: "V3", timestamp, data: { user_id: id.userId, session, stat, peculiarities, missing_data_ratio: 0 } };
  }
  return { event: "SESSION_COMPLETE", version: "V3", timestamp, user_id: id.userId, session_id: id.sessionId, session, stat, peculiarities };
}
