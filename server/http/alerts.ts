// The edge of the alert routes: their zod schemas, and the body reader they share.

import { z } from "zod";
import { alertCursor } from "../data/alerts";
import { ALERT_EMAIL_MODES, alertOverridesSchema, alertThresholdsSchema, adherenceRuleSchema } from "../data/alert-settings";
import { idParam, readJsonBody } from "./parse-request";
import { badRequest } from "./responses";

/** GET /api/alerts?state=&patient=&limit=&before= */
export const alertListQuery = z
  .object({
    state: z.enum(["unresolved", "open", "acknowledged", "resolved", "all"]).default("unresolved"),
    patient: idParam.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(200),
    before: alertCursor.optional(),
  })
  .strict();

export const STATES_FOR = {
  unresolved: ["OPEN", "ACKNOWLEDGED"],
  open: ["OPEN"],
  acknowledged: ["ACKNOWLEDGED"],
  resolved: ["RESOLVED"],
  all: ["OPEN", "ACKNOWLEDGED", "RESOLVED"],
} as const;

/** POST /api/alerts/{id}/acknowledge | resolve */
export const alertActionParams = z.object({ id: z.uuid(), action: z.enum(["acknowledge", "resolve"]) });

/** PUT /api/alerts/rules: the clinic's thresholds and adherence rule ("4h,70%,30d"; null: ADHERENCE_RULE). */
export const clinicRulesBody = z.object({ thresholds: alertThresholdsSchema, adherenceRule: adherenceRuleSchema.nullable() }).strict();

/** PUT /api/patients/{asleepUserId}/alert-rules: the patient's overrides ({} = the clinic's rules). */
export const patientRulesBody = z.object({ overrides: alertOverridesSchema }).strict();

/** PUT /api/account/alert-email */
export const alertEmailBody = z.object({ mode: z.enum(ALERT_EMAIL_MODES) }).strict();

/** Reads a small JSON body and validates it; a violation answers 400 naming the field. */
export async function parseBody<S extends z.ZodType>(request: Request, schema: S, title: string): Promise<{ ok: true; body: z.infer<S> } | { ok: false; response: Response }> {
  const read = await readJsonBody(request, 16 * 1024);
  if (!read.ok) return read;
  const parsed = schema.safeParse(read.body);
  if (parsed.success) return { ok: true, body: parsed.data };
  return { ok: false, response: badRequest(title, parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }))) };
}
