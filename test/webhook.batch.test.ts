// Group commit (server/webhook/batch.ts) under load: many nights at once, every inference sent one to
// three times, all shuffled, many in flight, so batches hold several nights and several deliveries of
// one night. Every table must be what the pure merge says, on PostgreSQL (two instances sharing the
// database, so batches also lose races to each other) and on the embedded PGlite (one connection).

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { receiveInference, receiveSessionComplete, newNight, type Night } from "../lib/sleep/night";
import { firstEpochOf } from "../lib/sleep/timeline";
import { inParallel } from "./support/http";
import { createTestDatabase, query, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { postWebhook, sessionComplete } from "./support/webhook";

const API_KEY = "batch-test-key-0123456789";
const NIGHTS = 40;
const INFERENCES = 12;
/** Nights that get a SESSION_COMPLETE with a final timeline somewhere in the stream. */
const FINAL_NIGHTS = 4;
const env = { WEBHOOK_RATE_LIMIT: "1000000" };

/** A deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Sent {
  body: Record<string, unknown>;
  key: string;
}

function plan(run: string, seed: number) {
  const rand = random(seed);
  const pick = (n: number) => Math.floor(rand() * n);
  const sends: Sent[] = [];
  const inferences = new Map<string, { sessionId: string; seq: number; sleep: number[]; snoring: number[]; copies: number }>();
  const finals = new Map<string, number[]>();
  for (let n = 0; n < NIGHTS; n++) {
    const sessionId = `${run}-night-${n}`;
    const userId = `${run}-sleeper-${n % 13}`;
    for (let seq = 0; seq < INFERENCES; seq++) {
      // Mostly one 5-minute block; sometimes half of one; sometimes the growing window from epoch 0.
      const length = seq % 5 === 4 ? (seq + 1) * 10 : pick(4) === 0 ? 5 : 10;
      const sleep = Array.from({ length }, () => pick(4));
      const snoring = sleep.map(() => pick(2));
      const copies = 1 + pick(3);
      const end = new Date(Date.UTC(2026, 10, 20, 22, 5 * (seq + 1)));
      const body = {
        event: "INFERENCE_COMPLETE",
        version: "V3",
        user_id: userId,
        session_id: sessionId,
        seq_num: seq * 10,
        inference_seq_num: seq,
        sleep_stages: sleep,
        snoring_stages: snoring,
        breath_stages: sleep.map(() => 0),
        time_window: { start: new Date(end.getTime() - 300_000).toISOString(), end: end.toISOString() },
      };
      const key = `${sessionId}#${seq}`;
      inferences.set(key, { sessionId, seq, sleep, snoring, copies });
      for (let c = 0; c < copies; c++) sends.push({ body, key });
    }
    if (n < FINAL_NIGHTS) {
      const stages = Array.from({ length: 90 }, () => pick(4));
      finals.set(sessionId, stages);
      const body = sessionComplete({
        userId,
        sessionId,
        startTime: "2026-11-20T22:00:00Z",
        endTime: "2026-11-21T06:00:00Z",
        timezone: "Europe/Paris",
        sleepStages: stages,
        stat: { sleep_efficiency: 0.9 },
      });
      sends.push({ body, key: `${sessionId}#complete` });
    }
  }
  // Fisher–Yates with the seeded generator.
  for (let i = sends.length - 1; i > 0; i--) {
    const j = pick(i + 1);
    [sends[i], sends[j]] = [sends[j]!, sends[i]!];
  }
  return { sends, inferences, finals };
}

/** The night the pure functions give for these deliveries (order does not matter: checked by lib's tests). */
function expectedNight(sessionId: string, p: ReturnType<typeof plan>): Night {
  let night = newNight();
  for (const i of p.inferences.values()) {
    if (i.sessionId !== sessionId) continue;
    night = receiveInference(night, { inferenceSeqNum: i.seq, firstEpoch: firstEpochOf(i.seq, i.sleep.length), sleepStages: i.sleep, snoringStages: i.snoring }).night;
  }
  const final = p.finals.get(sessionId);
  return final ? receiveSessionComplete(night, { sleepStages: final, snoringStages: final.map(() => 0) }) : night;
}

async function deliverAndCheck(servers: RunningServer[], databaseUrl: string, run: string, seed: number) {
  const p = plan(run, seed);
  const answers = await inParallel(p.sends, 64, async (send, index) => {
    const server = servers[index % servers.length]!;
    const res = await postWebhook({ url: server.url, apiKey: API_KEY }, send.body);
    return { key: send.key, status: res.status, duplicate: res.body?.duplicate === true };
  });

  // Every delivery acknowledged; per inference exactly one stored, the other copies duplicates.
  assert.deepEqual(answers.filter((a) => a.status !== 200), [], "every delivery answered 200");
  for (const [key, i] of p.inferences) {
    const mine = answers.filter((a) => a.key === key);
    assert.equal(mine.filter((a) => !a.duplicate).length, 1, `${key}: one copy acknowledged as stored`);
    assert.equal(mine.filter((a) => a.duplicate).length, i.copies - 1, `${key}: the other copies as duplicates`);
  }

  // sleep_session: each night as the pure merge makes it.
  const sessions = await query<{ id: string; user_id: string; state: string; sleep_stages: number[]; snoring_stages: number[]; epoch_source_seq: number[]; timeline_final: boolean; last_inference_seq_num: number; start_time: Date }>(
    databaseUrl,
    `SELECT id, user_id, state::text AS state, sleep_stages, snoring_stages, epoch_source_seq, timeline_final, last_inference_seq_num, start_time
       FROM sleep_session WHERE id LIKE $1 ORDER BY id`,
    [`${run}-%`],
  );
  assert.equal(sessions.length, NIGHTS, "one row per night");
  for (const row of sessions) {
    const night = expectedNight(row.id, p);
    const label = `night ${row.id}`;
    assert.equal(row.state, night.state, `${label}: state`);
    assert.deepEqual(row.sleep_stages, night.timeline.sleepStages, `${label}: sleep stages`);
    assert.deepEqual(row.snoring_stages, night.timeline.snoringStages, `${label}: snoring stages`);
    assert.deepEqual(row.epoch_source_seq, night.timeline.sourceSeq, `${label}: which inference set each epoch`);
    assert.equal(row.timeline_final, night.timelineFinal, `${label}: final timeline`);
    assert.equal(row.last_inference_seq_num, INFERENCES - 1, `${label}: last inference`);
    const n = Number(row.id.split("-night-")[1]);
    assert.equal(row.user_id, `${run}-sleeper-${n % 13}`, `${label}: owner`);
    // Open nights: the earliest estimate (inference 0's window ends 5 minutes after 22:00).
    if (!p.finals.has(row.id)) assert.equal(row.start_time.toISOString(), "2026-11-20T22:00:00.000Z", `${label}: estimated start`);
    else assert.equal(row.start_time.toISOString(), "2026-11-20T22:00:00.000Z", `${label}: start from SESSION_COMPLETE`);
  }

  // inference: every inference once, with its own stages.
  const inferences = await query<{ session_id: string; inference_seq_num: number; sleep_stages: number[]; snoring_stages: number[]; first_epoch: number; applied: boolean }>(
    databaseUrl,
    `SELECT session_id, inference_seq_num, sleep_stages, snoring_stages, first_epoch, applied FROM inference WHERE session_id LIKE $1`,
    [`${run}-%`],
  );
  assert.equal(inferences.length, p.inferences.size, "each inference stored once");
  const finalApplied = new Map<string, boolean[]>();
  for (const row of inferences) {
    const sent = p.inferences.get(`${row.session_id}#${row.inference_seq_num}`);
    assert.ok(sent, `stored inference ${row.session_id}#${row.inference_seq_num} was sent`);
    assert.deepEqual(row.sleep_stages, sent.sleep);
    assert.deepEqual(row.snoring_stages, sent.snoring);
    assert.equal(row.first_epoch, firstEpochOf(sent.seq, sent.sleep.length));
    if (p.finals.has(row.session_id)) (finalApplied.get(row.session_id) ?? finalApplied.set(row.session_id, []).get(row.session_id)!).push(row.applied);
    else assert.equal(row.applied, true, `${row.session_id}#${row.inference_seq_num}: applied to an open night`);
  }

  // webhook_delivery: one audit row per delivery; per inference one STORED or LATE, the rest DUPLICATE;
  // LATE exactly for inferences stored after their night's final timeline.
  const audits = await query<{ session_id: string; inference_seq_num: number | null; event: string; outcome: string; request_id: string }>(
    databaseUrl,
    `SELECT session_id, inference_seq_num, event, outcome::text AS outcome, request_id FROM webhook_delivery WHERE session_id LIKE $1`,
    [`${run}-%`],
  );
  assert.equal(audits.length, p.sends.length, "one audit row per delivery");
  assert.equal(new Set(audits.map((a) => a.request_id)).size, audits.length, "each with its own request id");
  for (const [key, i] of p.inferences) {
    const rows = audits.filter((a) => a.event === "INFERENCE_COMPLETE" && `${a.session_id}#${a.inference_seq_num}` === key);
    const outcomes = rows.map((r) => r.outcome).sort();
    assert.equal(rows.length, i.copies, `${key}: one audit row per copy`);
    assert.equal(outcomes.filter((o) => o === "DUPLICATE").length, i.copies - 1, `${key}: duplicates audited as such`);
    const first = outcomes.find((o) => o !== "DUPLICATE");
    const applied = inferences.find((r) => `${r.session_id}#${r.inference_seq_num}` === key)!.applied;
    assert.equal(first, applied ? "STORED" : "LATE", `${key}: audited as it was stored`);
  }
  for (const sessionId of p.finals.keys()) {
    const complete = audits.filter((a) => a.session_id === sessionId && a.event === "SESSION_COMPLETE");
    assert.deepEqual(complete.map((a) => a.outcome), ["STORED"], `${sessionId}: SESSION_COMPLETE stored once`);
  }
}

describe("group commit on PostgreSQL, two instances sharing the database", () => {
  let db: TestDatabase;
  let servers: RunningServer[] = [];
  before(async () => {
    db = await createTestDatabase();
    servers = await Promise.all([0, 1].map(() => startServer({ databaseUrl: db.url, apiKey: API_KEY, env })));
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await db?.drop();
  });

  it("stores many concurrent nights, shuffled and duplicated, exactly as the pure merge says", async () => {
    await deliverAndCheck(servers, db.url, "pg", 15);
  });
});

describe("group commit on the embedded PGlite", () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({ apiKey: API_KEY, env });
  });
  after(async () => {
    await server?.stop();
  });

  it("stores many concurrent nights, shuffled and duplicated, exactly as the pure merge says", async () => {
    await deliverAndCheck([server], server.databaseUrl, "pglite", 51);
  });
});
