// Clock ticks for a hypnogram's time axis, on the wall clock of the night's own zone, so the axis reads
// like the clock on the sleeper's wall (DST changes and zones with :30 or :45 offsets included).

import { TZDate } from "@date-fns/tz";

export interface HourTick {
  ms: number;
  /** "23:00" (or "23:15" for a finer step), local to the zone. */
  label: string;
}

/** Every local clock time within [startMs, endMs] that is a whole multiple of `stepMinutes` past the hour. */
export function clockTicks(startMs: number, endMs: number, timezone: string, stepMinutes: number): HourTick[] {
  const step = stepMinutes * 60_000;
  const local = new TZDate(startMs, timezone);
  // The first step boundary of the local clock at or after the start. Offsets change by whole hours
  // (or half hours), so stepping on in elapsed time stays on the local boundaries across a DST change.
  let ms = startMs - ((local.getMinutes() % stepMinutes) * 60 + local.getSeconds()) * 1000 - local.getMilliseconds();
  if (ms < startMs) ms += step;
  const ticks: HourTick[] = [];
  for (; ms <= endMs; ms += step) {
    const t = new TZDate(ms, timezone);
    ticks.push({ ms, label: `${String(t.getHours()).padStart(2, "0")}:${String(t.getMinutes()).padStart(2, "0")}` });
  }
  return ticks;
}

/** Every whole local hour within the recording (the printed period report's axis). */
export function hourlyTicks(startMs: number, endMs: number, timezone: string): HourTick[] {
  return clockTicks(startMs, endMs, timezone, 60);
}

/** From whole hours down: the steps tried until the span holds two ticks. */
export const TICK_STEPS_MINUTES = [60, 30, 15, 5, 1] as const;

/**
 * The hypnogram's ticks: whole hours when the span holds two or more; in the first hour of a night
 * (23:10 to 23:50 holds none) half hours, then quarter hours, then 5 and 1 minutes, so the axis never
 * falls back to the chart library's own arbitrary times.
 */
export function nightTicks(startMs: number, endMs: number, timezone: string): HourTick[] {
  let ticks: HourTick[] = [];
  for (const step of TICK_STEPS_MINUTES) {
    ticks = clockTicks(startMs, endMs, timezone, step);
    if (ticks.length >= 2) return ticks;
  }
  return ticks;
}
