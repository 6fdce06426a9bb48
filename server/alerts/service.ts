// Where alert work runs: job queue workers (server/jobs/queue.ts) for night evaluation, stale nights, the
// schedule (no data, adherence) and e-mail. Requests and the back-fill only enqueue (triggers below), so the
// webhook's acknowledgement never waits for rules or SMTP.

import type { AdherenceRule } from "@/lib/sleep/adherence";
import type { JobQueue } from "../jobs/queue";
import type { Db } from "../db/client";
import type { Live } from "../live/socket-server";
import type { Logger } from "../logger";
import { evaluateNight, evaluateSchedule, evaluateStaleNight, type EvaluationContext } from "./evaluate";
import { onAlertRaised } from "./events";
import { createMailer } from "./mail";
import { ALERT_JOBS } from "./triggers";

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
}

export async function startAlerts(o: AlertServiceOptions): Promise<{ stop(): void }> {
  const log = o.logger.child({ component: "alerts" });
  const ctx: EvaluationContext = { db: o.db, live: o.live, logger: log, adherenceFallback: o.adherenceFallback };
  // "short": one queued job per key, so a night evaluated twice in a row is queued once.
  await o.jobs.createQueue(ALERT_JOBS.night, { policy: "short", retryLimit: 5, retryDelay: 5, retryBackoff: true });
  await o.jobs.createQueue(ALERT_JOBS.stale, { policy: "short", retryLimit: 3, retryDelay: 10, retryBackoff: true });

  await o.jobs.work<{ sessionId: string }>(ALERT_JOBS.night, async ({ sessionId }) => void (await evaluateNight(ctx, sessionId)));
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
    unsubscribe = onAlertRaised(async (alert) => {
      await o.jobs.send(ALERT_JOBS.mail, { alertId: alert.id }, { retryLimit: 10, retryDelay: 30, retryBackoff: true });
    });
  } else {
    // Without SMTP_URL there is no e-mail: a digest scheduled by an earlier start must not linger.
    await o.jobs.boss.unschedule(ALERT_JOBS.digest).catch(() => {});
  }
  return {
    stop() {
      unsubscribe();
      closeMail();
    },
  };
}
