// The clinic's alert rules and adherence rule, and a patient's overrides (table alert_settings). The schemas here
// validate both what an admin or clinician sends and what is read back, so a stored row that no longer fits
// (a rule renamed) falls back to the defaults instead of breaking evaluation.

import { z } from "zod";
import { storableString } from "@/lib/text/storable";
import { DEFAULT_THRESHOLDS, effectiveThresholds, type AlertThresholds } from "@/lib/alerts/rules";
import { formatAdherenceRule, parseAdherenceRule, type AdherenceRule } from "@/lib/sleep/adherence";
import type { Viewer } from "../auth/viewer";
import type { Db } from "../db/client";
import { canSee, type Audience } from "./access";

const CLINIC = "clinic";

const limit = (min: number, max: number) => z.number().min(min).max(max).nullable();

/** A full set of thresholds (the clinic's); null turns a rule off. */
export const alertThresholdsSchema = z
  .object({
    shortSleepHours: limit(0.5, 16),
    efficiencyPercent: limit(1, 100),
    latencyMinutes: limit(1, 480),
    wasoMinutes: limit(1, 720),
    noDataNights: z.number().int().min(1).max(60).nullable(),
    staleTonight: z.boolean(),
    lowAdherence: z.boolean(),
  })
  .strict();

/** A patient's overrides: only the thresholds that differ from the clinic's. */
export const alertOverridesSchema = alertThresholdsSchema.partial();

/** "4h,70%,30d", as ADHERENCE_RULE is written. */
export const adherenceRuleSchema = storableString().transform((text, ctx): AdherenceRule => {
  const rule = parseAdherenceRule(text);
  if (rule instanceof Error) {
    ctx.addIssue({ code: "custom", message: rule.message });
    return z.NEVER;
  }
  return rule;
});

export interface ClinicAlertSettings {
  thresholds: AlertThresholds;
  adherenceRule: AdherenceRule;
  /** True when the adherence rule is the ADHERENCE_RULE default (no admin has set one). */
  adherenceRuleIsDefault: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** The clinic's settings; `fallbackRule` is ADHERENCE_RULE. */
export async function clinicAlertSettings(db: Db, fallbackRule: AdherenceRule): Promise<ClinicAlertSettings> {
  const row = await db.alertSettings.findUnique({ where: { scope: CLINIC } });
  const thresholds = alertOverridesSchema.safeParse(row?.thresholds ?? {});
  const rule = row?.adherenceRule ? parseAdherenceRule(row.adherenceRule) : null;
  const custom = rule && !(rule instanceof Error) ? rule : null;
  return {
    thresholds: effectiveThresholds(DEFAULT_THRESHOLDS, thresholds.success ? thresholds.data : {}),
    adherenceRule: custom ?? fallbackRule,
    adherenceRuleIsDefault: !custom,
    updatedAt: row?.updatedAt.toISOString() ?? null,
    updatedBy: row?.updatedBy ?? null,
  };
}

/** The clinic's adherence rule (the admin's, else ADHERENCE_RULE): what the patient page and reports use. */
export async function clinicAdherenceRule(db: Db, fallbackRule: AdherenceRule): Promise<AdherenceRule> {
  return (await clinicAlertSettings(db, fallbackRule)).adherenceRule;
}

/** Admins only (checked here as well as in the route). `adherenceRule: null` goes back to ADHERENCE_RULE. */
export async function saveClinicAlertSettings(
  db: Db,
  viewer: Viewer,
  change: { thresholds: AlertThresholds; adherenceRule: AdherenceRule | null },
): Promise<boolean> {
  if (viewer.role !== "admin") return false;
  const data = {
    thresholds: { ...change.thresholds },
    adherenceRule: change.adherenceRule && formatAdherenceRule(change.adherenceRule),
    updatedAt: new Date(),
    updatedBy: `${viewer.name} (${viewer.email})`,
  };
  await db.alertSettings.upsert({ where: { scope: CLINIC }, create: { scope: CLINIC, ...data }, update: data });
  return true;
}

/** The patient's app account id, when the viewer may manage their alert rules (their clinician, an admin). */
async function manageablePatient(db: Db, viewer: Viewer, audience: Audience, asleepUserId: string): Promise<string | null> {
  if (viewer.role === "patient" || !canSee(audience, asleepUserId)) return null;
  const patient = await db.user.findUnique({ where: { asleepUserId }, select: { id: true } });
  return patient?.id ?? null;
}

export interface PatientAlertSettings {
  overrides: Partial<AlertThresholds>;
  clinic: AlertThresholds;
  effective: AlertThresholds;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** Overrides of one patient, with the clinic's defaults; null when the viewer may not manage them. */
export async function patientAlertSettings(db: Db, viewer: Viewer, audience: Audience, asleepUserId: string, fallbackRule: AdherenceRule): Promise<PatientAlertSettings | null> {
  const patientId = await manageablePatient(db, viewer, audience, asleepUserId);
  if (!patientId) return null;
  const [clinic, row] = await Promise.all([clinicAlertSettings(db, fallbackRule), db.alertSettings.findUnique({ where: { scope: patientId } })]);
  const parsed = alertOverridesSchema.safeParse(row?.thresholds ?? {});
  const overrides = parsed.success ? parsed.data : {};
  return { overrides, clinic: clinic.thresholds, effective: effectiveThresholds(clinic.thresholds, overrides), updatedAt: row?.updatedAt.toISOString() ?? null, updatedBy: row?.updatedBy ?? null };
}

/** Replaces the patient's overrides (empty: the clinic's rules apply); false when the viewer may not. */
export async function savePatientOverrides(db: Db, viewer: Viewer, audience: Audience, asleepUserId: string, overrides: Partial<AlertThresholds>): Promise<boolean> {
  const patientId = await manageablePatient(db, viewer, audience, asleepUserId);
  if (!patientId) return false;
  const data = { thresholds: { ...overrides }, updatedAt: new Date(), updatedBy: `${viewer.name} (${viewer.email})` };
  await db.alertSettings.upsert({ where: { scope: patientId }, create: { scope: patientId, patientId, ...data }, update: data });
  return true;
}

/** What the evaluator applies to a patient (no viewer: the server's own work). */
export async function thresholdsForPatient(db: Db, patientId: string, fallbackRule: AdherenceRule): Promise<{ thresholds: AlertThresholds; adherenceRule: AdherenceRule }> {
  const [clinic, row] = await Promise.all([clinicAlertSettings(db, fallbackRule), db.alertSettings.findUnique({ where: { scope: patientId } })]);
  const parsed = alertOverridesSchema.safeParse(row?.thresholds ?? {});
  return { thresholds: effectiveThresholds(clinic.thresholds, parsed.success ? parsed.data : {}), adherenceRule: clinic.adherenceRule };
}

// ── Alert e-mail, per clinician or admin ──

export const ALERT_EMAIL_MODES = ["off", "immediate", "digest"] as const;
export type AlertEmailMode = (typeof ALERT_EMAIL_MODES)[number];

/** A clinician's or admin's choice; false for a patient (who gets no alerts). */
export async function setAlertEmail(db: Db, viewer: Viewer, mode: AlertEmailMode): Promise<boolean> {
  if (viewer.role === "patient") return false;
  await db.user.update({ where: { id: viewer.accountId }, data: { alertEmail: mode } });
  return true;
}

export async function alertEmailOf(db: Db, viewer: Viewer): Promise<AlertEmailMode> {
  const row = await db.user.findUnique({ where: { id: viewer.accountId }, select: { alertEmail: true } });
  return (ALERT_EMAIL_MODES as readonly string[]).includes(row?.alertEmail ?? "") ? (row!.alertEmail as AlertEmailMode) : "off";
}
