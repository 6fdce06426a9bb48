// npm run bench -- [--deliveries 2000] [--concurrency 50] [--users 200] [--sockets 2000] [--webhooks 400]
//                  [--only ingest|fanout]
//
// Measures one instance on this machine and prints the figures (kept in docs/PERFORMANCE.md):
//  - ingest, on the embedded PGlite and on the PostgreSQL server (TEST_POSTGRES_URL): N webhooks at
//    concurrency C through HTTP, against the floor measured in the same run on the same database at the
//    same concurrency: raw `pg` writing the same rows (session upsert, inference, audit) in one
//    statement per delivery, no HTTP, no validation;
//  - fan-out, on PostgreSQL: S authenticated sockets across U sleepers, webhook-to-socket latency and
//    server memory per connected socket.

import { Agent, request } from "node:http";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import pg from "pg";
import { io as connect, type Socket } from "socket.io-client";
import { z } from "zod";
import { signIn } from "../test/support/accounts";
import { createTestDatabase } from "../test/support/postgres";
import { startServer, type RunningServer } from "../test/support/server";

const options = z.object({
  deliveries: z.coerce.number().int().min(10).default(2000),
  concurrency: z.coerce.number().int().min(1).default(50),
  users: z.coerce.number().int().min(1).max(1000).default(200),
  sockets: z.coerce.number().int().min(1).default(2000),
  webhooks: z.coerce.number().int().min(1).default(400),
  only: z.enum(["ingest", "fanout"]).optional(),
});
const { values } = parseArgs({
  options: Object.fromEntries(["deliveries", "concurrency", "users", "sockets", "webhooks", "only"].map((k) => [k, { type: "string" as const }])),
});
const args = options.parse(values);
const API_KEY = "bench-key-0123456789abcdef";
const STAGES = [1, 1, 2, 2, 2, 3, 3, 1, 0, 1];

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const ms = (n: number) => `${n.toFixed(1)} ms`;

/** Runs `count` tasks with at most `concurrency` at once; returns each task's latency (ms) and the wall time. */
async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        await task(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: count / seconds, p50: pct(latencies, 50), p99: pct(latencies, 99) };
}

const delivery = (run: string, i: number) => ({
  event: "INFERENCE_COMPLETE",
  version: "V3",
  user_id: `bench-user-${i % 500}`,
  session_id: `${run}-night-${i % 500}`,
  inference_seq_num: Math.floor(i / 500),
  sleep_stages: STAGES,
  snoring_stages: STAGES.map(() => 0),
});

/**
 * The sender: keep-alive HTTP/1.1 connections, as a webhook sender keeps them. (Plain node:http rather
 * than fetch: the load generator shares this machine's two cores with the server, so it should be cheap.)
 */
function sender(server: RunningServer) {
  const agent = new Agent({ keepAlive: true, maxSockets: args.concurrency });
  const url = new URL(server.url);
  return {
    post(body: { user_id: string }): Promise<number> {
      const payload = JSON.stringify(body);
      return new Promise((resolve, reject) => {
        const req = request(
          {
            host: url.hostname,
            port: url.port,
            path: "/api/asleep-webhook",
            method: "POST",
            agent,
            headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload), "x-api-key": API_KEY, "x-user-id": body.user_id },
          },
          (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
          },
        );
        req.on("error", reject);
        req.end(payload);
      });
    },
    close: () => agent.destroy(),
  };
}

/**
 * What a request costs before it does any work, on the same server and sender: a signed-in API route
 * refusing a visitor without a cookie (the Next.js route-handler pipeline, no database), and a webhook
 * with a wrong key, refused in the Node server before Next.js (server/security/edge-guard.ts).
 */
async function ceilings(server: RunningServer) {
  const agent = new Agent({ keepAlive: true, maxSockets: args.concurrency });
  const url = new URL(server.url);
  const call = (method: string, path: string, headers: Record<string, string>, body = "") =>
    new Promise<number>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path, method, agent, headers: { ...headers, "content-length": Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      });
      req.on("error", reject);
      req.end(body);
    });
  const count = Math.min(args.deliveries, 3000);
  const route = await pool(count, args.concurrency, async () => {
    if ((await call("GET", "/api/sessions", {})) !== 401) throw new Error("expected 401");
  });
  // One address: the first 20 are 401, the rest 429 once it is blocked; both are answered at the edge
  // for the same cost (a hash and a counter).
  const edge = await pool(count, args.concurrency, async () => {
    const status = await call("POST", "/api/asleep-webhook", { "content-type": "application/json", "x-api-key": "not-the-key" }, "{}");
    if (status !== 401 && status !== 429) throw new Error(`expected 401/429, got ${status}`);
  });
  agent.destroy();
  return { route, edge };
}

async function ingest(label: string, server: RunningServer, poolSize: number) {
  const client = sender(server);
  // Warm up (JIT, connections, first-request compilation).
  await pool(200, args.concurrency, async (i) => void (await client.post(delivery("warmup", i))));
  const app = await pool(args.deliveries, args.concurrency, async (i) => {
    const status = await client.post(delivery("app", i));
    if (status !== 200) throw new Error(`webhook answered ${status}`);
  });
  client.close();

  const floorPool = new pg.Pool({ connectionString: server.databaseUrl, max: poolSize });
  const floorSql = `
    WITH s AS (
      INSERT INTO sleep_session (id, user_id, sleep_stages, snoring_stages, epoch_source_seq, updated_at)
      VALUES ($1, $2, $4::smallint[], $5::smallint[], '{}', now())
      ON CONFLICT (id) DO UPDATE SET sleep_stages = EXCLUDED.sleep_stages, updated_at = now()
      RETURNING id),
    i AS (
      INSERT INTO inference (session_id, inference_seq_num, first_epoch, sleep_stages, snoring_stages, breath_stages)
      SELECT id, $3, 0, $4::smallint[], $5::smallint[], '{}' FROM s
      ON CONFLICT DO NOTHING RETURNING id)
    INSERT INTO webhook_delivery (request_id, event, session_id, user_id, inference_seq_num, outcome, body)
    SELECT 'floor', 'INFERENCE_COMPLETE', $1, $2, $3, 'STORED', $6::jsonb FROM s`;
  const floor = await pool(args.deliveries, args.concurrency, async (i) => {
    const d = delivery("floor", i);
    await floorPool.query(floorSql, [d.session_id, d.user_id, d.inference_seq_num, d.sleep_stages, d.snoring_stages, JSON.stringify(d)]);
  });
  await floorPool.end();
  return { label, app, floor };
}

async function fanout(server: RunningServer) {
  const dataDir = server.dataDir;
  const password = "bench passphrase 0123";
  for (let u = 0; u < args.users; u++) {
    await controlPost(`${dataDir}/control.sock`, { email: `sleeper${u}@bench.test`, password, role: "patient", asleepUserId: `asleep-${u}` });
  }
  const cookies: string[] = [];
  for (let u = 0; u < args.users; u++) {
    const res = await signIn(server, `sleeper${u}@bench.test`, password, `127.0.${10 + Math.floor(u / 250)}.${(u % 250) + 1}`);
    if (!res.cookie) throw new Error(`sign-in ${u}: ${res.status}`);
    cookies.push(res.cookie);
  }
  const rssBefore = rss(server);
  const sockets: Array<{ user: number; socket: Socket }> = [];
  const arrivals = new Map<string, number[]>();
  for (let s = 0; s < args.sockets; s++) {
    const user = s % args.users;
    const socket = connect(server.url, { transports: ["websocket"], forceNew: true, extraHeaders: { cookie: cookies[user]! } });
    socket.on("session:update", (u: { sessionId: string; inferenceSeqNum: number }) => {
      const key = `${u.sessionId}#${u.inferenceSeqNum}`;
      (arrivals.get(key) ?? arrivals.set(key, []).get(key)!).push(performance.now());
    });
    sockets.push({ user, socket });
    if (s % 200 === 199) await Promise.all(sockets.slice(-200).map(({ socket }) => connected(socket)));
  }
  await Promise.all(sockets.map(({ socket }) => connected(socket)));
  await new Promise((r) => setTimeout(r, 2_000));
  const rssAfter = rss(server);

  const sentAt = new Map<string, number>();
  const client = sender(server);
  await pool(args.webhooks, 10, async (i) => {
    const user = i % args.users;
    const body = { ...delivery("fanout", i), user_id: `asleep-${user}`, session_id: `fan-${user}`, inference_seq_num: Math.floor(i / args.users) };
    sentAt.set(`fan-${user}#${body.inference_seq_num}`, performance.now());
    const status = await client.post(body);
    if (status !== 200) throw new Error(`webhook answered ${status}`);
  });
  client.close();
  await new Promise((r) => setTimeout(r, 2_000));
  const latencies: number[] = [];
  let expected = 0;
  for (const [key, t0] of sentAt) {
    expected += Math.ceil((args.sockets - (Number(key.slice(4).split("#")[0]) % args.users)) / args.users);
    for (const t of arrivals.get(key) ?? []) latencies.push(t - t0);
  }
  latencies.sort((a, b) => a - b);
  for (const { socket } of sockets) socket.close();
  return {
    sockets: args.sockets,
    users: args.users,
    delivered: latencies.length,
    expected,
    p50: pct(latencies, 50),
    p99: pct(latencies, 99),
    rssBeforeMb: rssBefore / 1024,
    rssAfterMb: rssAfter / 1024,
    kbPerSocket: (rssAfter - rssBefore) / args.sockets,
  };
}

function connected(socket: Socket) {
  return socket.connected ? Promise.resolve() : new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
}

/** Resident memory of the server process, in kB. */
function rss(server: RunningServer): number {
  const status = readFileSync(`/proc/${server.process.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

function controlPost(socketPath: string, body: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: "/users", method: "POST" }, (res) => {
      res.resume();
      res.on("end", () => (res.statusCode === 201 ? resolve() : reject(new Error(`users: ${res.statusCode}`))));
    });
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

async function main() {
  console.log(`# npm run bench -- --deliveries ${args.deliveries} --concurrency ${args.concurrency} --users ${args.users} --sockets ${args.sockets} --webhooks ${args.webhooks}`);
  console.log(`# ${new Date().toISOString()}, Node ${process.version}, ${(await import("node:os")).cpus().length} cores`);
  if (args.only !== "fanout") {
    const results = [];
    const embedded = await startServer({ apiKey: API_KEY });
    try {
      results.push(await ingest("PGlite (embedded)", embedded, 1));
    } finally {
      await embedded.stop();
    }
    const db = await createTestDatabase();
    const server = await startServer({ databaseUrl: db.url, apiKey: API_KEY });
    let limits: Awaited<ReturnType<typeof ceilings>> | undefined;
    try {
      results.push(await ingest("PostgreSQL server", server, 10));
      limits = await ceilings(server);
    } finally {
      await server.stop();
      await db.drop();
    }
    console.log(`\n## Ingest: ${args.deliveries} webhooks at concurrency ${args.concurrency}\n`);
    console.log("| database | app webhooks/s | app p50 | app p99 | floor writes/s | floor p50 | floor p99 | app ÷ floor |");
    console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for (const r of results) {
      console.log(`| ${r.label} | ${r.app.perSecond.toFixed(0)} | ${ms(r.app.p50)} | ${ms(r.app.p99)} | ${r.floor.perSecond.toFixed(0)} | ${ms(r.floor.p50)} | ${ms(r.floor.p99)} | ${(r.app.perSecond / r.floor.perSecond).toFixed(2)} |`);
    }
    if (limits) {
      console.log(`\n## Before any work: ${Math.min(args.deliveries, 3000)} requests at concurrency ${args.concurrency}, same server and sender\n`);
      console.log("| request | answered/s | p50 | p99 |");
      console.log("| --- | --- | --- | --- |");
      console.log(`| \`GET /api/sessions\` without a cookie (401 from the Next.js route handler, no database) | ${limits.route.perSecond.toFixed(0)} | ${ms(limits.route.p50)} | ${ms(limits.route.p99)} |`);
      console.log(`| webhook with a wrong key (401/429 before Next.js; each answer closes the connection) | ${limits.edge.perSecond.toFixed(0)} | ${ms(limits.edge.p50)} | ${ms(limits.edge.p99)} |`);
    }
    const pgRate = results[1]!.app.perSecond;
    console.log(`\nOne instance on PostgreSQL acknowledges ~${pgRate.toFixed(0)} webhooks/s: at one webhook per sleeper every 5 minutes, ~${Math.floor((pgRate * 300) / 1000) * 1000} people asleep at once.`);
  }
  if (args.only !== "ingest") {
    const db = await createTestDatabase();
    const server = await startServer({ databaseUrl: db.url, apiKey: API_KEY });
    try {
      const f = await fanout(server);
      console.log(`\n## Fan-out: ${f.sockets} authenticated sockets across ${f.users} sleepers, ${args.webhooks} webhooks\n`);
      console.log("| delivered / expected | webhook → socket p50 | p99 | server RSS before → after sockets | per socket |");
      console.log("| --- | --- | --- | --- | --- |");
      console.log(`| ${f.delivered} / ${f.expected} | ${ms(f.p50)} | ${ms(f.p99)} | ${f.rssBeforeMb.toFixed(0)} → ${f.rssAfterMb.toFixed(0)} MB | ${f.kbPerSocket.toFixed(0)} kB |`);
    } finally {
      await server.stop();
      await db.drop();
    }
  }
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
