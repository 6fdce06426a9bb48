// Hourly ticks for a printed hypnogram: every whole local hour of the night's own zone within the
// recording, so the axis reads like the clock on the patient's wall (DST changes included).

import { TZDate } from "@date-fns/tz";

export interface HourTick {
  ms: number;
  /** "23:00", local to the zone. */
  label: string;
}

export function hourlyTicks(startMs: number, endMs: number, timezone: string): HourTick[] {
  const ticks: HourTick[] = [];
  const local = new TZDate(startMs, timezone);
  // The whole local hour at or after the start (zones with half-hour offsets included).
  let ms = startMs - (local.getMinutes() * 60 + local.getSeconds()) * 1000 - local.getMilliseconds();
  if (ms < startMs) ms += 3_600_000;
  for (; ms <= endMs; ms += 3_600_000) {
    const t = new TZDate(ms, timezone);
    ticks.push({ ms, label: `${String(t.getHours()).padStart(2, "0")}:00` });
  }
  return ticks;
}
