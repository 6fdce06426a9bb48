// Outbound events (issue 21 §4): where deliveries may go, and that no endpoint waits on another. The
// real app on each database, real receivers on 127.0.0.1 (test/support/receiver.ts): one answers after
// 25 s, one at once, one says 410 Gone, one asks to be left alone for 3 s (Retry-After). An admin's
// URL naming a private, metadata or otherwise special address, in any spelling, is refused by POST and
// PATCH; without OUTBOUND_ALLOW_LOOPBACK nothing on this machine is reached, whether the URL names it
// by address or by a name that resolves to it, and whether it was registered now or under older rules.
// OUTBOUND_TEST_LOG=<file> keeps each app's output (<file>.PGlite, .PostgreSQL); OUTBOUND_TEST_DEBUG=1 logs at debug.

import assert from "node:assert/strict";
import { lookup } from "node:dns/promises";
import { writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { after, before, describe, it } from "node:test";
import ipaddr from "ipaddr.js";
import { getJson, signIn, usersCli } from "./support/accounts";
import { adminRequest, verified, type Message } from "./support/outbound";
import { createTestDatabase, query, type TestDatabase } from "./support/postgres";
import { startReceiver, type Receiver, type Received } from "./support/receiver";
import { startServer, type RunningServer } from "./support/server";
import { sleep, waitFor } from "./support/wait";
import { inferenceBlock, postWebhook, sessionComplete, type WebhookTarget } from "./support/webhook";

const API_KEY = "outbound-delivery-key-0123456789";
const PASSWORD = "a long enough passphrase";
const NIGHT_EVENTS = ["night.started", "night.completed"];
const parse = (r: Received) => JSON.parse(r.body) as Message;

/** Literal addresses an admin could type for what must never receive events, over https. */
const REFUSED_URLS = [
  "https://169.254.169.254/latest/meta-data/",
  "https://2852039166/latest/meta-data/",
  "https://0xa9fea9fe/",
  "https://0251.0376.0251.0376/",
  "https://169.254.43518/",
  "https://[::ffff:a9fe:a9fe]/",
  "https://[::ffff:169.254.169.254]/",
  "https://[fd00:ec2::254]/",
  "https://10.0.0.1/in",
  "https://172.16.5.4/in",
  "https://192.168.1.10/in",
  "https://100.64.0.1/in",
  "https://169.254.10.10/in",
  "https://[fe80::1]/in",
  "https://0.0.0.0/in",
  "https://[::]/in",
  "https://[fc00::5]/in",
];

const DATABASES: Array<{ name: string; postgres: boolean }> = [
  { name: "PGlite", postgres: false },
  { name: "PostgreSQL", postgres: true },
];

for (const database of DATABASES) {
  describe(`outbound deliveries: no endpoint waits on another (${database.name})`, { timeout: 480_000 }, () => {
    let receiver: Receiver;
    let db: TestDatabase | undefined;
    let server: RunningServer;
    let target: WebhookTarget;
    let cookie: string;
    const secrets: Record<string, string> = {};
    const ids: Record<string, string> = {};
    const tag = `${database.name.toLowerCase()}-${process.pid}`;
    const on = (path: string, sessionId?: string) => receiver.received.filter((r) => r.path === path && (!sessionId || parse(r).data.sessionId === sessionId));
    const register = async (path: string, events = NIGHT_EVENTS) => {
      const created = await adminRequest(server, cookie, "POST", "/api/admin/webhooks", { url: `${receiver.url}${path}`, events });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      secrets[path] = created.body.secret;
      ids[path] = created.body.endpoint.id;
    };
    const endpoint = async (path: string) =>
      ((await getJson(server, "/api/admin/webhooks", cookie)).body.endpoints as Array<Record<string, any>>).find((e) => e.id === ids[path])!;

    before(async () => {
      receiver = await startReceiver();
      db = database.postgres ? await createTestDatabase() : undefined;
      server = await startServer({
        databaseUrl: db?.url,
        apiKey: API_KEY,
        timeoutMs: 240_000,
        env: { OUTBOUND_ALLOW_LOOPBACK: "true", OUTBOUND_RETRY_BASE: "400ms", OUTBOUND_SWEEP_INTERVAL: "500ms", ALERTS_SCHEDULE: "off", ...(process.env.OUTBOUND_TEST_DEBUG ? { LOG_LEVEL: "debug" } : {}) },
      });
      target = { url: server.url, apiKey: API_KEY };
      await usersCli(server, ["add", "--email", "admin@delivery.test", "--password", PASSWORD, "--role", "admin"]);
      await usersCli(server, ["add", "--email", "doctor@delivery.test", "--password", PASSWORD, "--role", "clinician"]);
      cookie = (await signIn(server, "admin@delivery.test", PASSWORD)).cookie!;
    });
    after(async () => {
      if (process.env.OUTBOUND_TEST_LOG) writeFileSync(`${process.env.OUTBOUND_TEST_LOG}.${database.name}`, server?.output() ?? "");
      await server?.stop();
      await receiver?.close();
      await db?.drop();
    });

    it("endpoint A answers after 25 s, B at once: B gets each event within 2 s of its cause, and A each event once", async () => {
      receiver.answerWith("/slow", { delayMs: 25_000 });
      await register("/slow");
      await register("/fast");
      const first = `iso-1-${tag}`;
      const second = `iso-2-${tag}`;
      const causes: Array<{ what: string; sessionId: string; type: string; body: unknown }> = [
        { what: "night 1 starts", sessionId: first, type: "night.started", body: inferenceBlock("iso-sleeper", first, 0) },
        { what: "night 2 starts", sessionId: second, type: "night.started", body: inferenceBlock("iso-sleeper-2", second, 0) },
        {
          what: "night 1 completes",
          sessionId: first,
          type: "night.completed",
          body: sessionComplete({ userId: "iso-sleeper", sessionId: first, startTime: "2026-12-05T22:00:00Z", endTime: "2026-12-05T22:05:00Z", timezone: "UTC", sleepStages: Array(10).fill(1), stat: {} }),
        },
      ];
      const lags: string[] = [];
      for (const cause of causes) {
        const at = Date.now();
        assert.equal((await postWebhook(target, cause.body)).status, 200);
        const got = await waitFor(`${cause.type} of ${cause.sessionId} on B`, () => on("/fast", cause.sessionId).find((r) => parse(r).type === cause.type), 30_000);
        lags.push(`${cause.what}: B after ${got.at - at} ms`);
        assert.ok(got.at - at <= 2000, `B got "${cause.what}" ${got.at - at} ms after its cause, while A was silent`);
        if (cause.what === "night 2 starts") {
          // A's other night is no reason to wait either: night 2 goes to A while night 1's start is unanswered.
          const toA = await waitFor("night 2 on A", () => on("/slow", second)[0], 30_000);
          const firstToA = on("/slow", first)[0]!;
          assert.ok(toA.at < firstToA.at + 25_000, `A got night 2's start ${toA.at - firstToA.at} ms after night 1's, which it answers after 25 s`);
        }
      }
      console.log(`[figures] ${database.name}: ${lags.join("; ")}`);

      // A's answers take 25 s, inside the 30-s limit: each event delivered once, none sent twice.
      const log = async () => (await getJson(server, `/api/admin/webhooks/deliveries?endpointId=${ids["/slow"]}`, cookie)).body.deliveries as Array<Record<string, any>>;
      await waitFor("A's three deliveries settled", async () => ((await log()).filter((d) => d.status === "DELIVERED").length === 3 ? true : undefined), 120_000);
      assert.deepEqual(
        (await log()).map((d) => `${d.eventType} ${d.status} ${d.attempts}`).sort(),
        ["night.completed DELIVERED 1", "night.started DELIVERED 1", "night.started DELIVERED 1"],
      );
      const toA = on("/slow").map((r) => `${verified(secrets["/slow"]!, r).type} ${parse(r).data.sessionId}`);
      assert.deepEqual(toA.sort(), [`night.completed ${first}`, `night.started ${first}`, `night.started ${second}`], "each event once");
      // Night 1's completion went only after its start was answered (order per night holds).
      const a1 = on("/slow", first);
      assert.equal(parse(a1[1]!).type, "night.completed");
      assert.ok(a1[1]!.at - a1[0]!.at >= 24_000, `${a1[1]!.at - a1[0]!.at} ms`);
      // Off from now on: its slow answers stay out of the tests below.
      assert.equal((await adminRequest(server, cookie, "PATCH", `/api/admin/webhooks/${ids["/slow"]}`, { enabled: false })).status, 200);
    });

    it("a receiver answering 410 Gone turns its endpoint off, with the reason and time for admins; turned on again, it gets what it was owed", async () => {
      receiver.always("/gone", 410);
      await register("/gone");
      const night = `gone-${tag}`;
      assert.equal((await postWebhook(target, inferenceBlock("gone-sleeper", night, 0))).status, 200);
      await waitFor("the 410", () => on("/gone", night)[0]);
      const off = await waitFor("the endpoint turned off", async () => {
        const e = await endpoint("/gone");
        return e.enabled === false ? e : undefined;
      });
      assert.match(off.disabledReason, /410 Gone/);
      assert.ok(Math.abs(Date.parse(off.disabledAt) - Date.now()) < 60_000, off.disabledAt);
      // Its next event is not sent to it (B, woken with it, is the witness that it was due).
      const done = sessionComplete({ userId: "gone-sleeper", sessionId: night, startTime: "2026-12-05T22:00:00Z", endTime: "2026-12-05T22:05:00Z", timezone: "UTC", sleepStages: Array(10).fill(1), stat: {} });
      assert.equal((await postWebhook(target, done)).status, 200);
      await waitFor("night completed on B", () => on("/fast", night).find((r) => parse(r).type === "night.completed"));
      await sleep(1500); // the 410'd start's retry (400 ms) would have come by now
      assert.equal(on("/gone", night).length, 1, "nothing more after 410 Gone");

      // The receiver is back; an admin turns the endpoint on: the reason goes, and the start it refused is sent.
      receiver.always("/gone", null);
      const on_ = await adminRequest(server, cookie, "PATCH", `/api/admin/webhooks/${ids["/gone"]}`, { enabled: true });
      assert.equal(on_.status, 200);
      assert.equal(on_.body.endpoint.disabledReason, null);
      assert.equal(on_.body.endpoint.disabledAt, null);
      const again = await waitFor("the owed start after turning on", () => on("/gone", night).find((r) => r.answered === 200), 30_000);
      assert.equal(verified(secrets["/gone"]!, again).type, "night.started");
    });

    it("Retry-After is honoured: a 503 asking for 3 s is tried again no sooner (the backoff alone is 400 ms)", async () => {
      receiver.script("/busy", [503]);
      receiver.answerWith("/busy", { headers: { "retry-after": "3" } });
      await register("/busy", ["night.started"]);
      const night = `busy-${tag}`;
      assert.equal((await postWebhook(target, inferenceBlock("busy-sleeper", night, 0))).status, 200);
      const [refused, accepted] = await waitFor("the retry", () => (on("/busy", night).length >= 2 ? on("/busy", night) : undefined), 30_000);
      assert.equal(refused!.answered, 503);
      assert.equal(accepted!.answered, 200);
      assert.equal(accepted!.headers["webhook-id"], refused!.headers["webhook-id"]);
      assert.ok(accepted!.at - refused!.at >= 2900, `retried ${accepted!.at - refused!.at} ms after a Retry-After of 3 s`);
    });

    it("Send test event: the receiver gets a signed webhook.test now, and the admin sees its answer", async () => {
      const sent = await adminRequest(server, cookie, "POST", `/api/admin/webhooks/${ids["/fast"]}/test`);
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      assert.equal(sent.body.result.delivered, true);
      assert.equal(sent.body.result.status, 200);
      assert.equal(sent.body.result.response, "thanks");
      const got = receiver.received.find((r) => r.headers["webhook-id"] === sent.body.result.messageId)!;
      assert.equal(verified(secrets["/fast"]!, got).type, "webhook.test");

      receiver.script("/fast", [500]);
      const failed = await adminRequest(server, cookie, "POST", `/api/admin/webhooks/${ids["/fast"]}/test`);
      assert.equal(failed.status, 200);
      assert.deepEqual([failed.body.result.delivered, failed.body.result.status, failed.body.result.response], [false, 500, "receiver says 500"]);
      // Nothing recorded: the delivery log has no test event.
      const log = (await getJson(server, `/api/admin/webhooks/deliveries?endpointId=${ids["/fast"]}`, cookie)).body.deliveries as Array<Record<string, any>>;
      assert.ok(!log.some((d) => d.eventType === "webhook.test"));

      const doctor = (await signIn(server, "doctor@delivery.test", PASSWORD)).cookie!;
      assert.equal((await adminRequest(server, doctor, "POST", `/api/admin/webhooks/${ids["/fast"]}/test`)).status, 404);
      assert.equal((await adminRequest(server, cookie, "POST", `/api/admin/webhooks/ep_00000000-0000-0000-0000-000000000000/test`)).status, 404);
    });

    it("POST and PATCH refuse a private, link-local, metadata, CGNAT or unspecified address in any spelling: 400 naming url, nothing changed", async () => {
      for (const url of REFUSED_URLS) {
        const created = await adminRequest(server, cookie, "POST", "/api/admin/webhooks", { url, events: ["night.started"] });
        assert.equal(created.status, 400, `POST ${url}: ${JSON.stringify(created.body)}`);
        assert.deepEqual(created.body.issues.map((i: { path: string }) => i.path), ["url"], url);
        const changed = await adminRequest(server, cookie, "PATCH", `/api/admin/webhooks/${ids["/fast"]}`, { url });
        assert.equal(changed.status, 400, `PATCH ${url}: ${JSON.stringify(changed.body)}`);
        assert.deepEqual(changed.body.issues.map((i: { path: string }) => i.path), ["url"], url);
      }
      assert.equal((await endpoint("/fast")).url, `${receiver.url}/fast`);
      assert.ok(!((await getJson(server, "/api/admin/webhooks", cookie)).body.endpoints as Array<{ url: string }>).some((e) => REFUSED_URLS.includes(e.url)));
    });
  });
}

describe("without OUTBOUND_ALLOW_LOOPBACK nothing on this machine receives events (PostgreSQL)", { timeout: 360_000 }, () => {
  let receiver: Receiver;
  let db: TestDatabase;
  let server: RunningServer;
  let cookie: string;
  let port: string;
  const deliveries = async () => (await getJson(server, "/api/admin/webhooks/deliveries", cookie)).body.deliveries as Array<Record<string, any>>;

  before(async () => {
    receiver = await startReceiver();
    port = new URL(receiver.url).port;
    db = await createTestDatabase();
    server = await startServer({ databaseUrl: db.url, apiKey: API_KEY, env: { OUTBOUND_RETRY_BASE: "1h", OUTBOUND_SWEEP_INTERVAL: "500ms", ALERTS_SCHEDULE: "off" } });
    await usersCli(server, ["add", "--email", "admin@strict.test", "--password", PASSWORD, "--role", "admin"]);
    cookie = (await signIn(server, "admin@strict.test", PASSWORD)).cookie!;
  });
  after(async () => {
    await server?.stop();
    await receiver?.close();
    await db?.drop();
  });

  it("this machine by address or by localhost is refused at registration (400 naming url)", async () => {
    for (const url of [`http://127.0.0.1:${port}/in`, `https://127.0.0.1:${port}/in`, `https://2130706433:${port}/in`, `https://[::1]:${port}/in`, `https://[::ffff:7f00:1]:${port}/in`, `https://localhost:${port}/in`]) {
      const created = await adminRequest(server, cookie, "POST", "/api/admin/webhooks", { url, events: ["night.started"] });
      assert.equal(created.status, 400, url);
      assert.equal(created.body.issues[0].path, "url");
    }
  });

  it("a name that resolves to this machine is checked when delivering: refused, nothing sent, the reason in the log", async (t) => {
    const name = hostname();
    const addresses = await lookup(name, { all: true }).catch(() => []);
    const local = addresses.find((a) => ipaddr.process(a.address).range() !== "unicast");
    if (!local) return t.skip(`this machine's name (${name}) does not resolve to one of its own non-public addresses here`);
    const created = await adminRequest(server, cookie, "POST", "/api/admin/webhooks", { url: `https://${name}:${port}/named`, events: ["night.started"] });
    assert.equal(created.status, 201, "a name is accepted: what it resolves to is checked at each delivery");
    assert.equal((await postWebhook({ url: server.url, apiKey: API_KEY }, inferenceBlock("strict-sleeper", `strict-named-${process.pid}`, 0))).status, 200);
    const refused = await waitFor("the refused attempt in the log", async () => (await deliveries()).find((d) => d.endpointId === created.body.endpoint.id && d.attempts >= 1 && d.status !== "SENDING"));
    assert.equal(refused.lastStatus, null);
    assert.match(refused.lastError, new RegExp(`^refused: ${name} resolves to ${local.address.replaceAll(".", "\\.")}`));
    await adminRequest(server, cookie, "DELETE", `/api/admin/webhooks/${created.body.endpoint.id}`);
  });

  it("an endpoint stored under older rules (plain http to 127.0.0.1) is refused when delivering, not sent to", async () => {
    await query(db.url, `INSERT INTO outbound_endpoint (id, url, events, enabled, secret) VALUES ('ep_00000000-0000-0000-0000-00000000beef', $1, '{night.started}', true, 'whsec_${Buffer.alloc(32, 1).toString("base64")}')`, [`http://127.0.0.1:${port}/legacy`]);
    assert.equal((await postWebhook({ url: server.url, apiKey: API_KEY }, inferenceBlock("strict-sleeper", `strict-legacy-${process.pid}`, 0))).status, 200);
    const refused = await waitFor("the refused attempt in the log", async () => (await deliveries()).find((d) => d.endpointId === "ep_00000000-0000-0000-0000-00000000beef" && d.attempts >= 1 && d.status !== "SENDING"));
    assert.match(refused.lastError, /^refused: 127\.0\.0\.1 is a loopback address/);
    await sleep(500);
    assert.deepEqual(receiver.received, [], "nothing reached the receiver");
  });
});
