// The app's connections to PostgreSQL: no JIT compilation, which cost the board's adherence sort about
// 180 ms a page at 2,000 patients (server/db/client.ts noJit).

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestDatabase, type TestDatabase } from "./support/postgres";
import { createPool } from "../server/db/client";

describe("the app's connections to the PostgreSQL server", () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database?.drop();
  });

  it("set up each new connection before its first query, without queueing on the client (a use node-postgres deprecates)", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on("warning", onWarning);
    const pool = createPool({ connectionString: database.url, poolSize: 2 });
    try {
      const answers = await Promise.all([pool.query("SHOW jit"), pool.query("SHOW jit"), pool.query("SHOW jit")]);
      assert.deepEqual(answers.map((r) => r.rows[0].jit), ["off", "off", "off"]);
      await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
      assert.deepEqual(warnings.filter((w) => w.includes("DeprecationWarning")), []);
    } finally {
      process.off("warning", onWarning);
      await pool.end();
    }
  });

  it("never JIT-compile a statement, however costly the planner thinks it, on every connection of the pool", async () => {
    const pool = createPool({ connectionString: database.url, poolSize: 2 });
    try {
      // Two connections at once: each is set up as it opens.
      const [a, b] = await Promise.all([pool.connect(), pool.connect()]);
      try {
        for (const client of [a, b]) {
          await client.query("SET jit_above_cost = 0");
          const plan = (await client.query("EXPLAIN (ANALYZE, COSTS OFF) SELECT sum(g * 2) FROM generate_series(1, 1000) g")).rows.map((r) => r["QUERY PLAN"] as string);
          assert.equal(plan.filter((line) => line.startsWith("JIT")).length, 0, plan.join("\n"));
          assert.equal((await client.query("SHOW jit")).rows[0].jit, "off");
        }
      } finally {
        a.release();
        b.release();
      }
    } finally {
      await pool.end();
    }
  });
});
