// A night as an Open mHealth data point: a header (schema-id omh:sleep-episode:1.1, the latest in
// openmhealth/schemas) and a sleep-episode body. The schema family wraps every measure in a data point
// (data-point-1.0: header + body): the header's schema_id is how a receiver knows what the body is.
// The effective time frame is what sleep-episode-1.1 says it is: from sleep onset to the final
// awakening (a night with no sleep: the whole recording); docs/EXPORTS.md maps every field.

import { EPOCH_SECONDS } from "../sleep/stages";
import { nightStatistics } from "../sleep/statistics";
import { zonedDateTime } from "./fhir";
import { recordingEndMs, type ExportContext, type ExportNight } from "./night";

export const SLEEP_EPISODE_SCHEMA_ID = { namespace: "omh", name: "sleep-episode", version: "1.1" } as const;

type DurationUnitValue = { value: number; unit: "min" };

export interface SleepEpisode {
  effective_time_frame: { time_interval: { start_date_time: string; end_date_time: string } };
  total_sleep_time: DurationUnitValue;
  latency_to_sleep_onset?: DurationUnitValue;
  latency_to_arising?: DurationUnitValue;
  wake_after_sleep_onset?: DurationUnitValue;
  number_of_awakenings?: number;
  sleep_maintenance_efficiency_percentage?: { value: number; unit: "%" };
}

export interface SleepEpisodeDataPoint {
  header: {
    id: string;
    creation_date_time: string;
    schema_id: typeof SLEEP_EPISODE_SCHEMA_ID;
    acquisition_provenance: { source_name: string; source_data_point_id: string; modality: "sensed" };
    user_id: string;
  };
  body: SleepEpisode;
}

const minutes = (seconds: number): DurationUnitValue => ({ value: seconds / 60, unit: "min" });

/**
 * The night's sleep episode, or null for one without a start (it cannot be placed in time) or still
 * being recorded (its final awakening is not known yet).
 */
export function sleepEpisode(night: ExportNight): SleepEpisode | null {
  const endMs = recordingEndMs(night);
  if (night.startMs === null || endMs === null || night.state === "OPEN") return null;
  const s = nightStatistics(night.sleepStages);
  const epochMs = EPOCH_SECONDS * 1000;
  const at = (ms: number) => zonedDateTime(ms, night.zone);
  if (s.sleepOnsetEpoch === null || s.finalSleepEpoch === null) {
    return { effective_time_frame: { time_interval: { start_date_time: at(night.startMs), end_date_time: at(endMs) } }, total_sleep_time: minutes(0) };
  }
  const onsetMs = night.startMs + s.sleepOnsetEpoch * epochMs;
  const finalAwakeningMs = night.startMs + (s.finalSleepEpoch + 1) * epochMs;
  return {
    effective_time_frame: { time_interval: { start_date_time: at(onsetMs), end_date_time: at(finalAwakeningMs) } },
    total_sleep_time: minutes(s.totalSleepSeconds),
    // From the start of the recording (when the sleeper started it to sleep) to sleep onset.
    latency_to_sleep_onset: minutes(s.sleepLatencySeconds ?? 0),
    // From the final awakening to the end of the recording (when the sleeper stopped it).
    latency_to_arising: minutes(Math.max(0, endMs - finalAwakeningMs) / 1000),
    wake_after_sleep_onset: minutes(s.wasoSeconds),
    number_of_awakenings: s.wasoCount,
    // Sleep over the episode bounded by the effective time frame: total sleep ÷ sleep period.
    sleep_maintenance_efficiency_percentage: { value: Math.round((s.sleepMaintenanceEfficiency ?? 0) * 1000) / 10, unit: "%" },
  };
}

/** The data point (header + body), or null when the night has no episode yet (see sleepEpisode). */
export function sleepEpisodeDataPoint(night: ExportNight, ctx: ExportContext): SleepEpisodeDataPoint | null {
  const body = sleepEpisode(night);
  if (!body) return null;
  return {
    header: {
      // One data point per night, the same id every time it is exported: a receiver replaces, not duplicates.
      id: `${ctx.appUrl}/sleep-episode/${encodeURIComponent(night.id)}`,
      creation_date_time: ctx.now.toISOString(),
      schema_id: SLEEP_EPISODE_SCHEMA_ID,
      acquisition_provenance: { source_name: "Asleep", source_data_point_id: night.id, modality: "sensed" },
      user_id: night.asleepUserId,
    },
    body,
  };
}
