// The back-fill: every BACKFILL_INTERVAL, find the open nights that went stale (no delivery for more
// than twice their usual cadence), claim them (one instance per night per round), ask Asleep's REST API
// for each, and store what went missing through the webhook's own schema and ingest, then push it live.
// Asleep failing, hanging or refusing is logged and retried later with a growing wait; it never stops
// the app. The embedded database has one connection, so a round is a few short queries plus one
// transaction per stored delivery.

import { randomUUID } from "node:crypto";
import type { CadenceBounds } from "@/lib/sleep/cadence";
import { EPOCH_SECONDS } from "@/lib/sleep/stages";
import type { Db } from "../db/client";
import { claimStaleNights, closeSilentNights, recordBackfillAttempt, type ClaimedNight } from "../data/backfill";
import type { Live } from "../live/socket-server";
import type { Logger } from "../logger";
import { ingestDelivery, type IngestResult } from "../webhook/ingest";
import { MAX_EPOCHS, parseAsleepWebhook } from "../webhook/schema";
import { fetchAsleepSession, type AsleepApi } from "./asleep-api";
import { missingDeliveries } from "./deliveries";

/** Longer than any night Asleep records: a night silent for that long is no longer polled. */
const MAX_SILENCE_MS = MAX_EPOCHS * EPOCH_SECONDS * 1000;
/** Nights back-filled per round per instance, and at once (Asleep's API is asked politely). */
const NIGHTS_PER_ROUND = 50;
const CONCURRENT_REQUESTS = 4;

export interface BackfillOptions {
  db: Db;
  live: Pick<Live, "publish">;
  logger: Logger;
  api: AsleepApi;
  intervalMs: number;
  bounds: CadenceBounds;
  /** Silent this long after its last delivery, an OPEN night is closed as INCOMPLETE. */
  incompleteAfterMs: number;
  /** Alert rules (server/alerts/triggers.ts): called to enqueue, never to evaluate in the round. */
  alerts?: {
    /** The night completed (back-filled) or was closed as Incomplete. */
    nightSettled(sessionId: string): Promise<void>;
    /** A night still recording is stale and the back-fill found nothing new for it. */
    nightStale(sessionId: string): Promise<void>;
  };
}

export interface BackfillWorker {
  /** Stops the timer, aborts requests to Asleep in flight, and waits for the round to end. */
  stop(): Promise<void>;
}

export interface RoundFigures {
  claimed: number;
  blocks: number;
  completed: number;
  failed: number;
  /** Nights closed as INCOMPLETE this round. */
  closed: number;
}

export function startBackfill(options: BackfillOptions): BackfillWorker {
  const { db, logger, intervalMs } = options;
  const log = logger.child({ component: "backfill" });
  const stopping = new AbortController();
  // A request to Asleep should not outlive its round, nor wait long for an API that is down.
  const timeoutMs = Math.min(10_000, Math.max(1_000, intervalMs));
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<RoundFigures> | undefined;

  const runOnce = async (): Promise<RoundFigures> => {
    const figures: RoundFigures = { claimed: 0, blocks: 0, completed: 0, failed: 0, closed: 0 };
    await closeSilent(figures);
    let nights: ClaimedNight[];
    try {
      nights = await claimStaleNights(db, { now: Date.now(), bounds: options.bounds, intervalMs, maxSilenceMs: MAX_SILENCE_MS, limit: NIGHTS_PER_ROUND });
    } catch (error) {
      log.warn({ err: (error as Error).message }, "back-fill round skipped: database unavailable");
      return figures;
    }
    figures.claimed = nights.length;
    for (let i = 0; i < nights.length && !stopping.signal.aborted; i += CONCURRENT_REQUESTS) {
      await Promise.all(nights.slice(i, i + CONCURRENT_REQUESTS).map((night) => backfillNight(night, figures)));
    }
    if (nights.length > 0) log.info(figures, "back-fill round done");
    return figures;
  };

  /** Nights the back-fill could not complete stop saying "Recording" after INCOMPLETE_AFTER of silence. */
  const closeSilent = async (figures: RoundFigures): Promise<void> => {
    try {
      const closed = await closeSilentNights(db, { now: Date.now(), afterMs: options.incompleteAfterMs });
      figures.closed = closed.length;
      for (const c of closed) {
        log.info({ sessionId: c.id, userId: c.userId, reason: c.reason }, "night closed as incomplete");
        options.live.publish({ outcome: "STORED", night: { sessionId: c.id, userId: c.userId, night: c.night, startTime: c.startTime, updatedAt: c.updatedAt } });
        await options.alerts?.nightSettled(c.id).catch((error: Error) => log.warn({ sessionId: c.id, err: error.message }, "could not enqueue the night's alert rules"));
      }
    } catch (error) {
      log.warn({ err: (error as Error).message }, "closing silent nights skipped: database unavailable");
    }
  };

  const backfillNight = async (night: ClaimedNight, figures: RoundFigures): Promise<void> => {
    const requestId = `backfill:${randomUUID()}`;
    const nlog = log.child({ requestId, sessionId: night.id, userId: night.userId });
    const started = performance.now();
    let lastChange: IngestResult | undefined;
    let stored = 0;
    let reached = false;
    // Asleep answered, but has no such session: nothing to fetch, and Asleep is not "unreachable".
    let notFound = false;
    try {
      const fetched = await withDeadline(timeoutMs, stopping.signal, (signal) => fetchAsleepSession(options.api, night.id, night.userId, signal));
      if (!fetched.ok && fetched.status === 404) {
        notFound = true;
        nlog.warn({ status: 404, failuresInARow: night.failures + 1 }, "back-fill: Asleep has no such session; asking again later");
        return;
      }
      if (!fetched.ok) {
        figures.failed++;
        nlog.warn({ status: fetched.status, reason: fetched.reason, failuresInARow: night.failures + 1 }, "back-fill: Asleep did not give the night; trying later");
        return;
      }
      reached = true;
      const missing = missingDeliveries(fetched.report, night);
      if (missing.kind === "not-ready") {
        nlog.info("back-fill: Asleep has closed the night but its report is not ready; trying later");
        return;
      }
      const bodies = missing.kind === "complete" ? [missing.body] : missing.bodies;
      for (const body of bodies) {
        const parsed = parseAsleepWebhook(body, night.userId);
        if (!parsed.ok) {
          nlog.warn({ issues: parsed.issues.map((i) => `${i.path}: ${i.message}`).slice(0, 5) }, "back-fill: Asleep's answer does not make a valid delivery");
          figures.failed++;
          return;
        }
        const result = await ingestDelivery(db, parsed.delivery, { requestId, body, receivedAt: new Date(), source: "backfill" });
        if (result.outcome === "STORED") stored++;
        if (result.night) lastChange = result;
      }
      if (missing.kind === "complete" && stored > 0) figures.completed++;
      else figures.blocks += stored;
      nlog.info({ kind: missing.kind, stored, ms: Math.round(performance.now() - started) }, stored > 0 ? "back-fill: night brought up to date" : "back-fill: nothing new at Asleep");
    } catch (error) {
      figures.failed++;
      nlog.warn({ err: (error as Error).message }, "back-fill: could not store the night; trying later");
    } finally {
      // Each update carries the whole night, so the last one is enough for every browser; blocks stored
      // before a failure are pushed too.
      if (lastChange) options.live.publish(lastChange);
      const enqueued =
        lastChange?.night && lastChange.night.night.state !== "OPEN"
          ? options.alerts?.nightSettled(night.id)
          : stored === 0
            ? options.alerts?.nightStale(night.id)
            : undefined;
      await enqueued?.catch((error: Error) => nlog.warn({ err: error.message }, "back-fill: could not enqueue alert rules"));
      const outcome = stored > 0 ? "fruitful" : reached ? "nothing-new" : notFound ? "not-found" : "unreachable";
      await recordBackfillAttempt(db, night, outcome).catch((error: Error) => nlog.warn({ err: error.message }, "back-fill: could not record the attempt"));
    }
  };

  const schedule = () => {
    timer = setTimeout(() => {
      current = runOnce();
      void current
        .catch((error: Error) => log.error({ err: error.message }, "back-fill round failed"))
        .finally(() => {
          current = undefined;
          if (!stopping.signal.aborted) schedule();
        });
    }, intervalMs);
  };
  schedule();
  log.info({ intervalMs, api: options.api.baseUrl }, "back-fill started");

  return {
    async stop() {
      stopping.abort();
      clearTimeout(timer);
      await current;
    },
  };
}

/**
 * Runs `work` with a signal aborted after `ms` or when `stop` aborts. A plain controller and timer
 * rather than AbortSignal.any(AbortSignal.timeout(…)), whose timers Node 20 can lose to garbage collection.
 */
async function withDeadline<T>(ms: number, stop: AbortSignal, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException("no answer in time", "TimeoutError")), ms);
  const onStop = () => controller.abort(new DOMException("stopping", "AbortError"));
  stop.addEventListener("abort", onStop, { once: true });
  try {
    return await work(controller.signal);
  } finally {
    clearTimeout(timer);
    stop.removeEventListener("abort", onStop);
  }
}
