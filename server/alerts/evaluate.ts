// Applies the rules (lib/alerts/rules.ts) to what is stored, and raises what they find: once per cause (the
// alert table's unique key), pushed live to the patient's clinicians and admins, and announced to listeners
// (events.ts). Runs in job workers (service.ts), never in a request.

import { adherenceAlert, nightAlerts, noDataAlert, staleAlert, type RaisedAlert } from "@/lib/alerts/rules";
import { currentNightOf, nightOf, type AdherenceRule } from "@/lib/sleep/adherence";
import { nightStatistics } from "@/lib/sleep/statistics";
import { minutesShown } from "@/lib/sleep/shown";
import { zoneOrUtc } from "@/lib/time/zone";
import type { AlertView } from "@/lib/live/events";
import type { Db } from "../db/client";
import { hasUnresolved, raiseAlert } from "../data/alerts";
import { thresholdsForPatient } from "../data/alert-settings";
import { currentAdherence } from "../data/period";
import type { Live } from "../live/socket-server";
import type { Logger } from "../logger";
import { emitAlertRaised } from "./events";

export interface EvaluationContext {
  db: Db;
  live: Pick<Live, "publishAlert">;
  logger: Logger;
  /** ADHERENCE_RULE: the clinic's rule until an admin sets one. */
  adherenceFallback: AdherenceRule;
}

async function raise(ctx: EvaluationContext, patientId: string, alert: RaisedAlert): Promise<AlertView | null> {
  const view = await raiseAlert(ctx.db, patientId, alert);
  if (!view) return null;
  ctx.logger.info({ alertId: view.id, rule: view.rule, patientId }, "alert raised");
  ctx.live.publishAlert("alert:raised", view);
  await emitAlertRaised({ ...view, patientId }, (error) => ctx.logger.warn({ err: error, alertId: view.id }, "an alert listener failed"));
  return view;
}

async function patientOf(db: Db, asleepUserId: string) {
  return db.user.findUnique({ where: { asleepUserId }, select: { id: true, timezone: true, role: true } });
}

/** A night that completed or went Incomplete: the per-night rules. Returns the alerts newly raised. */
export async function evaluateNight(ctx: EvaluationContext, sessionId: string): Promise<AlertView[]> {
  const night = await ctx.db.sleepSession.findUnique({
    where: { id: sessionId },
    select: { id: true, userId: true, state: true, startTime: true, timezone: true, sleepStages: true },
  });
  if (!night || night.state === "OPEN" || !night.startTime) return [];
  const patient = await patientOf(ctx.db, night.userId);
  if (!patient) return [];
  const { thresholds } = await thresholdsForPatient(ctx.db, patient.id, ctx.adherenceFallback);
  const stats = nightStatistics(night.sleepStages);
  const zone = zoneOrUtc(night.timezone ?? patient.timezone);
  const found = nightAlerts(
    {
      sessionId: night.id,
      day: nightOf(night.startTime.getTime(), zone),
      incomplete: night.state === "INCOMPLETE",
      totalSleepSeconds: stats.totalSleepSeconds,
      sleepLatencySeconds: stats.sleepLatencySeconds,
      wasoSeconds: stats.wasoSeconds,
      wasoShownMinutes: minutesShown(stats).waso,
      epochCount: stats.epochCount,
    },
    thresholds,
  );
  const raised: AlertView[] = [];
  for (const alert of found) {
    const view = await raise(ctx, patient.id, alert);
    if (view) raised.push(view);
  }
  return raised;
}

/** A night still recording whose deliveries stopped (found by the back-fill worker). */
export async function evaluateStaleNight(ctx: EvaluationContext, sessionId: string): Promise<AlertView | null> {
  const night = await ctx.db.sleepSession.findUnique({ where: { id: sessionId }, select: { id: true, userId: true, state: true, startTime: true, timezone: true, createdAt: true } });
  if (!night || night.state !== "OPEN") return null;
  const patient = await patientOf(ctx.db, night.userId);
  if (!patient) return null;
  const last = await ctx.db.inference.aggregate({ where: { sessionId }, _max: { receivedAt: true } });
  const lastDeliveryMs = (last._max.receivedAt ?? night.createdAt).getTime();
  const zone = zoneOrUtc(night.timezone ?? patient.timezone);
  const { thresholds } = await thresholdsForPatient(ctx.db, patient.id, ctx.adherenceFallback);
  const alert = staleAlert({ sessionId, day: nightOf((night.startTime ?? night.createdAt).getTime(), zone), lastDeliveryMs, timezone: zone }, thresholds);
  return alert && raise(ctx, patient.id, alert);
}

/**
 * The scheduled rules, for every patient: no data for N nights, and adherence below the clinic's target (for
 * patients with at least one night: one with none is "no data"). Adherence raises only while no earlier
 * adherence alert of the patient is unresolved, so it is one alert until someone resolves it.
 */
export async function evaluateSchedule(ctx: EvaluationContext, now: Date): Promise<{ patients: number; raised: number }> {
  const patients = await ctx.db.user.findMany({ where: { role: "patient", asleepUserId: { not: null } }, select: { id: true, asleepUserId: true, timezone: true, createdAt: true } });
  let raised = 0;
  for (const patient of patients) {
    const asleepUserId = patient.asleepUserId!;
    const newest = await ctx.db.sleepSession.findFirst({ where: { userId: asleepUserId }, orderBy: { startTime: { sort: "desc", nulls: "last" } }, select: { startTime: true, createdAt: true, timezone: true } });
    const zone = zoneOrUtc(newest?.timezone ?? patient.timezone);
    const { thresholds, adherenceRule } = await thresholdsForPatient(ctx.db, patient.id, ctx.adherenceFallback);
    // With no night ever, the gap starts the night after the account was made.
    const lastNight = nightOf((newest ? (newest.startTime ?? newest.createdAt) : patient.createdAt).getTime(), zone);
    const noData = noDataAlert(lastNight, currentNightOf(now.getTime(), zone), thresholds);
    if (noData && (await raise(ctx, patient.id, noData))) raised++;
    if (newest && thresholds.lowAdherence && !(await hasUnresolved(ctx.db, patient.id, "low-adherence"))) {
      const a = await currentAdherence(ctx.db, { everyone: true }, asleepUserId, adherenceRule, now);
      const low = a && adherenceAlert(a, thresholds);
      if (low && (await raise(ctx, patient.id, low))) raised++;
    }
  }
  return { patients: patients.length, raised };
}
