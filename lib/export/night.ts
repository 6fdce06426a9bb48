// One night as the exports read it (FHIR, Open mHealth): who slept, when, in which zone, and the
// hypnogram. The server builds it from a stored night; the mappers beside this file are pure.

import { EPOCH_SECONDS } from "../sleep/stages";
import type { NightState } from "../sleep/night";
import { nightOf } from "../sleep/adherence";
import type { StagePlan } from "../sleep/plan";
import type { NightProvenance } from "../sleep/provenance";

export interface ExportNight {
  /** Asleep's session id. */
  id: string;
  asleepUserId: string;
  state: NightState;
  /** The recording's start, or null while Asleep has not said it yet. */
  startMs: number | null;
  /** The recording's stored end, or null (then start + the epochs recorded). */
  endMs: number | null;
  /** The night's own zone (IANA name or "UTC+09:00"): every instant is written in it. */
  zone: string;
  /** One stage per 30-s epoch, Asleep's encoding (−1 no data, 0 wake, 1 light, 2 deep, 3 REM). */
  sleepStages: readonly number[];
  /** Left out: 4-stage. On a 2-stage night (lib/sleep/plan.ts) 1 is "sleep", and there is no light, deep or REM measure. */
  stagePlan?: StagePlan;
  /** Where the night came from (lib/sleep/provenance.ts), when known: FHIR carries it as method and note. */
  provenance?: NightProvenance;
}

/** Where the exports put their own codes and identifiers: under the app's public URL. */
export interface ExportContext {
  /** The app's origin, no trailing slash ("https://sleep.example.org"). */
  appUrl: string;
  /** When the export is made. */
  now: Date;
}

/** The recording's end: the stored one, else start + the epochs recorded; null without a start. */
export function recordingEndMs(night: ExportNight): number | null {
  if (night.endMs !== null) return night.endMs;
  return night.startMs === null ? null : night.startMs + night.sleepStages.length * EPOCH_SECONDS * 1000;
}

/** The night's day (noon to noon in its zone, as adherence counts), or null without a start. */
export const exportDay = (night: ExportNight): string | null => (night.startMs === null ? null : nightOf(night.startMs, night.zone));
