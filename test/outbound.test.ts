// Outbound events (issue 16, §2), end to end: an admin registers endpoints over the API, webhooks from
// "Asleep" drive nights through the real app, and a real receiver (node:http on 127.0.0.1) gets each
// event type signed per Standard Webhooks (checked with the library's own Webhook.verify), retried
// after a 500 exactly once more, in order per night, and not lost when the app restarts mid-retry.
// Retry waits, the stage debounce and INCOMPLETE_AFTER are shortened by their env vars.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { createDb } from "../server/db/client";
import { publishOutbound } from "../server/outbound/publish";
import { getJson, signIn, usersCli } from "./support/accounts";
import { startAsleepApi, type AsleepStandIn } from "./support/asleep-api";
import { adminRequest, verified, type Message } from "./support/outbound";
import { createTestDatabase, query, type TestDatabase } from "./support/postgres";
import { startReceiver, type Receiver, type Received } from "./support/receiver";
import { startServer, type RunningServer } from "./support/server";
import { sleep, waitFor } from "./support/wait";
import { inferenceBlock, postWebhook, sessionComplete, type WebhookTarget } from "./support/webhook";

const API_KEY = "outbound-test-key-0123456789";
const PASSWORD = "a long enough passphrase";
const ALL_EVENTS = ["night.started", "night.stage_changed", "night.completed", "night.incomplete", "alert.raised"];

const parse = (r: Received) => JSON.parse(r.body) as Message;

describe("outbound events, delivered to a real receiver (PGlite)", { timeout: 480_000 }, () => {
  let receiver: Receiver;
  let asleep: AsleepStandIn;
  let server: RunningServer;
  let target: WebhookTarget;
  let cookie: string;
  const secrets: Record<string, string> = {};
  const endpointIds: Record<string, string> = {};
  const night = { user: "outbound-sleeper", id: `outbound-night-${process.pid}` };
  const lost = { user: "outbound-sleeper", id: `outbound-lost-${process.pid}` };
  const earlier = { user: "outbound-earlier", id: `outbound-earlier-${process.pid}` };
  /** The night events received on `p` (of one night). */
  const on = (p: string, sessionId?: string) =>
    receiver.received.filter((r) => r.path === p && parse(r).type.startsWith("night.") && (!sessionId || parse(r).data.sessionId === sessionId));

  before(async () => {
    receiver = await startReceiver();
    asleep = await startAsleepApi({ apiKey: API_KEY });
    server = await startServer({
      apiKey: API_KEY,
      timeoutMs: 240_000, // PGlite's migrations on a loaded machine
      env: {
        OUTBOUND_ALLOW_LOOPBACK: "true", // the receiver is on 127.0.0.1
        OUTBOUND_RETRY_BASE: "400ms",
        OUTBOUND_STAGE_DEBOUNCE: "1500ms",
        OUTBOUND_SWEEP_INTERVAL: "500ms",
        ASLEEP_API_BASE: asleep.url,
        BACKFILL_INTERVAL: "300ms",
        TEST_CADENCE_FLOOR: "1s",
        INCOMPLETE_AFTER: "8s",
      },
    });
    target = { url: server.url, apiKey: API_KEY };
    await usersCli(server, ["add", "--email", "admin@outbound.test", "--password", PASSWORD, "--role", "admin"]);
    await usersCli(server, ["add", "--email", "doctor@outbound.test", "--password", PASSWORD, "--role", "clinician"]);
    // A patient account: the clinic's rules raise alerts about patients (a short night, here).
    await usersCli(server, ["add", "--email", "sleeper@outbound.test", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", night.user, "--clinician", "doctor@outbound.test"]);
    cookie = (await signIn(server, "admin@outbound.test", PASSWORD)).cookie!;
    asleep.behave(lost.id, "fail");
    // A night completed before any endpoint was registered: nothing about it is owed to anyone.
    const stages = Array(20).fill(1);
    const old = sessionComplete({ userId: earlier.user, sessionId: earlier.id, startTime: "2026-11-22T22:00:00Z", endTime: "2026-11-22T22:10:00Z", timezone: "UTC", sleepStages: stages, stat: {} });
    assert.equal((await postWebhook({ url: server.url, apiKey: API_KEY }, old)).status, 200);
  });
  after(async () => {
    if (process.env.OUTBOUND_TEST_LOG) writeFileSync(process.env.OUTBOUND_TEST_LOG, server?.output() ?? "");
    await server?.stop();
    await asleep?.close();
    await receiver?.close();
  });

  it("admins register endpoints (the secret shown once, in Standard Webhooks form); others get 404; a plain-http URL elsewhere is refused", async () => {
    for (const p of ["/all", "/flaky"]) {
      const created = await adminRequest(server, cookie, "POST", "/api/admin/webhooks", { url: `${receiver.url}${p}`, description: `receiver ${p}`, events: ALL_EVENTS });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.match(created.body.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
      secrets[p] = created.body.secret;
      endpointIds[p] = created.body.endpoint.id;
    }
    const listed = await getJson(server, "/api/admin/webhooks", cookie);
    assert.equal(listed.status, 200);
    assert.equal((listed.body.endpoints as unknown[]).length, 2);
    assert.ok(!listed.text.includes("whsec_"), "a listing never shows a secret");

    const refused = await adminRequest(server, cookie, "POST", "/api/admin/webhooks", { url: "http://ehr.example.org/in", events: ["night.started"] });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.issues[0].path, "url");
    const noEvents = await adminRequest(server, cookie, "POST", "/api/admin/webhooks", { url: "https://ehr.example.org/in", events: [] });
    assert.equal(noEvents.status, 400);

    const doctor = (await signIn(server, "doctor@outbound.test", PASSWORD)).cookie!;
    assert.equal((await getJson(server, "/api/admin/webhooks", doctor)).status, 404);
    assert.equal((await adminRequest(server, doctor, "POST", "/api/admin/webhooks", { url: "https://x.example/", events: ["night.started"] })).status, 404);
    assert.equal((await getJson(server, "/api/admin/webhooks/deliveries", doctor)).status, 404);
  });

  it("a night's events arrive signed (Webhook.verify), in order: started, one debounced stage change, completed", async () => {
    // The flaky receiver refuses its first request (this night's night.started) with a 500.
    receiver.script("/flaky", [500]);
    const light = Array(10).fill(1);
    assert.equal((await postWebhook(target, inferenceBlock(night.user, night.id, 0, light))).status, 200);
    await sleep(1800); // past the 1.5 s debounce window
    // Light → deep: a stage change. Then REM at once, inside the window: held back, and the night completes before it passes.
    assert.equal((await postWebhook(target, inferenceBlock(night.user, night.id, 1, [1, 1, 1, 1, 1, 2, 2, 2, 2, 2]))).status, 200);
    await sleep(300);
    assert.equal((await postWebhook(target, inferenceBlock(night.user, night.id, 2, [2, 2, 2, 3, 3, 3, 3, 3, 3, 3]))).status, 200);
    const stages = [...light, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3];
    const done = sessionComplete({ userId: night.user, sessionId: night.id, startTime: "2026-11-23T22:00:00Z", endTime: "2026-11-23T22:15:00Z", timezone: "Europe/Paris", sleepStages: stages, stat: { sleep_efficiency: 0.9 } });
    assert.equal((await postWebhook(target, done)).status, 200);

    const all = await waitFor("three events on /all", () => (on("/all", night.id).length >= 3 ? on("/all", night.id) : undefined));
    await sleep(1000); // nothing more is owed: a fourth would show up here
    const messages = on("/all", night.id).map((r) => verified(secrets["/all"]!, r));
    assert.deepEqual(messages.map((m) => m.type), ["night.started", "night.stage_changed", "night.completed"]);
    assert.equal(messages[0]!.data.stage, "Light");
    assert.deepEqual([messages[1]!.data.previousStage, messages[1]!.data.stage], ["Light", "Deep"]);
    assert.equal(messages[2]!.data.endTime, "2026-11-23T22:15:00.000Z");
    assert.equal(messages[2]!.data.timezone, "Europe/Paris");
    for (const m of messages) {
      assert.equal(m.data.sessionId, night.id);
      assert.equal(m.data.asleepUserId, night.user);
      assert.ok(!Number.isNaN(Date.parse(m.timestamp)));
    }
    // Each message has its own id, and the signature does not verify under another endpoint's secret.
    assert.equal(new Set(all.map((r) => r.headers["webhook-id"])).size, 3);
    assert.throws(() => verified(secrets["/flaky"]!, all[0]!));
  });

  it("a receiver answering 500 then 200 gets the event exactly once more, and the night's later events wait for it", async () => {
    const flaky = await waitFor("three events delivered on /flaky", () => (on("/flaky", night.id).filter((r) => r.answered === 200).length >= 3 ? on("/flaky", night.id) : undefined));
    await sleep(1000);
    const got = on("/flaky", night.id).map((r) => ({ type: verified(secrets["/flaky"]!, r).type, answered: r.answered, id: r.headers["webhook-id"] }));
    assert.deepEqual(
      got.map((g) => `${g.type} ${g.answered}`),
      ["night.started 500", "night.started 200", "night.stage_changed 200", "night.completed 200"],
      "in order: nothing later before the retried event succeeded",
    );
    assert.equal(got[0]!.id, got[1]!.id, "a retry carries the same webhook-id");
    assert.ok(flaky[1]!.at - flaky[0]!.at >= 350, "the retry waited its backoff");

    const log = await getJson(server, `/api/admin/webhooks/deliveries?endpointId=${endpointIds["/flaky"]}`, cookie);
    const started = (log.body.deliveries as Array<Record<string, unknown>>).find((d) => d.eventType === "night.started" && String(d.orderKey).endsWith(night.id))!;
    assert.equal(started.status, "DELIVERED");
    assert.equal(started.attempts, 2);
    assert.equal(started.lastStatus, 200);
    console.log(`[figures] outbound retry after a 500: ${flaky[1]!.at - flaky[0]!.at} ms (OUTBOUND_RETRY_BASE 400ms)`);
  });

  it("a night closed as incomplete sends night.incomplete", async () => {
    assert.equal((await postWebhook(target, inferenceBlock(lost.user, lost.id, 0))).status, 200);
    const got = await waitFor("night.incomplete on /all", () => on("/all", lost.id).find((r) => parse(r).type === "night.incomplete"), 40_000);
    const m = verified(secrets["/all"]!, got);
    assert.ok(["ASLEEP_UNREACHABLE", "NOTHING_MORE", "NOT_ASKED"].includes(String(m.data.reason)), String(m.data.reason));
    assert.deepEqual(on("/all", lost.id).map((r) => parse(r).type), ["night.started", "night.incomplete"]);
  });

  it("an alert the clinic's rules raise (the sleeper's nights are short) is delivered as alert.raised, once", async () => {
    const isAlert = (r: Received) => r.path === "/all" && parse(r).type === "alert.raised" && parse(r).data.rule === "short-sleep";
    const got = await waitFor("alert.raised for a short night", () => receiver.received.find(isAlert), 60_000);
    const m = verified(secrets["/all"]!, got);
    assert.equal(m.data.asleepUserId, night.user);
    assert.ok([night.id, lost.id].includes(String(m.data.sessionId)), String(m.data.sessionId));
    assert.match(String(m.data.reason), /Total sleep/);
    await sleep(1500); // the emitter and the sweep both look at it: still announced once
    const ids = receiver.received.filter(isAlert).map((r) => parse(r).data.alertId);
    assert.equal(new Set(ids).size, ids.length, "each alert announced once");
  });

  it("alert.raised, recorded by publishOutbound (the alerts room's entry point), is delivered signed", async () => {
    const db = createDb({ connectionString: server.databaseUrl, poolSize: 1 });
    try {
      await publishOutbound(db, { type: "alert.raised", orderKey: "alert:outbound-sleeper", data: { alertId: "a1", asleepUserId: "outbound-sleeper", rule: "short-sleep", reason: "3 nights under 5 h" } });
    } finally {
      await db.$disconnect();
    }
    // Recorded by another process: the app's sweep wakes it.
    const got = await waitFor("alert.raised on /all", () => receiver.received.find((r) => r.path === "/all" && parse(r).type === "alert.raised" && parse(r).data.alertId === "a1"));
    assert.equal(verified(secrets["/all"]!, got).data.reason, "3 nights under 5 h");
  });

  it("an admin replays a delivery: the same event, the same webhook-id, once more", async () => {
    const log = await getJson(server, `/api/admin/webhooks/deliveries?endpointId=${endpointIds["/all"]}&status=DELIVERED`, cookie);
    const completed = (log.body.deliveries as Array<Record<string, any>>).find((d) => d.eventType === "night.completed")!;
    const before = on("/all", night.id).length;
    const replay = await adminRequest(server, cookie, "POST", `/api/admin/webhooks/deliveries/${completed.id}/replay`);
    assert.equal(replay.status, 202);
    const again = await waitFor("the replay", () => (on("/all", night.id).length > before ? on("/all", night.id).at(-1) : undefined));
    assert.equal(again.headers["webhook-id"], completed.messageId);
    assert.equal(verified(secrets["/all"]!, again).type, "night.completed");
    const doctor = (await signIn(server, "doctor@outbound.test", PASSWORD)).cookie!;
    assert.equal((await adminRequest(server, doctor, "POST", `/api/admin/webhooks/deliveries/${completed.id}/replay`)).status, 404);
  });

  it("after a rotation messages carry two signatures: the new secret and the previous one both verify", async () => {
    const rotated = await adminRequest(server, cookie, "POST", `/api/admin/webhooks/${endpointIds["/all"]}/rotate`);
    assert.equal(rotated.status, 200);
    const fresh = rotated.body.secret as string;
    assert.notEqual(fresh, secrets["/all"]);
    assert.ok(rotated.body.endpoint.previousSecretUntil);
    const id = `outbound-rotated-${process.pid}`;
    assert.equal((await postWebhook(target, inferenceBlock(night.user, id, 0))).status, 200);
    const got = await waitFor("night.started after rotation", () => on("/all", id)[0]);
    assert.equal(String(got.headers["webhook-signature"]).split(" ").length, 2);
    assert.equal(verified(fresh, got).type, "night.started");
    assert.equal(verified(secrets["/all"]!, got).type, "night.started");
    // Closed so it does not linger as an open night.
    const done = sessionComplete({ userId: night.user, sessionId: id, startTime: "2026-11-23T22:00:00Z", endTime: "2026-11-23T22:05:00Z", timezone: "UTC", sleepStages: Array(10).fill(1), stat: {} });
    assert.equal((await postWebhook(target, done)).status, 200);
  });

  it("a night that ended before any endpoint was switched on is never announced, however often the sweep comes round", async () => {
    // Every test above ran with the sweep every 500 ms: it had many chances.
    const sweeps = await query<{ n: number }>(server.databaseUrl, `SELECT count(*)::int AS n FROM outbound_night WHERE session_id = $1`, [earlier.id]);
    assert.equal(sweeps[0]!.n, 0, "not even compared");
    assert.deepEqual(receiver.received.filter((r) => parse(r).data.sessionId === earlier.id), []);
    // Its next change is news, and is announced.
    assert.equal((await postWebhook(target, inferenceBlock(earlier.user, `${earlier.id}-next`, 0))).status, 200);
    await waitFor("night.started of the next night", () => on("/all", `${earlier.id}-next`)[0]);
  });
});

describe("a restart of the app mid-retry loses nothing (PostgreSQL)", { timeout: 360_000 }, () => {
  let receiver: Receiver;
  let db: TestDatabase;
  let server: RunningServer | undefined;
  const dataDir = mkdtempSync(path.join(tmpdir(), "outbound-restart-"));
  const start = () => startServer({ databaseUrl: db.url, apiKey: API_KEY, dataDir, env: { OUTBOUND_ALLOW_LOOPBACK: "true", OUTBOUND_RETRY_BASE: "4s", OUTBOUND_SWEEP_INTERVAL: "500ms" } });

  before(async () => {
    receiver = await startReceiver();
    db = await createTestDatabase();
  });
  after(async () => {
    await server?.stop();
    await receiver?.close();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("an event refused before the restart is delivered after it, once", async () => {
    server = await start();
    await usersCli(server, ["add", "--email", "admin@restart.test", "--password", PASSWORD, "--role", "admin"]);
    const cookie = (await signIn(server, "admin@restart.test", PASSWORD)).cookie!;
    const created = await adminRequest(server, cookie, "POST", "/api/admin/webhooks", { url: `${receiver.url}/down`, events: ["night.started", "night.completed"] });
    assert.equal(created.status, 201);
    const secret = created.body.secret as string;
    receiver.always("/down", 503);

    const id = `outbound-restart-${process.pid}`;
    const target = { url: server.url, apiKey: API_KEY };
    assert.equal((await postWebhook(target, inferenceBlock("restart-sleeper", id, 0))).status, 200);
    await waitFor("the first, refused attempt", () => receiver.received.length >= 1);
    // The report arrives while the first event waits for its retry: it must queue behind it.
    const done = sessionComplete({ userId: "restart-sleeper", sessionId: id, startTime: "2026-11-23T22:00:00Z", endTime: "2026-11-23T22:05:00Z", timezone: "UTC", sleepStages: Array(10).fill(1), stat: {} });
    assert.equal((await postWebhook(target, done)).status, 200);
    await server.stop();
    server = undefined;
    const [pending] = await query<{ status: string; attempts: number }>(db.url, `SELECT d.status::text AS status, d.attempts FROM outbound_delivery d JOIN outbound_event e ON e.id = d.event_id WHERE e.type = 'night.started'`);
    assert.deepEqual(pending, { status: "PENDING", attempts: 1 }, "stopped mid-retry");
    assert.equal(receiver.received.length, 1, "the completed event waited behind the refused one");

    receiver.always("/down", null);
    server = await start();
    await waitFor("both events delivered after the restart", () => (receiver.received.filter((r) => r.answered === 200).length >= 2 ? true : undefined), 60_000);
    await sleep(1500);
    const got = receiver.received.map((r) => `${verified(secret, r).type} ${r.answered}`);
    assert.deepEqual(got, ["night.started 503", "night.started 200", "night.completed 200"]);
    const rows = await query<{ type: string; status: string; attempts: number }>(
      db.url,
      `SELECT e.type, d.status::text AS status, d.attempts FROM outbound_delivery d JOIN outbound_event e ON e.id = d.event_id ORDER BY d.id`,
    );
    assert.deepEqual(rows, [
      { type: "night.started", status: "DELIVERED", attempts: 2 },
      { type: "night.completed", status: "DELIVERED", attempts: 1 },
    ]);
  });
});
