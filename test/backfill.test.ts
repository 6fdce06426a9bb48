// Gaps (issue 7, "Never lose a night"): an open night with no delivery for longer than twice its usual
// cadence is flagged stale, and the app back-fills it from Asleep's REST API, here a local stand-in that
// speaks the documented protocol (test/support/asleep-api.ts). Real server, on PGlite and PostgreSQL.
//
// Time is compressed, not waited out: deliveries arrive about a second apart, so that is each night's
// usual cadence once TEST_CADENCE_FLOOR (tests only) lets it go below a minute, and the back-fill runs
// every 300 ms.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { SessionDetail, SessionSummary } from "@/lib/live/events";
import { getJson, signIn, usersCli } from "./support/accounts";
import { startAsleepApi, type AsleepSessionData, type AsleepStandIn } from "./support/asleep-api";
import { connected, openLiveSocket, type LiveClient } from "./support/live";
import { createTestDatabase, query, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { sleep, waitFor } from "./support/wait";
import { postWebhook, type WebhookTarget } from "./support/webhook";

const API_KEY = "backfill-test-key-0123456789";
const PASSWORD = "a long enough passphrase";
/** A plausible night: `blocks` 5-minute blocks of stages, wake → light → deep → REM cycles. */
function stagesOf(blocks: number, seed: number): number[] {
  return Array.from({ length: blocks * 10 }, (_, i) => [0, 1, 1, 2, 2, 1, 3, 3, 1, 1][(i + seed) % 10]!);
}
const block = (stages: number[], k: number) => stages.slice(k * 10, k * 10 + 10);

const inference = (userId: string, sessionId: string, seq: number, stages: number[]) => ({
  event: "INFERENCE_COMPLETE",
  version: "V3",
  user_id: userId,
  session_id: sessionId,
  inference_seq_num: seq,
  sleep_stages: block(stages, seq),
  snoring_stages: block(stages, seq).map(() => 0),
});

const backends: Array<{ name: string; start: (env: Record<string, string>) => Promise<{ server: RunningServer; db?: TestDatabase }> }> = [
  { name: "embedded PGlite", start: async (env) => ({ server: await startServer({ apiKey: API_KEY, env }) }) },
  {
    name: "PostgreSQL server",
    async start(env) {
      const db = await createTestDatabase();
      return { server: await startServer({ databaseUrl: db.url, apiKey: API_KEY, env }), db };
    },
  },
];

for (const backend of backends) {
  describe(`stale nights are flagged and back-filled from Asleep's API (${backend.name})`, { timeout: 180_000 }, () => {
    let asleep: AsleepStandIn;
    let server: RunningServer;
    let db: TestDatabase | undefined;
    let target: WebhookTarget;
    let cookie: string;
    let socket: LiveClient;
    const updates: Array<{ sessionId: string; inferenceSeqNum: number | null; sleepStages: number[] }> = [];
    const completes: Array<{ sessionId: string; stat: Record<string, unknown> | null }> = [];

    // Four nights, each of its own patient. Asleep has analysed eight blocks of the gap night; its
    // webhooks for blocks 3–5 and 7 never came.
    const gap = { user: "asleep-gap", id: `gap-night-${process.pid}`, stages: stagesOf(8, 0), delivered: [0, 1, 2, 6] };
    const done = { user: "asleep-done", id: `done-night-${process.pid}`, stages: stagesOf(4, 3), final: stagesOf(5, 3) };
    const failing = { user: "asleep-500", id: `failing-night-${process.pid}`, stages: stagesOf(6, 5) };
    const hanging = { user: "asleep-hang", id: `hanging-night-${process.pid}`, stages: stagesOf(4, 7) };
    const startTime = "2026-11-22T22:00:00.000Z";
    const openAtAsleep = (id: string, stages: number[]): AsleepSessionData => ({
      session: { id, state: "OPEN", start_time: startTime, timezone: "Europe/Berlin", sleep_stages: stages, snoring_stages: stages.map(() => 0) },
      stat: null,
      peculiarities: ["IN_PROGRESS"],
    });
    const doneStat = { sleep_efficiency: 91.5, sleep_latency: 600, time_in_bed: 9000, waso_count: 1 };
    const figures = { flagged: 0, blocksBackfilled: 0, nightsCompleted: 0, deliveriesStored: 0, asleepRequests: 0, staleToFilledMs: 0 };

    const summaries = async () => {
      const res = await getJson(server, "/api/sessions?state=OPEN", cookie);
      assert.equal(res.status, 200);
      return res.body.sessions as SessionSummary[];
    };
    const detail = async (id: string) => (await getJson(server, `/api/sessions/${encodeURIComponent(id)}`, cookie)).body as unknown as SessionDetail;

    before(async () => {
      asleep = await startAsleepApi({ apiKey: API_KEY });
      ({ server, db } = await backend.start({ ASLEEP_API_BASE: asleep.url, BACKFILL_INTERVAL: "300ms", TEST_CADENCE_FLOOR: "1s" }));
      target = { url: server.url, apiKey: API_KEY };
      // A clinician looking after the four sleepers, watching the board live.
      await usersCli(server, ["add", "--email", "doctor@gaps.test", "--password", PASSWORD, "--role", "clinician", "--name", "Dr Gap"]);
      for (const user of [gap.user, done.user, failing.user, hanging.user]) {
        await usersCli(server, ["add", "--email", `${user}@gaps.test`, "--password", PASSWORD, "--role", "patient", "--asleep-user-id", user, "--clinician", "doctor@gaps.test"]);
      }
      const result = await signIn(server, "doctor@gaps.test", PASSWORD);
      assert.ok(result.cookie);
      cookie = result.cookie;
      socket = openLiveSocket(server, cookie);
      socket.on("session:update", (e) => updates.push(e));
      socket.on("session:complete", (e) => completes.push(e));
      await connected(socket);

      asleep.setSession(gap.user, openAtAsleep(gap.id, gap.stages));
      asleep.setSession(done.user, {
        session: { id: done.id, state: "COMPLETE", start_time: startTime, end_time: "2026-11-23T00:30:00.000Z", timezone: "Europe/Berlin", sleep_stages: done.final, snoring_stages: done.final.map(() => 0) },
        stat: doneStat,
        peculiarities: [],
        missing_data_ratio: 0.02,
      });
      asleep.setSession(failing.user, openAtAsleep(failing.id, failing.stages));
      // Until the test has seen the nights flagged, Asleep is down for all of them.
      for (const id of [gap.id, done.id, failing.id]) asleep.behave(id, "fail");
      asleep.behave(hanging.id, "hang");
    });

    after(async () => {
      socket?.close();
      await server?.stop();
      await asleep?.close();
      await db?.drop();
      console.log(`[figures] back-fill, ${backend.name}: ${JSON.stringify(figures)}`);
    });

    it("the stand-in speaks Asleep's protocol: 401 for a wrong key, 400 without x-user-id, 404 for a night unknown to that user", async () => {
      const id = "protocol-night";
      asleep.setSession("asleep-protocol", openAtAsleep(id, stagesOf(1, 0)));
      const get = (night: string, headers: Record<string, string>) => fetch(`${asleep.url}/data/v3/sessions/${night}`, { headers }).then((r) => r.status);
      assert.equal(await get(id, { "x-api-key": API_KEY, "x-user-id": "asleep-protocol" }), 200);
      assert.equal(await get(id, { "x-api-key": "wrong-key-000000", "x-user-id": "asleep-protocol" }), 401);
      assert.equal(await get(id, { "x-user-id": "asleep-protocol" }), 401);
      assert.equal(await get(id, { "x-api-key": API_KEY }), 400);
      assert.equal(await get("no-such-night", { "x-api-key": API_KEY, "x-user-id": "asleep-protocol" }), 404);
      assert.equal(await get(id, { "x-api-key": API_KEY, "x-user-id": "someone-else" }), 404);
    });

    it("a night whose deliveries stop is flagged stale (API: stale: true) after twice its usual cadence", async () => {
      for (let round = 0; round < 4; round++) {
        const posts = [
          postWebhook(target, inference(gap.user, gap.id, gap.delivered[round]!, gap.stages)),
          postWebhook(target, inference(done.user, done.id, round, done.stages)),
          postWebhook(target, inference(failing.user, failing.id, round, failing.stages)),
          postWebhook(target, inference(hanging.user, hanging.id, round, hanging.stages)),
        ];
        for (const res of await Promise.all(posts)) assert.equal(res.status, 200);
        if (round < 3) await sleep(1000);
      }
      const justDelivered = await summaries();
      for (const id of [gap.id, done.id]) assert.equal(justDelivered.find((s) => s.id === id)?.stale, false, `${id} is not stale right after a delivery`);

      const flagged = await waitFor("all four nights flagged stale", async () => {
        const list = await summaries();
        const stale = list.filter((s) => s.stale).map((s) => s.id);
        return [gap.id, done.id, failing.id, hanging.id].every((id) => stale.includes(id)) && list;
      });
      figures.flagged = flagged.filter((s) => s.stale).length;
      const night = flagged.find((s) => s.id === gap.id)!;
      assert.ok(night.lastDeliveryAt && Date.now() - Date.parse(night.lastDeliveryAt) > 2000, "silent for over twice its ~1 s cadence");
      assert.equal((await detail(gap.id)).stale, true, "GET /api/sessions/{id} says so too");
      // Meanwhile the back-fill asked Asleep for them, with the app's key and each night's user.
      await waitFor("Asleep asked about the gap night", () => asleep.requestsFor(gap.id).length > 0);
      for (const r of asleep.requestsFor(gap.id)) {
        assert.equal(r.apiKey, API_KEY);
        assert.equal(r.userId, gap.user);
      }
    });

    it("once Asleep answers, the missing blocks are stored, the night is whole and no longer stale, and a connected browser gets it live", async () => {
      const staleSince = Date.now();
      asleep.behave(gap.id, "answer");
      const update = await waitFor("session:update with the back-filled night", () => updates.find((u) => u.sessionId === gap.id && u.sleepStages.length === 80));
      figures.staleToFilledMs = Date.now() - staleSince;
      assert.equal(update.inferenceSeqNum, 7);
      assert.deepEqual(update.sleepStages, gap.stages);

      const night = await detail(gap.id);
      assert.deepEqual(night.sleepStages, gap.stages, "every epoch present, as Asleep analysed it");
      assert.equal(night.state, "OPEN");
      assert.equal(night.stale, false);
      assert.equal(night.lastInferenceSeqNum, 7);

      const rows = await query<{ inference_seq_num: number; backfilled: boolean }>(server.databaseUrl, `SELECT inference_seq_num, backfilled FROM inference WHERE session_id = $1 ORDER BY 1`, [gap.id]);
      assert.deepEqual(rows.map((r) => r.inference_seq_num), [0, 1, 2, 3, 4, 5, 6, 7]);
      assert.deepEqual(rows.filter((r) => r.backfilled).map((r) => r.inference_seq_num), [3, 4, 5, 7]);
      const audit = await query<{ request_id: string; event: string; outcome: string; inference_seq_num: number }>(
        server.databaseUrl,
        `SELECT request_id, event, outcome::text, inference_seq_num FROM webhook_delivery WHERE session_id = $1 AND request_id LIKE 'backfill:%' ORDER BY inference_seq_num`,
        [gap.id],
      );
      assert.deepEqual(audit.map((a) => [a.event, a.outcome, a.inference_seq_num]), [3, 4, 5, 7].map((k) => ["INFERENCE_COMPLETE", "STORED", k]));
      assert.match(audit[0]!.request_id, /^backfill:[0-9a-f-]{36}$/);
      assert.equal(new Set(audit.map((a) => a.request_id)).size, 1, "one back-fill, one request id");
      figures.blocksBackfilled += audit.length;

      // Asleep's own webhook for a back-filled block, arriving late after all, changes nothing.
      const late = await postWebhook(target, inference(gap.user, gap.id, 3, gap.stages));
      assert.deepEqual(late.body, { status: "success", duplicate: true });
      assert.deepEqual((await detail(gap.id)).sleepStages, gap.stages);
    });

    it("a night Asleep completed, whose SESSION_COMPLETE never came, becomes COMPLETE with Asleep's report", async () => {
      asleep.behave(done.id, "answer");
      const complete = await waitFor("session:complete", () => completes.find((c) => c.sessionId === done.id));
      assert.deepEqual(complete.stat, doneStat);
      const night = await detail(done.id);
      assert.equal(night.state, "COMPLETE");
      assert.equal(night.stale, false);
      assert.deepEqual(night.sleepStages, done.final);
      assert.deepEqual(night.stat, doneStat);
      assert.equal(night.startTime, startTime);
      const audit = await query<{ request_id: string; event: string; outcome: string }>(
        server.databaseUrl,
        `SELECT request_id, event, outcome::text FROM webhook_delivery WHERE session_id = $1 AND event = 'SESSION_COMPLETE'`,
        [done.id],
      );
      assert.equal(audit.length, 1);
      assert.match(audit[0]!.request_id, /^backfill:/);
      assert.equal(audit[0]!.outcome, "STORED");
      figures.nightsCompleted++;
      assert.ok(!(await summaries()).some((s) => s.id === done.id), "no longer among the open nights");
    });

    it("while Asleep answers 500 or never answers, the app keeps serving and tries again later, backing off", async () => {
      const failed = await waitFor("three attempts at the failing night", () => asleep.requestsFor(failing.id).length >= 3 && asleep.requestsFor(failing.id));
      assert.ok(failed.every((r) => r.status === 500));
      await waitFor("two attempts at the hanging night", () => asleep.requestsFor(hanging.id).length >= 2);

      const started = performance.now();
      const health = await getJson(server, "/api/health");
      assert.equal(health.status, 200);
      const other = await postWebhook(target, inference("asleep-other", `other-night-${process.pid}`, 0, stagesOf(1, 0)));
      assert.equal(other.status, 200);
      assert.ok(performance.now() - started < 3000, "answers promptly while Asleep hangs");
      const list = await summaries();
      assert.equal(list.find((s) => s.id === failing.id)?.stale, true);
      assert.equal(list.find((s) => s.id === hanging.id)?.stale, true);

      // Each failure in a row doubles the wait (interval 300 ms, 10% slack).
      const at = asleep.requestsFor(failing.id).map((r) => r.at);
      const gaps = at.slice(1).map((t, i) => t - at[i]!);
      assert.ok(gaps[1]! >= 1.5 * 270, `second wait ${gaps[1]} ms is about twice the first (${gaps[0]} ms)`);

      const logs = server.logs().filter((l) => l.msg === "back-fill: Asleep did not give the night; trying later");
      assert.ok(logs.some((l) => l.sessionId === failing.id && l.status === 500));
      assert.ok(logs.some((l) => l.sessionId === hanging.id && l.reason === "no answer in time"));
      assert.ok(!server.output().includes(API_KEY), "the API key never reaches the log");
    });

    it("when Asleep recovers, the night that failed is back-filled on a later round", async () => {
      asleep.behave(failing.id, "answer");
      await waitFor("the failing night back-filled", async () => (await detail(failing.id)).sleepStages.length === 60, 60_000).catch((error: Error) => {
        const tail = server.logs().filter((l) => l.component === "backfill").slice(-15);
        throw new Error(`${error.message}; Asleep requests: ${JSON.stringify(asleep.requestsFor(failing.id).slice(-5))}; back-fill log: ${JSON.stringify(tail)}`);
      });
      assert.deepEqual((await detail(failing.id)).sleepStages, failing.stages);
      const [row] = await query<{ n: string }>(server.databaseUrl, `SELECT count(*) AS n FROM webhook_delivery WHERE session_id = $1 AND request_id LIKE 'backfill:%' AND outcome = 'STORED'`, [failing.id]);
      figures.blocksBackfilled += Number(row!.n);
      const [all] = await query<{ n: string }>(server.databaseUrl, `SELECT count(*) AS n FROM webhook_delivery WHERE request_id LIKE 'backfill:%' AND outcome = 'STORED'`);
      figures.deliveriesStored = Number(all!.n);
      figures.asleepRequests = asleep.requests.length;
      assert.equal(figures.deliveriesStored, figures.blocksBackfilled + figures.nightsCompleted);
    });
  });
}

describe("two instances on one PostgreSQL: one back-fill per night per round", { timeout: 180_000 }, () => {
  let asleep: AsleepStandIn;
  let db: TestDatabase;
  const servers: RunningServer[] = [];
  const night = { user: "asleep-shared", id: `shared-night-${process.pid}`, stages: stagesOf(6, 2), delivered: [0, 1, 2] };

  before(async () => {
    asleep = await startAsleepApi({ apiKey: API_KEY });
    db = await createTestDatabase();
    const env = { ASLEEP_API_BASE: asleep.url, BACKFILL_INTERVAL: "300ms", TEST_CADENCE_FLOOR: "1s" };
    // One after the other: the first applies the migrations.
    servers.push(await startServer({ databaseUrl: db.url, apiKey: API_KEY, env }));
    servers.push(await startServer({ databaseUrl: db.url, apiKey: API_KEY, env }));
    asleep.setSession(night.user, {
      session: { id: night.id, state: "OPEN", sleep_stages: night.stages, snoring_stages: night.stages.map(() => 0) },
      peculiarities: ["IN_PROGRESS"],
    });
    asleep.behave(night.id, "fail");
  });

  after(async () => {
    for (const s of servers) await s.stop();
    await asleep?.close();
    await db?.drop();
  });

  it("while Asleep fails, the two instances never ask about the night at once; once it answers, each missing block is stored once", async () => {
    for (const [i, seq] of night.delivered.entries()) {
      // Deliveries go to either instance, as behind a load balancer.
      const res = await postWebhook({ url: servers[i % 2]!.url, apiKey: API_KEY }, inference(night.user, night.id, seq, night.stages));
      assert.equal(res.status, 200);
      if (i < night.delivered.length - 1) await sleep(1000);
    }
    const requests = await waitFor("five attempts", () => asleep.requestsFor(night.id).length >= 5 && asleep.requestsFor(night.id), 60_000);
    const at = requests.map((r) => r.at);
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    // Each round's claim waits at least 0.9 × 300 ms after the previous attempt, whichever instance made it.
    assert.ok(Math.min(...gaps) >= 200, `attempts ${gaps.join(", ")} ms apart`);
    const byInstance = servers.map((s) => s.logs().filter((l) => l.msg === "back-fill: Asleep did not give the night; trying later").length);
    console.log(`[figures] back-fill, two instances: attempts while failing ${requests.length}, by instance ${byInstance.join(" + ")}, gaps ${gaps.join(", ")} ms`);

    asleep.behave(night.id, "answer");
    await waitFor("the night back-filled", async () => {
      const [row] = await query<{ n: number }>(db.url, `SELECT coalesce(array_length(sleep_stages, 1), 0) AS n FROM sleep_session WHERE id = $1`, [night.id]);
      return row!.n === 60;
    });
    await sleep(1000); // a few more rounds, in which nobody may store the blocks again
    const audit = await query<{ inference_seq_num: number; outcome: string }>(
      db.url,
      `SELECT inference_seq_num, outcome::text FROM webhook_delivery WHERE session_id = $1 AND request_id LIKE 'backfill:%' ORDER BY 1`,
      [night.id],
    );
    assert.deepEqual(audit.map((a) => [a.inference_seq_num, a.outcome]), [3, 4, 5].map((k) => [k, "STORED"]));
  });
});
