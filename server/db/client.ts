// Prisma over node-postgres (driver adapter): the same client for a PostgreSQL server and for the
// embedded PGlite, which speaks the PostgreSQL wire protocol on a local port.

import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client";
import { withPreparedStatements } from "./prepared";

export type Db = PrismaClient;

export interface DbOptions {
  connectionString: string;
  /** PGlite is one connection at heart: give it one, so transactions never interleave. */
  poolSize: number;
}

/**
 * Timeouts keep a dead or hung database from hanging a webhook: the sender gets a 503 within a few
 * seconds and retries, rather than waiting out its own 30-second limit.
 */
export const DB_TIMEOUTS = {
  connectMs: 3_000,
  queryMs: 5_000,
  transactionWaitMs: 4_000,
  transactionMs: 8_000,
} as const;

/**
 * The app's node-postgres pool. Made here rather than inside Prisma's adapter so the embedded database's
 * one connection can be shared with the job queue (server/jobs/queue.ts).
 */
export function createPool({ connectionString, poolSize }: DbOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    connectionTimeoutMillis: DB_TIMEOUTS.connectMs,
    query_timeout: DB_TIMEOUTS.queryMs,
    idleTimeoutMillis: 30_000,
    // Awaited before the pool hands the connection out. Sent from the "connect" event instead, the setting
    // was still running when the pool sent the first query: node-postgres queued it, a use it deprecates
    // (a warning at every start) and pg@9 removes.
    onConnect: noJit,
  });
  // An idle connection that fails (the server restarted, an operator ended it) is dropped by the pool,
  // which then emits "error": unheard, that would end the process. Prisma's adapter listens too, but only
  // from its first query, and the webhook's first statements may not go through Prisma (./prepared.ts).
  pool.on("error", () => {});
  return pool;
}

/**
 * No JIT compilation on the app's connections. PostgreSQL compiles a statement whose estimated cost
 * passes jit_above_cost, and the board's sort by adherence (2,000 patients' windows of nights) passes it:
 * compiling took about 180 ms of each such page, longer than running it (scripts/bench.ts). The app runs
 * short statements only, none long enough to win the compile time back. Set on each new connection (before
 * any other query on it), not as a startup option, which a connection pooler may refuse; PGlite
 * has no JIT and accepts the setting. A server that does not know it loses nothing.
 */
async function noJit(client: pg.ClientBase): Promise<void> {
  await client.query("SET jit = off").catch(() => {});
}

export function createDb(options: DbOptions | { pool: pg.Pool }): Db {
  const pool = "pool" in options ? options.pool : createPool(options);
  // $disconnect ends the pool: stop whatever shares it (the job queue) first.
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  const db = new PrismaClient({
    adapter,
    transactionOptions: { maxWait: DB_TIMEOUTS.transactionWaitMs, timeout: DB_TIMEOUTS.transactionMs },
  });
  return withPreparedStatements(db, pool);
}
