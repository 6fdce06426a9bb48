// A migrated embedded database to copy, one per set of committed migrations, so each test file that
// starts an app on PGlite does not pay for the migrations again: applying them takes 20 s on an idle
// machine (Prisma's WASM schema engine), several times that on a loaded CI machine. A copy starts as a
// migrated, empty database; the app finds nothing to apply. startServer's `freshDatabase` asks for an
// empty one instead, and the README's test migrates from nothing on a fresh clone.
//
// PostgreSQL test databases are copies of a migrated template database too (test/support/postgres.ts);
// `createTestDatabase({ empty: true })` gives an empty one, for what must migrate from nothing.
//
// Keyed by a hash of prisma/migrations, so a changed or added migration builds a new template.
// Built once per machine by whichever test gets there first; the others wait on a lock directory.

import { createHash } from "node:crypto";
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const MIGRATIONS = path.resolve(__dirname, "../../prisma/migrations");

function migrationsHash(): string {
  const hash = createHash("sha256");
  for (const name of readdirSync(MIGRATIONS).sort()) {
    const file = path.join(MIGRATIONS, name, "migration.sql");
    if (!existsSync(file)) continue;
    hash.update(name).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex").slice(0, 12);
}

/** Names the templates of this set of migrations (the embedded one's directory, PostgreSQL's database). */
export const HASH = migrationsHash();

/** Files of a DATA_DIR that belong to one running app, not to its database: never copied. */
const NOT_COPIED = new Set(["control.sock", "pglite.lock", "secrets.json"]);
const copied = (file: string) => !NOT_COPIED.has(path.basename(file)) && !path.basename(file).startsWith(".s.PGSQL.") && !lstatSync(file).isSocket();

/**
 * Fills `dataDir` with a migrated, empty embedded database, building the template first if needed
 * (`build` starts the app on a data directory and stops it: its start applies the migrations).
 */
export async function seedEmbeddedDatabase(dataDir: string, build: (templateDir: string) => Promise<void>): Promise<void> {
  const template = path.join(tmpdir(), `sleep-pglite-template-${HASH}`);
  if (!existsSync(path.join(template, "pglite"))) await buildOnce(template, build);
  mkdirSync(dataDir, { recursive: true });
  for (const entry of readdirSync(template)) {
    const from = path.join(template, entry);
    if (copied(from)) cpSync(from, path.join(dataDir, entry), { recursive: true, filter: copied });
  }
}

async function buildOnce(template: string, build: (templateDir: string) => Promise<void>): Promise<void> {
  const lock = `${template}.lock`;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      // Another test is building it. A lock older than 10 minutes was left by a test that died.
      if (Date.now() - statSync(lock).mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 500));
      if (existsSync(path.join(template, "pglite"))) return;
    }
  }
  try {
    if (existsSync(path.join(template, "pglite"))) return;
    const building = `${template}.building`;
    rmSync(building, { recursive: true, force: true });
    await build(building);
    // Appears whole or not at all.
    renameSync(building, template);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
