// The edge of the alert routes: their zod schemas, and the body reader they share.

import { z } from "zod";
import { alertCursor } from "../data/alerts";
import { ALERT_EMAIL_MODES, alertOverridesSchema, alertThresholdsSchema, adherenceRuleSchema } from "../data/alert-settings";
import { RULES } from "@/lib/alerts/rules";
import { storableString } from "@/lib/text/storable";
import { dayAnswer, instant, pagedAnswer } from "./api-schema";
import { idParam, readJsonBody } from "./parse-request";
import { badRequest } from "./responses";

/** A filter left blank (the inbox's form sends "Any" as an empty value) is no filter. */
const orBlank = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

const alertFilterFields = {
  state: z.preprocess((v) => (v === "" ? undefined : v), z.enum(["unresolved", "open", "acknowledged", "resolved", "all"]).default("unresolved")),
  /** Raised by this rule (lib/alerts/rules.ts names them). */
  rule: orBlank(z.enum(RULES)),
  /** The patient's Asleep user id. */
  patient: orBlank(idParam),
  /** Whose: "me" (the viewer's), "none" (nobody's yet), or a clinician's account id. */
  owner: orBlank(z.union([z.enum(["me", "none"]), idParam])),
};

/** GET /api/alerts?state=&rule=&patient=&owner=&limit=&before= */
export const alertListQuery = z
  .object({
    ...alertFilterFields,
    limit: z.coerce.number().int().min(1).max(500).default(200),
    before: alertCursor.optional(),
  })
  .strict();

/** The /alerts page's address: the same filters, and the page number (pageOf reads it). */
export const alertPageQuery = z.object({ ...alertFilterFields, page: z.string().optional() }).strict();
export type AlertFilters = Omit<z.infer<typeof alertPageQuery>, "page">;

/** The owner filter as the data layer takes it: an account id, null for nobody, undefined for anyone. */
export function ownerFilter(owner: AlertFilters["owner"], viewer: { accountId: string }): string | null | undefined {
  if (owner === undefined) return undefined;
  if (owner === "me") return viewer.accountId;
  if (owner === "none") return null;
  return owner;
}

/** A comment on acknowledging or resolving: trimmed, empty meaning none. */
const alertComment = storableString()
  .max(2000)
  .transform((v) => v.trim() || null)
  .nullable()
  .default(null);

/** POST /api/alerts/bulk: many alerts acknowledged or resolved at once, with one comment. */
export const alertBulkBody = z
  .object({
    ids: z.array(z.uuid()).min(1).max(200),
    action: z.enum(["acknowledge", "resolve"]),
    comment: alertComment,
  })
  .strict();

/** PUT /api/alerts/{id}/assignee: to a clinician (account id) by a day, or to nobody (null). */
export const alertAssignBody = z
  .object({
    assigneeId: idParam.nullable(),
    dueOn: z.iso.date().nullable().default(null),
  })
  .strict();

/** The alert an assignee route names. */
export const alertIdParams = z.object({ id: z.uuid() });

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

// ── Answers ──────────────────────────────────────────────────────────────────────────────────────

/** An alert as the inbox and the API show it (lib/live/events.ts AlertView). */
export const alertAnswer = z.object({
  id: z.string(),
  patient: z.object({ name: z.string(), asleepUserId: z.string().nullable() }),
  rule: z.string(),
  reason: z.string(),
  sessionId: z.string().nullable(),
  /** The days a period rule judged, else null. */
  period: z.object({ from: dayAnswer, to: dayAnswer }).nullable(),
  raisedAt: instant,
  state: z.enum(["OPEN", "ACKNOWLEDGED", "RESOLVED"]),
  acknowledgedAt: instant.nullable(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedComment: z.string().nullable(),
  resolvedAt: instant.nullable(),
  resolvedBy: z.string().nullable(),
  resolvedComment: z.string().nullable(),
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  dueOn: dayAnswer.nullable(),
  assignedBy: z.string().nullable(),
});

/** GET /api/alerts */
export const alertListAnswer = pagedAnswer("alerts", alertAnswer);

/** POST /api/alerts/{id}/{action}, PUT /api/alerts/{id}/assignee */
export const alertChangeAnswer = z.object({ alert: alertAnswer });

/** POST /api/alerts/bulk: each alert's own outcome, as the single routes answer it. */
export const alertBulkAnswer = z.object({
  results: z.array(
    z.union([
      z.object({ id: z.string(), status: z.literal(200), alert: alertAnswer }),
      z.object({ id: z.string(), status: z.literal(409), alert: alertAnswer, error: z.string() }),
      z.object({ id: z.string(), status: z.literal(404), error: z.string() }),
    ]),
  ),
});

/** GET /api/alerts/count */
export const alertCountAnswer = z.object({ open: z.number().int() });

/** GET/PUT /api/account/alert-email */
export const alertEmailAnswer = z.object({ mode: z.enum(ALERT_EMAIL_MODES) });

const thresholdsAnswer = z.object({
  shortSleepHours: z.number().nullable(),
  efficiencyPercent: z.number().nullable(),
  latencyMinutes: z.number().nullable(),
  wasoMinutes: z.number().nullable(),
  noDataNights: z.number().nullable(),
  staleTonight: z.boolean(),
  lowAdherence: z.boolean(),
});

/** GET/PUT /api/alerts/rules: the clinic's thresholds; the adherence rule written as ADHERENCE_RULE is ("4h,70%,30d"). */
export const clinicRulesAnswer = z.object({
  thresholds: thresholdsAnswer,
  adherenceRule: z.string(),
  adherenceRuleIsDefault: z.boolean(),
  defaultAdherenceRule: z.string(),
  updatedAt: instant.nullable(),
  updatedBy: z.string().nullable(),
});

/** GET/PUT /api/patients/{asleepUserId}/alert-rules: the patient's overrides, the clinic's rules, and what applies. */
export const patientRulesAnswer = z.object({
  overrides: thresholdsAnswer.partial(),
  clinic: thresholdsAnswer,
  effective: thresholdsAnswer,
  updatedAt: instant.nullable(),
  updatedBy: z.string().nullable(),
});

/** Reads a small JSON body and validates it; a violation answers 400 naming the field. */
export async function parseBody<S extends z.ZodType>(request: Request, schema: S, title: string): Promise<{ ok: true; body: z.infer<S> } | { ok: false; response: Response }> {
  const read = await readJsonBody(request, 16 * 1024);
  if (!read.ok) return read;
  const parsed = schema.safeParse(read.body);
  if (parsed.success) return { ok: true, body: parsed.data };
  return { ok: false, response: badRequest(title, parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }))) };
}
