// No request may stall the server (issue 21 §3), on the real server, on PGlite and PostgreSQL. While a
// steady stream of webhooks is timed, and one clinician's socket times its ack round-trip, each attack
// is driven in turn: 3,000 `session:sync` at once from one patient, 300 sockets on one cookie, 2 MB
// names written through better-auth, and half-sent requests (headers and bodies). No webhook and no
// ack may take over 200 ms more than it does on the same machine with no attack, and none may get a
// 503. (3,000 syncs used to drain the database pool: webhooks waited up to 10.7 s, one got a 503.)
//
// The timing runs in a worker thread with its own event loop, so the attacks' client-side work in this
// one is not counted as the server's stall. The period report is timed by its own test.
//
// Two measures, both asserted: the webhook's and the ack's latency above this run's no-attack floor
// (what a sender sees), and the server's own event-loop delay (a 10 ms timer preloaded into the server,
// ./support/loop-delay.mjs), which tells one long task from a loop kept busy by many short ones.
// Measured against the clock: `npm test` runs it with the machine to itself (scripts/test.ts ALONE).
// 300 sockets on one cookie used to be over the bounds (loop 75-246 ms late, webhooks 414-776 ms over a
// 38-81 ms floor): each was refused only after its WebSocket upgrade. Now they are refused before it.
// On PGlite, 3,000 syncs made a webhook wait 285-299 ms (floor 40-63) with the loop at most 62 ms late:
// PGlite's WASM queries ran on the app's event loop, so every request waited behind them. It now runs
// on a thread of its own (server/db/embedded.ts): 54-117 ms in five runs.

import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { setPriority } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import { Worker } from "node:worker_threads";
import { signIn, usersCli } from "./support/accounts";
import { connected, openLiveSocket, type LiveClient } from "./support/live";
import { createTestDatabase, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { inferenceBlock, postWebhook } from "./support/webhook";

const PASSWORD = "a long enough passphrase";
const API_KEY = "stalls-key-0123456789";
const STALL_MS = 200;
/** Reports the server's own event-loop delay (./support/loop-delay.mjs). */
const LOOP_DELAY = pathToFileURL(path.join(__dirname, "support/loop-delay.mjs")).href;

/** What the probe worker measured: one row per webhook and per ack, with when it was sent. */
interface Sample {
  kind: "webhook" | "ack";
  at: number;
  ms: number;
  status: number;
}

// Plain JavaScript, so the worker needs no loader. Webhooks every 50 ms (a fresh night every 20, so
// no night grows over the run), a `clock` ack every 150 ms (under the socket's own event limit).
const PROBE = `
const { parentPort, workerData } = require("node:worker_threads");
const { io } = require(workerData.socketIoClient);
const { url, apiKey, cookie } = workerData;
const samples = [];
let running = true;
parentPort.on("message", (m) => {
  if (m === "stop") running = false;
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.timeOrigin + performance.now();
async function webhooks() {
  let seq = 0;
  while (running) {
    const n = seq++;
    const body = JSON.stringify({ event: "INFERENCE_COMPLETE", version: "V3", user_id: "stall-ingest", session_id: "stall-night-" + Math.floor(n / 20), inference_seq_num: n % 20, sleep_stages: [0, 1, 1, 2, 2, 2, 1, 3, 3, 1], snoring_stages: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0] });
    const at = now();
    let status = 0;
    try {
      const res = await fetch(url + "/api/asleep-webhook", { method: "POST", headers: { "content-type": "application/json", "x-api-key": apiKey, "x-user-id": "stall-ingest" }, body });
      await res.text();
      status = res.status;
    } catch {}
    samples.push({ kind: "webhook", at, ms: now() - at, status });
    await sleep(50);
  }
}
async function acks() {
  const socket = io(url, { transports: ["websocket"], reconnection: false, forceNew: true, extraHeaders: { cookie } });
  await new Promise((resolve, reject) => { socket.once("connect", resolve); socket.once("connect_error", reject); });
  while (running) {
    const at = now();
    let status = 0;
    try {
      const reply = await socket.timeout(10000).emitWithAck("clock");
      status = Number.isFinite(reply && reply.now) ? 200 : 429;
    } catch {}
    samples.push({ kind: "ack", at, ms: now() - at, status });
    await sleep(150);
  }
  socket.close();
}
Promise.all([webhooks(), acks()]).then(() => parentPort.postMessage(samples), (e) => parentPort.postMessage({ error: String(e) }));
`;

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

for (const backend of ["PGlite", "PostgreSQL"] as const) {
  describe(`no request stalls the server (${backend})`, { timeout: 300_000 }, () => {
    let server: RunningServer;
    let db: TestDatabase | undefined;
    let patient: string;
    let clinician: string;

    before(async () => {
      if (backend === "PostgreSQL") db = await createTestDatabase();
      server = await startServer({ databaseUrl: db?.url, apiKey: API_KEY, nodeArgs: ["--import", LOOP_DELAY], env: { HTTP_HEADERS_TIMEOUT: "3s", HTTP_REQUEST_TIMEOUT: "6s" } });
      await usersCli(server, ["add", "--email", "doc@stalls.test", "--password", PASSWORD, "--role", "clinician"]);
      await usersCli(server, ["add", "--email", "pat@stalls.test", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "stall-patient", "--clinician", "doc@stalls.test", "--name", "Pat"]);
      assert.equal((await postWebhook({ url: server.url, apiKey: API_KEY }, inferenceBlock("stall-patient", "stall-patient-night", 0))).status, 200);
      patient = (await signIn(server, "pat@stalls.test", PASSWORD, "127.0.9.1")).cookie!;
      clinician = (await signIn(server, "doc@stalls.test", PASSWORD, "127.0.9.2")).cookie!;
    });

    after(async () => {
      await server?.stop();
      await db?.drop();
    });

    it(`webhooks and a socket's ack stay under ${STALL_MS} ms, with no 503, through every attack`, async () => {
      const worker = new Worker(PROBE, { eval: true, workerData: { url: server.url, apiKey: API_KEY, cookie: clinician, socketIoClient: require.resolve("socket.io-client") } });
      // The attacker runs on this machine's 2 cores beside the server; a real one would be elsewhere. This
      // thread (the attacks) yields the CPU to everything else, so what is timed is the server's work and
      // not how much CPU the attacker took. Linux sets niceness per thread: the probe worker, started
      // above, keeps its own, as do the server's processes.
      setPriority(19);
      const results = new Promise<Sample[]>((resolve, reject) => {
        worker.once("message", (m: Sample[] | { error: string }) => ("error" in m ? reject(new Error(m.error)) : resolve(m)));
        worker.once("error", reject);
      });
      const windows: Array<{ attack: string; from: number; to: number }> = [];
      const attack = async (name: string, run: () => Promise<void>) => {
        const from = now();
        await run();
        // Whatever the attack left the server doing is still counted against it.
        await sleep(1000);
        windows.push({ attack: name, from, to: now() });
      };

      // Every route and path warmed before anything is timed.
      await sleep(3000);
      const measuredFrom = now();
      await attack("quiet", () => sleep(2000));

      await attack("3,000 session:sync at once from one patient", async () => {
        const socket = openLiveSocket(server, patient);
        await connected(socket);
        const answers = await Promise.allSettled(Array.from({ length: 3000 }, () => socket.timeout(60_000).emitWithAck("session:sync", { sessionId: "stall-patient-night" })));
        // A flood: the server cuts the socket off (test/live-limits.test.ts), dropping what it queued.
        assert.ok(answers.some((a) => a.status === "rejected"), "the flooding socket is cut off");
        socket.close();
      });

      await attack("300 sockets on one cookie", async () => {
        const sockets: LiveClient[] = [];
        const outcomes = await Promise.all(
          Array.from({ length: 300 }, async () => {
            const s = openLiveSocket(server, patient);
            sockets.push(s);
            return connected(s).then(
              () => "connected",
              () => "refused",
            );
          }),
        );
        assert.ok(outcomes.filter((o) => o === "connected").length <= 20);
        for (const s of sockets) s.close();
      });

      await attack("2 MB names written through better-auth", async () => {
        const names = ["x".repeat(2 * 1024 * 1024), "y".repeat(250_000), 42, "Pat\u0000"];
        const answers = await Promise.all(
          names.flatMap((name) =>
            Array.from({ length: 3 }, async () => {
              const res = await fetch(`${server.url}/api/auth/update-user`, { method: "POST", headers: { "content-type": "application/json", origin: server.url, cookie: patient }, body: JSON.stringify({ name }) });
              await res.text();
              return res.status;
            }),
          ),
        );
        assert.ok(answers.every((s) => s === 400 || s === 413), `answers: ${answers.join(", ")}`);
      });

      await attack("half-sent requests: 100 half headers, 20 dribbled bodies", async () => {
        const sockets: Socket[] = [];
        const open = (first: string) => {
          const s = connect(server.port, "127.0.0.1");
          s.on("error", () => {});
          s.write(first);
          sockets.push(s);
          return s;
        };
        for (let i = 0; i < 100; i++) open(`POST /api/asleep-webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: ${API_KEY}\r\ncontent-ty`);
        const dribbled = Array.from({ length: 20 }, () => open(`POST /api/asleep-webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: ${API_KEY}\r\nx-user-id: stall-slow\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{`));
        const drip = setInterval(() => dribbled.forEach((s) => !s.destroyed && s.write(" ")), 200);
        await sleep(4000);
        clearInterval(drip);
        for (const s of sockets) s.destroy();
      });

      worker.postMessage("stop");
      const samples = (await results).filter((s) => s.at >= measuredFrom);
      await worker.terminate();

      const loopLate = () => server.logs().filter((l) => l.msg === "event loop late").map((l) => ({ at: Number(l.at), ms: Number(l.ms) }));
      const summary = (rows: Sample[]) => ({ n: rows.length, max: Math.round(Math.max(0, ...rows.map((r) => r.ms))), failed: rows.filter((r) => r.status !== 200).length });
      for (const w of windows) {
        const during = samples.filter((s) => s.at >= w.from && s.at < w.to);
        const hooks = summary(during.filter((s) => s.kind === "webhook"));
        const acks = summary(during.filter((s) => s.kind === "ack"));
        const loop = Math.max(0, ...loopLate().filter((l) => l.at >= w.from && l.at < w.to).map((l) => l.ms));
        console.log(`[figures] ${backend}: ${w.attack}: server event loop late at most ${loop} ms; webhooks n=${hooks.n} max ${hooks.max} ms, not 200: ${hooks.failed}; acks n=${acks.n} max ${acks.max} ms, unanswered: ${acks.failed}`);
      }
      const hooks = samples.filter((s) => s.kind === "webhook");
      const acks = samples.filter((s) => s.kind === "ack");
      assert.ok(hooks.length >= 40 && acks.length >= 40, `too few samples: ${hooks.length} webhooks, ${acks.length} acks`);
      assert.deepEqual(hooks.filter((s) => s.status !== 200).map((s) => s.status), [], "every webhook is stored (no 503, no 429)");
      assert.deepEqual(acks.filter((s) => s.status !== 200).map((s) => s.status), [], "every ack is answered");
      // The machine's own floor, measured in this run with no attack: on a shared 2-core CI machine a
      // quiet webhook alone can take over 200 ms (the scheduler, not the app). An attack may add no
      // stall over STALL_MS to it.
      const quiet = windows[0]!;
      const floor = (kind: Sample["kind"]) => Math.max(0, ...samples.filter((s) => s.kind === kind && s.at >= quiet.from && s.at < quiet.to).map((s) => s.ms));
      const slowest = (rows: Sample[]) => rows.reduce((a, b) => (b.ms > a.ms ? b : a));
      const during = (s: Sample) => windows.find((w) => s.at >= w.from && s.at < w.to)?.attack ?? "between attacks";
      const hook = slowest(hooks);
      const ack = slowest(acks);
      console.log(`[figures] ${backend}: slowest webhook ${Math.round(hook.ms)} ms (${during(hook)}), slowest ack ${Math.round(ack.ms)} ms (${during(ack)}); quiet floor ${Math.round(floor("webhook"))} / ${Math.round(floor("ack"))} ms`);
      const loop = loopLate().filter((l) => l.at >= measuredFrom).reduce((a, b) => (b.ms > a.ms ? b : a), { at: 0, ms: 0 });
      console.log(`[figures] ${backend}: server event loop late at most ${loop.ms} ms (${loop.at ? during({ at: loop.at } as Sample) : "never over 20 ms"})`);
      // Against the quiet run's own lateness too: a neighbour's load delays the loop's timer as much with no attack.
      const quietLoop = Math.max(0, ...loopLate().filter((l) => l.at >= quiet.from && l.at < quiet.to).map((l) => l.ms));
      assert.ok(loop.ms <= quietLoop + STALL_MS, `the server's event loop was ${loop.ms} ms late during "${during({ at: loop.at } as Sample)}" (quiet: ${quietLoop} ms)`);
      assert.ok(hook.ms <= floor("webhook") + STALL_MS, `a webhook took ${Math.round(hook.ms)} ms during "${during(hook)}" (quiet: ${Math.round(floor("webhook"))} ms)`);
      assert.ok(ack.ms <= floor("ack") + STALL_MS, `an ack took ${Math.round(ack.ms)} ms during "${during(ack)}" (quiet: ${Math.round(floor("ack"))} ms)`);
    });
  });
}
