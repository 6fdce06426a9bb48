// The morning notification (issue 25 §6), over real HTTP with the real server: a sleeper's browser
// subscribes (POST /api/account/push, the VAPID key from GET), a night completes through the webhook,
// and a local push service that speaks the protocol (test/support/push-service.ts: it verifies the VAPID
// JWT with the app's public key and decrypts the aes128gcm payload with the subscription's keys)
// receives "Your sleep report is ready"; a night closed as Incomplete sends "Your recording stopped at
// HH:MM" on the sleeper's own clock; a subscription the push service answers 410 or 404 is removed, and
// the sleeper's other browser still gets the next one.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { SessionDetail } from "@/lib/live/events";
import { getJson, signIn, usersCli } from "./support/accounts";
import { startAsleepApi, type AsleepStandIn } from "./support/asleep-api";
import { startPushService, type PushService, type PushSubscriptionJson } from "./support/push-service";
import { startServer, type RunningServer } from "./support/server";
import { sleep, waitFor } from "./support/wait";
import { inferenceBlock, postWebhook, sessionComplete, type WebhookTarget } from "./support/webhook";

const API_KEY = "push-test-key-0123456789";
const PASSWORD = "a long enough passphrase";
const ZONE = "Europe/Paris";

describe("the morning notification: Web Push when a night completes or is closed as Incomplete", { timeout: 180_000 }, () => {
  let asleep: AsleepStandIn;
  let push: PushService;
  let server: RunningServer;
  let target: WebhookTarget;
  let sleeper: string;
  let publicKey: string;
  let phone: PushSubscriptionJson;

  const account = (method: "POST" | "DELETE", body: unknown, cookie = sleeper) =>
    fetch(`${server.url}/api/account/push`, { method, headers: { cookie, origin: server.url, "content-type": "application/json" }, body: JSON.stringify(body) });
  const subscribed = async (endpoint: string) => (await getJson(server, `/api/account/push?endpoint=${encodeURIComponent(endpoint)}`, sleeper)).body.subscribed;
  const messagesTo = (sub: PushSubscriptionJson) => push.messages.filter((m) => sub.endpoint.endsWith(`/${m.subscriptionId}`));
  const completeNight = (sessionId: string) => {
    const end = Date.now() - 5 * 60_000;
    return postWebhook(target, sessionComplete({ userId: "push-sleeper", sessionId, startTime: new Date(end - 20 * 60_000).toISOString(), endTime: new Date(end).toISOString(), timezone: ZONE, sleepStages: Array(40).fill(1), stat: {} }));
  };

  before(async () => {
    asleep = await startAsleepApi({ apiKey: API_KEY });
    push = await startPushService();
    server = await startServer({
      apiKey: API_KEY,
      // The push service is on this machine: allowed for tests, as for outbound events.
      env: { OUTBOUND_ALLOW_LOOPBACK: "true", ASLEEP_API_BASE: asleep.url, BACKFILL_INTERVAL: "300ms", TEST_CADENCE_FLOOR: "1s", INCOMPLETE_AFTER: "4s" },
    });
    target = { url: server.url, apiKey: API_KEY };
    await usersCli(server, ["add", "--email", "doctor@push.test", "--password", PASSWORD, "--role", "clinician", "--name", "Dr Push"]);
    await usersCli(server, ["add", "--email", "sleeper@push.test", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "push-sleeper", "--timezone", ZONE, "--clinician", "doctor@push.test"]);
    sleeper = (await signIn(server, "sleeper@push.test", PASSWORD)).cookie!;
  });
  after(async () => {
    await server?.stop();
    await push?.close();
    await asleep?.close();
  });

  it("a sleeper turns it on with the app's VAPID key; a clinician has none to turn on", async () => {
    const status = await getJson(server, "/api/account/push", sleeper);
    assert.equal(status.status, 200);
    publicKey = status.body.publicKey as string;
    assert.equal(Buffer.from(publicKey, "base64url").length, 65, "an uncompressed P-256 public key");
    phone = push.subscribe(publicKey);
    assert.equal(await subscribed(phone.endpoint), false);
    assert.equal((await account("POST", phone)).status, 201);
    assert.equal(await subscribed(phone.endpoint), true);
    // Validated at the edge: keys of the wrong size, and an endpoint the app may not send to.
    const bad = await account("POST", { ...phone, keys: { ...phone.keys, auth: "c2hvcnQ" } });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(await bad.json()), /keys\.auth must be 16 bytes/);
    assert.equal((await account("POST", { ...phone, endpoint: "http://10.0.0.1/push/x" })).status, 400);

    const doctor = (await signIn(server, "doctor@push.test", PASSWORD)).cookie!;
    assert.equal((await getJson(server, "/api/account/push", doctor)).status, 404);
    assert.equal((await account("POST", push.subscribe(publicKey), doctor)).status, 404);
  });

  it("a night that completes: 'Your sleep report is ready', VAPID-signed and decryptable, opening the night", async () => {
    const res = await completeNight("push-night-1");
    assert.equal(res.status, 200);
    const [message] = await waitFor("the push service to receive the notification", () => messagesTo(phone).length > 0 && messagesTo(phone));
    assert.deepEqual(push.rejected, [], "every request passed the VAPID check and decrypted");
    const shown = JSON.parse(message!.text) as Record<string, unknown>;
    assert.equal(shown.title, "Your sleep report is ready");
    assert.equal(shown.body, "See how you slept last night: open your report.");
    assert.equal(shown.url, "/sessions/push-night-1");
    assert.equal(message!.claims.aud, push.url);
    assert.match(message!.claims.sub, /^mailto:/);
    assert.ok(Number(message!.headers.ttl) > 0);
    // Once per night: SESSION_COMPLETE again (Asleep retries) sends nothing more.
    assert.equal((await completeNight("push-night-1")).status, 200);
    await sleep(3000);
    assert.equal(messagesTo(phone).length, 1);
  });

  it("a night closed as Incomplete: 'Your recording stopped at HH:MM' on the sleeper's clock", async () => {
    const id = "push-night-2";
    assert.equal((await postWebhook(target, inferenceBlock("push-sleeper", id, 0))).status, 200);
    const message = await waitFor("the Incomplete notification", () => messagesTo(phone).find((m) => m.text.includes(id)), 60_000);
    const night = (await getJson(server, `/api/sessions/${id}`, sleeper)).body as unknown as SessionDetail;
    assert.equal(night.state, "INCOMPLETE");
    const stoppedMs = Date.parse(night.startTime!) + night.sleepStages.length * 30_000;
    const clock = new Intl.DateTimeFormat("en-GB", { timeZone: ZONE, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(stoppedMs);
    const shown = JSON.parse(message.text) as Record<string, unknown>;
    assert.equal(shown.title, `Your recording stopped at ${clock}`);
    assert.equal(shown.url, `/sessions/${id}`);
  });

  it("a subscription the push service answers 410 or 404 is removed; the sleeper's other browser still gets the next", async () => {
    const laptop = push.subscribe(publicKey);
    assert.equal((await account("POST", laptop)).status, 201);
    push.answer(phone.endpoint, 410);
    assert.equal((await completeNight("push-night-3")).status, 200);
    await waitFor("the laptop to get the notification", () => messagesTo(laptop).some((m) => m.text.includes("push-night-3")));
    await waitFor("the phone's gone subscription to be removed", async () => (await subscribed(phone.endpoint)) === false);
    assert.equal(await subscribed(laptop.endpoint), true);

    push.answer(laptop.endpoint, 404);
    assert.equal((await completeNight("push-night-4")).status, 200);
    await waitFor("the laptop's subscription to be removed on 404", async () => (await subscribed(laptop.endpoint)) === false);
    // Nothing more goes to a removed subscription.
    const before = push.messages.length;
    assert.equal((await completeNight("push-night-5")).status, 200);
    await sleep(3000);
    assert.equal(push.messages.length, before);
  });

  it("the sleeper turns it off: this browser gets nothing more", async () => {
    const tablet = push.subscribe(publicKey);
    assert.equal((await account("POST", tablet)).status, 201);
    assert.equal((await account("DELETE", { endpoint: tablet.endpoint })).status, 204);
    assert.equal(await subscribed(tablet.endpoint), false);
    assert.equal((await completeNight("push-night-6")).status, 200);
    await sleep(3000);
    assert.equal(messagesTo(tablet).length, 0);
  });
});
