// The morning notification (issue 25 §6): Web Push to a sleeper's browsers when a night completes
// ("Your sleep report is ready") or is closed as Incomplete ("Your recording stopped at 02:10"), in the
// sleeper's account language (the "Push" namespace), read when the message is sent.
//
// Where it starts: the alerts room's night evaluation (server/alerts/service.ts), the job every night
// that completes or goes Incomplete gets after its commit, and that its sweep queues again when it was
// lost; the webhook only enqueues that job, so it answers as fast as before. From there, one durable
// job per subscription (`push-night`), retried with backoff while the push service fails (10 tries
// over about 8.5 hours), each with an id made of subscription, night and kind, so a night evaluated
// twice queues no second message. A night's kind is marked queued (push_night) once its jobs are
// sent, and never queued again. A push service that answers 404 or 410 says the browser's subscription
// is gone: its row is removed.

import { createHash } from "node:crypto";
import type { DestinationPolicy } from "@/lib/outbound/endpoint-url";
import { isNotifiable, nightPushMessage, type NightPushKind } from "@/lib/push/message";
import { nightEndMs } from "@/lib/time/night";
import type { Db } from "../db/client";
import { accountLocale, translatorFor } from "../i18n/translator";
import type { JobQueue } from "../jobs/queue";
import type { Logger } from "../logger";
import {
  markNightPushQueued,
  nightForPush,
  nightPushQueued,
  removeExpiredSubscription,
  subscriptionForSending,
  subscriptionsOfSleeper,
} from "../data/push-subscriptions";
import { sendPush, type VapidConfig } from "./send";

export const PUSH_JOB = "push-night";

export interface PushJob {
  subscriptionId: string;
  sessionId: string;
  kind: NightPushKind;
}

export interface PushServiceOptions {
  jobs: Pick<JobQueue, "send" | "work" | "createQueue">;
  db: Db;
  logger: Logger;
  vapid: VapidConfig;
  /** OUTBOUND_ALLOW_LOOPBACK: where push services may be (the outbound rules). */
  policy: DestinationPolicy;
}

export interface PushService {
  /** A night that completed or went Incomplete: queues its notification to each of its sleeper's browsers, once. */
  queueNight(sessionId: string): Promise<number>;
}

/** pg-boss job ids are UUIDs: one made of what the message is, so the same message is queued once. */
function jobId(job: PushJob): string {
  const h = createHash("sha256").update(`${job.subscriptionId}\n${job.sessionId}\n${job.kind}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const endOf = (night: NonNullable<Awaited<ReturnType<typeof nightForPush>>>) =>
  nightEndMs({ open: night.state === "OPEN", startTime: night.startTime?.toISOString() ?? null, endTime: night.endTime?.toISOString() ?? null, epochs: night.epochs });

export async function startPush(o: PushServiceOptions): Promise<PushService> {
  const log = o.logger.child({ room: "push" });
  await o.jobs.createQueue(PUSH_JOB, { policy: "standard", retryLimit: 10, retryDelay: 30, retryBackoff: true });

  await o.jobs.work<PushJob>(PUSH_JOB, async (job) => {
    const sub = await subscriptionForSending(o.db, job.subscriptionId);
    const night = await nightForPush(o.db, job.sessionId);
    // Turned off, or the account disabled, since it was queued; or the night was erased.
    if (!sub || !night || sub.user.asleepUserId !== night.userId) return;
    const locale = accountLocale(sub.user.locale);
    const message = nightPushMessage(
      { kind: job.kind, sessionId: night.id, endedAtMs: endOf(night), accountZone: sub.user.timezone, nightZone: night.timezone, nowMs: Date.now(), locale },
      translatorFor(locale, "Push"),
    );
    const result = await sendPush(sub, JSON.stringify(message), o.vapid, o.policy);
    const fields = { subscriptionId: sub.id, sessionId: night.id, kind: job.kind, status: result.status, error: result.error };
    if (result.status !== null && result.status >= 200 && result.status < 300) return void log.info(fields, "push: morning notification sent");
    if (result.status === 404 || result.status === 410) {
      await removeExpiredSubscription(o.db, sub.id, sub.endpoint);
      return void log.info(fields, "push: the browser's subscription is gone (404/410): removed");
    }
    // The endpoint is no longer allowed, or the push service refuses this message for good (400, 403,
    // 413): trying again sends the same thing. Anything else (no answer, 429, 5xx) is retried.
    if (result.error?.startsWith("refused") || (result.status !== null && result.status >= 400 && result.status < 500 && result.status !== 429)) {
      return void log.warn(fields, "push: not sent, and not retried");
    }
    throw new Error(`push service answered ${result.status ?? result.error}: will retry`);
  });

  return {
    async queueNight(sessionId) {
      const night = await nightForPush(o.db, sessionId);
      if (!night || night.state === "OPEN") return 0;
      const kind: NightPushKind = night.state === "COMPLETE" ? "completed" : "incomplete";
      if (!isNotifiable(endOf(night), Date.now()) || (await nightPushQueued(o.db, sessionId, kind))) return 0;
      const subscriptions = await subscriptionsOfSleeper(o.db, night.userId);
      for (const subscriptionId of subscriptions) {
        const job: PushJob = { subscriptionId, sessionId, kind };
        await o.jobs.send(PUSH_JOB, job, { id: jobId(job) });
      }
      await markNightPushQueued(o.db, sessionId, kind);
      if (subscriptions.length > 0) log.info({ sessionId, kind, browsers: subscriptions.length }, "push: morning notification queued");
      return subscriptions.length;
    },
  };
}
