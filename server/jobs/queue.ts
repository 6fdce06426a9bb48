// The job queue: pg-boss 10 on the app's own PostgreSQL — a server (DATABASE_URL) or the embedded PGlite.
//
// API (everything else in the app uses only this):
//
//   const jobs = await startJobQueue({ connectionString: url, logger });   // PostgreSQL server: pg-boss's own pool
//   const jobs = await startJobQueue({ pool: appPool, logger });            // embedded PGlite: the app's one connection
//
//   await jobs.work<{ sessionId: string }>("alerts-evaluate-night", async (data, job) => { ... });
//       One handler per instance; each job runs on ONE instance of the cluster (FOR UPDATE SKIP LOCKED).
//       A handler that throws fails the job, which is retried per its retry options; after the last retry it stays
//       `failed` in pgboss.job (and goes to `deadLetter` if given). At-least-once: handlers must be idempotent.
//   await jobs.send("alerts-evaluate-night", { sessionId }, { singletonKey: sessionId, retryLimit: 5, retryDelay: 10, retryBackoff: true });
//       Options pass straight to pg-boss (SendOptions): retryLimit, retryDelay (s), retryBackoff (exponential from
//       retryDelay), startAfter, singletonKey, singletonSeconds, expireInSeconds, priority, deadLetter.
//       singletonKey is per the queue's policy: `short` — one queued job per key; `singleton` — one active job per key
//       (per-key ordering); `stately` — one queued and one active per key; `standard` — with singletonSeconds, one job
//       per key per slot. Returns the job id, or null when such a rule dropped it as a duplicate. A job for now
//       is fetched at once by this instance's worker of that queue, if it has one (others poll).
//   await jobs.createQueue("webhook-deliver", { policy: "stately", retryLimit: 8, retryBackoff: true });
//       Optional: queue-wide defaults and policy (pg-boss Queue). send/work/schedule create a standard queue otherwise.
//   await jobs.schedule("alerts-no-data", "*/15 * * * *", {}, { tz: "UTC" });
//       Cron (minute granularity): fires once per cluster per slot, whichever instance's clock monitor gets there first.
//   await jobs.stop();   // graceful: no new jobs fetched, waits up to 10 s for running handlers
//
// Names: letters, digits, '-', '_' (pg-boss 10 partitions one table per queue).
//
// Why the embedded database shares the app's pool: PGlite is one PostgreSQL session behind pglite-socket, which
// multiplexes its connections onto that session message by message. The app keeps to one connection so no two
// transactions interleave (server/db/client.ts); pg-boss goes through the same connection via its `db` adapter,
// and runs its statements between the app's. Its multi-statement SQL (no parameters) goes as a simple query.

import type pg from "pg";
import PgBoss from "pg-boss";
import type { Logger } from "../logger";

export type SendOptions = PgBoss.SendOptions;
export type ScheduleOptions = PgBoss.ScheduleOptions;
export type QueueOptions = Omit<PgBoss.Queue, "name">;
export type Job<T> = PgBoss.Job<T>;
export type JobHandler<T> = (data: T, job: Job<T>) => Promise<void>;

export interface JobQueue {
  send<T extends object>(name: string, data: T, options?: SendOptions): Promise<string | null>;
  work<T extends object>(name: string, handler: JobHandler<T>, options?: { pollingIntervalSeconds?: number }): Promise<void>;
  schedule(name: string, cron: string, data?: object, options?: ScheduleOptions): Promise<void>;
  createQueue(name: string, options?: QueueOptions): Promise<void>;
  stop(): Promise<void>;
  /** The pg-boss instance, for what this API does not cover (tests read job states through it). */
  readonly boss: PgBoss;
}

export interface JobQueueOptions {
  /** A PostgreSQL server: pg-boss opens a small pool of its own. */
  connectionString?: string;
  /** The embedded PGlite: the app's pool (one connection). */
  pool?: pg.Pool;
  logger: Logger;
  /** How often an idle worker asks for work (s). Lowered by tests. */
  pollingIntervalSeconds?: number;
  /** How often the cron monitor looks for due schedules (s). Lowered by tests. */
  cronIntervalSeconds?: number;
}

/** Retries unless a queue or a send says otherwise: 3 more tries, 10 s, 20 s, 40 s apart. */
export const DEFAULT_RETRY = { retryLimit: 3, retryDelay: 10, retryBackoff: true } as const;

/**
 * Instances starting together on one PostgreSQL create pg-boss's schema and queues at the same moment,
 * and PostgreSQL may pick one of them as a deadlock victim (40P01): that one simply tries again.
 */
async function retryOnDeadlock<T>(run: () => Promise<T>, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if ((code !== "40P01" && code !== "40001") || attempt >= attempts) throw error;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 250 * attempt));
    }
  }
}

export async function startJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  const { logger, pool, connectionString } = options;
  if (!pool && !connectionString) throw new Error("startJobQueue needs a pool or a connectionString");
  const database: PgBoss.DatabaseOptions = pool
    ? { db: { executeSql: (text, values) => pool.query(text, values) } }
    : { connectionString, max: 4, application_name: "sleep-dashboard-jobs" };
  const boss = new PgBoss({
    ...database,
    ...DEFAULT_RETRY,
    pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
    cronMonitorIntervalSeconds: options.cronIntervalSeconds ?? 30,
    cronWorkerIntervalSeconds: options.cronIntervalSeconds ?? 5,
    // Finished jobs are kept a week for inspection, then deleted by pg-boss's own maintenance.
    deleteAfterDays: 7,
  });
  boss.on("error", (error) => logger.error({ err: error }, "job queue error"));
  await retryOnDeadlock(() => boss.start());

  const created = new Map<string, Promise<void>>();
  const ensureQueue = (name: string, queueOptions?: QueueOptions) => {
    let done = created.get(name);
    if (!done) {
      done = retryOnDeadlock(() => boss.createQueue(name, { name, ...queueOptions }));
      created.set(name, done);
      done.catch(() => created.delete(name));
    }
    return done;
  };

  /** This instance's worker per queue. */
  const workers = new Map<string, string>();

  return {
    boss,
    async createQueue(name, queueOptions) {
      created.delete(name);
      await ensureQueue(name, queueOptions);
    },
    async send(name, data, sendOptions) {
      await ensureQueue(name);
      const id = await boss.send(name, data, sendOptions ?? {});
      // A job for now, sent where a worker of its queue runs: that worker asks for it at once rather
      // than at its next poll (up to pollingIntervalSeconds later). Other instances still poll.
      const workerId = workers.get(name);
      if (id && workerId && !sendOptions?.startAfter) boss.notifyWorker(workerId);
      return id;
    },
    async work<T extends object>(name: string, handler: JobHandler<T>, workOptions?: { pollingIntervalSeconds?: number }) {
      await ensureQueue(name);
      let workerId: string | undefined;
      workerId = await boss.work<T>(name, { batchSize: 1, ...workOptions }, async (jobs) => {
        try {
          for (const job of jobs) {
            const started = Date.now();
            try {
              await handler(job.data, job);
              logger.debug({ queue: name, job: job.id, ms: Date.now() - started }, "job done");
            } catch (error) {
              logger.warn({ queue: name, job: job.id, err: error }, "job failed (retried if it has tries left)");
              throw error;
            }
          }
        } finally {
          // pg-boss 10's worker waits its polling interval after every fetch, jobs or not: one job per
          // interval (2 s) per queue, so 500 nights completing at 7 am had their alert rules run over
          // 17 minutes. Having just run one, it asks for the next at once; only an empty queue waits.
          if (workerId) boss.notifyWorker(workerId);
        }
      });
      workers.set(name, workerId);
    },
    async schedule(name, cron, data, scheduleOptions) {
      await ensureQueue(name);
      await boss.schedule(name, cron, data ?? {}, scheduleOptions ?? {});
    },
    async stop() {
      // Graceful: workers stop fetching, running handlers get up to 10 s; pg-boss's own pool (server) closes.
      await boss.stop({ graceful: true, wait: true, timeout: 10_000, close: true });
    },
  };
}
