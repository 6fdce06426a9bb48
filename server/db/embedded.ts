// The embedded default: PGlite (PostgreSQL compiled to WASM) with its data under DATA_DIR, served by
// pglite-socket so the app, Prisma migrations and tests use the ordinary PostgreSQL driver. Only this
// process may open the data directory, so a lock file guards it.
//
// PGlite takes any user name and password as superuser, so where it listens is its only lock: a Unix
// socket inside the 0700 DATA_DIR (see data-dir.ts), which only the app's OS user can reach. A loopback
// TCP port would let every local user in.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
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
  /** Called once if the database's thread ends by itself (it never should): the app cannot go on without it. */
  onCrash(listener: (error: Error) => void): void;
}

/**
 * Starts PGlite on a thread of its own (./embedded-worker.cjs), serving the Unix socket in DATA_DIR. On
 * the app's thread its WASM queries held up every request behind them (a viewer's flood of reads made a
 * webhook wait 285 ms over its usual 50); on its own, the app's event loop only waits on a socket, as it
 * does with a PostgreSQL server.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  prepareDataDir(dataDir);
  const socketPath = socketPathIn(dataDir, `.s.PGSQL.${SOCKET_PORT}`);
  const dir = path.resolve(dataDir, "pglite");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const releaseLock = acquireLock(path.resolve(dataDir, "pglite.lock"));
  try {
    // We hold the lock, so a socket file here was left by a process that died.
    rmSync(socketPath, { force: true });
    // Beside this file, as server/index.ts loads it; never bundled into a route.
    // No execArgv: the worker is plain CommonJS and needs no loader (tsx's would cost a second of CPU).
    const worker = new Worker(path.join(__dirname, "embedded-worker.cjs"), { workerData: { dir, socketPath }, execArgv: [] });
    let stopping = false;
    let crashed: Error | null = null;
    const crashListeners: Array<(error: Error) => void> = [];
    const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
    await new Promise<void>((resolve, reject) => {
      const onMessage = (message: { ready?: true; error?: string }) => {
        if (message.ready) {
          worker.off("message", onMessage);
          resolve();
        } else if (message.error) reject(new Error(`the embedded database did not start: ${message.error}`));
      };
      worker.on("message", onMessage);
      worker.once("error", reject);
      void exited.then(() => reject(new Error("the embedded database's thread ended before it was ready")));
    });
    const crash = (error: Error) => {
      if (stopping || crashed) return;
      crashed = error;
      for (const listener of crashListeners) listener(error);
    };
    worker.on("error", crash);
    void exited.then(() => crash(new Error("the embedded database's thread ended")));
    let closing: Promise<void> | null = null;
    return {
      url: embeddedDatabaseUrl(dataDir),
      dataDir: dir,
      onCrash(listener) {
        if (crashed) listener(crashed);
        else crashListeners.push(listener);
      },
      close() {
        closing ??= (async () => {
          stopping = true;
          const stopped = new Promise<void>((resolve) => worker.on("message", (m: { stopped?: true }) => m.stopped && resolve()));
          worker.postMessage("stop");
          // A thread that cannot stop in 10 s is ended, so shutdown keeps its own deadline.
          const timer = setTimeout(() => void worker.terminate(), 10_000);
          await Promise.race([stopped.then(() => exited), exited]);
          clearTimeout(timer);
          releaseLock();
        })();
        return closing;
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
