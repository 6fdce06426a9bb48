// The locked path (SESSION_COMPLETE, and inferences that lost their races) runs its transaction again
// when PostgreSQL picks it as a deadlock's victim, instead of answering 503 on the first one: the README
// keeps 503 for a conflict that persists. A real deadlock on a real PostgreSQL database with the app's
// migrations, driven below the route (the route only classifies what ingest throws).

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { createDb, type Db } from "../server/db/client";
import { ingestDelivery } from "../server/webhook/ingest";
import { parseAsleepWebhook } from "../server/webhook/schema";
import { createMigratedTestDatabase, query, type TestDatabase } from "./support/postgres";

const USER = "deadlock-sleeper";
const parse = (body: Record<string, unknown>) => {
  const parsed = parseAsleepWebhook(body, USER);
  assert.ok(parsed.ok);
  return parsed.delivery;
};

describe("the locked path runs again after a deadlock", { timeout: 60_000 }, () => {
  let database: TestDatabase;
  let db: Db;
  before(async () => {
    database = await createMigratedTestDatabase();
    db = createDb({ connectionString: database.url, poolSize: 4 });
  });
  after(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it("a SESSION_COMPLETE chosen as a deadlock's victim is stored on its next attempt, not refused", async () => {
    const night = "deadlocked-night";
    const first = { event: "INFERENCE_COMPLETE", version: "V3", user_id: USER, session_id: night, inference_seq_num: 0, sleep_stages: [1, 1, 2, 2, 2, 3, 3, 2, 1, 0] };
    assert.equal((await ingestDelivery(db, parse(first), { requestId: "inference", body: first, receivedAt: new Date() })).outcome, "STORED");

    // Another writer that takes the same two locks in the other order: the night's report (its key)
    // first, then the night's row. Its own deadlock check is put off, so the ingest is the victim.
    const other = new pg.Client({ connectionString: database.url });
    await other.connect();
    try {
      await other.query("SET deadlock_timeout = '30s'");
      await other.query("BEGIN");
      await other.query("INSERT INTO sleep_report (session_id, peculiarities) VALUES ($1, '{}')", [night]);

      const report = { event: "SESSION_COMPLETE", version: "V3", user_id: USER, session_id: night, session: { id: night, start_time: "2026-11-22T00:00:00Z", sleep_stages: [0, 1, 2, 3] }, stat: { sleep_efficiency: 91 } };
      const ingest = ingestDelivery(db, parse(report), { requestId: "report", body: report, receivedAt: new Date() });
      ingest.catch(() => {});

      // Once the ingest holds the night's row and waits for the report's key, close the cycle.
      const otherPid = (await other.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
      for (let waited = 0; ; waited += 20) {
        const waiting = await query<{ n: number }>(database.url, "SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))", [otherPid]);
        if (waiting[0]!.n > 0) break;
        assert.ok(waited < 20_000, "the ingest never waited for the report's key");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // Returns only once the ingest's transaction let go of the row: it was rolled back as the victim.
      const updated = await other.query("UPDATE sleep_session SET updated_at = now() WHERE id = $1", [night]);
      assert.equal(updated.rowCount, 1);
      await other.query("ROLLBACK");

      const result = await ingest;
      assert.equal(result.outcome, "STORED", "stored on a later attempt, not thrown as a 503");
    } finally {
      await other.end();
    }
    const [row] = await query<{ state: string; sleep_stages: number[]; stat: unknown }>(
      database.url,
      "SELECT s.state::text, s.sleep_stages, r.stat FROM sleep_session s JOIN sleep_report r ON r.session_id = s.id WHERE s.id = $1",
      [night],
    );
    assert.equal(row?.state, "COMPLETE");
    assert.deepEqual(row?.sleep_stages, [0, 1, 2, 3]);
    assert.deepEqual(row?.stat, { sleep_efficiency: 91 });
    const audits = await query<{ n: number }>(database.url, "SELECT count(*)::int AS n FROM webhook_delivery WHERE request_id = 'report'");
    assert.equal(audits[0]?.n, 1, "audited once");
  });
});
