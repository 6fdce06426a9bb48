// The delivery path's prepared statements (server/db/prepared.ts) on both databases. PGlite serves all
// its connections from one backend session, so a statement name prepared by one connection exists for
// every other, and outlives the connection that made it: a pool that replaced its connection (an idle
// timeout, a failed statement), a second client on the same socket (the bench's floors, an operator's
// tool) and a statement prepared again for a new plan must neither collide with those names nor pile
// them up.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { preparedQuery, withPreparedStatements } from "../server/db/prepared";
import { createMigratedEmbeddedDatabase, createMigratedTestDatabase, type TestDatabase } from "./support/postgres";

const DATABASES = [["PostgreSQL server", createMigratedTestDatabase], ["PGlite", createMigratedEmbeddedDatabase]] as const;
const PROBE = "SELECT $1::int + 1 AS next, now() AS at, ARRAY[$1::smallint, 2::smallint] AS stages";

/** A stand-in for the app's Prisma client: preparedQuery only needs the pool registered for it. */
function clientOn(pool: pg.Pool, options?: { replanAfter: number }): object {
  return withPreparedStatements({}, pool, options);
}

/** The probe's answer for `i` through `db`'s prepared statement: i + 1. */
async function nextAfter(db: object, i: number): Promise<number> {
  return (await preparedQuery<{ next: number }>(db, "probe", PROBE, [i]))[0]!.next;
}

/** The probe's statements this connection's session holds (on PGlite: the one session of every connection). */
async function probesIn(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE 'probe\\_%'");
  return rows[0]!.n;
}

for (const [label, create] of DATABASES) {
  describe(`prepared statements: ${label}`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await create();
    });
    after(async () => {
      await database.drop();
    });

    it("answers with pg's parsed types, as Prisma's raw queries did", async () => {
      const pool = new pg.Pool({ connectionString: database.url, max: 1 });
      try {
        const db = clientOn(pool);
        for (let i = 0; i < 3; i++) {
          const [row] = await preparedQuery<{ next: number; at: Date; stages: number[] }>(db, "probe", PROBE, [i]);
          assert.equal(row!.next, i + 1);
          assert.ok(row!.at instanceof Date);
          assert.deepEqual(row!.stages, [i, 2]);
        }
      } finally {
        await pool.end();
      }
    });

    it("plans again after REPLAN_AFTER runs, beside another client using the same names", async () => {
      const pool = new pg.Pool({ connectionString: database.url, max: 1 });
      const other = new pg.Pool({ connectionString: database.url, max: 1 });
      try {
        const before = await probesIn(other);
        // Prepared again every second run here (every 10,000 in the app).
        const db = clientOn(pool, { replanAfter: 2 });
        const second = clientOn(other);
        for (let i = 0; i < 12; i++) {
          assert.equal(await nextAfter(second, i), i + 1);
          assert.equal(await nextAfter(db, i), i + 1);
        }
        // Six plans made on one connection, one kept: PGlite's one session holds it and the other pool's;
        // a server's sessions hold their own.
        const left = (await probesIn(other)) - before;
        assert.ok(left <= 2, `statements left in the session: ${left}`);
      } finally {
        await pool.end();
        await other.end();
      }
    });

    it("keeps working when its pool replaces the connection, and deallocates what the old one prepared", async () => {
      const pool = new pg.Pool({ connectionString: database.url, max: 1 });
      try {
        const before = await probesIn(pool);
        const db = clientOn(pool);
        for (let i = 0; i < 6; i++) {
          assert.equal(await nextAfter(db, i), i + 1);
          // The pool lets its connection go, as after a failed statement or an idle timeout.
          const client = await pool.connect();
          const gone = new Promise((resolve) => pool.once("remove", resolve));
          client.release(new Error("let go"));
          await gone;
        }
        assert.equal(await nextAfter(db, 9), 10);
        const left = (await probesIn(pool)) - before;
        assert.ok(left <= 1, `statements left in the session: ${left}`);
      } finally {
        await pool.end();
      }
    });

    it("a connection that failed a statement is replaced, and the next one prepares afresh", async () => {
      const pool = new pg.Pool({ connectionString: database.url, max: 1 });
      try {
        const before = await probesIn(pool);
        const db = clientOn(pool);
        assert.equal(await nextAfter(db, 1), 2);
        await assert.rejects(preparedQuery(db, "probe_bad", "SELECT 1 / $1::int AS x", [0]), /division by zero/);
        assert.equal(await nextAfter(db, 5), 6);
        // The failed connection's statements were deallocated; the new connection holds its one.
        const left = (await probesIn(pool)) - before;
        assert.ok(left <= 1, `statements left in the session: ${left}`);
      } finally {
        await pool.end();
      }
    });
  });
}
