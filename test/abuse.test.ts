// Abuse of the open endpoints, on a real server over real TCP from several loopback addresses:
// a flood of bad webhook keys is refused before Next.js and does not crowd out the real sender; the
// sender's own rate limit answers 429 + Retry-After and every retried delivery is stored once; with
// Redis the limits are shared by every instance.

import assert from "node:assert/strict";
import { Agent } from "node:http";
import { after, before, describe, it } from "node:test";
import { signIn, usersCli } from "./support/accounts";
import { inParallel, percentile, postFrom, type RawResponse } from "./support/http";
import { createTestDatabase, query, type TestDatabase } from "./support/postgres";
import { requireRedis, TEST_REDIS_URL } from "./support/redis";
import { startServer, type RunningServer } from "./support/server";

const API_KEY = "abuse-test-key-0123456789";
const AUTH_SECRET = "abuse-test-auth-secret-0123456789abcdef0123";

const inference = (userId: string, sessionId: string, seq: number) =>
  JSON.stringify({
    event: "INFERENCE_COMPLETE",
    version: "V3",
    user_id: userId,
    session_id: sessionId,
    inference_seq_num: seq,
    sleep_stages: [1, 1, 2, 2, 2, 3, 3, 1, 1, 0],
  });

function deliver(server: RunningServer, body: string, userId: string, options: { localAddress?: string; agent?: Agent; apiKey?: string } = {}) {
  return postFrom(`${server.url}/api/asleep-webhook`, {
    localAddress: options.localAddress,
    agent: options.agent,
    headers: { "x-api-key": options.apiKey ?? API_KEY, "x-user-id": userId },
    body,
  });
}

const storedInferences = async (url: string, sessionId: string) =>
  Number((await query<{ n: string }>(url, "SELECT count(*) AS n FROM inference WHERE session_id = $1", [sessionId]))[0]!.n);

const ms = (v: number) => `${v.toFixed(1)} ms`;

describe("webhook abuse: bad-key floods and rate limits", { timeout: 300_000 }, () => {
  let db: TestDatabase;
  let server: RunningServer;

  before(async () => {
    db = await createTestDatabase();
    server = await startServer({ databaseUrl: db.url, apiKey: API_KEY, env: { AUTH_SECRET } });
  });

  after(async () => {
    await server?.stop();
    await db?.drop();
  });

  it("a flood of bad keys is refused (401, then 429) and every good delivery beside it is stored", async () => {
    const sender = new Agent({ keepAlive: true, maxSockets: 4 });
    const good = async (session: string, count: number) =>
      inParallel(Array.from({ length: count }, (_, i) => i), 4, (seq) => deliver(server, inference("abuse-user", session, seq), "abuse-user", { agent: sender }));

    // The real sender alone, for comparison (after a warm-up: the first requests compile routes).
    await good("night-warm-up", 20);
    const quiet = await good("night-quiet", 60);

    // Five attacking addresses, 600 requests each with wrong or missing keys, 40 in flight, while the
    // real sender delivers the same amount as before from its own address.
    const attackers = ["127.0.3.1", "127.0.3.2", "127.0.3.3", "127.0.3.4", "127.0.3.5"];
    const attempts = attackers.flatMap((address) => Array.from({ length: 600 }, (_, i) => ({ address, i })));
    const floodStarted = performance.now();
    const [flood, underFlood] = await Promise.all([
      inParallel(attempts, 40, ({ address, i }) =>
        deliver(server, inference("abuse-user", "night-forged", i), "abuse-user", { localAddress: address, apiKey: i % 2 ? "wrong-key-guess" : "" }).then(
          (r) => ({ ...r, address }),
        ),
      ),
      good("night-flooded", 60),
    ]);
    const floodSeconds = (performance.now() - floodStarted) / 1000;
    sender.destroy();

    // Every good delivery acknowledged and stored, flood or not.
    for (const r of [...quiet, ...underFlood]) assert.equal(r.status, 200, r.body);
    assert.equal(await storedInferences(db.url, "night-quiet"), 60);
    assert.equal(await storedInferences(db.url, "night-flooded"), 60);
    // Nothing of the flood written.
    assert.equal(await storedInferences(db.url, "night-forged"), 0);

    // Each attacking address: 20 plain refusals, then 429 with Retry-After (blocked for minutes).
    for (const address of attackers) {
      const statuses = flood.filter((r) => r.address === address).map((r) => r.status);
      assert.ok(statuses.every((s) => s === 401 || s === 429), `only 401/429 for ${address}`);
      assert.equal(statuses.filter((s) => s === 401).length, 20, `${address}: 20 tries before the block`);
    }
    const blocked = flood.filter((r) => r.status === 429);
    assert.ok(blocked.every((r) => Number(r.headers["retry-after"]) >= 1));

    // A blocked address with the right key is still the sender: the key proves it.
    const fromBlocked = await deliver(server, inference("abuse-user", "night-flooded", 60), "abuse-user", { localAddress: attackers[0] });
    assert.equal(fromBlocked.status, 200);

    // Neither the flood nor the deliveries put keys, guesses or bodies in the log.
    // (Keys and guesses nowhere in the output; bodies nowhere in the log's lines — the start-up banner for
    // a person at a terminal shows an example body of its own.)
    for (const secret of [API_KEY, "wrong-key-guess"]) assert.ok(!server.output().includes(secret), `output mentions ${secret}`);
    const logLines = JSON.stringify(server.logs());
    for (const body of ["sleep_stages", "night-forged"]) assert.ok(!logLines.includes(body), `log mentions ${body}`);

    const quietMs = quiet.map((r) => r.ms);
    const floodedMs = underFlood.map((r) => r.ms);
    console.log(
      `[figures] abuse: bad-key flood: ${flood.length} requests from ${attackers.length} addresses in ${floodSeconds.toFixed(1)} s ` +
        `(${Math.round(flood.length / floodSeconds)}/s), refused 401: ${flood.length - blocked.length}, 429: ${blocked.length}, written: 0`,
    );
    console.log(
      `[figures] abuse: good deliveries: sent ${quiet.length + underFlood.length}, acknowledged ${[...quiet, ...underFlood].filter((r) => r.status === 200).length}, ` +
        `stored 120; latency alone p50 ${ms(percentile(quietMs, 50))} p99 ${ms(percentile(quietMs, 99))}; ` +
        `under the flood p50 ${ms(percentile(floodedMs, 50))} p99 ${ms(percentile(floodedMs, 99))}`,
    );
  });
});

describe("the sender's own rate limit", { timeout: 300_000 }, () => {
  let db: TestDatabase;
  let server: RunningServer;

  before(async () => {
    db = await createTestDatabase();
    server = await startServer({ databaseUrl: db.url, apiKey: API_KEY, env: { AUTH_SECRET, WEBHOOK_RATE_LIMIT: "5" } });
  });

  after(async () => {
    await server?.stop();
    await db?.drop();
  });

  it("over the limit answers 429 with Retry-After; a sender that waits and retries gets every delivery stored once", async () => {
    let refused = 0;
    let firstTry = 0;
    const results = await Promise.all(
      Array.from({ length: 30 }, async (_, seq) => {
        const body = inference("limited-user", "night-limited", seq);
        for (let attempt = 0; ; attempt++) {
          const r: RawResponse = await deliver(server, body, "limited-user");
          if (r.status !== 429) {
            if (attempt === 0) firstTry++;
            return r;
          }
          refused++;
          const wait = Number(r.headers["retry-after"]);
          assert.ok(wait >= 1 && wait <= 2, `Retry-After ${wait}`);
          assert.match(r.body, /Too many requests/);
          await new Promise((resolve) => setTimeout(resolve, wait * 1000));
        }
      }),
    );
    assert.ok(results.every((r) => r.status === 200));
    assert.ok(refused > 0, "a burst of 30 against 5/s is refused in part");
    assert.equal(await storedInferences(db.url, "night-limited"), 30);
    const audited = await query<{ n: string }>(db.url, "SELECT count(*) AS n FROM webhook_delivery WHERE session_id = 'night-limited'");
    assert.equal(Number(audited[0]!.n), 30, "each delivery audited once: a 429 writes nothing");
    console.log(`[figures] abuse: sender limit 5/s: 30 deliveries at once, ${firstTry} accepted first time, ${refused} answers 429, all 30 stored once after retries`);
  });
});

describe("limits shared by every instance through Redis", { timeout: 300_000 }, () => {
  let db: TestDatabase;
  let a: RunningServer;
  let b: RunningServer;

  before(async () => {
    await requireRedis();
    db = await createTestDatabase();
    const env = { AUTH_SECRET, REDIS_URL: TEST_REDIS_URL };
    [a, b] = await Promise.all([
      startServer({ databaseUrl: db.url, apiKey: API_KEY, env }),
      startServer({ databaseUrl: db.url, apiKey: API_KEY, env }),
    ]);
    await usersCli(a, ["add", "--email", "shared@example.org", "--password", "a long enough passphrase", "--role", "admin"]);
  });

  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  });

  it("bad keys counted on instance A block the address on instance B too", async () => {
    const address = "127.0.4.1";
    const onA = [];
    for (let i = 0; i < 21; i++) onA.push((await deliver(a, inference("u", "s", i), "u", { localAddress: address, apiKey: "guess" })).status);
    assert.deepEqual(onA, [...Array(20).fill(401), 429]);
    const onB = await deliver(b, inference("u", "s", 0), "u", { localAddress: address, apiKey: "guess" });
    assert.equal(onB.status, 429);
    // Another address is not affected on either instance.
    assert.equal((await deliver(b, inference("u", "s", 0), "u", { localAddress: "127.0.4.2", apiKey: "guess" })).status, 401);
  });

  it("failed sign-ins counted on A and B together: the 11th attempt within a minute is refused wherever it lands", async () => {
    const address = "127.0.4.3";
    const statuses = [];
    // A different (unknown) account each time: only the address adds them up.
    for (let i = 0; i < 10; i++) statuses.push((await signIn(i % 2 ? a : b, `guess-${i}@example.org`, "wrong guess", address)).status);
    assert.deepEqual(statuses, Array(10).fill(401));
    const eleventh = await signIn(a, "shared@example.org", "a long enough passphrase", address);
    assert.equal(eleventh.status, 429);
    assert.ok(Number(eleventh.headers["retry-after"]) > 0);
    const signedIn = await signIn(b, "shared@example.org", "a long enough passphrase", "127.0.4.4");
    assert.equal(signedIn.status, 200);
    // Neither passwords nor session cookies reach the log.
    const token = signedIn.cookie!.split("=")[1]!.split(".")[0]!;
    for (const server of [a, b]) {
      for (const secret of ["a long enough passphrase", "wrong guess", token]) assert.ok(!server.output().includes(secret), "secret in the log");
    }
  });
});
