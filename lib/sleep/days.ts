// Calendar days, "YYYY-MM-DD": what every window of nights is counted in (lib/sleep/adherence.ts,
// lib/sleep/enrolment.ts). Plain dates, so stepping a day never meets a DST gap.

/** A calendar day, "YYYY-MM-DD". */
export type Day = string;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written YYYY-MM-DD (so 2026-02-30 is not one). */
export function isDay(text: string): boolean {
  const m = DAY_PATTERN.exec(text);
  if (!m) return false;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === text;
}

const DAY_MS = 86_400_000;
const dayMs = (day: Day) => Date.parse(`${day}T00:00:00Z`);

/** The day `n` calendar days after `day` (before, for a negative n). */
export function addDays(day: Day, n: number): Day {
  return new Date(dayMs(day) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included (0 when to is before from). */
export function daysBetween(from: Day, to: Day): number {
  return Math.max(0, Math.round((dayMs(to) - dayMs(from)) / DAY_MS) + 1);
}

