// Starts the real app (server/index.ts, what `npm start` runs) as a child process on a free port and
// waits until it says it is ready. Needs a production build (`npm test` makes one first).

import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { embeddedDatabaseUrl } from "../../server/db/embedded";
import { seedEmbeddedDatabase } from "./templates";

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  /** Where the app's database is: the PostgreSQL URL given, or the embedded PGlite's socket in DATA_DIR. */
  databaseUrl: string;
  /** Everything the process printed, stdout and stderr. */
  output: () => string;
  /** Structured log lines (pino JSON) printed so far. */
  logs: () => Array<Record<string, unknown>>;
  process: ChildProcess;
  /** SIGTERM and wait for exit. */
  stop: () => Promise<void>;
}

export interface StartOptions {
  databaseUrl?: string;
  apiKey?: string | null;
  dataDir?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Extra flags for node itself (e.g. --cpu-prof, which NODE_OPTIONS does not allow). */
  nodeArgs?: string[];
  /**
   * Embedded PGlite only: let the app migrate an empty database itself. Otherwise a DATA_DIR without a
   * database starts from a copy of a migrated one (test/support/templates.ts), as fast as a restart.
   */
  freshDatabase?: boolean;
}

const ROOT = path.resolve(__dirname, "../..");

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), "sleep-test-"));
  if (!options.databaseUrl && !options.freshDatabase && !existsSync(path.join(dataDir, "pglite"))) {
    await seedEmbeddedDatabase(dataDir, async (templateDir) => {
      const builder = await startServer({ dataDir: templateDir, freshDatabase: true, apiKey: "template-build-key-0123456789", timeoutMs: 600_000 });
      await builder.stop();
    });
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    LOG_LEVEL: "info",
    ...options.env,
  };
  delete env.DATABASE_URL;
  delete env.ASLEEP_API_KEY;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  if (options.apiKey) env.ASLEEP_API_KEY = options.apiKey;

  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", "tsx", "server/index.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const logs = () =>
    output
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      });

  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let ready: Record<string, unknown> | undefined;
  while (!ready) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server not ready in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
    ready = logs().find((l) => l.msg === "ready");
  }
  const port = Number(ready.port);
  // The app never prints the embedded database's address; like `npm run users`, we know it from DATA_DIR.
  const databaseUrl = options.databaseUrl ?? embeddedDatabaseUrl(dataDir);

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    databaseUrl,
    output: () => output,
    logs,
    process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
