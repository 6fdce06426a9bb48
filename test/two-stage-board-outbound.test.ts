// A 2-stage night (Asleep's basic plan: 0 Wake / 1 Sleep, ASLEEP_STAGES=2) as the board and the outbound
// events name it: its 1 is "Sleep" on the board's current-stage cell, in the board CSV and in
// night.started / night.stage_changed, never "Light" (lib/board/stage.ts, lib/outbound/events.ts).

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { getJson, signIn, usersCli } from "./support/accounts";
import { adminRequest, verified, type Message } from "./support/outbound";
import { startReceiver, type Receiver, type Received } from "./support/receiver";
import { startServer, type RunningServer } from "./support/server";
import { sleep, waitFor } from "./support/wait";
import { inferenceBlock, postWebhook, type WebhookTarget } from "./support/webhook";

const API_KEY = "two-stage-test-key-0123456789";
const PASSWORD = "a long enough passphrase";
const parse = (r: Received) => JSON.parse(r.body) as Message;

describe("a 2-stage night on the board and in outbound events (PGlite)", { timeout: 480_000 }, () => {
  let receiver: Receiver;
  let server: RunningServer;
  let target: WebhookTarget;
  let secret: string;
  let doctor: string;
  const night = { user: "two-stage-sleeper", id: `two-stage-night-${process.pid}` };
  const events = () => receiver.received.filter((r) => r.path === "/in" && parse(r).data.sessionId === night.id);

  before(async () => {
    receiver = await startReceiver();
    server = await startServer({
      apiKey: API_KEY,
      timeoutMs: 240_000, // PGlite's migrations on a loaded machine
      env: { ASLEEP_STAGES: "2", OUTBOUND_ALLOW_LOOPBACK: "true", OUTBOUND_STAGE_DEBOUNCE: "1500ms", OUTBOUND_SWEEP_INTERVAL: "500ms" },
    });
    target = { url: server.url, apiKey: API_KEY };
    await usersCli(server, ["add", "--email", "admin@two-stage.test", "--password", PASSWORD, "--role", "admin"]);
    await usersCli(server, ["add", "--email", "doctor@two-stage.test", "--password", PASSWORD, "--role", "clinician"]);
    await usersCli(server, ["add", "--email", "sleeper@two-stage.test", "--name", "Basic Plan", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", night.user, "--clinician", "doctor@two-stage.test"]);
    const admin = (await signIn(server, "admin@two-stage.test", PASSWORD)).cookie!;
    doctor = (await signIn(server, "doctor@two-stage.test", PASSWORD)).cookie!;
    const created = await adminRequest(server, admin, "POST", "/api/admin/webhooks", { url: `${receiver.url}/in`, events: ["night.started", "night.stage_changed"] });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    secret = created.body.secret;
  });
  after(async () => {
    await server?.stop();
    await receiver?.close();
  });

  it("night.started and night.stage_changed name a 1 'Sleep'; the board's cell and CSV say Sleep", async () => {
    assert.equal((await postWebhook(target, inferenceBlock(night.user, night.id, 0, Array(10).fill(0)))).status, 200);
    await waitFor("night.started", () => (events().length >= 1 ? true : undefined));
    await sleep(1800); // past the 1.5 s debounce window
    assert.equal((await postWebhook(target, inferenceBlock(night.user, night.id, 1, [0, 0, 0, 1, 1, 1, 1, 1, 1, 1]))).status, 200);
    await waitFor("night.stage_changed", () => (events().length >= 2 ? true : undefined));
    const messages = events().map((r) => verified(secret, r));
    assert.deepEqual(messages.map((m) => m.type), ["night.started", "night.stage_changed"]);
    assert.equal(messages[0]!.data.stage, "Wake");
    assert.deepEqual([messages[1]!.data.previousStage, messages[1]!.data.stage], ["Wake", "Sleep"]);

    const board = await getJson(server, "/api/board", doctor);
    assert.equal(board.status, 200);
    const row = (board.body.rows as Array<{ asleepUserId: string; open: { id: string; stagePlanSetting: string } | null }>).find((r) => r.asleepUserId === night.user);
    assert.equal(row?.open?.id, night.id);
    assert.equal(row?.open?.stagePlanSetting, "2-stage");

    const csv = await getJson(server, "/api/board.csv", doctor);
    assert.equal(csv.status, 200);
    const [header, ...lines] = csv.text.replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    const column = header!.split(",").indexOf("tonight_stage");
    const line = lines.find((l) => l.includes(night.user));
    assert.ok(line, csv.text);
    assert.equal(line.split(",")[column], "Sleep");
    assert.doesNotMatch(csv.text, /Light/);
  });
});
