// Dates and durations as people read them, in the night's own time zone.

import { TZDate } from "@date-fns/tz";
import { format, formatDistanceStrict } from "date-fns";

/** A zone both Node's Intl and the browser's accept (lib/time/zone.ts), else UTC. */
export { zoneOrUtc } from "./time/zone";

export function clockTime(ms: number, timezone: string): string {
  return format(new TZDate(ms, timezone), "HH:mm");
}

export function dateTime(ms: number, timezone: string): string {
  return format(new TZDate(ms, timezone), "EEE d MMM yyyy, HH:mm");
}

/** 27000 → "7 h 30 min"; 540 → "9 min". */
export function duration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

export function ago(fromMs: number, nowMs: number): string {
  if (nowMs - fromMs < 60_000) return "less than a minute ago";
  return `${formatDistanceStrict(fromMs, nowMs, { unit: "minute" })} ago`;
}
