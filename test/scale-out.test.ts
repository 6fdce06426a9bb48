// Two instances on one PostgreSQL database and one Redis (this machine's), behind no load balancer:
// a webhook stored by instance A reaches a browser connected to instance B. With Redis cut, webhooks
// still succeed and reach sockets on the instance that stored them; once Redis is back, B hears A again.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { io as connect, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents, SessionUpdateEvent } from "@/lib/live/events";
import { getJson, signIn, usersCli } from "./support/accounts";
import { createTestDatabase, query, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { startTcpProxy, type TcpProxy } from "./support/tcp-proxy";
import { requireRedis } from "./support/redis";
import { postWebhook } from "./support/webhook";
import { postFrom } from "./support/http";

const API_KEY = "scale-out-key-0123456789";
const shared = { ASLEEP_API_KEY: API_KEY, AUTH_SECRET: "scale-out-auth-secret-0123456789abcdef0123456789" };

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

function watch(server: RunningServer, cookie: string) {
  const socket: Client = connect(server.url, { transports: ["websocket"], forceNew: true, extraHeaders: { cookie } });
  const updates: SessionUpdateEvent[] = [];
  socket.on("session:update", (u) => updates.push(u));
  const ready = new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return { socket, updates, ready };
}

async function until(predicate: () => boolean | Promise<boolean>, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

const inference = (seq: number) => ({
  event: "INFERENCE_COMPLETE",
  version: "V3",
  user_id: "asleep-scale",
  session_id: "scale-night",
  inference_seq_num: seq,
  sleep_stages: [1, 1, 2, 2, 2, 2, 3, 3, 1, 0],
});

describe("several instances sharing PostgreSQL and Redis", { timeout: 300_000 }, () => {
  let db: TestDatabase;
  let redisProxy: TcpProxy;
  let a: RunningServer;
  let b: RunningServer;
  let onA: ReturnType<typeof watch>;
  let onB: ReturnType<typeof watch>;

  before(async () => {
    const REDIS = await requireRedis();
    db = await createTestDatabase();
    redisProxy = await startTcpProxy({ host: REDIS.hostname, port: Number(REDIS.port || 6379) });
    const env = { ...shared, REDIS_URL: `redis://127.0.0.1:${redisProxy.port}` };
    a = await startServer({ databaseUrl: db.url, apiKey: API_KEY, env });
    b = await startServer({ databaseUrl: db.url, apiKey: API_KEY, env });
    await usersCli(a, ["add", "--email", "sleeper@scale.test", "--password", "a long enough passphrase", "--role", "patient", "--asleep-user-id", "asleep-scale"]);
    const { cookie } = await signIn(a, "sleeper@scale.test", "a long enough passphrase");
    assert.ok(cookie, "signed in on A");
    onA = watch(a, cookie);
    onB = watch(b, cookie); // the cookie from A is good on B: sessions live in the shared database
    await Promise.all([onA.ready, onB.ready]);
  });

  after(async () => {
    onA?.socket.close();
    onB?.socket.close();
    await a?.stop();
    await b?.stop();
    await redisProxy?.close();
    await db?.drop();
  });

  it("GET /api/health reports the database and Redis", async () => {
    const health = await getJson(a, "/api/health");
    assert.equal(health.status, 200);
    assert.deepEqual({ ...health.body, version: undefined }, { status: "ok", database: "ok", redis: "ok", version: undefined });
    assert.match(String(health.body.version), /^\d+\.\d+\.\d+/);
  });

  it("a webhook stored by instance A reaches a socket on instance B", async () => {
    assert.equal((await postWebhook({ url: a.url, apiKey: API_KEY }, inference(0))).status, 200);
    assert.ok(await until(() => onB.updates.length === 1 && onA.updates.length === 1), "both sockets got the update");
    assert.equal(onB.updates[0]!.sessionId, "scale-night");
  });

  it("with Redis gone: webhooks still succeed, A's sockets still hear A; health says degraded", async () => {
    redisProxy.setMode("refuse");
    assert.ok(await until(async () => (await getJson(a, "/api/health")).body.redis === "unreachable"), "A notices");
    const health = await getJson(a, "/api/health");
    assert.equal(health.status, 200, "still serving");
    assert.equal(health.body.status, "degraded");

    const started = performance.now();
    const res = await postWebhook({ url: a.url, apiKey: API_KEY }, inference(1));
    assert.equal(res.status, 200);
    assert.ok(performance.now() - started < 5_000, "no waiting on Redis");
    assert.ok(await until(() => onA.updates.length === 2, 5_000), "local delivery on A");
    assert.equal(onA.updates[1]!.inferenceSeqNum, 1);

    // More of the night's traffic during the outage, through both instances: every one acknowledged.
    const other = (seq: number) => ({ ...inference(seq), session_id: "scale-night-outage" });
    const during = await Promise.all(Array.from({ length: 40 }, (_, seq) => postWebhook({ url: (seq % 2 ? b : a).url, apiKey: API_KEY }, other(seq))));
    assert.ok(during.every((r) => r.status === 200));
    const slowest = Math.max(...during.map((r) => r.ms));
    const [stored] = await query<{ n: string }>(db.url, "SELECT count(*) AS n FROM inference WHERE session_id = 'scale-night-outage'");
    assert.equal(Number(stored!.n), 40);
    // Rate limits still hold, counted in this instance's memory until Redis is back.
    const guesses = [];
    for (let i = 0; i < 21; i++) guesses.push((await postFrom(`${a.url}/api/asleep-webhook`, { localAddress: "127.0.5.1", headers: { "x-api-key": "guess" }, body: "{}" })).status);
    assert.deepEqual(guesses, [...Array(20).fill(401), 429]);
    console.log(`[figures] Redis away: 41 webhooks sent to two instances, 41 acknowledged (slowest ${Math.round(slowest)} ms), 41 stored, live events delivered locally; health "degraded"`);
  });

  it("when Redis is back, B hears A again, and B can catch up on what it missed from the database", async () => {
    redisProxy.setMode("forward");
    assert.ok(await until(async () => (await getJson(a, "/api/health")).body.redis === "ok", 20_000), "A reconnects");
    assert.ok(await until(async () => (await getJson(b, "/api/health")).body.redis === "ok", 20_000), "B reconnects");
    const before = onB.updates.length;
    assert.equal((await postWebhook({ url: a.url, apiKey: API_KEY }, inference(2))).status, 200);
    assert.ok(await until(() => onB.updates.length > before && onB.updates.at(-1)!.inferenceSeqNum === 2, 10_000), "B gets A's update");
    assert.equal(onB.updates.at(-1)!.sleepStages.length, 30, "the whole night, including what B missed");
  });
});
