// Times with their zone, against the real server: an account's time zone set with `npm run users`,
// the CSV export's local clock time and zone next to each UTC instant (for a night still being recorded,
// in the account's zone; for a +09:00 night, in that offset), and the board's last night chosen by when
// it started, not by when it was stored; and the night's start pushed live with every update, also
// when a later analysis moves it.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { SessionUpdateEvent } from "@/lib/live/events";
import { getJson, signIn, usersCli } from "./support/accounts";
import { connected, openLiveSocket } from "./support/live";
import { startServer, type RunningServer } from "./support/server";
import { waitFor } from "./support/wait";
import { inferenceBlock, postWebhook, sessionComplete, type WebhookTarget } from "./support/webhook";

const PASSWORD = "a long enough passphrase";
const stages = [0, 1, 2, 3];

describe("times with their zone", { timeout: 300_000 }, () => {
  let server: RunningServer;
  let target: WebhookTarget;
  let doctor: string;

  const complete = (sessionId: string, startTime: string, endTime: string, timezone: string) =>
    postWebhook(target, sessionComplete({ userId: "asleep-zoe", sessionId, startTime, endTime, timezone, sleepStages: stages, stat: {} }));

  before(async () => {
    target = { url: "", apiKey: "time-test-key-0123456789" };
    server = await startServer({ apiKey: target.apiKey });
    target.url = server.url;
    await usersCli(server, ["add", "--email", "doctor@time.test", "--password", PASSWORD, "--role", "clinician", "--name", "Dr Time"]);
    const created = await usersCli(server, ["add", "--email", "zoe@time.test", "--password", PASSWORD, "--role", "patient", "--name", "Zoe", "--asleep-user-id", "asleep-zoe", "--clinician", "doctor@time.test", "--timezone", "Europe/Paris"]);
    assert.match(created, /time zone Europe\/Paris/);
    const signedIn = await signIn(server, "doctor@time.test", PASSWORD);
    assert.ok(signedIn.cookie);
    doctor = signedIn.cookie;
  });

  after(async () => {
    await server?.stop();
  });

  it("refuses a time zone that is not one, in plain words, and creates nothing", async () => {
    await assert.rejects(
      usersCli(server, ["add", "--email", "mars@time.test", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "asleep-mars", "--timezone", "Mars/Olympus"]),
      (error: Error & { stderr?: string }) => /Mars\/Olympus is not a time zone/.test(error.stderr ?? ""),
    );
    const list = await usersCli(server, ["list"]);
    assert.doesNotMatch(list, /mars@time\.test/);
    assert.match(list, /zoe@time\.test\s+patient\s+asleep-zoe\s+doctor@time\.test\s+Europe\/Paris/);
  });

  it("lets a sleeper set their own time zone from the app's pages only, and refuses a bad one or anyone else", async () => {
    const zoe = (await signIn(server, "zoe@time.test", PASSWORD, "127.0.2.1")).cookie!;
    const put = (cookie: string, body: unknown, origin = server.url) =>
      fetch(`${server.url}/api/account/timezone`, { method: "PUT", headers: { cookie, origin, "content-type": "application/json" }, body: JSON.stringify(body) });
    const foreign = await put(zoe, { timezone: "Asia/Tokyo" }, "https://evil.example");
    assert.equal(foreign.status, 403);
    const bad = await put(zoe, { timezone: "Mars/Olympus" });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(await bad.json()), /Mars\/Olympus is not a time zone/);
    assert.equal((await put(doctor, { timezone: "Asia/Tokyo" })).status, 403);
    // Nothing changed: still the zone set with npm run users.
    assert.match(await usersCli(server, ["list"]), /zoe@time\.test\s+patient\s+asleep-zoe\s+doctor@time\.test\s+Europe\/Paris/);
    const saved = await put(zoe, { timezone: "+09:00" });
    assert.equal(saved.status, 200);
    assert.deepEqual(await saved.json(), { timezone: "Etc/GMT-9" });
    assert.equal((await put(zoe, { timezone: "Europe/Paris" })).status, 200);
  });

  it("exports a night being recorded with each epoch's UTC instant, local clock time and zone (the account's)", async () => {
    const block = { event: "INFERENCE_COMPLETE", version: "V3", user_id: "asleep-zoe", session_id: "zoe-open", inference_seq_num: 0, sleep_stages: [0, 0, 1, 1, 1, 1, 2, 2, 2, 2], time_window: { start: "2026-11-23T23:00:00Z", end: "2026-11-23T23:05:00Z" } };
    assert.equal((await postWebhook(target, block)).status, 200);
    const csv = await getJson(server, "/api/sessions/zoe-open/export.csv", doctor);
    assert.equal(csv.status, 200);
    const lines = csv.text.trimEnd().split("\r\n");
    assert.equal(lines[0], "epoch,time,local_time,timezone,stage,stage_value,snoring");
    // The night started at 23:00 UTC: midnight, the next day, in Paris.
    assert.equal(lines[1], "0,2026-11-23T23:00:00.000Z,2026-11-24T00:00:00+01:00,Europe/Paris,Wake,0,");
    const detail = await getJson(server, "/api/sessions/zoe-open", doctor);
    assert.deepEqual(detail.body.zone, { name: "Europe/Paris", source: "account" });
  });

  it("exports a +09:00 night in that offset, and gives the API its normal form", async () => {
    assert.equal((await complete("zoe-tokyo", "2026-11-10T13:00:00Z", "2026-11-10T20:00:00Z", "+09:00")).status, 200);
    const csv = await getJson(server, "/api/sessions/zoe-tokyo/export.csv", doctor);
    assert.deepEqual(csv.text.trimEnd().split("\r\n").slice(1, 3), [
      "0,2026-11-10T13:00:00.000Z,2026-11-10T22:00:00+09:00,UTC+09:00,Wake,0,no",
      "1,2026-11-10T13:00:30.000Z,2026-11-10T22:00:30+09:00,UTC+09:00,Light,1,no",
    ]);
    const detail = await getJson(server, "/api/sessions/zoe-tokyo", doctor);
    assert.deepEqual(detail.body.zone, { name: "Etc/GMT-9", source: "night" });
  });

  it("puts on the board, as last night, the complete night that started last, with its date", async () => {
    // The newer night is stored first; an older one (a replay, a late back-fill) is stored after it.
    assert.equal((await complete("zoe-newest", "2026-11-21T22:00:00Z", "2026-11-22T06:00:00Z", "Europe/Paris")).status, 200);
    assert.equal((await complete("zoe-stored-last", "2026-11-15T22:00:00Z", "2026-11-16T06:00:00Z", "Europe/Paris")).status, 200);
    const home = await getJson(server, "/", doctor);
    assert.equal(home.status, 200);
    const board = /data-testid="patient-board"[\s\S]*?<\/table>/.exec(home.text)?.[0] ?? "";
    const row = /data-testid="board-row"[\s\S]*?<\/tr>/.exec(board)?.[0] ?? "";
    assert.match(row, /Zoe/);
    assert.match(row, /href="\/sessions\/zoe-newest"/);
    assert.doesNotMatch(row, /zoe-stored-last/);
    // Its date, in its zone (the server cannot know the viewer's, so the zone is named).
    assert.match(row.replace(/<!-- -->/g, ""), /Sat 21 Nov 2026, 23:00–07:00, Europe\/Paris/);
  });

  it("pushes a night's start with every live update, also when a later analysis moves it: while recording, and after the night's report (a late analysis)", async () => {
    const zoe = (await signIn(server, "zoe@time.test", PASSWORD, "127.0.2.3")).cookie!;
    const socket = openLiveSocket(server, zoe);
    const updates: SessionUpdateEvent[] = [];
    socket.on("session:update", (u) => void (u.sessionId === "start-moves" && updates.push(u)));
    await connected(socket);
    const update = (n: number) => waitFor(`live update ${n}`, () => updates[n - 1]);
    // An analysis of block `seq` whose 5-minute window ends at `end`: the night began (seq + 1) × 5 min earlier.
    const block = (seq: number, end: string) => ({ ...inferenceBlock("asleep-zoe", "start-moves", seq), time_window: { start: new Date(Date.parse(end) - 300_000).toISOString(), end } });
    const startShown = async () => ((await getJson(server, "/api/sessions/start-moves", zoe)).body as { startTime: string }).startTime;
    try {
      assert.equal((await postWebhook(target, block(1, "2026-11-20T23:10:00.000Z"))).status, 200);
      assert.equal((await update(1)).startTime, "2026-11-20T23:00:00.000Z");
      // Block 0 comes second, its window ending 23:04: by it the night began a minute earlier.
      assert.equal((await postWebhook(target, block(0, "2026-11-20T23:04:00.000Z"))).status, 200);
      assert.equal((await update(2)).startTime, "2026-11-20T22:59:00.000Z");
      assert.equal(await startShown(), "2026-11-20T22:59:00.000Z");

      // The report, with its final hypnogram but no readable start_time: the start stays an estimate.
      const report = sessionComplete({ userId: "asleep-zoe", sessionId: "start-moves", startTime: "", endTime: "2026-11-21T06:00:00.000Z", timezone: "Europe/Paris", sleepStages: Array<number>(30).fill(2), stat: {} });
      delete (report.session as { start_time?: string }).start_time;
      assert.equal((await postWebhook(target, report)).status, 200);
      // A late analysis (block 2, its window ending 23:12) is kept, not applied to the final hypnogram,
      // but dates the night 22:57: the pages hear of it.
      assert.equal((await postWebhook(target, block(2, "2026-11-20T23:12:00.000Z"))).status, 200);
      const late = await waitFor("the late analysis's live update", () => updates.find((u) => u.state === "COMPLETE" && u.startTime === "2026-11-20T22:57:00.000Z"));
      assert.deepEqual(late.sleepStages, Array<number>(30).fill(2), "the final hypnogram, unchanged");
      assert.equal(await startShown(), "2026-11-20T22:57:00.000Z");
      // A late analysis that dates nothing earlier changes nothing anyone sees: no update.
      const before = updates.length;
      assert.equal((await postWebhook(target, block(3, "2026-11-21T05:00:00.000Z"))).status, 200);
      assert.equal((await postWebhook(target, block(4, "2026-11-21T05:05:00.000Z"))).status, 200);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(updates.length, before);
    } finally {
      socket.close();
    }
  });
});
