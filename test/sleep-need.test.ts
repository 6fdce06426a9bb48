// A sleeper's own sleep need (issue 25 §5), against the real server: set from the app's own pages only,
// whole minutes from 4 to 12 hours or null (the default, 8 hours); anything else is a 400 that changes
// nothing; anyone but a sleeper gets 403. The trends page counts the sleep debt against it.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { signIn, usersCli } from "./support/accounts";
import { startServer, type RunningServer } from "./support/server";
import { postWebhook, sessionComplete } from "./support/webhook";

const PASSWORD = "a long enough passphrase";

describe("the sleeper's sleep need", { timeout: 300_000 }, () => {
  let server: RunningServer;

  before(async () => {
    server = await startServer({ apiKey: "sleep-need-key-0123456789" });
    await usersCli(server, ["add", "--email", "dr@need.test", "--password", PASSWORD, "--role", "clinician"]);
    await usersCli(server, ["add", "--email", "nat@need.test", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "asleep-nat", "--clinician", "dr@need.test", "--enrolled-on", "2026-01-01"]); // before her nights
    // Two nights of 7 h asleep (840 epochs of Light, 10 min awake before).
    for (const k of [1, 2]) {
      const stages = [...Array<number>(20).fill(0), ...Array<number>(840).fill(1)];
      const start = Date.now() - (k * 24 + 10) * 3_600_000;
      const sent = await postWebhook({ url: server.url, apiKey: "sleep-need-key-0123456789" }, sessionComplete({ userId: "asleep-nat", sessionId: `nat-${k}`, startTime: new Date(start).toISOString(), endTime: new Date(start + stages.length * 30_000).toISOString(), timezone: "Europe/Paris", sleepStages: stages, stat: {} }));
      assert.equal(sent.status, 200);
    }
  });
  after(async () => {
    await server?.stop();
  });

  it("is set by the sleeper, refused for bad values or anyone else, and the debt is counted against it", async () => {
    const nat = (await signIn(server, "nat@need.test", PASSWORD, "127.0.3.1")).cookie!;
    const dr = (await signIn(server, "dr@need.test", PASSWORD, "127.0.3.2")).cookie!;
    const put = (cookie: string, body: unknown, origin = server.url) =>
      fetch(`${server.url}/api/account/sleep-need`, { method: "PUT", headers: { cookie, origin, "content-type": "application/json" }, body: JSON.stringify(body) });
    const page = async () => (await (await fetch(`${server.url}/patients/asleep-nat`, { headers: { cookie: nat } })).text()).replace(/<!-- -->/g, "");

    // The default: 8 h a night, 2 nights of 7 h: 2 h of debt.
    assert.match(await page(), /Sleep debt over the last 2 nights: 2 h, against a need of 8 h a night \(the default\)/);
    assert.equal((await put(nat, { minutes: 450 }, "https://evil.example")).status, 403);
    for (const bad of [{ minutes: 239 }, { minutes: 721 }, { minutes: 450.5 }, { minutes: "450" }, {}]) assert.equal((await put(nat, bad)).status, 400, JSON.stringify(bad));
    assert.equal((await put(dr, { minutes: 450 })).status, 403);
    assert.match(await page(), /\(the default\)/);

    const set = await put(nat, { minutes: 450 });
    assert.equal(set.status, 200);
    assert.deepEqual(await set.json(), { minutes: 450 });
    // 7 h 30 min a night: 2 × 30 min = 1 h.
    assert.match(await page(), /Sleep debt over the last 2 nights: 1 h, against a need of 7 h 30 min a night \(yours\)/);
    assert.equal((await put(nat, { minutes: null })).status, 200);
    assert.match(await page(), /2 h, against a need of 8 h a night \(the default\)/);
  });
});
