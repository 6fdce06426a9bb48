// The days and instants a request may name (a report's from/to, a list's from/to, a cursor's keys):
// only those a night can have. The webhook records no night before 1970 or from 2200 on
// (server/webhook/schema.ts), so a day or instant outside [1970-01-01, 2200-01-01) can match nothing;
// it is refused with a 400 naming the parameter instead of reaching the database, which cannot take
// some of them (year 0, year 10000 and beyond, as a report's margins reach) and fails with a 500.

import { z } from "zod";
import { isDay } from "../sleep/adherence";

/** The first instant a request may name (inclusive): 1970-01-01T00:00:00Z. */
export const EARLIEST_MS = Date.UTC(1970, 0, 1);
/** The first instant past the last a request may name: 2200-01-01T00:00:00Z. */
export const LATEST_MS = Date.UTC(2200, 0, 1);
export const EARLIEST_DAY = "1970-01-01";
export const LATEST_DAY = "2199-12-31";

const OUT_OF_RANGE = `must lie between ${EARLIEST_DAY} and ${LATEST_DAY}`;

export const withinTimeRange = (ms: number) => ms >= EARLIEST_MS && ms < LATEST_MS;

/** A calendar day, YYYY-MM-DD, from EARLIEST_DAY to LATEST_DAY. */
export const dayParam = z
  .string()
  .refine(isDay, "must be a date written YYYY-MM-DD")
  .refine((day) => day >= EARLIEST_DAY && day <= LATEST_DAY, OUT_OF_RANGE);

/** An instant in a query (`from=2026-11-01`, `to=2026-11-30T12:00:00Z`): anything Date reads, within the range. */
export const instantParam = z.coerce.date().refine((d) => withinTimeRange(d.getTime()), OUT_OF_RANGE);

/** An instant in a cursor's keys: ISO 8601 in UTC as the server wrote it, within the range. */
export const instantKey = z.iso.datetime().refine((text) => withinTimeRange(Date.parse(text)), OUT_OF_RANGE);
