// SIGTERM in the middle of a burst (a deploy, a scale-in): the instance stops taking new requests,
// finishes the webhooks in flight, and exits cleanly; every delivery it acknowledged is stored.
// SIGTERM with stdout a pipe whose reader has gone (a log shipper restarted, `npm start | tee`
// interrupted): the process still exits, on PGlite and PostgreSQL, and its port is closed.

import assert from "node:assert/strict";
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { createTestDatabase, query, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { seedEmbeddedDatabase } from "./support/templates";
import { postWebhook } from "./support/webhook";

const ROOT = path.resolve(__dirname, "..");

describe("graceful shutdown", { timeout: 180_000 }, () => {
  let db: TestDatabase;
  let server: RunningServer;
  before(async () => {
    db = await createTestDatabase();
    server = await startServer({ databaseUrl: db.url, apiKey: "shutdown-key-0123456789" });
  });
  after(async () => {
    await server?.stop();
    await db?.drop();
  });

  it("acknowledged deliveries are all stored; the rest are refused, never half-done", async () => {
    const target = { url: server.url, apiKey: "shutdown-key-0123456789" };
    const total = 400;
    const outcomes: Array<{ seq: number; status: number | "refused" }> = [];
    let next = 0;
    let sent = 0;
    const exited = new Promise<number | null>((resolve) => server.process.once("exit", (code) => resolve(code)));
    const worker = async () => {
      while (next < total) {
        const seq = next++;
        const body = { event: "INFERENCE_COMPLETE", version: "V3", user_id: "u-shutdown", session_id: `night-${seq % 20}`, inference_seq_num: seq, sleep_stages: [1, 2, 2, 3, 3, 1, 1, 2, 0, 0] };
        try {
          outcomes.push({ seq, status: (await postWebhook(target, body)).status });
        } catch {
          outcomes.push({ seq, status: "refused" });
        }
        if (++sent === 60) server.process.kill("SIGTERM");
      }
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    assert.equal(await exited, 0, "exits cleanly");

    const acknowledged = outcomes.filter((o) => o.status === 200).map((o) => o.seq);
    const rows = await query<{ inference_seq_num: number }>(db.url, `SELECT inference_seq_num FROM inference WHERE session_id LIKE 'night-%'`);
    const stored = new Set(rows.map((r) => r.inference_seq_num));
    console.log(`[figures] SIGTERM mid-burst: sent ${total}, acknowledged ${acknowledged.length}, stored ${stored.size}, refused ${outcomes.filter((o) => o.status === "refused").length}`);
    assert.ok(acknowledged.length >= 60, "the burst was under way when SIGTERM came");
    assert.ok(acknowledged.length < total, "SIGTERM stopped new requests");
    for (const seq of acknowledged) assert.ok(stored.has(seq), `acknowledged delivery ${seq} is stored`);
    assert.ok(outcomes.every((o) => o.status === 200 || o.status === "refused"), "no 5xx while shutting down");
    assert.match(server.output(), /"msg":"stopped"/);
  });
});

/** Resolves with the child's exit code (or signal), or "still running" once `ms` have passed. */
const exitWithin = (child: ChildProcess, ms: number) =>
  new Promise<string>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(`exit ${child.exitCode ?? child.signalCode}`);
    const timer = setTimeout(() => resolve("still running"), ms);
    child.once("exit", (code, signal) => (clearTimeout(timer), resolve(`exit ${code ?? signal}`)));
  });

/** Whether anything still accepts connections on the port. */
const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });

for (const backend of ["PGlite", "PostgreSQL"] as const) {
  describe(`shutdown when stdout is a pipe whose reader has gone (${backend})`, { timeout: 300_000 }, () => {
    let db: TestDatabase | undefined;
    let dir: string;
    let server: ChildProcess | undefined;
    let reader: ChildProcess | undefined;

    before(async () => {
      dir = mkdtempSync(path.join(tmpdir(), "sleep-epipe-"));
      if (backend === "PostgreSQL") db = await createTestDatabase();
      else {
        await seedEmbeddedDatabase(path.join(dir, "data"), async (templateDir) => {
          const builder = await startServer({ dataDir: templateDir, freshDatabase: true, apiKey: "template-build-key-0123456789", timeoutMs: 600_000 });
          await builder.stop();
        });
      }
    });

    after(async () => {
      for (const child of [server, reader]) if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await db?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it("SIGTERM after the reader was killed: the port closes and the process exits cleanly", async () => {
      // A real pipe, as a shell's `|` makes: a FIFO the reader copies to us.
      const fifo = path.join(dir, "stdout.fifo");
      execFileSync("mkfifo", [fifo]);
      reader = spawn(process.execPath, ["-e", `require("node:fs").createReadStream(${JSON.stringify(fifo)}).pipe(process.stdout)`], { stdio: ["ignore", "pipe", "inherit"] });
      let out = "";
      reader.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
      // Blocks until the reader has opened its end.
      const writeEnd = openSync(fifo, "w");
      const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", DATA_DIR: path.join(dir, "data"), LOG_LEVEL: "info", ASLEEP_API_KEY: "epipe-test-key-0123456789" };
      // Generous, so a loaded machine's slow but clean shutdown is not cut short: the fault is never exiting at all.
      env.SHUTDOWN_DEADLINE = "60s";
      delete env.DATABASE_URL;
      if (db) env.DATABASE_URL = db.url;
      server = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], { cwd: ROOT, env, stdio: ["ignore", writeEnd, "pipe"] });
      closeSync(writeEnd);
      let err = "";
      server.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));

      // Ready, and the welcome printed after it: the app is fully up.
      for (const started = Date.now(); !/"msg":"ready"/.test(out) || !/No admin account yet/.test(out); ) {
        assert.equal(server.exitCode, null, `the server exited before it was ready:\n${err}`);
        assert.ok(Date.now() - started < 180_000, `not ready in time:\n${out}\n${err}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const port = Number(/"port":(\d+)/.exec(out.split("\n").find((l) => l.includes('"msg":"ready"'))!)![1]);
      assert.equal(await portOpen(port), true);

      reader.kill("SIGKILL");
      assert.match(await exitWithin(reader, 30_000), /^exit /);
      server.kill("SIGTERM");
      const ended = await exitWithin(server, 120_000);
      assert.equal(ended, "exit 0", `the process ends cleanly (stderr:\n${err})`);
      assert.doesNotMatch(err, /Shutdown did not finish/);
      assert.equal(await portOpen(port), false, "the port is closed");
    });
  });
}
