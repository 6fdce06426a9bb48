// Every body Asleep's documentation shows (test/fixtures/asleep-docs/) is stored as the right night, over
// real HTTP against the started app on PostgreSQL (issue 23 §1): the webhook page's example (`event`,
// `data`, `sleep_stages`) and its field table (`callback_event`, `callback_data`, `stage_list`), and the
// v1/v2 callback pages (`callback_*`, `stage_list`, `sleep_data`). Before, all but the first were a 400
// and the night was lost.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { createTestDatabase, query, QUIET_CLOCK, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { postWebhook, type WebhookTarget } from "./support/webhook";

const DOCS_SESSION = "20250115025029_fvivn";
const USER = "G-20250115025029-vLErWBfQNtnfvgDccFOQ";

/** A documented body, its session id replaced so each test has its own night. */
function docs(name: string, sessionId: string): Record<string, unknown> {
  const text = readFileSync(path.join(import.meta.dirname, "fixtures/asleep-docs", name), "utf8");
  return JSON.parse(text.replaceAll(DOCS_SESSION, sessionId));
}

describe("every documented spelling of Asleep's webhook is stored as the right night (PostgreSQL)", { timeout: 300_000 }, () => {
  let db: TestDatabase;
  let server: RunningServer;
  let target: WebhookTarget;
  before(async () => {
    db = await createTestDatabase();
    server = await startServer({ databaseUrl: db.url, apiKey: "spellings-key-0123456789", env: QUIET_CLOCK });
    target = { url: server.url, apiKey: "spellings-key-0123456789" };
  });
  after(async () => {
    await server?.stop();
    await db?.drop();
  });

  const night = async (id: string) =>
    (
      await query<{ state: string; sleep_stages: number[]; timezone: string | null; start_time: Date | null; end_time: Date | null }>(
        db.url,
        `SELECT state::text, sleep_stages, timezone, start_time, end_time FROM sleep_session WHERE id = $1`,
        [id],
      )
    )[0];
  const send = async (body: unknown) => {
    const res = await postWebhook(target, body, { userId: USER });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };

  const inferences: Array<[string, number, number]> = [
    // [file, first epoch, values]: the values end with the block inference_seq_num names.
    ["webhook-v3.inference-complete.example.json", 39, 1],
    ["webhook-v3.inference-complete.field-table.json", 30, 10],
    ["callback-v2.inference-complete.json", 30, 40],
    ["callback-v1.inference-complete.json", 30, 40],
  ];
  for (const [file, first, count] of inferences) {
    it(`${file}: its ${count} value(s) placed from epoch ${first}, the night open`, async () => {
      const id = `spell-${file.replace(/\W/g, "-")}`;
      const body = docs(file, id);
      await send(body);
      const row = await night(id);
      assert.equal(row?.state, "OPEN");
      const data = (body.data ?? body.callback_data) as { sleep_stages?: number[]; stage_list?: number[] };
      assert.deepEqual(row?.sleep_stages, [...Array<number>(first).fill(-1), ...(data.sleep_stages ?? data.stage_list)!]);
      assert.equal(row?.sleep_stages.length, first + count);
    });
  }

  const reports = ["webhook-v3.session-complete.example.json", "callback-v2.session-complete.json", "callback-v1.session-complete.json"];
  for (const file of reports) {
    it(`${file}: after its inference, the night is complete with the report's hypnogram, zone, times, stat and peculiarities`, async () => {
      const id = `spell-${file.replace(/\W/g, "-")}`;
      await send(docs(file.startsWith("webhook") ? "webhook-v3.inference-complete.field-table.json" : file.replace("session", "inference"), id));
      const body = docs(file, id);
      await send(body);
      const row = await night(id);
      assert.equal(row?.state, "COMPLETE");
      assert.equal(row?.sleep_stages.length, 120);
      assert.equal(row?.timezone, "UTC");
      assert.equal(row?.start_time?.toISOString(), "2025-01-15T02:50:29.000Z");
      assert.equal(row?.end_time?.toISOString(), "2025-01-15T03:50:29.000Z");
      const [report] = await query<{ stat: Record<string, unknown>; peculiarities: string[]; missing_data_ratio: number }>(
        db.url,
        `SELECT stat, peculiarities, missing_data_ratio FROM sleep_report WHERE session_id = $1`,
        [id],
      );
      assert.equal(report?.stat.sleep_index, 78);
      assert.deepEqual(report?.peculiarities, ["NO_BREATHING_STABILITY"]);
      assert.equal(report?.missing_data_ratio, 0);
    });
  }
});
