// Every delivery ends stored or refused for good (issue: hardening). Over real HTTP against the started
// app, on PostgreSQL and on the embedded PGlite:
// - no input makes the server allocate without bound: extreme numbers, long arrays and strings are
//   answered 200/400/413, the process stays up, its memory stays bounded;
// - a delivery that can never be stored is a 400 (never a 503 while the database is healthy), and a
//   refused delivery leaves every table exactly as it was (no phantom OPEN night);
// - the same deliveries give the same stored night whatever their order, duplicates included, with and
//   without a timeline in the SESSION_COMPLETE;
// - informational times in any ISO 8601 form are read, not refused.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { newNight, receiveInference, receiveSessionComplete, type Night } from "@/lib/sleep/night";
import { firstEpochOf } from "@/lib/sleep/timeline";
import { createTestDatabase, query, NO_WRITING_JOBS, QUIET_CLOCK, settledTableContents, tableContents, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { inSpelling, postWebhook, SPELLINGS, type WebhookTarget } from "./support/webhook";

const USER = "hardening-user";
let counter = 0;
const uniqueId = (prefix: string) => `${prefix}-${process.pid}-${++counter}`;

const inference = (sessionId: string, seq: number, stages: number[], extra: Record<string, unknown> = {}) => ({
  event: "INFERENCE_COMPLETE",
  version: "V3",
  user_id: USER,
  session_id: sessionId,
  inference_seq_num: seq,
  sleep_stages: stages,
  snoring_stages: stages.map((s) => (s === 2 ? 1 : 0)),
  time_window: windowOf(seq),
  ...extra,
});

/** Block n's five minutes on the night of 22 Nov 2026 (a fixed window for blocks no night has). */
function windowOf(seq: number) {
  const block = Number.isInteger(seq) && seq >= 0 && seq < 1000 ? seq : 0;
  return { start: new Date(Date.UTC(2026, 10, 22, 0, block * 5)).toISOString(), end: new Date(Date.UTC(2026, 10, 22, 0, block * 5 + 5)).toISOString() };
}

const sessionComplete = (sessionId: string, stages: number[] | null, extra: Record<string, unknown> = {}) => ({
  event: "SESSION_COMPLETE",
  version: "V3",
  user_id: USER,
  session_id: sessionId,
  session: {
    id: sessionId,
    state: "COMPLETE",
    start_time: "2026-11-22T00:00:00Z",
    end_time: "2026-11-22T01:00:00Z",
    timezone: "Europe/Paris",
    ...(stages === null ? {} : { sleep_stages: stages, snoring_stages: stages.map(() => 0) }),
  },
  stat: { sleep_efficiency: 90 },
  peculiarities: [],
  ...extra,
});

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"));
  return Number(/(\d+)/.exec(line ?? "")?.[1] ?? 0) / 1024;
}

for (const backend of ["PostgreSQL", "PGlite"] as const) {
  describe(`hardening the webhook (${backend})`, { timeout: 600_000 }, () => {
    let db: TestDatabase | undefined;
    let server: RunningServer;
    let target: WebhookTarget;
    let url: string;
    const statuses = new Map<number, number>();
    /** Whether work an accepted delivery set off (its alert rules) may still be writing. */
    let unsettled = true;
    const counted = (status: number) => {
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status === 200) unsettled = true;
    };
    const send = async (body: unknown, raw?: string) => {
      const res = await postWebhook(target, body, { userId: USER, ...(raw === undefined ? {} : { raw }) });
      counted(res.status);
      return res;
    };
    /** Every table's contents, once nothing an earlier accepted delivery set off is still writing. */
    const tablesNow = async () => {
      const contents = unsettled ? await settledTableContents(url, NO_WRITING_JOBS) : await tableContents(url);
      unsettled = false;
      return contents;
    };
    /** Sends a delivery that must be refused for good: 400 naming a field, every table as it was. */
    const expectRefused = async (body: unknown, field?: string) => {
      // Settled every time: tests before may have sent accepted deliveries without \`send\`.
      const before = await settledTableContents(url, NO_WRITING_JOBS);
      const res = await send(body);
      assert.equal(res.status, 400, `refused with 400, not ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
      if (field) {
        const paths = (res.body.issues as Array<{ path: string }>).map((i) => i.path);
        assert.ok(paths.some((p) => p === field || p.startsWith(`${field}.`)), `issues name ${field}: ${paths.join(", ")}`);
      }
      assert.deepEqual(await tableContents(url), before, "a refused delivery changes nothing");
    };

    before(async () => {
      if (backend === "PostgreSQL") db = await createTestDatabase();
      server = await startServer({ databaseUrl: db?.url, apiKey: "hardening-key-0123456789", env: QUIET_CLOCK });
      target = { url: server.url, apiKey: "hardening-key-0123456789" };
      url = server.databaseUrl;
    });
    after(async () => {
      console.log(`[figures] hardening (${backend}): statuses ${JSON.stringify(Object.fromEntries(statuses))}, server RSS ${Math.round(rssMb(server.process.pid!))} MB at the end`);
      await server?.stop();
      await db?.drop();
    });

    it("extreme seq_num / inference_seq_num: 400 naming the field, the process stays up, memory bounded", async () => {
      const rssBefore = rssMb(server.process.pid!);
      for (const value of [4320, 100_000, 2 ** 31, 2 ** 32 + 1, 2 ** 53, 1e21, 1e300]) {
        const { inference_seq_num: _omit, ...noBlock } = inference(uniqueId("seq"), 0, [1, 1, 1, 1, 1]);
        await expectRefused({ ...noBlock, seq_num: value }, "seq_num");
        await expectRefused(inference(uniqueId("seq"), value, [1, 1, 1, 1, 1]), "inference_seq_num");
      }
      // A raw body with a number JSON reads as Infinity.
      const infinite = await send(null, JSON.stringify(inference(uniqueId("inf"), 0, [1])).replace('"inference_seq_num":0', '"inference_seq_num":1e999'));
      assert.equal(infinite.status, 400);
      assert.equal(server.process.exitCode, null, "the process is still up");
      assert.ok(rssMb(server.process.pid!) - rssBefore < 200, "memory stayed bounded");
      // The last block of the longest night is still accepted.
      assert.equal((await send(inference(uniqueId("last"), 431, Array(10).fill(1)))).status, 200);
    });

    it("property: any magnitude, array length or string length is answered 200, 400 or 413; the server stays up and bounded", async () => {
      const rssBefore = rssMb(server.process.pid!);
      const magnitude = fc.oneof(fc.integer({ min: -5, max: 5000 }), fc.constantFrom(2 ** 15, 2 ** 31, 2 ** 32, 2 ** 53 + 1, 1e20, -(2 ** 31)), fc.double({ noNaN: true, noDefaultInfinity: true }));
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            seq: magnitude,
            seqNum: fc.option(magnitude, { nil: undefined }),
            length: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 4300, max: 5000 })),
            idLength: fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 120, max: 2000 })),
            breath: magnitude,
          }),
          async ({ seq, seqNum, length, idLength, breath }) => {
            const body = inference(`m${"x".repeat(idLength)}`.slice(0, idLength) || "", seq, Array(length).fill(1), {
              seq_num: seqNum,
              breath_stages: Array(Math.min(length, 10)).fill(breath),
            });
            const before = await tablesNow();
            const res = await send(body);
            assert.ok([200, 400, 413].includes(res.status), `answered ${res.status}`);
            if (res.status !== 200) assert.deepEqual(await tableContents(url), before);
          },
        ),
        { numRuns: backend === "PGlite" ? 60 : 120 },
      );
      assert.equal(server.process.exitCode, null);
      assert.ok(rssMb(server.process.pid!) - rssBefore < 200, `memory grew by ${Math.round(rssMb(server.process.pid!) - rssBefore)} MB`);
      const nights = await query<{ longest: number | null }>(url, `SELECT max(cardinality(sleep_stages))::int AS longest FROM sleep_session`);
      assert.ok((nights[0]?.longest ?? 0) <= 4320, "no stored night is longer than 36 hours");
    });

    it("values the database cannot store (NUL, lone surrogates, int4+ numbers, deep nesting), anywhere: 400, never 503, nothing written", async () => {
      // The examples the review found, each of which answered 503 and (for INFERENCE) left an OPEN night.
      await expectRefused(inference(uniqueId("nul"), 0, [1, 1], { note: "a\u0000b" }));
      await expectRefused(inference(`night-\ud800-${++counter}`, 0, [1, 1]), "session_id");
      await expectRefused(sessionComplete(uniqueId("nul"), [1, 1], { stat: { sleep_time: "07:30\u0000" } }), "stat");
      await expectRefused(inference(uniqueId("big"), 0, [1, 1], { breath_stages: [2 ** 31, 0] }), "breath_stages");
      // 5,000 levels deep (written out by hand: JSON.stringify itself would overflow the stack).
      const before = await tablesNow();
      const deep = JSON.stringify(sessionComplete(uniqueId("deep"), [1, 1], { stat: "DEEP" })).replace('"DEEP"', `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`);
      const deepAnswer = await send(null, deep);
      assert.equal(deepAnswer.status, 400);
      assert.match((deepAnswer.body.issues as Array<{ path: string }>)[0]!.path, /^stat\.a\.a/);
      assert.deepEqual(await tableContents(url), before);
      const phantom = await query(url, `SELECT id FROM sleep_session WHERE user_id = $1 AND state = 'OPEN' AND cardinality(sleep_stages) = 0`, [USER]);
      assert.deepEqual(phantom, [], "no empty OPEN night left behind");
    });

    it("property: any Unicode in any string, any number, any nesting: 200 or 400, never 503; a 400 changes nothing", async () => {
      const anyString = fc.oneof(
        fc.string({ unit: "binary", maxLength: 12 }),
        fc.string({ unit: fc.constantFrom("\u0000", "\ud800", "\udfff", "\ud83d", "a", "é", "😴", "\u2028"), maxLength: 6 }),
      );
      const anyNumber = fc.oneof(fc.integer(), fc.constantFrom(2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308), fc.double({ noNaN: true, noDefaultInfinity: true }));
      const nested = (depth: number, leaf: unknown) => {
        let v = leaf;
        for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { n: v };
        return v;
      };
      const place = fc.constantFrom("session_id", "user_id", "stat.value", "stat.key", "peculiarity", "extra", "timezone", "start_time", "version");
      await fc.assert(
        fc.asyncProperty(place, anyString, anyNumber, fc.integer({ min: 0, max: 80 }), fc.boolean(), async (where, text, number, depth, asInference) => {
          const sessionId = uniqueId("u");
          const body: Record<string, unknown> = asInference ? inference(sessionId, 1, [1, 2, 3]) : sessionComplete(sessionId, [1, 2, 3]);
          let userId = USER;
          if (where === "session_id") {
            body.session_id = `${sessionId}${text}`;
            if (body.session) (body.session as Record<string, unknown>).id = body.session_id;
          } else if (where === "user_id") userId = body.user_id = `${USER}${text}`;
          else if (where === "stat.value") body.stat = { v: nested(depth, text), n: number };
          else if (where === "stat.key") body.stat = { [text]: nested(depth, number) };
          else if (where === "peculiarity") body.peculiarities = [text];
          else if (where === "extra") body.extra = nested(depth, { [text]: number });
          else if (where === "timezone" && body.session) (body.session as Record<string, unknown>).timezone = text;
          else if (where === "start_time" && body.session) (body.session as Record<string, unknown>).start_time = `2026-11-22T00:00:00${text}`;
          else if (where === "version") body.version = text;
          const before = await tablesNow();
          // x-user-id is a header: only Latin-1 can travel there, so the body's user_id decides.
          const header = /^[\u0020-\u007e]*$/.test(userId) ? userId : USER;
          const res = await postWebhook(target, body, { userId: header });
          counted(res.status);
          assert.ok([200, 400].includes(res.status), `${where}=${JSON.stringify(text)}: answered ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
          if (res.status === 400) assert.deepEqual(await tableContents(url), before, "a refused delivery changes nothing");
        }),
        { numRuns: backend === "PGlite" ? 80 : 200 },
      );
    });

    it("property: any order of one night's deliveries, in any of Asleep's spellings, with duplicates, with or without a timeline or a readable start_time in SESSION_COMPLETE, gives the same stored night and start", async () => {
      const nightArb = fc.record({
        // `late`: minutes by which the block's window runs late, so the blocks' start estimates differ.
        blocks: fc.uniqueArray(fc.record({ seq: fc.integer({ min: 0, max: 7 }), stages: fc.array(fc.integer({ min: -1, max: 3 }), { minLength: 10, maxLength: 10 }), half: fc.boolean(), late: fc.integer({ min: 0, max: 4 }) }), {
          minLength: 1,
          maxLength: 6,
          selector: (b) => b.seq,
        }),
        final: fc.oneof(fc.constant(null), fc.constant([] as number[]), fc.array(fc.integer({ min: -1, max: 3 }), { minLength: 1, maxLength: 90 })),
        duplicates: fc.array(fc.nat(), { maxLength: 3 }),
        order: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 12, maxLength: 12 }),
        together: fc.boolean(),
        // Each delivery (a duplicate too) in any documented spelling (test/support/webhook.ts inSpelling).
        spellings: fc.array(fc.constantFrom(...SPELLINGS), { minLength: 12, maxLength: 12 }),
        // How SESSION_COMPLETE gives its start: readable, or in a form the lenient rule leaves out.
        start: fc.constantFrom("given", "absent", "not a time", "zone-less, no timezone", "year 0000"),
      });
      const lateWindow = (seq: number, late: number) => {
        const w = windowOf(seq);
        const shift = (iso: string) => new Date(Date.parse(iso) + late * 60_000).toISOString();
        return { start: shift(w.start), end: shift(w.end) };
      };
      await fc.assert(
        fc.asyncProperty(nightArb, async ({ blocks, final, duplicates, order, together, spellings, start }) => {
          const sessionId = uniqueId("order");
          const report = sessionComplete(sessionId, final);
          const session = report.session as Record<string, unknown>;
          if (start === "absent") delete session.start_time;
          if (start === "not a time") session.start_time = "last night";
          if (start === "zone-less, no timezone") Object.assign(session, { start_time: "2026-11-22T01:00:00", timezone: null });
          if (start === "year 0000") session.start_time = "0000-01-01T00:00:00Z";
          const deliveries = [
            ...blocks.map((b) => inference(sessionId, b.seq, b.half ? b.stages.slice(5) : b.stages, { time_window: lateWindow(b.seq, b.late) })),
            report,
          ];
          const sent = [...deliveries, ...duplicates.map((d) => deliveries[d % deliveries.length]!)]
            .map((d, i) => ({ d, k: order[i % order.length]! + i * 1e-9 }))
            .sort((a, b) => a.k - b.k)
            .map(({ d }, i) => inSpelling(d as Record<string, unknown>, spellings[i % spellings.length]!));
          // Either one after another in the shuffled order, or all at once.
          const answers = together ? await Promise.all(sent.map((d) => send(d))) : [];
          if (!together) for (const d of sent) answers.push(await send(d));
          assert.ok(answers.every((a) => a.status === 200), `every delivery acknowledged: ${answers.map((a) => a.status).join(",")}`);

          // The night the pure rules give for these deliveries in their natural order.
          let expected: Night = newNight();
          for (const b of blocks) {
            const stages = b.half ? b.stages.slice(5) : b.stages;
            expected = receiveInference(expected, { inferenceSeqNum: b.seq, firstEpoch: firstEpochOf(b.seq, stages.length), sleepStages: stages, snoringStages: stages.map((s) => (s === 2 ? 1 : 0)) }).night;
          }
          expected = receiveSessionComplete(expected, final === null ? null : { sleepStages: final, snoringStages: final.map(() => 0) });

          const [row] = await query<{ state: string; sleep_stages: number[]; snoring_stages: number[]; last_inference_seq_num: number; start_time: Date | null }>(
            url,
            `SELECT state::text, sleep_stages, snoring_stages, last_inference_seq_num, start_time FROM sleep_session WHERE id = $1`,
            [sessionId],
          );
          assert.equal(row?.state, "COMPLETE");
          assert.deepEqual(row?.sleep_stages, expected.timeline.sleepStages);
          assert.deepEqual(row?.snoring_stages, expected.timeline.snoringStages);
          assert.equal(row?.last_inference_seq_num, expected.lastInferenceSeqNum);
          // Given: SESSION_COMPLETE's. Otherwise the earliest of every block's estimate (window end minus
          // its blocks: 00:00 plus the block's lateness), whether or not the block was applied.
          const expectedStart = start === "given" ? 0 : Math.min(...blocks.map((b) => b.late)) * 60_000;
          assert.equal(row?.start_time?.toISOString(), new Date(Date.UTC(2026, 10, 22) + expectedStart).toISOString(), `start (${start})`);
          const inferences = await query<{ n: number }>(url, `SELECT count(*)::int AS n FROM inference WHERE session_id = $1`, [sessionId]);
          assert.equal(inferences[0]?.n, blocks.length, "each inference stored once");
        }),
        { numRuns: backend === "PGlite" ? 12 : 30 },
      );
    });

    it("a stat-only SESSION_COMPLETE ([] or absent) neither erases the night nor freezes it: later inferences are applied", async () => {
      for (const final of [[], null] as Array<number[] | null>) {
        const sessionId = uniqueId("statonly");
        assert.equal((await send(inference(sessionId, 0, [1, 1, 1, 1, 1, 2, 2, 2, 2, 2]))).status, 200);
        assert.equal((await send(sessionComplete(sessionId, final))).status, 200);
        const late = await send(inference(sessionId, 1, [3, 3, 3, 3, 3, 0, 0, 0, 0, 0]));
        assert.deepEqual(late.body, { status: "success" });
        const [row] = await query<{ state: string; sleep_stages: number[] }>(url, `SELECT state::text, sleep_stages FROM sleep_session WHERE id = $1`, [sessionId]);
        assert.equal(row?.state, "COMPLETE");
        assert.deepEqual(row?.sleep_stages, [1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0]);
      }
    });

    it("start_time/end_time in other ISO 8601 forms are read (no 400 that would lose the night); an envelope contradicting its data is a 400", async () => {
      const sessionId = uniqueId("iso");
      const body = sessionComplete(sessionId, [1, 1, 2, 2]);
      Object.assign(body.session, { start_time: "2026-11-22T09:00+0900", end_time: "2026-11-22T10:00:00+09" });
      assert.equal((await send(body)).status, 200);
      const [row] = await query<{ start_time: Date; end_time: Date }>(url, `SELECT start_time, end_time FROM sleep_session WHERE id = $1`, [sessionId]);
      assert.equal(row?.start_time.toISOString(), "2026-11-22T00:00:00.000Z");
      assert.equal(row?.end_time.toISOString(), "2026-11-22T01:00:00.000Z");

      const unreadable = sessionComplete(uniqueId("iso"), [1, 1, 2, 2]);
      Object.assign(unreadable.session, { start_time: "22/11/2026 00:00" });
      assert.equal((await send(unreadable)).status, 200, "an unreadable informational time does not cost the report");

      const { user_id: _u, session_id: _s, ...data } = inference(uniqueId("env"), 0, [1, 1]);
      await expectRefused({ event: "INFERENCE_COMPLETE", version: "V3", user_id: "someone-else", data: { ...data, user_id: USER, session_id: uniqueId("env") } }, "data.user_id");
    });

    it("an envelope that also carries session_id (and user_id) outside data is still read as an envelope: stored whole, or a 400 naming data's field", async () => {
      const sessionId = uniqueId("envelope");
      const { event: _ie, version: _iv, ...inferenceData } = inference(sessionId, 0, [1, 1, 2, 2, 3, 3, 2, 2, 1, 1]);
      const sentInference = await send({ event: "INFERENCE_COMPLETE", version: "V3", session_id: sessionId, user_id: USER, data: inferenceData });
      assert.equal(sentInference.status, 200, JSON.stringify(sentInference.body));
      const { event: _se, version: _sv, ...reportData } = sessionComplete(sessionId, [0, 1, 2, 3, 2, 1], { stat: { sleep_efficiency: 87 } });
      const sentReport = await send({ event: "SESSION_COMPLETE", version: "V3", session_id: sessionId, user_id: USER, data: reportData });
      assert.deepEqual(sentReport.body, { status: "success" }, "stored, not a duplicate or a refusal");
      const [night] = await query<{ state: string; sleep_stages: number[]; start_time: Date }>(url, `SELECT state::text, sleep_stages, start_time FROM sleep_session WHERE id = $1`, [sessionId]);
      assert.equal(night?.state, "COMPLETE");
      assert.deepEqual(night?.sleep_stages, [0, 1, 2, 3, 2, 1], "the report's timeline");
      assert.equal(night?.start_time.toISOString(), "2026-11-22T00:00:00.000Z");
      const [report] = await query<{ stat: unknown; session_payload: { id?: string } | null }>(url, `SELECT stat, session_payload FROM sleep_report WHERE session_id = $1`, [sessionId]);
      assert.deepEqual(report?.stat, { sleep_efficiency: 87 });
      assert.equal(report?.session_payload?.id, sessionId);
      const inferences = await query<{ n: number }>(url, `SELECT count(*)::int AS n FROM inference WHERE session_id = $1`, [sessionId]);
      assert.equal(inferences[0]?.n, 1);

      const other = uniqueId("envelope");
      await expectRefused({ event: "SESSION_COMPLETE", version: "V3", session_id: uniqueId("outer"), data: { ...reportData, session_id: other, session: { ...reportData.session, id: other } } }, "data.session_id");
      await expectRefused({ event: "INFERENCE_COMPLETE", version: "V3", session_id: uniqueId("outer"), data: { ...inferenceData, session_id: other } }, "data.session_id");
      await expectRefused({ event: "INFERENCE_COMPLETE", version: "V3", session_id: other, user_id: USER, data: { ...inferenceData, session_id: other, user_id: "someone-else" } }, "data.user_id");
    });

    it("informational times PostgreSQL cannot take (years 0, -10000, 10000) are left out: the report and the blocks are stored, not refused", async () => {
      for (const time of ["0000-01-01T00:00:00Z", "-010000-01-01T00:00:00Z", "+010000-01-01T00:00:00Z", "10000-01-01T00:00:00Z"]) {
        const sessionId = uniqueId("year");
        const block = await send(inference(sessionId, 0, [1, 1, 2, 2, 2, 3, 3, 2, 1, 0], { timestamp: time, time_window: { start: time, end: time } }));
        assert.deepEqual(block.body, { status: "success" }, `inference with ${time}: ${JSON.stringify(block.body)}`);
        const report = sessionComplete(sessionId, [0, 1, 2, 3], { timestamp: time });
        Object.assign(report.session, { start_time: time, end_time: time });
        const answer = await send(report);
        assert.deepEqual(answer.body, { status: "success" }, `SESSION_COMPLETE with ${time}: ${JSON.stringify(answer.body)}`);
        const [night] = await query<{ state: string; sleep_stages: number[]; start_time: Date | null; end_time: Date | null }>(url, `SELECT state::text, sleep_stages, start_time, end_time FROM sleep_session WHERE id = $1`, [sessionId]);
        assert.equal(night?.state, "COMPLETE");
        assert.deepEqual(night?.sleep_stages, [0, 1, 2, 3]);
        assert.equal(night?.end_time, null, "the unreadable end is left out");
        // The start stays the estimate from the block (its window and timestamp left out: from its arrival).
        assert.ok(night?.start_time && Math.abs(night.start_time.getTime() - Date.now()) < 3_600_000, `start ${night?.start_time?.toISOString()}`);
        const [row] = await query<{ stat: unknown; window_end: Date | null }>(url, `SELECT r.stat, i.window_end FROM sleep_report r JOIN inference i USING (session_id) WHERE session_id = $1`, [sessionId]);
        assert.deepEqual(row?.stat, { sleep_efficiency: 90 });
        assert.equal(row?.window_end, null);
      }
    });

    it("a malformed time_window ({}, nulls, one edge, numbers, a string, reversed) is absent: 200 and the block stored", async () => {
      const forms: unknown[] = [{}, { start: null, end: null }, { start: "2026-11-22T00:00:00Z" }, { start: 1, end: 2 }, "2026-11-22T00:00:00Z", 1_795_000_000, { start: "2026-11-22T00:05:00Z", end: "2026-11-22T00:00:00Z" }];
      for (const time_window of forms) {
        const sessionId = uniqueId("window");
        const answer = await send(inference(sessionId, 0, [1, 1, 2, 2, 2, 3, 3, 2, 1, 0], { time_window }));
        assert.deepEqual(answer.body, { status: "success" }, `${JSON.stringify(time_window)}: ${JSON.stringify(answer.body)}`);
        const [row] = await query<{ sleep_stages: number[]; window_start: Date | null }>(url, `SELECT s.sleep_stages, i.window_start FROM sleep_session s JOIN inference i ON i.session_id = s.id WHERE s.id = $1`, [sessionId]);
        assert.deepEqual(row?.sleep_stages, [1, 1, 2, 2, 2, 3, 3, 2, 1, 0], JSON.stringify(time_window));
        assert.equal(row?.window_start, null);
      }
    });

    it("a session.end_time before start_time or more than 36 h after it: the night is kept (timeline, stat, start), the end left out", async () => {
      for (const end_time of ["2026-11-21T23:00:00Z", "2026-11-24T00:00:01Z"]) {
        const sessionId = uniqueId("end");
        const report = sessionComplete(sessionId, [0, 1, 2, 3]);
        Object.assign(report.session, { end_time });
        assert.deepEqual((await send(report)).body, { status: "success" }, end_time);
        const [night] = await query<{ sleep_stages: number[]; start_time: Date; end_time: Date | null }>(url, `SELECT sleep_stages, start_time, end_time FROM sleep_session WHERE id = $1`, [sessionId]);
        assert.deepEqual(night?.sleep_stages, [0, 1, 2, 3]);
        assert.equal(night?.start_time.toISOString(), "2026-11-22T00:00:00.000Z");
        assert.equal(night?.end_time, null);
        const [report_] = await query<{ stat: unknown }>(url, `SELECT stat FROM sleep_report WHERE session_id = $1`, [sessionId]);
        assert.deepEqual(report_?.stat, { sleep_efficiency: 90 });
      }
    });

    it("property: any value in an informational time (start_time, end_time, timezone, timestamp, time_window), any year: 200 and stored, never a 400 or 503", async () => {
      const anyTime = fc.oneof(
        fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()),
        fc.constantFrom("0000-01-01T00:00:00Z", "-010000-01-01T00:00:00Z", "+010000-01-01T00:00:00Z", "10000-01-01T00:00:00Z", "2026-11-22T00:00:00", "2026-11-22T09:00+0900", ""),
        fc.string({ maxLength: 80 }),
        fc.integer(),
        fc.constant(null),
        fc.dictionary(fc.constantFrom("start", "end"), fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.constant(null))),
      );
      await fc.assert(
        fc.asyncProperty(fc.boolean(), anyTime, anyTime, anyTime, anyTime, async (asInference, a, b, c, d) => {
          const sessionId = uniqueId("anytime");
          const body = asInference
            ? inference(sessionId, 1, [1, 2, 3, 3, 2], { timestamp: a, time_window: d ?? { start: b, end: c } })
            : sessionComplete(sessionId, [1, 2, 3], { timestamp: d });
          if (!asInference) Object.assign((body as ReturnType<typeof sessionComplete>).session, { start_time: a, end_time: b, timezone: c });
          const res = await send(body);
          assert.equal(res.status, 200, `${JSON.stringify(body).slice(0, 400)}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
          const rows = await query<{ n: number }>(url, `SELECT count(*)::int AS n FROM sleep_session WHERE id = $1 AND cardinality(sleep_stages) > 0`, [sessionId]);
          assert.equal(rows[0]?.n, 1, "the night is stored with its epochs");
        }),
        { numRuns: backend === "PGlite" ? 40 : 80 },
      );
    });
  });
}
