// One delivery attempt against a real receiver on 127.0.0.1: the destination rules at the moment of
// connecting (a name is resolved once, every address checked, and the socket goes only to what was
// checked), redirects not followed, the timeout. The resolver is a stand-in so a name can answer what
// the test needs (this machine has no DNS of its own to point at private addresses).

import assert from "node:assert/strict";
import type { LookupAddress } from "node:dns";
import { after, before, describe, it } from "node:test";
import { startReceiver, type Receiver } from "../../test/support/receiver";
import { sendMessage, type SendOptions } from "./send";

const message = { messageId: "msg_test", type: "night.started", createdAt: new Date("2026-12-06T04:00:00Z"), data: { sessionId: "s1" } };
const SECRET = `whsec_${Buffer.alloc(32, 7).toString("base64")}`;
const DEV = { allowLoopback: true };
const STRICT = { allowLoopback: false };

/** A resolver that answers each call with the next list, and counts the calls. */
function resolver(...answers: string[][]) {
  const calls: string[] = [];
  const resolve: NonNullable<SendOptions["resolve"]> = (hostname, _options, callback) => {
    calls.push(hostname);
    const list = answers[Math.min(calls.length - 1, answers.length - 1)]!;
    callback(
      null,
      list.map((address): LookupAddress => ({ address, family: address.includes(":") ? 6 : 4 })),
    );
  };
  return { resolve, calls };
}

describe("one delivery attempt", () => {
  let receiver: Receiver;
  let port: string;
  before(async () => {
    receiver = await startReceiver();
    port = new URL(receiver.url).port;
  });
  after(() => receiver.close());

  it("a name is resolved once, and the connection goes to the address that was checked (no second resolution to rebind)", async () => {
    // First answer: this machine (allowed by the setting); any later one: a private address.
    const dns = resolver(["127.0.0.1"], ["10.0.0.1"]);
    const before = receiver.received.length;
    const r = await sendMessage(`http://rebind.localhost:${port}/pinned`, [SECRET], message, { policy: DEV, resolve: dns.resolve });
    assert.equal(r.status, 200, JSON.stringify(r));
    assert.ok(r.delivered);
    assert.deepEqual(dns.calls, ["rebind.localhost"], "resolved exactly once");
    assert.equal(receiver.received.length, before + 1);
    assert.equal(receiver.received.at(-1)!.headers["webhook-id"], "msg_test");
  });

  it("a name resolving to a refused address is not connected to, and says why", async () => {
    const before = receiver.received.length;
    for (const [answer, policy, words] of [
      [["127.0.0.1"], STRICT, /resolves to 127\.0\.0\.1, a loopback address/],
      [["127.0.0.1", "10.0.0.1"], DEV, /resolves to 10\.0\.0\.1, a private network address/],
      [["::ffff:169.254.169.254"], DEV, /link-local/],
      [["fd00:ec2::254"], DEV, /fc00::\/7/],
    ] as const) {
      const dns = resolver([...answer]);
      const r = await sendMessage(`https://hooks.example.test:${port}/x`, [SECRET], message, { policy, resolve: dns.resolve });
      assert.equal(r.delivered, false);
      assert.equal(r.refused, true, JSON.stringify(r));
      assert.equal(r.status, null);
      assert.match(r.error!, words);
    }
    assert.equal(receiver.received.length, before, "nothing was sent");
  });

  it("a literal refused address (registered under older rules) is refused before any connection", async () => {
    const dns = resolver(["127.0.0.1"]);
    for (const url of [`http://127.0.0.1:${port}/x`, "https://2852039166/latest/meta-data/", "https://[::ffff:a9fe:a9fe]/", "https://10.0.0.5/"]) {
      const r = await sendMessage(url, [SECRET], message, { policy: STRICT, resolve: dns.resolve });
      assert.equal(r.refused, true, url);
      assert.match(r.error!, /^refused: /);
    }
    assert.deepEqual(dns.calls, []);
  });

  it("a redirect is a failure, not followed", async () => {
    const before = receiver.received.length;
    receiver.script("/moved", [302]);
    const r = await sendMessage(`${receiver.url}/moved`, [SECRET], message, { policy: DEV });
    assert.equal(r.delivered, false);
    assert.equal(r.status, 302);
    assert.equal(receiver.received.length, before + 1);
  });

  it("Retry-After and the start of the answer are kept; no answer within the limit is a timeout", async () => {
    receiver.script("/busy", [503]);
    receiver.answerWith("/busy", { headers: { "retry-after": "120" } });
    const busy = await sendMessage(`${receiver.url}/busy`, [SECRET], message, { policy: DEV });
    assert.equal(busy.status, 503);
    assert.equal(busy.retryAfter, "120");
    assert.equal(busy.response, "receiver says 503");

    receiver.answerWith("/slow", { delayMs: 3000 });
    const slow = await sendMessage(`${receiver.url}/slow`, [SECRET], message, { policy: DEV, timeoutMs: 300 });
    assert.equal(slow.status, null);
    assert.match(slow.error!, /no answer within 0\.3 s/);

    const stop = new AbortController();
    const stopping = sendMessage(`${receiver.url}/slow`, [SECRET], message, { policy: DEV, signal: stop.signal });
    setTimeout(() => stop.abort(), 100);
    const stopped = await stopping;
    assert.equal(stopped.interrupted, true);
  });
});
