// A batch holding one delivery the database refuses must not fail the others: the batcher
// (server/webhook/batch.ts) splits it, the refused one gets its own error (the route answers it 400:
// "unstorable"), and every other delivery of the batch, on the same night or another, is stored.
// Driven below the route, on a real PostgreSQL database with the app's migrations, because the edge
// (server/webhook/schema.ts) already refuses such payloads before they can reach a batch.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createDb, type Db } from "../server/db/client";
import { classifyDbError } from "../server/db/errors";
import { InferenceBatcher } from "../server/webhook/batch";
import { parseAsleepWebhook, type InferenceDelivery } from "../server/webhook/schema";
import { createMigratedTestDatabase, query, type TestDatabase } from "./support/postgres";

function inference(sessionId: string, seq: number): { delivery: InferenceDelivery; body: Record<string, unknown> } {
  const body = { event: "INFERENCE_COMPLETE", version: "V3", user_id: "split-sleeper", session_id: sessionId, inference_seq_num: seq, sleep_stages: [1, 2, 3, 1, 2, 3, 1, 2, 3, 0] };
  const parsed = parseAsleepWebhook(body, "split-sleeper");
  assert.ok(parsed.ok && parsed.delivery.event === "INFERENCE_COMPLETE");
  return { delivery: parsed.delivery, body };
}

describe("group commit: a batch with an unstorable delivery", () => {
  let database: TestDatabase;
  let db: Db;
  before(async () => {
    database = await createMigratedTestDatabase();
    db = createDb({ connectionString: database.url, poolSize: 4 });
  });
  after(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it("stores every other delivery of the batch and refuses only that one, as unstorable", async () => {
    const batcher = new InferenceBatcher(db, { maxInFlight: 1 });
    const members = [
      { ...inference("night-a", 0), id: "a0", poison: false },
      // Its audit body holds a NUL character: PostgreSQL's jsonb refuses it (22P05), on every retry.
      { ...inference("night-a", 1), id: "a1-bad", poison: true },
      { ...inference("night-a", 2), id: "a2", poison: false },
      { ...inference("night-b", 0), id: "b0", poison: false },
      { ...inference("night-c", 0), id: "c0-bad", poison: true },
    ];
    // Submitted in one turn of the event loop: one batch.
    const settled = await Promise.allSettled(
      members.map((m) =>
        batcher.submit(m.delivery, { requestId: m.id, body: m.poison ? { ...m.body, note: "nul \u0000 here" } : m.body, receivedAt: new Date() }),
      ),
    );

    const byId = new Map(members.map((m, i) => [m.id, settled[i]!]));
    for (const id of ["a0", "a2", "b0"]) {
      const s = byId.get(id)!;
      assert.equal(s.status, "fulfilled", `${id} stored`);
      assert.equal(s.status === "fulfilled" && s.value.outcome, "STORED");
    }
    for (const id of ["a1-bad", "c0-bad"]) {
      const s = byId.get(id)!;
      assert.equal(s.status, "rejected", `${id} refused`);
      assert.equal(s.status === "rejected" && classifyDbError(s.reason), "unstorable", `${id}: the route answers 400, not 503`);
    }

    const inferences = await query<{ session_id: string; inference_seq_num: number }>(
      database.url,
      "SELECT session_id, inference_seq_num FROM inference ORDER BY session_id, inference_seq_num",
    );
    assert.deepEqual(inferences.map((r) => `${r.session_id}#${r.inference_seq_num}`), ["night-a#0", "night-a#2", "night-b#0"]);
    const audits = await query<{ request_id: string; outcome: string }>(database.url, "SELECT request_id, outcome::text AS outcome FROM webhook_delivery ORDER BY request_id");
    assert.deepEqual(audits.map((a) => `${a.request_id}:${a.outcome}`), ["a0:STORED", "a2:STORED", "b0:STORED"]);
    // A night whose only delivery was refused is not left behind empty.
    const nights = await query<{ id: string; sleep_stages: number[] }>(database.url, "SELECT id, sleep_stages FROM sleep_session ORDER BY id");
    assert.deepEqual(nights.map((n) => n.id), ["night-a", "night-b"]);
    assert.equal(nights[0]!.sleep_stages.length, 30, "night-a holds inferences 0 and 2 (epochs 0–9 and 20–29, Unknown between)");
  });
});
