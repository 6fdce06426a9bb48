// The documented load-balancer configuration (docs/deploy/nginx.conf), run for real with Debian's
// nginx in front of two instances: Socket.IO's long-polling handshake and WebSocket upgrade work through
// it, and a webhook stored by either instance reaches the browser wherever nginx put it.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { io as connect, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents, SessionUpdateEvent } from "@/lib/live/events";
import { usersCli } from "./support/accounts";
import { startNginx, type RunningNginx } from "./support/nginx";
import { createTestDatabase, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { requireRedis, TEST_REDIS_URL } from "./support/redis";
import { postWebhook } from "./support/webhook";

const API_KEY = "lb-key-0123456789abcdef";
const env = {
  ASLEEP_API_KEY: API_KEY,
  AUTH_SECRET: "lb-auth-secret-0123456789abcdef0123456789abcdef",
  REDIS_URL: TEST_REDIS_URL,
  TRUST_PROXY: "true",
};

describe("two instances behind nginx, as docs/deploy/nginx.conf says", { timeout: 300_000 }, () => {
  let db: TestDatabase;
  let a: RunningServer;
  let b: RunningServer;
  let nginx: RunningNginx;
  let url: string;

  before(async () => {
    await requireRedis();
    db = await createTestDatabase();
    a = await startServer({ databaseUrl: db.url, apiKey: API_KEY, env });
    b = await startServer({ databaseUrl: db.url, apiKey: API_KEY, env });
    nginx = await startNginx([a.port, b.port]);
    url = nginx.url;
  });

  after(async () => {
    await nginx?.stop();
    await a?.stop();
    await b?.stop();
    await db?.drop();
  });

  it("health, sign-in, long-polling upgraded to WebSocket, and webhooks from either instance, all through nginx", async () => {
    const health = await fetch(`${url}/api/health`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { redis: string }).redis, "ok");

    await usersCli(a, ["add", "--email", "sleeper@lb.test", "--password", "a long enough passphrase", "--role", "patient", "--asleep-user-id", "asleep-lb"]);
    const signIn = await fetch(`${url}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: url },
      body: JSON.stringify({ email: "sleeper@lb.test", password: "a long enough passphrase" }),
    });
    assert.equal(signIn.status, 200);
    const cookie = signIn.headers.getSetCookie().find((c) => c.includes("session_token="))!.split(";")[0]!;

    // Default transports: the handshake is HTTP long-polling, then an upgrade to WebSocket.
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(url, { extraHeaders: { cookie }, forceNew: true, reconnection: false });
    const updates: SessionUpdateEvent[] = [];
    socket.on("session:update", (u) => updates.push(u));
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    await new Promise<void>((resolve) => (socket.io.engine.transport.name === "websocket" ? resolve() : socket.io.engine.once("upgrade", () => resolve())));
    assert.equal(socket.io.engine.transport.name, "websocket");

    for (const [seq, instance] of [a, b].entries()) {
      const body = { event: "INFERENCE_COMPLETE", version: "V3", user_id: "asleep-lb", session_id: "lb-night", inference_seq_num: seq, sleep_stages: [1, 1, 2, 2, 3, 3, 1, 1, 0, 0] };
      assert.equal((await postWebhook({ url: instance.url, apiKey: API_KEY }, body)).status, 200);
    }
    const deadline = Date.now() + 10_000;
    while (updates.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(updates.map((u) => u.inferenceSeqNum).sort(), [0, 1], "one update stored by each instance");
    socket.close();
  });
});
