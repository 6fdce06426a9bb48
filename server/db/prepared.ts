// The few statements every delivery runs, as named prepared statements: parsed and planned once per
// connection rather than once per batch. At low rates a batch holds one delivery, and then planning was
// most of what a batch cost the database (PGlite: 2.5–2.9 ms of its thread per batch, 1.4–1.7 ms
// prepared), and Prisma's client compiling each raw query a tenth of the app's main thread
// (docs/PERFORMANCE.md). They go through the pool Prisma's adapter uses (same connections, timeouts and
// settings); pg's default type parsers give what Prisma's raw queries gave for these columns (numbers,
// arrays of numbers, Dates, text). Everything else stays with Prisma.
//
// Names are unique: PGlite serves every connection from one backend session (its socket server queues
// them onto one database), so a name another connection, or an earlier connection of this pool, prepared
// would already exist there. Each statement gets its own (the process's pid and a serial), and the
// statements of a connection the pool let go are deallocated through the next one that runs a prepared
// statement (on a PostgreSQL server they went with their connection; the DEALLOCATE then fails, harmlessly).
//
// A prepared statement keeps its generic plan until something invalidates it (on PGlite, which runs no
// autovacuum, nothing might): a plan made while a table was small would outlive the table's growth. So
// each statement is prepared again, under a new name, after REPLAN_AFTER runs on its connection.

import type pg from "pg";

// Held on globalThis: Next.js bundles route handlers apart from the custom server, so module-level state
// in the route's copy of this module would not know the server's pool. (A WeakMap rather than a property
// on the client: Prisma's client is a proxy that keeps no properties of ours.)
const KEY = Symbol.for("sleep-dashboard.db.prepared");
interface Shared {
  pools: WeakMap<object, PoolState>;
  /** Statements prepared by this process: with its pid, a name no other statement in a shared session has. */
  statements: number;
}
interface PoolState {
  pool: pg.Pool;
  replanAfter: number;
  /** Each connection's statements: full name and runs so far, by name. */
  clients: WeakMap<pg.PoolClient, Map<string, { full: string; runs: number }>>;
  /** Statements of connections the pool removed, to deallocate in the shared session. */
  orphaned: string[];
}

/** Runs of one prepared statement on one connection after which it is planned again. */
export const REPLAN_AFTER = 10_000;
const holder = globalThis as typeof globalThis & { [KEY]?: Shared };
const shared = (holder[KEY] ??= { pools: new WeakMap(), statements: 0 });

/** `db`, whose preparedQuery calls run as named statements on `pool` (the pool its adapter uses). */
export function withPreparedStatements<T extends object>(db: T, pool: pg.Pool, { replanAfter = REPLAN_AFTER } = {}): T {
  const state: PoolState = { pool, replanAfter, clients: new WeakMap(), orphaned: [] };
  // A connection released with an error is closed at once (and the next may open before it is gone);
  // one closed for being idle is removed later. Either way its statements are owed a DEALLOCATE.
  const orphan = (client: pg.PoolClient) => {
    const prepared = state.clients.get(client);
    if (!prepared) return;
    state.orphaned.push(...[...prepared.values()].map((p) => p.full));
    prepared.clear();
  };
  pool.on("release", (error: Error | undefined, client) => error && orphan(client));
  pool.on("remove", (client) => orphan(client as pg.PoolClient));
  shared.pools.set(db, state);
  return db;
}

/**
 * Runs `text` as the prepared statement `name` (one name per text). Without a pool (a transaction
 * client, a test's stand-in) it goes through Prisma as any raw query.
 */
export async function preparedQuery<R extends pg.QueryResultRow>(db: object, name: string, text: string, values: unknown[]): Promise<R[]> {
  const state = shared.pools.get(db);
  if (!state) return (db as { $queryRawUnsafe: <T>(query: string, ...values: unknown[]) => Promise<T> }).$queryRawUnsafe<R[]>(text, ...values);
  const client = await state.pool.connect();
  let failure: Error | undefined;
  try {
    if (state.orphaned.length > 0) {
      for (const orphan of state.orphaned.splice(0)) await client.query(`DEALLOCATE "${orphan}"`).catch(() => {});
    }
    let prepared = state.clients.get(client);
    if (!prepared) {
      state.clients.set(client, (prepared = new Map()));
      // A connection lost while checked out, or while closing after a failed statement, emits "error" with
      // no pool listener to hear it (pg's pool.query listens during its query for the same reason): the
      // statement in flight fails with it, and an unheard "error" event would end the process.
      client.on("error", () => {});
    }
    let statement = prepared.get(name);
    if (statement && statement.runs >= state.replanAfter) {
      await client.query(`DEALLOCATE "${statement.full}"`);
      forgetParsed(client, statement.full);
      statement = undefined;
    }
    if (!statement) prepared.set(name, (statement = { full: `${name}_${process.pid}_${++shared.statements}`, runs: 0 }));
    statement.runs++;
    return (await client.query<R>({ name: statement.full, text, values })).rows;
  } catch (error) {
    failure = error as Error;
    throw error;
  } finally {
    // As pg's pool.query does: a connection that failed a statement is not reused.
    client.release(failure);
  }
}

/**
 * node-postgres remembers, per connection, which names it has parsed (and skips the Parse for them): a
 * deallocated name is dropped from that record too, so the record does not grow with each replanning.
 */
function forgetParsed(client: pg.PoolClient, full: string): void {
  const parsed = (client as unknown as { connection?: { parsedStatements?: Record<string, string> } }).connection?.parsedStatements;
  if (parsed) delete parsed[full];
}
