// The embedded default: PGlite (PostgreSQL compiled to WASM) with its data under DATA_DIR, served on a
// loopback port by pglite-socket so the app, Prisma migrations and tests use the ordinary PostgreSQL
// driver. Only this process may open the data directory, so a lock file guards it.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedPostgres {
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const dir = path.resolve(dataDir, "pglite");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const releaseLock = acquireLock(path.resolve(dataDir, "pglite.lock"));
  try {
    const db = await PGlite.create(dir);
    // Two connections: the app's (its pool holds one) and one spare for migrations or inspection.
    const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 2 });
    const port = await new Promise<number>((resolve, reject) => {
      server.addEventListener("listening", (event) => resolve((event as CustomEvent<{ port: number }>).detail.port), { once: true });
      server.start().catch(reject);
    });
    return {
      url: `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
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
