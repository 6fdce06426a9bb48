// The outbound service of one app instance: compares changed nights with what they announced, and
// sends deliveries when the job queue hands them over. Every instance runs one; the database decides
// who does what (the night's outbound_night row lock, the delivery's claim), so several instances never
// send one attempt twice.
//
// Jobs: `outbound-deliver` { deliveryId } — one attempt. A failed attempt schedules the next as a new job
// (startAfter = its next attempt); a settled delivery wakes the next one in its night's line. The sweep
// (every OUTBOUND_SWEEP_MS) compares nights a lost nudge missed, announces alerts whose announcement
// never ran, and wakes deliveries whose job was lost or whose sender stopped mid-send.
//
// No endpoint waits on another. The job only hands the delivery to its endpoint's lane in this
// instance and returns: the queue's worker never waits on a receiver. Each lane runs up to
// PER_ENDPOINT_ATTEMPTS attempts at once, lanes side by side, so a silent receiver (30 s per attempt)
// holds up only its own events; a night's events still go in order (the claim's rule). A receiver that
// answers 429 or 503 with Retry-After pauses its own lane on this instance until then; one that
// answers 410 Gone is turned off (Standard Webhooks), with the reason shown to admins.

import type { DestinationPolicy } from "@/lib/outbound/endpoint-url";
import { DEFAULT_STAGE_DEBOUNCE_MS } from "@/lib/outbound/events";
import { DEFAULT_RETRY_BASE_MS, isGone, nextRetryDelayMs, retryAfterMs } from "@/lib/outbound/retry";
import type { Db } from "../db/client";
import type { JobQueue } from "../jobs/queue";
import type { Logger } from "../logger";
import { claimDelivery, deliveryEndpointId, nextInLine, overdueDeliveries, recordAttempt, releaseDelivery } from "../data/outbound-deliveries";
import { GONE_REASON, anyEndpointEnabled, disableEndpoint, signingSecrets } from "../data/outbound-endpoints";
import { onAlertRaised } from "../alerts/events";
import { alertsToAnnounce, announceAlert } from "./alerts";
import { announceNight, nightsToCompare } from "./nights";
import { onNightsChanged } from "./nudge";
import { setDeliveryWaker } from "./publish";
import { sendMessage } from "./send";

export const DELIVER_JOB = "outbound-deliver";

export interface DeliverJob {
  deliveryId: string;
}

/** What the service needs of the job queue (server/jobs/). */
export interface OutboundJobs {
  /** Queues one attempt of a delivery, to run at `startAfter` (now when absent). */
  send(job: DeliverJob, startAfter?: Date): Promise<void>;
}

export interface OutboundOptions {
  db: Db;
  logger: Logger;
  jobs: OutboundJobs;
  /** OUTBOUND_RETRY_BASE_MS: the first retry's wait (30 s); each next one doubles. */
  retryBaseMs?: number;
  /** OUTBOUND_STAGE_DEBOUNCE_MS: at most one night.stage_changed per night per this (15 min). */
  stageDebounceMs?: number;
  /** OUTBOUND_SWEEP_MS: how often lost nudges and lost jobs are looked for (30 s). */
  sweepMs?: number;
  /** OUTBOUND_ALLOW_LOOPBACK: where deliveries may connect (lib/outbound/endpoint-url.ts). */
  policy: DestinationPolicy;
}

/**
 * A sender that stopped mid-attempt holds its delivery this long; then it is tried again. Longer than
 * an attempt may take (SEND_TIMEOUT_MS, 30 s) with room for recording its outcome.
 */
const LEASE_MS = 90_000;
/**
 * Attempts at once to one endpoint from one instance. More than one, so a night's events do not wait
 * for another night's to a slow receiver; few, so a receiver's burst of nights (7 am) is not 500
 * connections at once.
 */
export const PER_ENDPOINT_ATTEMPTS = 4;
/** When stopping, attempts under way get this long to finish; the rest are released, owed as before. */
const STOP_GRACE_MS = 5_000;
/** A 429 or 503 pauses its endpoint's lane until its Retry-After, or this long without one. */
const THROTTLE_MS = 1_000;
/** Nights updated longer ago than this are not compared by the sweep (nothing owed can be that old). */
const SWEEP_WINDOW_MS = 3 * 24 * 3600_000;
const SWEEP_BATCH = 200;
/** Overdue deliveries the sweep wakes per endpoint and round: one endpoint's backlog never hides another's. */
const SWEEP_BATCH_PER_ENDPOINT = 50;

export interface OutboundService {
  /** The `outbound-deliver` job handler: one attempt, idempotent (a duplicate job finds nothing to claim). */
  deliver(job: DeliverJob): Promise<void>;
  /** One sweep, now (tests and the periodic timer). */
  sweep(): Promise<void>;
  /** Compares these nights now (the nudge does this later in the event loop). */
  announce(sessionIds: string[]): Promise<void>;
  stop(): Promise<void>;
}

export function startOutbound(o: OutboundOptions): OutboundService {
  const { db, logger, jobs } = o;
  const log = logger.child({ room: "outbound" });
  const retryBaseMs = o.retryBaseMs ?? DEFAULT_RETRY_BASE_MS;
  const debounceMs = o.stageDebounceMs ?? DEFAULT_STAGE_DEBOUNCE_MS;
  const sweepMs = o.sweepMs ?? 30_000;
  let stopped = false;
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => {});
    return p;
  };

  const wake = (ids: bigint[], startAfter?: Date) =>
    Promise.all(ids.map((id) => jobs.send({ deliveryId: id.toString() }, startAfter))).then(() => undefined);

  // Nudged nights are compared one at a time, in the order nudged, after the ingest that nudged returned.
  const pending = new Set<string>();
  let draining: Promise<void> | null = null;
  const drain = async () => {
    // Most clinics register no endpoint: then a night's changes owe nothing, and one cheap look per
    // drained batch spares every ingest the comparison's transaction. An endpoint registered later
    // hears of each night from its next change on (nightsToCompare says why).
    if (!(await anyEndpointEnabled(db).catch(() => true))) pending.clear();
    while (pending.size > 0 && !stopped) {
      const id = pending.values().next().value!;
      pending.delete(id);
      await announceOne(id);
    }
    draining = null;
  };
  const announceOne = async (id: string) => {
    try {
      const ids = await announceNight(db, id, new Date(), debounceMs);
      if (ids.length > 0) await wake(ids);
    } catch (error) {
      // The sweep compares it again.
      log.warn({ sessionId: id, err: (error as Error).message }, "outbound: night not compared; the sweep will retry");
    }
  };
  onNightsChanged(db, (ids) => {
    if (stopped) return;
    for (const id of ids) pending.add(id);
    draining ??= track(new Promise<void>((resolve) => setImmediate(resolve)).then(drain));
  });
  // alert.raised: the alerts room's emitter, in the process that stored the alert, after its commit.
  const unsubscribeAlerts = onAlertRaised(async (alert) => {
    if (!stopped) await track(announceAlertOnce(alert.id));
  });
  const announceAlertOnce = async (id: string) => {
    try {
      const ids = await announceAlert(db, id);
      if (ids.length > 0) await wake(ids);
    } catch (error) {
      log.warn({ alertId: id, err: (error as Error).message }, "outbound: alert not announced; the sweep will retry");
    }
  };
  setDeliveryWaker(db, (ids) => void track(wake(ids)).catch((error) => log.warn({ err: (error as Error).message }, "outbound: wake failed; the sweep will retry")));

  // ── Lanes: one per endpoint with work in this instance ──────────────────────────────────────────
  interface Lane {
    running: number;
    /** Deliveries handed over and not yet started, in order, each once. */
    waiting: Set<bigint>;
    /** No attempt starts before this (a receiver's Retry-After). */
    pausedUntil: number;
    timer?: NodeJS.Timeout;
  }
  const lanes = new Map<string, Lane>();
  const stopping = new AbortController();

  const handOver = (endpointId: string, id: bigint) => {
    let lane = lanes.get(endpointId);
    if (!lane) lanes.set(endpointId, (lane = { running: 0, waiting: new Set(), pausedUntil: 0 }));
    lane.waiting.add(id);
    pump(endpointId, lane);
  };
  const pump = (endpointId: string, lane: Lane) => {
    if (stopped) return;
    const wait = lane.pausedUntil - Date.now();
    if (wait > 0 && lane.waiting.size > 0) {
      lane.timer ??= setTimeout(() => {
        lane.timer = undefined;
        pump(endpointId, lane);
      }, wait);
      return;
    }
    while (wait <= 0 && lane.running < PER_ENDPOINT_ATTEMPTS && lane.waiting.size > 0) {
      const id = lane.waiting.values().next().value!;
      lane.waiting.delete(id);
      lane.running++;
      void track(attempt(id, lane))
        .catch((error) => log.warn({ deliveryId: id.toString(), err: (error as Error).message }, "outbound: attempt not recorded; the sweep will retry"))
        .finally(() => {
          lane.running--;
          pump(endpointId, lane);
        });
    }
    // Idle and not paused: forgotten (a pause outlives it only while something waits).
    if (lane.running === 0 && lane.waiting.size === 0 && !lane.timer && wait <= 0) lanes.delete(endpointId);
  };

  /** The job: hands the delivery to its endpoint's lane, and returns without waiting for the receiver. */
  async function deliver(job: DeliverJob): Promise<void> {
    if (stopped) return;
    const id = BigInt(job.deliveryId);
    const endpointId = await deliveryEndpointId(db, id);
    if (endpointId) handOver(endpointId, id);
  }

  async function attempt(id: bigint, lane: Lane): Promise<void> {
    if (stopped) return;
    const claimed = await claimDelivery(db, id, LEASE_MS);
    if (!claimed) return;
    const result = await sendMessage(claimed.endpoint.url, signingSecrets(claimed.endpoint, Date.now()), claimed.event, { policy: o.policy, signal: stopping.signal });
    if (result.interrupted) {
      await releaseDelivery(db, claimed);
      return;
    }
    const now = Date.now();
    const asked = result.status !== null ? retryAfterMs(result.retryAfter, now) : null;
    const delay = result.delivered ? null : nextRetryDelayMs(claimed.attempts, retryBaseMs, asked);
    const retryAt = delay === null ? null : new Date(now + delay);
    await recordAttempt(db, claimed, { ...result, retryAt });
    const gone = result.status !== null && isGone(result.status);
    log.info(
      { deliveryId: id.toString(), type: claimed.event.type, endpointId: claimed.endpoint.id, attempt: claimed.attempts, status: result.status, error: result.error, delivered: result.delivered, retryAt },
      result.delivered ? "outbound event delivered" : retryAt ? "outbound event not delivered: will retry" : "outbound event given up",
    );
    if (gone && (await disableEndpoint(db, claimed.endpoint.id, GONE_REASON))) {
      log.warn({ endpointId: claimed.endpoint.id, url: claimed.endpoint.url }, "outbound endpoint turned off: its receiver answered 410 Gone");
    }
    // Throttled: this endpoint's lane waits as asked (the delivery's own retry already does).
    if (result.status === 429 || result.status === 503) lane.pausedUntil = Math.max(lane.pausedUntil, now + (asked ?? THROTTLE_MS));
    if (retryAt) {
      await jobs.send({ deliveryId: id.toString() }, retryAt);
      return;
    }
    // Settled: the next in its line may go now.
    const next = await nextInLine(db, id);
    if (next) await jobs.send({ deliveryId: next.id.toString() }, next.nextAttemptAt > new Date() ? next.nextAttemptAt : undefined);
  }

  async function sweep(): Promise<void> {
    for (const id of await nightsToCompare(db, SWEEP_WINDOW_MS, SWEEP_BATCH)) {
      if (stopped) return;
      await announceOne(id);
    }
    for (const id of await alertsToAnnounce(db, SWEEP_WINDOW_MS, SWEEP_BATCH)) {
      if (stopped) return;
      await announceAlertOnce(id);
    }
    // Overdue: its attempt is due since two sweeps at least (its job should have run by then).
    const overdue = await overdueDeliveries(db, Math.max(2 * sweepMs, 2000), SWEEP_BATCH_PER_ENDPOINT);
    if (overdue.length > 0) {
      log.info({ count: overdue.length }, "outbound: waking overdue deliveries");
      await wake(overdue);
    }
  }

  let sweeping: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (sweeping || stopped) return;
    sweeping = track(sweep())
      .catch((error) => log.warn({ err: (error as Error).message }, "outbound sweep failed"))
      .finally(() => {
        sweeping = null;
      });
  }, sweepMs);
  timer.unref();

  return {
    deliver,
    sweep,
    announce: async (ids) => {
      for (const id of ids) await announceOne(id);
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      onNightsChanged(db, undefined);
      unsubscribeAlerts();
      setDeliveryWaker(db, undefined);
      for (const lane of lanes.values()) clearTimeout(lane.timer);
      lanes.clear();
      // Attempts under way may finish; past the grace they are cut short and released, owed as before.
      const grace = setTimeout(() => stopping.abort(), STOP_GRACE_MS);
      await Promise.allSettled([...inFlight]);
      clearTimeout(grace);
    },
  };
}

/**
 * The service on the app's job queue (server/jobs/): `outbound-deliver` jobs carry one attempt each.
 * The queue's own retries (a few, seconds apart) cover a handler that failed on the database; the
 * receiver's failures are retried by the service, with its own backoff, as new jobs.
 */
export async function startOutboundOnQueue(queue: Pick<JobQueue, "send" | "work" | "createQueue">, options: Omit<OutboundOptions, "jobs">): Promise<OutboundService> {
  // `short`: at most one queued job per delivery (singletonKey). Waking a delivery that already has a
  // job waiting adds nothing, so the sweep and the nudges cannot pile up duplicates ahead of new work.
  await queue.createQueue(DELIVER_JOB, { policy: "short" });
  const service = startOutbound({
    ...options,
    jobs: {
      send: async (job, startAfter) => {
        await queue.send(DELIVER_JOB, job, { ...(startAfter ? { startAfter } : {}), singletonKey: job.deliveryId, retryLimit: 5, retryDelay: 5, retryBackoff: true });
      },
    },
  });
  // Polled every second for jobs other instances sent; one this instance sends is fetched at once (queue.ts).
  // The handler only hands the delivery to its endpoint's lane, so the worker never waits on a receiver.
  await queue.work<DeliverJob>(DELIVER_JOB, (data) => service.deliver(data), { pollingIntervalSeconds: 1 });
  return service;
}
