// The documented load-balancer configuration (docs/deploy/nginx.conf), run for real with Debian's
// nginx in front of two instances: Socket.IO's long-polling handshake and WebSocket upgrade work through
// it, and a webhook stored by either instance reaches the browser wherever nginx put it.

import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { io as connect, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents, SessionUpdateEvent } from "@/lib/live/events";
import { usersCli } from "./support/accounts";
import { createTestDatabase, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { requireRedis, TEST_REDIS_URL } from "./support/redis";
import { postWebhook } from "./support/webhook";

const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";
const API_KEY = "lb-key-0123456789abcdef";
const env = {
  ASLEEP_API_KEY: API_KEY,
  AUTH_SECRET: "lb-auth-secret-0123456789abcdef0123456789abcdef",
  REDIS_URL: TEST_REDIS_URL,
  TRUST_PROXY: "true",
};

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

describe("two instances behind nginx, as docs/deploy/nginx.conf says", { timeout: 300_000 }, () => {
  let db: TestDatabase;
  let a: RunningServer;
  let b: RunningServer;
  let nginx: ChildProcess;
  let dir: string;
  let url: string;

  before(async () => {
    if (!existsSync(NGINX)) {
      throw new Error(`This test runs the documented nginx configuration and needs nginx at ${NGINX}: sudo apt-get install -y nginx (or set NGINX_PATH).`);
    }
    await requireRedis();
    db = await createTestDatabase();
    a = await startServer({ databaseUrl: db.url, apiKey: API_KEY, env });
    b = await startServer({ databaseUrl: db.url, apiKey: API_KEY, env });
    dir = mkdtempSync(path.join(tmpdir(), "sleep-nginx-"));
    const port = await freePort();
    const site = readFileSync(path.resolve(__dirname, "../docs/deploy/nginx.conf"), "utf8")
      .replace("server 127.0.0.1:3001;", `server 127.0.0.1:${a.port};`)
      .replace("server 127.0.0.1:3002;", `server 127.0.0.1:${b.port};`)
      .replace("listen 8080;", `listen 127.0.0.1:${port};`);
    assert.notEqual(site.indexOf(`:${a.port};`), -1, "the documented config names its upstream servers as expected");
    writeFileSync(path.join(dir, "site.conf"), site);
    writeFileSync(
      path.join(dir, "nginx.conf"),
      `user root; daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log warn;
       events {}
       http {
         access_log off;
         client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;
         uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
         include ${dir}/site.conf;
       }`,
    );
    nginx = spawn(NGINX, ["-p", dir, "-c", path.join(dir, "nginx.conf")], { stdio: ["ignore", "pipe", "pipe"] });
    url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 50; i++) {
      if ((await fetch(`${url}/api/health`).catch(() => null))?.ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  after(async () => {
    nginx?.kill("SIGQUIT");
    await a?.stop();
    await b?.stop();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
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
