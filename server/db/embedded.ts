// The embedded default: PGlite (PostgreSQL compiled to WASM) with its data under DATA_DIR, served by
// pglite-socket so the app, Prisma migrations and tests use the ordinary PostgreSQL driver. Only this
// process may open the data directory, so a lock file guards it.
//
// PGlite takes any user name and password as superuser, so where it listens is its only lock: a Unix
// socket inside the 0700 DATA_DIR (see data-dir.ts), which only the app's OS user can reach. A loopback
// TCP port would let every local user in.

import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { prepareDataDir, socketPathIn } from "../data-dir";

/** libpq's socket naming: the driver connects to `<host dir>/.s.PGSQL.<port>`. */
const SOCKET_PORT = 5432;

/**
 * The embedded database's connection URL for DATA_DIR: the socket directory as a percent-encoded host
 * (how node-postgres and libpq spell a Unix socket in a URL). It holds no secret; reaching the socket does.
 */
export function embeddedDatabaseUrl(dataDir: string): string {
  return `postgresql://postgres@${encodeURIComponent(path.resolve(dataDir))}:${SOCKET_PORT}/postgres?sslmode=disable`;
}

export interface EmbeddedPostgres {
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  prepareDataDir(dataDir);
  const socketPath = socketPathIn(dataDir, `.s.PGSQL.${SOCKET_PORT}`);
  const dir = path.resolve(dataDir, "pglite");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const releaseLock = acquireLock(path.resolve(dataDir, "pglite.lock"));
  try {
    const db = await PGlite.create(dir);
    // We hold the lock, so a socket file here was left by a process that died.
    rmSync(socketPath, { force: true });
    // Two connections: the app's (its pool holds one) and one spare for migrations or inspection.
    const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 2 });
    await server.start();
    // The directory already keeps others out; the socket's own mode says so too.
    chmodSync(socketPath, 0o600);
    return {
      url: embeddedDatabaseUrl(dataDir),
      dataDir: dir,
      async close() {
        await server.stop();
        await db.close();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

function acquireLock(file: string): () => void {
  try {
    writeFileSync(file, String(process.pid), { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const holder = Number(readFileSync(file, "utf8"));
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new Error(
        `The embedded database in ${path.dirname(file)} is in use by process ${holder}. Stop it, or give this instance another DATA_DIR (or a DATABASE_URL).`,
      );
    }
    // Left behind by a process that died: take it over.
    writeFileSync(file, String(process.pid));
  }
  return () => rmSync(file, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
