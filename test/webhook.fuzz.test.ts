// Property-based fuzzing of the webhook edge (fast-check): truncated, wrongly typed, deeply nested and
// random payloads are answered 400 (or 413), never 5xx, and nothing of them is written.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { createTestDatabase, NO_WRITING_JOBS, QUIET_CLOCK, settledTableContents, tableContents, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { postWebhook, type WebhookTarget } from "./support/webhook";

const valid = () => ({
  event: "INFERENCE_COMPLETE",
  version: "V3",
  timestamp: "2026-11-22T01:00:00Z",
  user_id: "fuzz-user",
  session_id: "fuzz-night",
  seq_num: 9,
  inference_seq_num: 0,
  sleep_stages: [0, 1, 1, 2, 2, 3, 3, 1, 0, -1],
  snoring_stages: [0, 0, 1, 1, 0, 0, 0, 0, 0, 0],
  time_window: { start: "2026-11-22T00:55:00Z", end: "2026-11-22T01:00:00Z" },
});

// Values that are wrong for every field they replace below.
const wrongValue = fc.oneof(
  fc.boolean(),
  fc.dictionary(fc.string(), fc.integer(), { maxKeys: 3 }),
  fc.array(fc.array(fc.integer()), { minLength: 1, maxLength: 3 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
  fc.string({ maxLength: 20 }).map((s) => `not-a-${s}`),
);
// The fields checked strictly. `timestamp` and `time_window` are informational: any value that is not a
// readable time is left out, not refused (test/webhook.hardening.test.ts holds that).
const FIELDS = ["event", "session_id", "inference_seq_num", "sleep_stages", "snoring_stages", "user_id", "version"] as const;

describe("fuzzing POST /api/asleep-webhook", { timeout: 300_000 }, () => {
  let db: TestDatabase;
  let server: RunningServer;
  let target: WebhookTarget;
  const statuses = new Map<number, number>();
  const record = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);

  before(async () => {
    db = await createTestDatabase();
    server = await startServer({ databaseUrl: db.url, apiKey: "fuzz-key-0123456789", env: QUIET_CLOCK });
    target = { url: server.url, apiKey: "fuzz-key-0123456789" };
  });
  after(async () => {
    console.log(`[figures] fuzz: ${[...statuses.values()].reduce((a, b) => a + b, 0)} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    await server?.stop();
    await db?.drop();
  });

  it("truncated JSON: 400, nothing written", async () => {
    const before = await settledTableContents(db.url, NO_WRITING_JOBS);
    const text = JSON.stringify(valid());
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: text.length - 1 }), async (cut) => {
        const res = await postWebhook(target, null, { raw: text.slice(0, cut), userId: "fuzz-user" });
        record(res.status);
        assert.equal(res.status, 400);
      }),
      { numRuns: 60 },
    );
    assert.deepEqual(await tableContents(db.url), before);
  });

  it("one field wrongly typed: 400 naming that field, nothing written", async () => {
    const before = await settledTableContents(db.url, NO_WRITING_JOBS);
    await fc.assert(
      // (Any string is a valid event name — unknown events are answered 200 "ignored" by contract — and
      // a valid session id. So strings are wrong only for the other fields.)
      fc.asyncProperty(
        fc.tuple(fc.constantFrom(...FIELDS), wrongValue).filter(([f, v]) => !(typeof v === "string" && (f === "event" || f === "session_id"))),
        async ([field, value]) => {
        const body: Record<string, unknown> = { ...valid(), [field]: value };
        const res = await postWebhook(target, body, { userId: "fuzz-user" });
        record(res.status);
        assert.equal(res.status, 400, `${field} = ${JSON.stringify(value)}`);
        const paths = (res.body.issues as Array<{ path: string }>).map((i) => i.path);
        assert.ok(paths.some((p) => p === field || p.startsWith(`${field}.`)), `issues name ${field}: ${paths.join(", ")}`);
        },
      ),
      { numRuns: 120 },
    );
    assert.deepEqual(await tableContents(db.url), before);
  });

  it("deeply nested and random JSON: 400 or 413, never a server error, nothing written", async () => {
    const before = await settledTableContents(db.url, NO_WRITING_JOBS);
    const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
    for (const depth of [100, 10_000, 100_000]) {
      const res = await postWebhook(target, null, { raw: `{"event":"INFERENCE_COMPLETE","session_id":"x","inference_seq_num":0,"sleep_stages":${nested(depth)}}`, userId: "fuzz-user" });
      record(res.status);
      assert.ok([400, 413].includes(res.status), `depth ${depth}: ${res.status}`);
    }
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), async (value) => {
        // Anything with a known event but random content, or no object at all.
        const body = typeof value === "object" && value !== null && !Array.isArray(value) ? { ...value, event: "SESSION_COMPLETE", stat: 42 } : value;
        const res = await postWebhook(target, body, { userId: "fuzz-user" });
        record(res.status);
        assert.equal(res.status, 400);
      }),
      { numRuns: 80 },
    );
    assert.deepEqual(await tableContents(db.url), before);
  });
});
