// Applies committed migrations (prisma/migrations) with Prisma's own `migrate deploy`, run through the
// WASM schema engine over the driver adapter (prisma.config.ts), so no engine binary is needed.
//
// The CLI takes ~11 s even with nothing to do (its WASM engine leaves a 10-second timer running), so
// an ordinary start first asks the database which migrations it has and runs the CLI only if one is
// missing: a fresh install or an upgrade.

import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);
const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

/** Our own advisory lock key (Prisma's is 72707369): one instance migrates, the others wait for it. */
const STARTUP_LOCK = 7_320_611;

/**
 * Several instances starting together on one PostgreSQL would each see the migrations pending and
 * race into `migrate deploy`, whose own lock gives up after 10 s while the first one runs (~11 s): so
 * instances queue on our lock around check-and-apply, and the ones after the first find nothing to do.
 * The embedded database is one process's own, so it needs no lock (`shared: false`).
 */
export async function applyMigrations(databaseUrl: string, { shared }: { shared: boolean }): Promise<{ applied: string[] }> {
  if (!shared) return checkAndApply(databaseUrl);
  const lock = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await lock.connect();
  try {
    await lock.query("SET lock_timeout = '180s'");
    await lock.query("SELECT pg_advisory_lock($1)", [STARTUP_LOCK]);
    return await checkAndApply(databaseUrl);
  } finally {
    await lock.end(); // ends the session, which releases the lock
  }
}

async function checkAndApply(databaseUrl: string): Promise<{ applied: string[] }> {
  const pending = await pendingMigrations(databaseUrl);
  if (pending.length === 0) return { applied: [] };
  const cli = createRequire(__filename).resolve("prisma/build/index.js");
  try {
    await run(process.execPath, [cli, "migrate", "deploy"], {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      timeout: 120_000,
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`Database migration failed:\n${e.stderr || e.stdout || e.message}`);
  }
  return { applied: pending };
}

/** Committed migrations the database has not finished applying, oldest first. */
export async function pendingMigrations(databaseUrl: string): Promise<string[]> {
  const committed = readdirSync(MIGRATIONS_DIR)
    .filter((name) => existsSync(path.join(MIGRATIONS_DIR, name, "migration.sql")))
    .sort();
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const { rows: exists } = await client.query<{ present: boolean }>(`SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS present`);
    if (!exists[0]?.present) return committed;
    const { rows } = await client.query<{ migration_name: string }>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Set(rows.map((r) => r.migration_name));
    return committed.filter((name) => !applied.has(name));
  } finally {
    await client.end();
  }
}
