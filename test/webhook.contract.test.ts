// The webhook contract (README, "Webhook") over real HTTP against the started app, on the embedded
// PGlite and on this machine's PostgreSQL server: every row of the table, fifty duplicates at once,
// every arrival order of a short night, and nothing written by any refused request.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import { finalTimeline, firstEpochOf, mergeInferences } from "@/lib/sleep/timeline";
import { createTestDatabase, query, NO_WRITING_JOBS, QUIET_CLOCK, settledTableContents, tableContents, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { postWebhook, type WebhookTarget } from "./support/webhook";

const run = promisify(execFile);
const fixture = (name: string) => JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8")) as Record<string, unknown>;

let counter = 0;
const uniqueId = (prefix: string) => `${prefix}-${process.pid}-${++counter}`;

function inference(userId: string, sessionId: string, seq: number, stages: number[], snoring?: number[]) {
  return {
    event: "INFERENCE_COMPLETE",
    version: "V3",
    user_id: userId,
    session_id: sessionId,
    seq_num: (seq + 1) * 10 - 1,
    inference_seq_num: seq,
    sleep_stages: stages,
    snoring_stages: snoring ?? stages.map(() => 0),
  };
}

function sessionComplete(userId: string, sessionId: string, stages: number[]) {
  return {
    event: "SESSION_COMPLETE",
    version: "V3",
    user_id: userId,
    session_id: sessionId,
    session: {
      id: sessionId,
      state: "COMPLETE",
      start_time: "2026-11-21T22:00:00+00:00",
      end_time: "2026-11-22T06:00:00+00:00",
      timezone: "Europe/Berlin",
      sleep_stages: stages,
      snoring_stages: stages.map(() => 0),
    },
    stat: { sleep_efficiency: 88.24, sleep_latency: 900, waso_count: 2 },
    peculiarities: [],
  };
}

interface SessionRow {
  state: string;
  sleep_stages: number[];
  snoring_stages: number[];
  last_inference_seq_num: number | null;
  user_id: string;
  start_time: Date | null;
  timezone: string | null;
}

const backends: Array<{ name: string; start: () => Promise<{ server: RunningServer; apiKey: string; db?: TestDatabase }> }> = [
  {
    name: "embedded PGlite (no DATABASE_URL, no ASLEEP_API_KEY)",
    async start() {
      const server = await startServer({ apiKey: null, env: QUIET_CLOCK });
      const secrets = JSON.parse(readFileSync(path.join(server.dataDir, "secrets.json"), "utf8")) as { asleepApiKey: string };
      return { server, apiKey: secrets.asleepApiKey };
    },
  },
  {
    name: "PostgreSQL server (DATABASE_URL)",
    async start() {
      const db = await createTestDatabase();
      const apiKey = "test-key-postgres-0123456789";
      return { server: await startServer({ databaseUrl: db.url, apiKey, env: QUIET_CLOCK }), apiKey, db };
    },
  },
];

for (const backend of backends) {
  describe(`POST /api/asleep-webhook on ${backend.name}`, { timeout: 300_000 }, () => {
    let server: RunningServer;
    let db: TestDatabase | undefined;
    let target: WebhookTarget;
    const session = (id: string) => query<SessionRow>(server.databaseUrl, `SELECT *, state::text AS state FROM sleep_session WHERE id = $1`, [id]).then((r) => r[0]);

    before(async () => {
      const started = await backend.start();
      server = started.server;
      db = started.db;
      target = { url: server.url, apiKey: started.apiKey };
    });
    after(async () => {
      await server?.stop();
      await db?.drop();
    });

    if (!backend.name.includes("ASLEEP_API_KEY")) {
      it("uses the configured ASLEEP_API_KEY and prints no key", () => {
        assert.doesNotMatch(server.output(), new RegExp(target.apiKey));
      });
    } else {
      it("generates a key once under DATA_DIR, private to the owner, never prints it, and prints a curl line that reads it from there and delivers", async () => {
        const file = path.join(server.dataDir, "secrets.json");
        assert.equal(statSync(file).mode & 0o777, 0o600);
        // stdout is a log under systemd or Docker: the key must not be in it.
        assert.ok(!server.output().includes(target.apiKey), "the webhook key appears in the app's output");
        assert.ok(server.output().includes(file), "the output says where the key is kept");
        // The curl line as printed (a backslash-continued command), run by a shell.
        const lines = server.output().split("\n");
        const start = lines.findIndex((l) => l.trim().startsWith("curl -X POST"));
        assert.ok(start >= 0, "no curl line printed");
        let end = start;
        while (lines[end]!.trimEnd().endsWith("\\")) end++;
        const command = lines.slice(start, end + 1).join("\n");
        assert.match(command, new RegExp(`curl -X POST ${server.url.replace("127.0.0.1", "localhost")}/api/asleep-webhook`));
        const { stdout } = await run("bash", ["-c", command]);
        assert.deepEqual(JSON.parse(stdout), { status: "success" });
        assert.equal((await session("demo-night"))?.user_id, "demo-user");
      });
    }

    it("stores a new INFERENCE_COMPLETE: 200 success, the night merged, the delivery audited without headers", async () => {
      const user = uniqueId("user");
      const id = uniqueId("night");
      const res = await postWebhook(target, inference(user, id, 0, [0, 0, 1, 1, 1, 2, 2, 2, 3, 3], [0, 0, 0, 1, 1, 0, 0, 0, 0, 0]));
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { status: "success" });
      const row = await session(id);
      assert.equal(row?.state, "OPEN");
      assert.equal(row?.user_id, user);
      assert.deepEqual(row?.sleep_stages, [0, 0, 1, 1, 1, 2, 2, 2, 3, 3]);
      assert.deepEqual(row?.snoring_stages, [0, 0, 0, 1, 1, 0, 0, 0, 0, 0]);
      assert.ok(row?.start_time, "an OPEN night gets an estimated start time");
      const audit = await query<{ outcome: string; body: unknown; event: string }>(server.databaseUrl, `SELECT outcome::text, body, event FROM webhook_delivery WHERE session_id = $1`, [id]);
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.outcome, "STORED");
      assert.equal(audit[0]!.event, "INFERENCE_COMPLETE");
      assert.doesNotMatch(JSON.stringify(audit), new RegExp(target.apiKey));
    });

    it("stores the envelope shape from Asleep's docs as the same night", async () => {
      const body = fixture("inference-complete.envelope.json");
      const data = body.data as Record<string, unknown>;
      const id = uniqueId("envelope");
      data.session_id = id;
      const res = await postWebhook(target, body);
      assert.equal(res.status, 200);
      const row = await session(id);
      // inference_seq_num 3 with 10 values: epochs 30–39, unknown before.
      assert.equal(row?.sleep_stages.length, 40);
      assert.deepEqual(row?.sleep_stages.slice(30), data.sleep_stages);
      assert.deepEqual(row?.sleep_stages.slice(0, 30), Array(30).fill(-1));
    });

    it("answers a re-delivered inference as a duplicate and stores it once", async () => {
      const user = uniqueId("user");
      const id = uniqueId("night");
      const body = inference(user, id, 2, [1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
      assert.deepEqual((await postWebhook(target, body)).body, { status: "success" });
      const again = await postWebhook(target, body);
      assert.equal(again.status, 200);
      assert.deepEqual(again.body, { status: "success", duplicate: true });
      const [count] = await query<{ n: string }>(server.databaseUrl, `SELECT count(*) AS n FROM inference WHERE session_id = $1`, [id]);
      assert.equal(Number(count!.n), 1);
    });

    it("answers a second SESSION_COMPLETE as a duplicate and keeps the first report", async () => {
      const user = uniqueId("user");
      const id = uniqueId("night");
      const first = sessionComplete(user, id, [0, 1, 2, 3]);
      assert.deepEqual((await postWebhook(target, first)).body, { status: "success" });
      const second = { ...sessionComplete(user, id, [0, 0, 0, 0]), stat: { sleep_efficiency: 1 } };
      assert.deepEqual((await postWebhook(target, second)).body, { status: "success", duplicate: true });
      const reports = await query<{ stat: Record<string, unknown> }>(server.databaseUrl, `SELECT stat FROM sleep_report WHERE session_id = $1`, [id]);
      assert.equal(reports.length, 1);
      assert.equal(reports[0]!.stat.sleep_efficiency, 88.24);
      assert.deepEqual((await session(id))?.sleep_stages, [0, 1, 2, 3]);
    });

    it("stores SESSION_COMPLETE as Asleep sent it: final timeline, times, timezone, raw stat", async () => {
      const body = fixture("session-complete.flat.json");
      const id = uniqueId("fixture-night");
      body.session_id = id;
      (body.session as Record<string, unknown>).id = id;
      assert.deepEqual((await postWebhook(target, body)).body, { status: "success" });
      const row = await session(id);
      assert.equal(row?.state, "COMPLETE");
      assert.equal(row?.timezone, "UTC");
      assert.equal(row?.start_time?.toISOString(), "2024-01-20T22:00:00.000Z");
      const [report] = await query<{ stat: unknown; peculiarities: string[] }>(server.databaseUrl, `SELECT stat, peculiarities FROM sleep_report WHERE session_id = $1`, [id]);
      assert.deepEqual(report?.stat, body.stat);
      assert.deepEqual(report?.peculiarities, []);
    });

    it("keeps an unknown event for audit and answers ignored, creating no night", async () => {
      const id = uniqueId("unknown-event");
      const body = { event: "SESSION_DELETED", version: "V3", user_id: "u-unknown", session_id: id, reason: "user request" };
      const res = await postWebhook(target, body);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { status: "ignored" });
      assert.equal(await session(id), undefined);
      const audit = await query<{ outcome: string; body: unknown }>(server.databaseUrl, `SELECT outcome::text, body FROM webhook_delivery WHERE session_id = $1`, [id]);
      assert.deepEqual(audit.map((a) => a.outcome), ["IGNORED"]);
      assert.deepEqual(audit[0]!.body, body);
    });

    describe("refusals change nothing", () => {
      const valid = () => inference("refused-user", uniqueId("refused"), 0, [0, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
      const cases: Array<[string, () => Promise<Awaited<ReturnType<typeof postWebhook>>>, number, string[]?]> = [
        ["no x-api-key → 401", () => postWebhook(target, valid(), { apiKey: null }), 401],
        ["a wrong x-api-key → 401", () => postWebhook(target, valid(), { apiKey: `${target.apiKey}x` }), 401],
        ["malformed JSON → 400", () => postWebhook(target, null, { raw: '{"event": "INFERENCE_COMPLETE", ', userId: "refused-user" }), 400, [""]],
        ["an empty body → 400", () => postWebhook(target, null, { raw: "", userId: "refused-user" }), 400, [""]],
        ["a sleep stage out of range → 400 naming the field", () => postWebhook(target, { ...valid(), sleep_stages: [0, 1, 9, 1, 1, 1, 1, 1, 1, 1] }), 400, ["sleep_stages.2"]],
        ["stages of the wrong type → 400", () => postWebhook(target, { ...valid(), sleep_stages: "0,1,1" }), 400, ["sleep_stages"]],
        ["no x-user-id → 400", () => postWebhook(target, valid(), { userId: null }), 400, ["headers.x-user-id"]],
        ["x-user-id different from user_id → 400", () => postWebhook(target, valid(), { userId: "someone-else" }), 400, ["user_id"]],
        ["a JSON array → 400", () => postWebhook(target, [valid()], { userId: "refused-user" }), 400, [""]],
      ];
      for (const [name, send, status, paths] of cases) {
        it(name, async () => {
          const before = await settledTableContents(server.databaseUrl, NO_WRITING_JOBS);
          const res = await send();
          assert.equal(res.status, status);
          assert.equal(typeof res.body.error, "string", "a clear error message");
          if (paths) assert.deepEqual((res.body.issues as Array<{ path: string }>).map((i) => i.path), paths);
          assert.deepEqual(await tableContents(server.databaseUrl), before);
        });
      }

      it("a body over 1 MiB → 413, declared or streamed without a length", async () => {
        const before = await settledTableContents(server.databaseUrl, NO_WRITING_JOBS);
        const big = JSON.stringify({ ...valid(), padding: "x".repeat(1024 * 1024) });
        const declared = await postWebhook(target, null, { raw: big, userId: "refused-user" });
        assert.equal(declared.status, 413);
        const streamed = await fetch(`${target.url}/api/asleep-webhook`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-api-key": target.apiKey, "x-user-id": "refused-user" },
          body: new Blob([big]).stream(),
          duplex: "half",
        } as RequestInit);
        assert.equal(streamed.status, 413);
        assert.deepEqual(await tableContents(server.databaseUrl), before);
      });

      it("a session that belongs to another user → 400, and that night is untouched", async () => {
        const id = uniqueId("owned");
        await postWebhook(target, inference("owner", id, 0, Array(10).fill(1)));
        const before = await settledTableContents(server.databaseUrl, NO_WRITING_JOBS);
        const res = await postWebhook(target, inference("intruder", id, 1, Array(10).fill(0)));
        assert.equal(res.status, 400);
        assert.deepEqual((res.body.issues as Array<{ path: string }>).map((i) => i.path), ["session_id"]);
        assert.deepEqual(await tableContents(server.databaseUrl), before);
        assert.deepEqual((await session(id))?.sleep_stages, Array(10).fill(1));
      });
    });

    it("the same delivery fifty times at once: fifty 200s, one stored, forty-nine duplicates", async () => {
      const user = uniqueId("user");
      const id = uniqueId("burst");
      const body = inference(user, id, 4, [1, 1, 2, 2, 2, 2, 3, 3, 3, 0]);
      const results = await Promise.all(Array.from({ length: 50 }, () => postWebhook(target, body)));
      assert.deepEqual(results.map((r) => r.status), Array(50).fill(200));
      assert.equal(results.filter((r) => r.body.duplicate !== true).length, 1);
      assert.equal(results.filter((r) => r.body.duplicate === true).length, 49);
      const [counts] = await query<{ inferences: string; deliveries: string }>(
        server.databaseUrl,
        `SELECT (SELECT count(*) FROM inference WHERE session_id = $1) AS inferences, (SELECT count(*) FROM webhook_delivery WHERE session_id = $1) AS deliveries`,
        [id],
      );
      assert.equal(Number(counts!.inferences), 1);
      assert.equal(Number(counts!.deliveries), 50);
      assert.deepEqual((await session(id))?.sleep_stages.slice(40), body.sleep_stages);
    });

    it("a backlog of 48 different inferences for one night, delivered all at once, loses no epoch", async () => {
      // A phone back online flushes its queue: every delivery races for the same night row.
      const user = uniqueId("user");
      const id = uniqueId("backlog");
      const blocks = Array.from({ length: 48 }, (_, seq) => Array.from({ length: 10 }, (_, i) => (seq + i) % 4));
      const results = await Promise.all(blocks.map((stages, seq) => postWebhook(target, inference(user, id, seq, stages))));
      assert.deepEqual(results.map((r) => r.status), Array(48).fill(200));
      assert.ok(results.every((r) => r.body.duplicate === undefined));
      const row = await session(id);
      assert.deepEqual(row?.sleep_stages, blocks.flat());
      assert.equal(row?.last_inference_seq_num, 47);
    });

    describe("a short night in every arrival order", () => {
      const stagesOf = [
        [0, 0, 1, 1, 2, 2, 2, 2, 2, 1],
        [1, 1, 2, 2, 3, 3, 3, 0, 1, 1],
        // seq 2 carries a 20-epoch window that revises the end of block 1.
        [2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 1, 1, 1, 1, 0, 0, 0],
      ];
      const finalStages = [0, 0, 1, 1, 2, 2, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 1, 1, 1, 1, 0, 0, 0, 0];
      const placed = stagesOf.map((s, seq) => ({ inferenceSeqNum: seq, firstEpoch: firstEpochOf(seq, s.length), sleepStages: s, snoringStages: s.map(() => 0) }));
      const expectedOpen = mergeInferences(placed);
      const permutations = <T,>(items: T[]): T[][] =>
        items.length <= 1 ? [items] : items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
      const orders = permutations([0, 1, 2, 3]); // 3 = SESSION_COMPLETE

      it(`all ${orders.length} orders, sent one by one, end in the same final night`, async () => {
        for (const order of orders) {
          const user = uniqueId("user");
          const id = uniqueId(`order-${order.join("")}`);
          for (const step of order) {
            const body = step === 3 ? sessionComplete(user, id, finalStages) : inference(user, id, step, stagesOf[step]!);
            const res = await postWebhook(target, body);
            assert.equal(res.status, 200, `order ${order.join(",")} step ${step}`);
          }
          const row = await session(id);
          assert.equal(row?.state, "COMPLETE");
          assert.deepEqual(row?.sleep_stages, finalTimeline(finalStages, []).sleepStages, `order ${order.join(",")}`);
          assert.equal(row?.last_inference_seq_num, 2);
        }
      });

      it("while OPEN, inferences in any order, even all at once, merge to the same night", async () => {
        for (const order of permutations([0, 1, 2])) {
          const user = uniqueId("user");
          const id = uniqueId(`open-${order.join("")}`);
          for (const step of order) await postWebhook(target, inference(user, id, step, stagesOf[step]!));
          const row = await session(id);
          assert.equal(row?.state, "OPEN");
          assert.deepEqual(row?.sleep_stages, expectedOpen.sleepStages, `order ${order.join(",")}`);
        }
        const user = uniqueId("user");
        const id = uniqueId("open-concurrent");
        const results = await Promise.all([0, 1, 2, 0, 1, 2].map((step) => postWebhook(target, inference(user, id, step, stagesOf[step]!))));
        assert.deepEqual(results.map((r) => r.status), Array(6).fill(200));
        assert.deepEqual((await session(id))?.sleep_stages, expectedOpen.sleepStages);
      });

      it("a late INFERENCE_COMPLETE after SESSION_COMPLETE is kept but does not change the final night", async () => {
        const user = uniqueId("user");
        const id = uniqueId("late");
        await postWebhook(target, sessionComplete(user, id, finalStages));
        const res = await postWebhook(target, inference(user, id, 1, Array(10).fill(3)));
        assert.deepEqual(res.body, { status: "success" });
        const row = await session(id);
        assert.equal(row?.state, "COMPLETE");
        assert.deepEqual(row?.sleep_stages, finalStages);
        const [late] = await query<{ applied: boolean }>(server.databaseUrl, `SELECT applied FROM inference WHERE session_id = $1`, [id]);
        assert.equal(late?.applied, false);
        const [audit] = await query<{ outcome: string }>(server.databaseUrl, `SELECT outcome::text FROM webhook_delivery WHERE session_id = $1 AND event = 'INFERENCE_COMPLETE'`, [id]);
        assert.equal(audit?.outcome, "LATE");
      });
    });

    it("every answer carries an x-request-id, accepted or refused", async () => {
      const accepted = await postWebhook(target, inference(uniqueId("user"), uniqueId("rid"), 0, Array(10).fill(1)));
      const refused = await postWebhook(target, {}, { apiKey: null });
      for (const res of [accepted, refused]) assert.match(res.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
      assert.notEqual(accepted.headers.get("x-request-id"), refused.headers.get("x-request-id"));
    });

    it("the ack is not compressed, even for a sender that accepts gzip (it would cost more than its bytes)", async () => {
      const user = uniqueId("user");
      const res = await fetch(`${target.url}/api/asleep-webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": target.apiKey, "x-user-id": user, "accept-encoding": "gzip, deflate, br" },
        body: JSON.stringify(inference(user, uniqueId("gzip"), 0, Array(10).fill(1))),
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-encoding"), null);
      assert.deepEqual(await res.json(), { status: "success" });
    });

    it("never answers with a stack trace", async () => {
      const res = await postWebhook(target, { event: "INFERENCE_COMPLETE", sleep_stages: { nested: { deeper: [[[1]]] } } }, { userId: "u" });
      assert.equal(res.status, 400);
      assert.doesNotMatch(JSON.stringify(res.body), /at .*\.(ts|js):\d+/);
    });
  });
}
