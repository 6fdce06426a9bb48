// A fresh database on the PostgreSQL server for one test file, dropped afterwards.

import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../../server/db/embedded";
import { applyMigrations } from "../../server/db/migrate";
import { HASH } from "./templates";

export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export interface TestDatabase {
  url: string;
  drop: () => Promise<void>;
}

/**
 * A new database for one test: a copy of a migrated, empty template (built once per set of committed
 * migrations, see ./templates.ts), so the app finds nothing to apply. Migrating a new database took the
 * app 11-45 s (Prisma's CLI and WASM engine) at every PostgreSQL start of every test file: most of the
 * integration suite's time on a loaded machine. `empty` gives a database with no tables at all.
 */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const name = `sleep_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `These tests need the PostgreSQL server at ${POSTGRES_ADMIN_URL} (${(error as Error).message}). ` +
        `Start it (on this machine: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or point TEST_POSTGRES_URL at one.`,
    );
  }
  try {
    if (options.empty) await admin.query(`CREATE DATABASE ${name}`);
    else await createFromTemplate(admin, name, await migratedTemplate(admin));
  } finally {
    await admin.end();
  }
  const url = databaseUrl(name);
  return {
    url,
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

function databaseUrl(name: string): string {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Our advisory lock key for building the template: one test process builds it, the others wait. */
const TEMPLATE_LOCK = 7_320_612;

/** The migrated template's name, building it first if this server has none for these migrations. */
async function migratedTemplate(admin: pg.Client): Promise<string> {
  const template = `sleep_template_${HASH}`;
  const exists = async () => (await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [template])).rowCount === 1;
  if (await exists()) return template;
  await admin.query("SELECT pg_advisory_lock($1)", [TEMPLATE_LOCK]);
  try {
    if (await exists()) return template;
    const building = `${template}_building`;
    await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${building}`);
    await applyMigrations(databaseUrl(building), { shared: true });
    // Appears whole or not at all: renamed only once every migration is in.
    await admin.query(`ALTER DATABASE ${building} RENAME TO ${template}`);
    return template;
  } finally {
    await admin.query("SELECT pg_advisory_unlock($1)", [TEMPLATE_LOCK]);
  }
}

/** CREATE DATABASE … TEMPLATE, which PostgreSQL refuses while another session is connected to the template (code 55006): a few tries. */
async function createFromTemplate(admin: pg.Client, name: string, template: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "55006" || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

/** A fresh database with the app's migrations applied, for tests that call the data layer directly. */
export async function createMigratedTestDatabase(): Promise<TestDatabase> {
  return createTestDatabase();
}

/**
 * The embedded PGlite in this process (its own tz database, not the server's: see test/zones.test.ts),
 * with the app's migrations run as plain SQL (no Prisma bookkeeping: for tests that call the data layer
 * directly). Its socket takes four connections (server/db/embedded-worker.cjs).
 */
export async function createMigratedEmbeddedDatabase(): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "sleep-pglite-test-"));
  const embedded = await startEmbeddedPostgres(dataDir);
  const migrations = path.resolve(__dirname, "../../prisma/migrations");
  const client = new pg.Client({ connectionString: embedded.url });
  await client.connect();
  try {
    for (const name of readdirSync(migrations).sort()) {
      const file = path.join(migrations, name, "migration.sql");
      if (existsSync(file)) await client.query(readFileSync(file, "utf8"));
    }
  } finally {
    await client.end();
  }
  return {
    url: embedded.url,
    async drop() {
      await embedded.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs one query on the app's database (for PGlite: only while the app is idle, see embedded.ts). */
export async function query<T extends pg.QueryResultRow = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Background work that runs on the clock, not on a request, would change the database between two
 * looks at it: the scheduled alert rules off (their cron could fire mid-test), the back-fill not
 * coming round during a test. (With no outbound endpoint registered the outbound sweep has nothing to
 * compare; a test that registers one settles first, see `settledTableContents`.)
 */
export const QUIET_CLOCK = { ALERTS_SCHEDULE: "off", BACKFILL_INTERVAL: "1h" } as const;

/**
 * Every table of the app's schema (the job queue's own schema aside): its row count and an md5 of its
 * rows in order, so a refused request that changes one row anywhere, or adds one, is caught.
 */
export async function tableContents(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = (await client.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1`)).rows.map((r) => r.t);
    if (tables.length === 0) throw new Error("no tables in the app's schema: is this the app's database?");
    const ident = (t: string) => `"${t.replaceAll('"', '""')}"`;
    const parts = tables.map((t) => `SELECT '${t.replaceAll("'", "''")}' AS t, count(*)::text || ' rows ' || md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) AS c FROM ${ident(t)} x`);
    const { rows } = await client.query<{ t: string; c: string }>(parts.join(" UNION ALL "));
    return Object.fromEntries(rows.map((r) => [r.t, r.c]));
  } finally {
    await client.end();
  }
}

/**
 * `tableContents` once the work that follows an accepted request after its answer has settled: two
 * looks `gapMs` apart agree and, unless `jobs` is false, no queued job (alert rules and their outbound
 * bookkeeping) is due or running. `jobs: false` is for tests whose jobs cannot write (their nights
 * belong to no patient account, so the alert rules find nothing to do: server/alerts/evaluate.ts).
 */
export async function settledTableContents(url: string, { jobs = true, timeoutMs = 30_000, gapMs = 150 }: { jobs?: boolean; timeoutMs?: number; gapMs?: number } = {}): Promise<Record<string, string>> {
  let previous = await tableContents(url);
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    await new Promise((r) => setTimeout(r, gapMs));
    const next = await tableContents(url);
    if (JSON.stringify(next) === JSON.stringify(previous) && (!jobs || (await jobsDue(url)) === 0)) return next;
    previous = next;
  }
  throw new Error(`the database did not settle in ${timeoutMs} ms`);
}

/** For tests whose nights belong to no patient account: their queued alert rules write nothing. */
export const NO_WRITING_JOBS = { jobs: false } as const;

/** Jobs queued (pg-boss, server/jobs/) that are due or running: work still to come. */
async function jobsDue(url: string): Promise<number> {
  const [queue] = await query<{ t: string | null }>(url, `SELECT to_regclass('pgboss.job')::text AS t`);
  if (!queue?.t) return 0;
  const [row] = await query<{ n: number }>(url, `SELECT count(*)::int AS n FROM pgboss.job WHERE state IN ('created', 'retry', 'active') AND start_after <= now()`);
  return row!.n;
}
