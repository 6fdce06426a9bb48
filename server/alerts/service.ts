// Where alert work runs: job queue workers (server/jobs/queue.ts) for night evaluation, stale nights, the
// schedule (no data, adherence) and e-mail. Requests and the back-fill only enqueue (triggers below), so the
// webhook's acknowledgement never waits for rules or SMTP.
//
// The job queued after a commit is the fast way, not the durable one: the night's change is counted in the
// same write (server/data/alerts.ts nightsOwedEvaluation), so a job lost to a crash, or never queued, is
// found by the sweep (at start, then every minute), as is an alert stored but not yet announced.

import type { AdherenceRule } from "@/lib/sleep/adherence";
import type { JobQueue } from "../jobs/queue";
import type { Db } from "../db/client";
import type { Live } from "../live/socket-server";
import type { Logger } from "../logger";
import { nightsOwedEvaluation, unannouncedAlerts } from "../data/alerts";
import { announce, evaluateNight, evaluateSchedule, evaluateStaleNight, evaluateStudies, type EvaluationContext } from "./evaluate";
import { onAlertRaised } from "./events";
import { createMailer } from "./mail";
import { ALERT_JOBS, enqueueNightEvaluation } from "./triggers";

/** How often the sweep looks for owed evaluations and unannounced alerts, and how old they must be. */
const SWEEP_MS = 60_000;
const SWEEP_BATCH = 500;

export interface AlertServiceOptions {
  jobs: JobQueue;
  db: Db;
  live: Pick<Live, "publishAlert">;
  logger: Logger;
  adherenceFallback: AdherenceRule;
  schedule: string;
  digestSchedule: string;
  timezone: string;
  mail?: { smtpUrl: string; from: string; appUrl: string };
  /**
   * A night that completed or went Incomplete, before its rules are marked evaluated: the morning
   * notification (server/push/service.ts) is queued from here, so the sweep that makes good a lost
   * evaluation makes good a lost notification too. Throwing fails the job, which is retried.
   */
  nightClosed?: (sessionId: string) => Promise<unknown>;
}

export async function startAlerts(o: AlertServiceOptions): Promise<{ stop(): void }> {
  const log = o.logger.child({ component: "alerts" });
  const ctx: EvaluationContext = { db: o.db, live: o.live, logger: log, adherenceFallback: o.adherenceFallback };
  // "short": one queued job per key, so a night evaluated twice in a row is queued once.
  await o.jobs.createQueue(ALERT_JOBS.night, { policy: "short", retryLimit: 5, retryDelay: 5, retryBackoff: true });
  await o.jobs.createQueue(ALERT_JOBS.stale, { policy: "short", retryLimit: 3, retryDelay: 10, retryBackoff: true });

  await o.jobs.work<{ sessionId: string }>(ALERT_JOBS.night, async ({ sessionId }) => {
    await o.nightClosed?.(sessionId);
    await evaluateNight(ctx, sessionId);
  });
  await o.jobs.createQueue(ALERT_JOBS.studies, { policy: "short", retryLimit: 5, retryDelay: 5, retryBackoff: true });
  await o.jobs.work<{ asleepUserId: string }>(ALERT_JOBS.studies, async ({ asleepUserId }) => void (await evaluateStudies(ctx, new Date(), asleepUserId)));
  await o.jobs.work<{ sessionId: string }>(ALERT_JOBS.stale, async ({ sessionId }) => void (await evaluateStaleNight(ctx, sessionId)));
  await o.jobs.work(ALERT_JOBS.schedule, async () => {
    const figures = await evaluateSchedule(ctx, new Date());
    log.info(figures, "scheduled alert rules evaluated");
  });
  // "off": the rules that need no delivery (no data, adherence) run on no schedule, cluster-wide.
  if (o.schedule === "off") await o.jobs.boss.unschedule(ALERT_JOBS.schedule).catch(() => {});
  else await o.jobs.schedule(ALERT_JOBS.schedule, o.schedule, {}, { tz: o.timezone });

  let unsubscribe = () => {};
  let closeMail = () => {};
  if (o.mail) {
    const mailer = createMailer({ db: o.db, timezone: o.timezone, ...o.mail });
    closeMail = () => mailer.close();
    await o.jobs.work<{ alertId: string }>(ALERT_JOBS.mail, async ({ alertId }) => {
      const sent = await mailer.sendAlert(alertId);
      if (sent) log.info({ alertId, sent }, "alert e-mailed");
    });
    await o.jobs.work(ALERT_JOBS.digest, async () => {
      const sent = await mailer.sendDigests(new Date());
      log.info({ sent }, "alert digests e-mailed");
    });
    if (o.digestSchedule === "off") await o.jobs.boss.unschedule(ALERT_JOBS.digest).catch(() => {});
    else await o.jobs.schedule(ALERT_JOBS.digest, o.digestSchedule, {}, { tz: o.timezone });
    // Retried with backoff while the SMTP server is down; a day's worth of tries, then it stays failed.
    // The job's id is the alert's: an alert announced again (the sweep, after a crash) queues no second e-mail.
    unsubscribe = onAlertRaised(async (alert) => {
      await o.jobs.send(ALERT_JOBS.mail, { alertId: alert.id }, { id: alert.id, retryLimit: 10, retryDelay: 30, retryBackoff: true });
    });
  } else {
    // Without SMTP_URL there is no e-mail: a digest scheduled by an earlier start must not linger.
    await o.jobs.boss.unschedule(ALERT_JOBS.digest).catch(() => {});
  }

  // What a crash (or a queue that refused a job) left undone: at start everything owed, then what is owed
  // for longer than a sweep (younger work is likely still in hand).
  const sweep = async (graceMs: number) => {
    const nights = await nightsOwedEvaluation(o.db, graceMs, SWEEP_BATCH);
    for (const id of nights) await enqueueNightEvaluation(o.jobs, id);
    const alerts = await unannouncedAlerts(o.db, graceMs, SWEEP_BATCH);
    for (const { patientId, ...view } of alerts) await announce(ctx, view, patientId);
    if (nights.length + alerts.length > 0) log.info({ nights: nights.length, alerts: alerts.length }, "alert sweep: owed evaluations queued, unannounced alerts announced");
  };
  let sweeping: Promise<void> | null = null;
  const sweepNow = (graceMs: number) => {
    sweeping ??= sweep(graceMs)
      .catch((error: Error) => log.warn({ err: error.message }, "alert sweep failed; the next one tries again"))
      .finally(() => (sweeping = null));
  };
  sweepNow(0);
  const timer = setInterval(() => sweepNow(SWEEP_MS), SWEEP_MS);
  timer.unref();

  return {
    stop() {
      clearInterval(timer);
      unsubscribe();
      closeMail();
    },
  };
}
