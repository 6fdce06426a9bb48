// Which calendar day a night belongs to. As OSCAR does: the local date on which the sleep period starts,
// with the day split at noon. A night that starts at 01:30 on Monday is Sunday's night; one that starts
// at 12:00 or later belongs to that same date. "Local" is the night's own zone, so the rule holds across
// zones and daylight-saving changes (it reads the wall clock, never subtracts 12 hours of elapsed time).

import { TZDate } from "@date-fns/tz";

/** Hour of the local day at which one sleep day ends and the next begins. */
export const DAY_SPLIT_HOUR = 12;

/** The night's day as an ISO date ("2026-11-22"), for a start at `startMs` in `zone` (see ./zone.ts). */
export function sleepDay(startMs: number, zone: string): string {
  const local = new TZDate(startMs, zone);
  // Calendar arithmetic on a plain date: stepping back one day never meets a DST gap.
  const day = new Date(Date.UTC(local.getFullYear(), local.getMonth(), local.getDate()));
  if (local.getHours() < DAY_SPLIT_HOUR) day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2026-11-22" → "Sun 22 Nov 2026". */
export function dayLabel(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}
