// SIGTERM in the middle of a burst (a deploy, a scale-in): the instance stops taking new requests,
// finishes the webhooks in flight, and exits cleanly; every delivery it acknowledged is stored.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestDatabase, query, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { postWebhook } from "./support/webhook";

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
