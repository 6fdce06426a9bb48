// The job queue (server/jobs/queue.ts, pg-boss) on both databases the app runs on: a PostgreSQL server and the
// embedded PGlite. Two queue instances share each database, as two app instances share one cluster:
// every queued job runs once, a backlog runs without a pause between jobs, a cron schedule fires once
// per slot, a job queued before a restart runs after it, a failing job is retried with backoff, and a
// singleton key keeps a second job out.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import pino from "pino";
import { createPool } from "@/server/db/client";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/server/db/embedded";
import { startJobQueue, type JobQueue } from "@/server/jobs/queue";
import { createTestDatabase, type TestDatabase } from "./support/postgres";

const logger = pino({ level: "silent" });
const FAST = { pollingIntervalSeconds: 0.5, cronIntervalSeconds: 1 } as const;

async function until(predicate: () => boolean, ms: number) {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One database the queue runs on: how to start a queue instance on it, and how to restart the database. */
interface Target {
  label: string;
  start(): Promise<JobQueue>;
  /** Stops every queue instance, and the database where it lives in this process. */
  restart(queues: JobQueue[]): Promise<void>;
  close(): Promise<void>;
}

async function postgresTarget(): Promise<Target> {
  const database: TestDatabase = await createTestDatabase();
  return {
    label: "PostgreSQL server",
    start: () => startJobQueue({ connectionString: database.url, logger, ...FAST }),
    async restart(queues) {
      await Promise.all(queues.map((q) => q.stop()));
    },
    close: () => database.drop(),
  };
}

async function pgliteTarget(): Promise<Target> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "jobs-pglite-"));
  let embedded: EmbeddedPostgres = await startEmbeddedPostgres(dataDir);
  // As the app does: one connection, shared by Prisma and the queue (see queue.ts).
  let pool = createPool({ connectionString: embedded.url, poolSize: 1 });
  return {
    label: "embedded PGlite",
    start: () => startJobQueue({ pool, logger, ...FAST }),
    async restart(queues) {
      await Promise.all(queues.map((q) => q.stop()));
      await pool.end();
      await embedded.close();
      embedded = await startEmbeddedPostgres(dataDir);
      pool = createPool({ connectionString: embedded.url, poolSize: 1 });
    },
    async close() {
      await pool.end();
      await embedded.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function suite(makeTarget: () => Promise<Target>, label: string) {
  describe(`job queue on ${label}`, { timeout: 240_000 }, () => {
    let target: Target;
    let a: JobQueue;
    let b: JobQueue;

    before(async () => {
      target = await makeTarget();
      [a, b] = await Promise.all([target.start(), target.start()]);
    });
    after(async () => {
      await a?.stop();
      await b?.stop();
      await target?.close();
    });

    it("runs each queued job once across two instances", async () => {
      const runs: Array<{ n: number; on: "a" | "b" }> = [];
      await a.work<{ n: number }>("jobs-test-once", async ({ n }) => void runs.push({ n, on: "a" }));
      await b.work<{ n: number }>("jobs-test-once", async ({ n }) => void runs.push({ n, on: "b" }));
      for (let n = 0; n < 20; n++) await (n % 2 ? a : b).send("jobs-test-once", { n });
      assert.ok(await until(() => runs.length >= 20, 30_000), `20 jobs ran (ran ${runs.length})`);
      await sleep(1_500); // time for a duplicate to show up, if there were one
      assert.equal(runs.length, 20, "no job ran twice");
      assert.deepEqual([...new Set(runs.map((r) => r.n))].sort((x, y) => x - y), [...Array(20).keys()]);
      console.log(`[figures] jobs ${label}: 20 jobs, ${runs.filter((r) => r.on === "a").length} on A, ${runs.filter((r) => r.on === "b").length} on B`);
    });

    it("works through a backlog one job after another: a worker waits its polling interval only when the queue is empty", async () => {
      // Queued before anyone works the queue, as when 500 nights complete around 7 am; a 30-s polling
      // interval, so a worker that idled after every job would run one of them in the time allowed.
      for (let n = 0; n < 12; n++) await a.send("jobs-test-backlog", { n });
      const runs: number[] = [];
      await a.work<{ n: number }>("jobs-test-backlog", async ({ n }) => void runs.push(n), { pollingIntervalSeconds: 30 });
      assert.ok(await until(() => runs.length >= 12, 25_000), `the 12 queued jobs ran within one polling interval (ran ${runs.length})`);
      assert.deepEqual([...runs].sort((x, y) => x - y), [...Array(12).keys()]);
    });

    it("fires a cron schedule once per minute for the cluster", async () => {
      const runs: Array<{ id: string; on: string }> = [];
      await a.work("jobs-test-cron", async (_data, job) => void runs.push({ id: job.id, on: "a" }));
      await b.work("jobs-test-cron", async (_data, job) => void runs.push({ id: job.id, on: "b" }));
      // Both instances hold the schedule, as every app instance does at start.
      await a.schedule("jobs-test-cron", "* * * * *");
      await b.schedule("jobs-test-cron", "* * * * *");
      assert.ok(await until(() => runs.length >= 1, 80_000), "the schedule fired within 80 s");
      await sleep(8_000); // both clock monitors looked again several times
      // Counted by the minute each run was sent for (its singleton slot), not the minute it ran in: under
      // load one minute's run can start in the next, beside that minute's own.
      const perMinute = new Map<string, number>();
      for (const run of runs) {
        const job = await a.boss.getJobById("jobs-test-cron", run.id, { includeArchive: true });
        assert.ok(job, `job ${run.id} is on record`);
        const minute = (job.singletonOn ?? job.createdOn).toISOString().slice(0, 16);
        perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
      }
      for (const [minute, count] of perMinute) assert.equal(count, 1, `one run in ${minute}, not ${count}`);
      await a.boss.unschedule("jobs-test-cron");
    });

    it("retries a failing job with backoff, then completes it", async () => {
      const attempts: number[] = [];
      await a.work("jobs-test-retry", async () => {
        attempts.push(Date.now());
        if (attempts.length < 3) throw new Error(`attempt ${attempts.length} fails`);
      });
      const id = await a.send("jobs-test-retry", {}, { retryLimit: 3, retryDelay: 1, retryBackoff: true });
      assert.ok(id);
      assert.ok(await until(() => attempts.length >= 3, 30_000), `three attempts (saw ${attempts.length})`);
      await sleep(1_000);
      assert.equal(attempts.length, 3, "no attempt after the one that succeeded");
      const job = await a.boss.getJobById("jobs-test-retry", id, { includeArchive: true });
      assert.equal(job?.state, "completed");
      assert.equal(job?.retryCount, 2);
      assert.ok(attempts[1]! - attempts[0]! >= 900, "waited about retryDelay before the first retry");
      console.log(`[figures] jobs ${label}: retry gaps ${attempts[1]! - attempts[0]!} ms, ${attempts[2]! - attempts[1]!} ms`);
    });

    it("keeps a second queued job with the same singleton key out of a stately queue", async () => {
      await a.createQueue("jobs-test-singleton", { policy: "stately" });
      const first = await a.send("jobs-test-singleton", { n: 1 }, { singletonKey: "patient-1" });
      const second = await b.send("jobs-test-singleton", { n: 2 }, { singletonKey: "patient-1" });
      const other = await b.send("jobs-test-singleton", { n: 3 }, { singletonKey: "patient-2" });
      assert.ok(first);
      assert.equal(second, null, "the duplicate was not queued");
      assert.ok(other);
    });

    it("runs a job queued before a restart after it", async () => {
      const id = await a.send("jobs-test-restart", { note: "queued before the restart" });
      assert.ok(id);
      await target.restart([a, b]);
      [a, b] = await Promise.all([target.start(), target.start()]);
      const seen: string[] = [];
      await b.work<{ note: string }>("jobs-test-restart", async ({ note }, job) => void seen.push(`${job.id}:${note}`));
      assert.ok(await until(() => seen.length >= 1, 20_000), "the job ran after the restart");
      assert.deepEqual(seen, [`${id}:queued before the restart`]);
    });
  });
}

suite(postgresTarget, "a PostgreSQL server");
suite(pgliteTarget, "the embedded PGlite");
