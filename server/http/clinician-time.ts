// The edge of the clinician-time routes: what a body and a query may say.

import { z } from "zod";
import { CLINICIAN_TIME_KINDS } from "@/lib/sleep/clinician-time";
import { dayParam } from "@/lib/time/range";
import { dayAnswer, instant } from "./api-schema";

export { CLINICIAN_TIME_KINDS };

/** POST /api/patients/{asleepUserId}/clinician-time: one entry of minutes spent on the patient. */
export const clinicianTimeEntrySchema = z
  .object({
    day: dayParam,
    minutes: z.number().int().min(1).max(480),
    kind: z.enum(CLINICIAN_TIME_KINDS),
    interactiveContact: z.boolean(),
    note: z.string().max(2000).default(""),
  })
  .strict();

/** A calendar month, "YYYY-MM". */
export const monthParam = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month written YYYY-MM");

/** GET ...?month=YYYY-MM */
export const clinicianTimeQuerySchema = z.object({ month: monthParam }).strict();

/** One entry of clinician time, as POST answers it and the month lists it. */
export const clinicianTimeEntryAnswer = z.object({
  id: z.string(),
  asleepUserId: z.string(),
  day: dayAnswer,
  minutes: z.number().int(),
  kind: z.string(),
  interactiveContact: z.boolean(),
  note: z.string(),
  /** The account of the clinician (or admin) who spent the time; null once that account is deleted. */
  clinicianId: z.string().nullable(),
  clinicianName: z.string(),
  clinicianEmail: z.string(),
  createdAt: instant,
});

/** GET ...?month=: the month's entries, oldest first, and its total against the 10/20-minute steps (docs/BILLING.md). */
export const clinicianTimeMonthAnswer = z.object({
  entries: z.array(clinicianTimeEntryAnswer),
  total: z.object({
    minutes: z.number().int(),
    interactiveContact: z.boolean(),
    step: z.enum(["99470", "99457"]).nullable(),
    additional99458: z.number().int(),
    toNextStep: z.number(),
    nextStep: z.enum(["99470", "99457", "99458"]),
  }),
});
