// Asleep's real cadences over HTTP, on PostgreSQL (issue 23 §3): the first analysis comes after 20
// minutes of sound, then every 5 to 40 minutes, and one INFERENCE_COMPLETE may carry 40 or 80 values
// covering earlier blocks. The epochs land where they belong; the night page's API and the board stay
// calm ("Stale" nowhere) between two 20- or 40-minute analyses, and say Stale once two are missed.
// Silence is made by moving the stored arrival times back, as the clock would.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { BoardPage, SessionDetail } from "../lib/live/events";
import { provenanceLine } from "../lib/sleep/provenance";
import { getJson, signIn, usersCli } from "./support/accounts";
import { createTestDatabase, query, QUIET_CLOCK, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { inSpelling, postWebhook, type WebhookTarget } from "./support/webhook";

const PASSWORD = "a long enough passphrase";
const MIN = 60_000;

describe("Asleep's 20- and 40-minute cadences, 40- and 80-value analyses (PostgreSQL)", { timeout: 300_000 }, () => {
  let db: TestDatabase;
  let server: RunningServer;
  let target: WebhookTarget;
  let cookie = "";
  before(async () => {
    db = await createTestDatabase();
    server = await startServer({ databaseUrl: db.url, apiKey: "cadence-key-0123456789", env: QUIET_CLOCK });
    target = { url: server.url, apiKey: "cadence-key-0123456789" };
    await usersCli(server, ["add", "--email", "admin@cadence.test", "--password", PASSWORD, "--role", "admin"]);
    cookie = (await signIn(server, "admin@cadence.test", PASSWORD)).cookie!;
  });
  after(async () => {
    await server?.stop();
    await db?.drop();
  });

  const detail = async (id: string) => (await getJson(server, `/api/sessions/${encodeURIComponent(id)}`, cookie)).body as unknown as SessionDetail;
  const boardRow = async (user: string) => {
    const page = (await getJson(server, `/api/board?q=${encodeURIComponent(user)}`, cookie)).body as unknown as BoardPage;
    return page.rows.find((r) => r.asleepUserId === user);
  };
  /** Every arrival of the night `minutes` earlier than stored: as if that much time had passed. */
  const age = (id: string, minutes: number) => query(db.url, `UPDATE inference SET received_at = received_at - make_interval(mins => $2) WHERE session_id = $1`, [id, minutes]);
  /** One analysis: `values` epochs ending with block `seq`, in the v2 callback spelling. */
  const analysis = (user: string, id: string, seq: number, values: number) => {
    const stages = Array.from({ length: values }, (_, i) => (seq * 7 + i) % 4);
    return inSpelling({ event: "INFERENCE_COMPLETE", version: "V2", user_id: user, session_id: id, seq_num: seq * 10 + 9, inference_seq_num: seq, sleep_stages: stages }, "callback-page");
  };

  for (const [every, values] of [
    [20, 40],
    [40, 80],
  ] as const) {
    it(`every ${every} minutes with ${values} values: epochs placed right, calm between two analyses, Stale after two missed`, async () => {
      const user = `cadence-${every}`;
      const id = `${user}-night`;
      await usersCli(server, ["add", "--email", `${user}@cadence.test`, "--password", PASSWORD, "--role", "patient", "--asleep-user-id", user]);
      // The first analysis: after 20 minutes of sound (or a first 40-minute frame), its values end with its block.
      const firstSeq = values / 10 - 1;
      const first = analysis(user, id, firstSeq, values);
      assert.equal((await postWebhook(target, first, { userId: user })).status, 200);
      let night = await detail(id);
      assert.deepEqual(night.sleepStages, (first.callback_data as { stage_list: number[] }).stage_list, "the values cover the night's first epochs");
      assert.equal(night.cadenceMs, every * MIN, "the cadence the payload announces");

      // Silent for more than 10 minutes (twice the 5 minutes once assumed), yet less than the next analysis is due: calm.
      await age(id, every + 5);
      night = await detail(id);
      assert.equal(night.stale, false, `not Stale ${every + 5} min after the first analysis`);
      assert.ok(!(await boardRow(user))?.flags.some((f) => f.kind === "stale"), "the board is calm too");

      // The next analysis, `every` minutes later: its values overlap none of the first's, placed after them.
      const secondSeq = firstSeq + every / 5;
      const second = analysis(user, id, secondSeq, values);
      assert.equal((await postWebhook(target, second, { userId: user })).status, 200);
      night = await detail(id);
      const secondValues = (second.callback_data as { stage_list: number[] }).stage_list;
      assert.equal(night.sleepStages.length, (secondSeq + 1) * 10);
      assert.deepEqual(night.sleepStages.slice(-values), secondValues, "the second analysis's values end with its block");
      assert.equal(night.cadenceMs, every * MIN, "two analyses 4 or 8 blocks apart");
      // Its provenance: the spelling it came in and the cadence observed (issue 23 §6).
      assert.equal(provenanceLine(night.provenance), `Measured by Asleep from sound · webhook V2, envelope, callback_* names, stage_list · analysed every ${every} min`);

      await age(id, every + 5);
      assert.equal((await detail(id)).stale, false, "calm between the second and third");
      // Two analyses missed: Stale, on the night and on the board.
      await age(id, every);
      assert.equal((await detail(id)).stale, true, "Stale after two missed");
      assert.ok((await boardRow(user))?.flags.some((f) => f.kind === "stale"), "the board says so too");
    });
  }
});
