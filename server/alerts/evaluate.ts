// Applies the rules (lib/alerts/rules.ts) to what is stored, and raises what they find: once per cause (the
// alert table's unique key), pushed live to the patient's clinicians and admins, and announced to listeners
// (events.ts). Runs in job workers (service.ts), never in a request.
//
// Exactly once, across crashes: a night owes an evaluation from the write that changed it (its
// alert_changes), and is marked evaluated only once its alerts are stored and announced; an alert is
// stored once whatever races (the unique key) and marked announced once announced. What a crash cuts
// short is done again by the sweep (service.ts): at least once, and idempotent, so once in effect.

import { adherenceAlert, nightAlerts, noDataAlert, staleAlert, studyAlert, type RaisedAlert } from "@/lib/alerts/rules";
import { currentNightOf, nightOf, type AdherenceRule } from "@/lib/sleep/adherence";
import { dayOfDate } from "@/lib/sleep/enrolment";
import { nightStatistics } from "@/lib/sleep/statistics";
import { minutesShown } from "@/lib/sleep/shown";
import { bestZone } from "@/lib/time/night";
import { zoneOrUtc } from "@/lib/time/zone";
import type { AlertView } from "@/lib/live/events";
import type { Db } from "../db/client";
import { announced, hasUnresolved, nightEvaluated, raiseAlert } from "../data/alerts";
import { thresholdsForPatient } from "../data/alert-settings";
import { currentAdherence } from "../data/period";
import { decideStudy, undecidedStudies } from "../data/studies";
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
  await announce(ctx, view, patientId);
  return view;
}

/**
 * Live to the inboxes, then to the listeners (e-mail, outbound); then marked announced, unless a listener
 * failed (its e-mail job not queued, say): then the sweep announces it again.
 */
export async function announce(ctx: EvaluationContext, view: AlertView, patientId: string): Promise<void> {
  ctx.live.publishAlert("alert:raised", view);
  let failed = false;
  await emitAlertRaised({ ...view, patientId }, (error) => {
    failed = true;
    ctx.logger.warn({ err: error, alertId: view.id }, "an alert listener failed; the alert sweep announces it again");
  });
  if (!failed) await announced(ctx.db, view.id);
}

async function patientOf(db: Db, asleepUserId: string) {
  return db.user.findUnique({ where: { asleepUserId }, select: { id: true, timezone: true, role: true } });
}

/**
 * A night that completed or went Incomplete: the per-night rules. Returns the alerts newly raised. Then
 * the night is marked evaluated as of the change it was read at (a later change stays owed).
 */
export async function evaluateNight(ctx: EvaluationContext, sessionId: string): Promise<AlertView[]> {
  const night = await ctx.db.sleepSession.findUnique({
    where: { id: sessionId },
    select: { id: true, userId: true, state: true, startTime: true, timezone: true, sleepStages: true, alertChanges: true },
  });
  if (!night) return [];
  const raised = await nightRules(ctx, night);
  // The night may decide a study of the patient (adequate, or failed as too few days are left).
  if (night.state !== "OPEN") raised.push(...(await evaluateStudies(ctx, new Date(), night.userId)));
  await nightEvaluated(ctx.db, night.id, night.alertChanges);
  return raised;
}

async function nightRules(
  ctx: EvaluationContext,
  night: { id: string; userId: string; state: string; startTime: Date | null; timezone: string | null; sleepStages: number[] },
): Promise<AlertView[]> {
  if (night.state === "OPEN" || !night.startTime) return [];
  const patient = await patientOf(ctx.db, night.userId);
  if (!patient) return [];
  const { thresholds } = await thresholdsForPatient(ctx.db, patient.id, ctx.adherenceFallback);
  const stats = nightStatistics(night.sleepStages);
  const zone = zoneOrUtc(bestZone({ night: night.timezone, account: patient.timezone })?.name);
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
  const zone = zoneOrUtc(bestZone({ night: night.timezone, account: patient.timezone })?.name);
  const { thresholds } = await thresholdsForPatient(ctx.db, patient.id, ctx.adherenceFallback);
  const alert = staleAlert({ sessionId, day: nightOf((night.startTime ?? night.createdAt).getTime(), zone), lastDeliveryMs, timezone: zone }, thresholds);
  return alert && raise(ctx, patient.id, alert);
}

/**
 * The scheduled rules, for every patient: no data for N nights, and adherence below the clinic's target (for
 * patients with at least one night: one with none is "no data"). Neither reaches before the patient's
 * enrolment day (lib/sleep/enrolment.ts): a window not yet complete is too early to tell and raises nothing.
 * Adherence raises only while no earlier adherence alert of the patient is unresolved, so it is one alert
 * until someone resolves it.
 */
export async function evaluateSchedule(ctx: EvaluationContext, now: Date): Promise<{ patients: number; raised: number }> {
  const patients = await ctx.db.user.findMany({ where: { role: "patient", asleepUserId: { not: null } }, select: { id: true, asleepUserId: true, timezone: true, enrolledOn: true } });
  let raised = 0;
  for (const patient of patients) {
    const asleepUserId = patient.asleepUserId!;
    const enrolledOn = dayOfDate(patient.enrolledOn);
    const newest = await ctx.db.sleepSession.findFirst({ where: { userId: asleepUserId }, orderBy: { startTime: { sort: "desc", nulls: "last" } }, select: { startTime: true, createdAt: true, timezone: true } });
    const zone = zoneOrUtc(bestZone({ night: newest?.timezone, account: patient.timezone })?.name);
    const { thresholds, adherenceRule } = await thresholdsForPatient(ctx.db, patient.id, ctx.adherenceFallback);
    const lastNight = newest ? nightOf((newest.startTime ?? newest.createdAt).getTime(), zone) : null;
    const noData = noDataAlert(lastNight, currentNightOf(now.getTime(), zone), enrolledOn, thresholds);
    if (noData && (await raise(ctx, patient.id, noData))) raised++;
    if (newest && thresholds.lowAdherence && !(await hasUnresolved(ctx.db, patient.id, "low-adherence"))) {
      const a = await currentAdherence(ctx.db, { everyone: true }, asleepUserId, adherenceRule, now);
      const low = a && adherenceAlert(a, thresholds);
      if (low && (await raise(ctx, patient.id, low))) raised++;
    }
  }
  raised += (await evaluateStudies(ctx, now)).length;
  return { patients: patients.length, raised };
}

/**
 * Multi-night studies not yet decided (of one patient, or everyone's): each judged now (lib/sleep/study.ts),
 * and one that turned adequate or failed is stored so and raises its alert, once (the study's id is the
 * cause). Runs after a night (evaluateNight), when a study is ordered, and on the schedule, so a deadline
 * passes even when no night arrives.
 */
export async function evaluateStudies(ctx: EvaluationContext, now: Date, asleepUserId?: string): Promise<AlertView[]> {
  const raised: AlertView[] = [];
  for (const id of await undecidedStudies(ctx.db, asleepUserId)) {
    const decided = await decideStudy(ctx.db, id, now);
    if (!decided?.newlyDecided || !decided.patientId || !decided.study.decided) continue;
    const { study } = decided;
    ctx.logger.info({ studyId: id, outcome: study.decided!.outcome }, "study decided");
    const view = await raise(ctx, decided.patientId, studyAlert({ id, outcome: study.decided!.outcome, statusLine: study.statusLine, startDay: study.startDay, lastDay: study.lastDay }));
    if (view) raised.push(view);
  }
  return raised;
}
