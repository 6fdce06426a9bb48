// The database going away under a running app: the sender gets a quick, honest 503 (so it retries),
// nothing half-written is left, and the retried delivery is stored once the database is back.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestDatabase, query, NO_WRITING_JOBS, QUIET_CLOCK, settledTableContents, tableContents, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { startTcpProxy, type TcpProxy } from "./support/tcp-proxy";
import { postWebhook, type WebhookTarget } from "./support/webhook";

const delivery = (sessionId: string, seq: number) => ({
  event: "INFERENCE_COMPLETE",
  version: "V3",
  user_id: "fault-user",
  session_id: sessionId,
  inference_seq_num: seq,
  sleep_stages: [1, 1, 1, 2, 2, 2, 2, 3, 3, 3],
});

describe("database unavailable (PostgreSQL behind a proxy we can cut)", { timeout: 240_000 }, () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let server: RunningServer;
  let target: WebhookTarget;

  before(async () => {
    db = await createTestDatabase();
    const direct = new URL(db.url);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const viaProxy = new URL(db.url);
    viaProxy.port = String(proxy.port);
    server = await startServer({ databaseUrl: viaProxy.toString(), apiKey: "fault-test-key-0123456789", env: QUIET_CLOCK });
    target = { url: server.url, apiKey: "fault-test-key-0123456789" };
    assert.equal((await postWebhook(target, delivery("warm-up", 0))).status, 200);
  });
  after(async () => {
    await server?.stop();
    await proxy?.close();
    await db?.drop();
  });

  for (const mode of ["refuse", "blackhole"] as const) {
    it(`${mode === "refuse" ? "connections refused" : "database hangs"}: 503 with Retry-After within seconds, nothing written; stored once it is back`, async () => {
      const before = await settledTableContents(db.url, NO_WRITING_JOBS);
      const body = delivery(`outage-${mode}`, 3);
      proxy.setMode(mode);
      const during = await postWebhook(target, body);
      proxy.setMode("forward");
      console.log(`[figures] database ${mode}: answered ${during.status} in ${Math.round(during.ms)} ms`);
      assert.equal(during.status, 503);
      assert.equal(typeof during.body.error, "string");
      assert.ok(Number(during.headers.get("retry-after")) > 0, "Retry-After tells the sender when to try again");
      assert.ok(during.ms < 12_000, `answered in ${Math.round(during.ms)} ms, not a hang`);
      assert.deepEqual(await tableContents(db.url), before, "no partial write");

      // The sender retries; the database is back (the pool may need a moment to replace dead connections).
      let retried = await postWebhook(target, body);
      for (let i = 0; i < 5 && retried.status === 503; i++) retried = await postWebhook(target, body);
      assert.equal(retried.status, 200);
      assert.deepEqual(retried.body, { status: "success" }, "stored now, not a duplicate of anything half-written");
      const rows = await query(db.url, `SELECT 1 FROM inference WHERE session_id = $1`, [body.session_id]);
      assert.equal(rows.length, 1);
      assert.equal(server.process.exitCode, null, "the app kept running");
    });
  }

  it("logs the fault without the payload or the key", () => {
    const faults = server.logs().filter((l) => l.msg === "webhook not stored: database unavailable");
    assert.ok(faults.length >= 2);
    assert.doesNotMatch(server.output(), /fault-test-key-0123456789/);
    // No body in the log lines (the start-up banner for a person at a terminal shows an example body of its own).
    assert.doesNotMatch(JSON.stringify(server.logs()), /sleep_stages/);
  });
});
