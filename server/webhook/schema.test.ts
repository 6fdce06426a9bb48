import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { tz } from "@date-fns/tz";
import { parseISO } from "date-fns";
import { parseAsleepWebhook, type InferenceDelivery, type SessionCompleteDelivery } from "./schema";

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, "../../test/fixtures", name), "utf8"));

function expectOk(body: unknown, userId: string | null) {
  const result = parseAsleepWebhook(body, userId);
  if (!result.ok) assert.fail(`expected a valid payload, got ${JSON.stringify(result.issues)}`);
  return result.delivery;
}

function expectIssues(body: unknown, userId: string | null) {
  const result = parseAsleepWebhook(body, userId);
  if (result.ok) assert.fail("expected the payload to be rejected");
  return result.issues;
}

describe("parseAsleepWebhook: the two payload shapes", () => {
  it("normalises the flat INFERENCE_COMPLETE", () => {
    const d = expectOk(fixture("inference-complete.flat.json"), "user123") as InferenceDelivery;
    assert.equal(d.event, "INFERENCE_COMPLETE");
    assert.equal(d.shape, "flat");
    assert.equal(d.sessionId, "session123");
    assert.equal(d.inferenceSeqNum, 12);
    assert.deepEqual(d.sleepStages, [1, 1, 2, 2, 2]);
    assert.deepEqual(d.snoringStages, [0, 0, 1, 1, 0]);
    assert.equal(d.timeWindow?.end.toISOString(), "2024-01-21T06:15:00.000Z");
  });

  it("normalises the envelope INFERENCE_COMPLETE to the same delivery shape", () => {
    const d = expectOk(fixture("inference-complete.envelope.json"), "550e8400-e29b-41d4-a716-446655440000") as InferenceDelivery;
    assert.equal(d.shape, "envelope");
    assert.equal(d.userId, "550e8400-e29b-41d4-a716-446655440000");
    assert.equal(d.sessionId, "20240121061500_abcde");
    assert.equal(d.inferenceSeqNum, 3);
    assert.equal(d.sleepStages.length, 10);
    assert.deepEqual(d.breathStages, []);
    assert.equal(d.timeWindow, null);
  });

  it("normalises the flat SESSION_COMPLETE, keeping stat as sent", () => {
    const body = fixture("session-complete.flat.json");
    const d = expectOk(body, "user123") as SessionCompleteDelivery;
    assert.equal(d.event, "SESSION_COMPLETE");
    assert.equal(d.startTime?.toISOString(), "2024-01-20T22:00:00.000Z");
    assert.equal(d.timezone, "UTC");
    assert.deepEqual(d.final?.sleepStages, [0, 0, 1, 1, 2, 3, 2, 1, 0]);
    assert.deepEqual(d.stat, body.stat);
    assert.deepEqual(d.peculiarities, []);
  });

  it("reads an envelope SESSION_COMPLETE whose data is the Get Session response (session id only in session.id)", () => {
    const flat = fixture("session-complete.flat.json");
    const envelope = {
      event: "SESSION_COMPLETE",
      version: "V3",
      data: { user_id: "user123", session: flat.session, stat: flat.stat, peculiarities: ["NO_BREATHING_STABILITY"], missing_data_ratio: 0.02 },
    };
    const d = expectOk(envelope, "user123") as SessionCompleteDelivery;
    assert.equal(d.sessionId, "session123");
    assert.equal(d.shape, "envelope");
    assert.deepEqual(d.peculiarities, ["NO_BREATHING_STABILITY"]);
    assert.equal(d.missingDataRatio, 0.02);
  });

  for (const version of ["V1", "V2", "V3", undefined]) {
    it(`accepts version ${version ?? "(absent)"}`, () => {
      const body = { ...fixture("inference-complete.flat.json"), version };
      assert.equal(expectOk(body, "user123").version, version ?? null);
    });
  }

  it("derives the 5-minute block from seq_num when inference_seq_num is absent", () => {
    const { inference_seq_num: _omit, ...body } = fixture("inference-complete.envelope.json").data as Record<string, unknown>;
    const d = expectOk({ event: "INFERENCE_COMPLETE", data: body }, "550e8400-e29b-41d4-a716-446655440000") as InferenceDelivery;
    assert.equal(d.inferenceSeqNum, 3); // seq_num 39: the 40th 30-second upload ends block 3
  });

  it("accepts a SESSION_COMPLETE with only stat, as in Asleep's curl example", () => {
    const d = expectOk({ event: "SESSION_COMPLETE", version: "V3", session_id: "test123", stat: { sleep_time: "07:30:00" } }, "test_user");
    assert.equal(d.event, "SESSION_COMPLETE");
    assert.equal((d as SessionCompleteDelivery).final, null);
  });

  it("keeps an unknown event as UNKNOWN with its name", () => {
    const d = expectOk({ event: "SESSION_DELETED", session_id: "s1" }, "u1");
    assert.equal(d.event, "UNKNOWN");
    assert.equal(d.event === "UNKNOWN" && d.eventName, "SESSION_DELETED");
  });
});

describe("parseAsleepWebhook: rejections say which field", () => {
  const valid = () => fixture("inference-complete.flat.json");

  it("x-user-id missing", () => {
    assert.deepEqual(expectIssues(valid(), null).map((i) => i.path), ["headers.x-user-id"]);
  });
  it("x-user-id different from the body's user_id", () => {
    assert.deepEqual(expectIssues(valid(), "someone-else").map((i) => i.path), ["user_id"]);
  });
  it("envelope paths point into data", () => {
    const body = fixture("inference-complete.envelope.json");
    (body.data as Record<string, unknown>).sleep_stages = [0, 0, 0, 1, 1, 1, 1, 1, 1, 7];
    assert.deepEqual(expectIssues(body, "550e8400-e29b-41d4-a716-446655440000").map((i) => i.path), ["data.sleep_stages.9"]);
  });
  it("a stage value out of range", () => {
    assert.deepEqual(expectIssues({ ...valid(), sleep_stages: [1, 4, 2, 2, 2] }, "user123").map((i) => i.path), ["sleep_stages.1"]);
  });
  it("stages of the wrong type", () => {
    assert.deepEqual(expectIssues({ ...valid(), sleep_stages: "1,1,2" }, "user123").map((i) => i.path), ["sleep_stages"]);
  });
  it("snoring not aligned with sleep stages", () => {
    assert.deepEqual(expectIssues({ ...valid(), snoring_stages: [0, 1] }, "user123").map((i) => i.path), ["snoring_stages"]);
  });
  it('a session id "." or ".." (no URL can reach its page)', () => {
    assert.deepEqual(expectIssues({ ...valid(), session_id: ".." }, "user123").map((i) => i.path), ["session_id"]);
    assert.deepEqual(expectIssues({ ...valid(), session_id: "." }, "user123").map((i) => i.path), ["session_id"]);
  });
  it("no session id", () => {
    const { session_id: _omit, ...body } = valid();
    assert.deepEqual(expectIssues(body, "user123").map((i) => i.path), ["session_id"]);
  });
  it("no way to place the epochs", () => {
    const { inference_seq_num: _a, seq_num: _b, ...body } = valid();
    assert.deepEqual(expectIssues(body, "user123").map((i) => i.path), ["inference_seq_num"]);
  });
  it("a negative inference_seq_num", () => {
    assert.deepEqual(expectIssues({ ...valid(), inference_seq_num: -1 }, "user123").map((i) => i.path), ["inference_seq_num"]);
  });
  it("an unsupported version", () => {
    assert.deepEqual(expectIssues({ ...valid(), version: "V9" }, "user123").map((i) => i.path), ["version"]);
  });
  it("no event", () => {
    const { event: _omit, ...body } = valid();
    assert.deepEqual(expectIssues(body, "user123").map((i) => i.path), ["event"]);
  });
  it("a body that is not an object", () => {
    assert.deepEqual(expectIssues([1, 2], "user123").map((i) => i.path), [""]);
    assert.deepEqual(expectIssues(null, "user123").map((i) => i.path), [""]);
  });
  it("SESSION_COMPLETE whose session.id contradicts session_id", () => {
    const body = fixture("session-complete.flat.json");
    (body.session as Record<string, unknown>).id = "other";
    assert.deepEqual(expectIssues(body, "user123").map((i) => i.path), ["session.id"]);
  });
  it("SESSION_COMPLETE with stat that is not an object", () => {
    assert.deepEqual(expectIssues({ ...fixture("session-complete.flat.json"), stat: [1] }, "user123").map((i) => i.path), ["stat"]);
  });
});

describe("parseAsleepWebhook: every field that places data in time is bounded by the longest night", () => {
  const inference = () => fixture("inference-complete.flat.json");
  const paths = (body: unknown) => [...new Set(expectIssues(body, "user123").map((i) => i.path))];

  it("seq_num past the longest night (with no inference_seq_num), at any magnitude, is a 400 naming seq_num", () => {
    const { inference_seq_num: _omit, ...body } = inference();
    for (const seq of [4320, 10 ** 6, 2 ** 31, 2 ** 53 + 2, 1e300]) assert.deepEqual(paths({ ...body, seq_num: seq }), ["seq_num"], `seq_num ${seq}`);
    assert.equal((expectOk({ ...body, seq_num: 4319 }, "user123") as InferenceDelivery).inferenceSeqNum, 431);
  });
  it("inference_seq_num past the last 5-minute block of 36 hours is a 400; the last block is accepted", () => {
    assert.deepEqual(paths({ ...inference(), inference_seq_num: 432 }), ["inference_seq_num"]);
    assert.deepEqual(paths({ ...inference(), inference_seq_num: 2 ** 40 }), ["inference_seq_num"]);
    assert.equal((expectOk({ ...inference(), inference_seq_num: 431 }, "user123") as InferenceDelivery).inferenceSeqNum, 431);
  });
  it("stage arrays longer than the longest night are a 400 naming them", () => {
    const long = Array(4321).fill(1);
    assert.deepEqual(paths({ ...inference(), sleep_stages: long, snoring_stages: null }), ["sleep_stages"]);
    assert.deepEqual(paths({ ...inference(), breath_stages: long }), ["breath_stages"]);
    const session = fixture("session-complete.flat.json");
    assert.deepEqual(paths({ ...session, session: { ...(session.session as object), sleep_stages: long, snoring_stages: [] } }), ["session.sleep_stages"]);
  });
  it("a time window that ends before it starts or spans more than 36 hours is left out; the block is stored", () => {
    for (const time_window of [
      { start: "2024-01-21T06:15:00Z", end: "2024-01-21T06:10:00Z" },
      { start: "2023-01-21T06:10:00Z", end: "2024-01-21T06:15:00Z" },
    ]) {
      const d = expectOk({ ...inference(), time_window }, "user123") as InferenceDelivery;
      assert.equal(d.timeWindow, null, JSON.stringify(time_window));
      assert.deepEqual(d.sleepStages, [1, 1, 2, 2, 2]);
    }
  });
  it("a night whose end_time is before its start_time or more than 36 hours after it keeps its start, timeline and stat; the end is left out", () => {
    for (const end_time of ["2025-01-01T00:00:00Z", "2024-01-20T21:59:00Z"]) {
      const body = fixture("session-complete.flat.json");
      (body.session as Record<string, unknown>).end_time = end_time;
      const d = expectOk(body, "user123") as SessionCompleteDelivery;
      assert.equal(d.endTime, null, end_time);
      assert.equal(d.startTime?.toISOString(), "2024-01-20T22:00:00.000Z");
      assert.deepEqual(d.final?.sleepStages, [0, 0, 1, 1, 2, 3, 2, 1, 0]);
      assert.deepEqual(d.stat, body.stat);
      assert.equal(d.sessionPayload?.end_time, end_time, "kept as sent");
    }
  });
  it("breath values a smallint cannot hold are a 400 (they could never be stored)", () => {
    assert.deepEqual(paths({ ...inference(), breath_stages: [0, 0, 2 ** 31, 0, 0] }), ["breath_stages.2"]);
  });
});

describe("parseAsleepWebhook: values no database can store are a 400 naming them, wherever they are", () => {
  const session = () => fixture("session-complete.flat.json");
  const issue = (body: unknown) => expectIssues(body, "user123")[0]!;

  it("U+0000 in a string value or a key, at any depth", () => {
    assert.equal(issue({ ...session(), stat: { note: "a\u0000b" } }).path, "stat.note");
    assert.equal(issue({ ...session(), stat: { ["k\u0000"]: 1 } }).path, "stat.k\u0000");
    assert.equal(issue({ ...session(), peculiarities: ["IN_PROGRESS", "\u0000"] }).path, "peculiarities.1");
    assert.match(issue({ ...session(), extra: { deep: ["x\u0000"] } }).message, /U\+0000/);
  });
  it("a lone UTF-16 surrogate, in an id or anywhere else (a well-formed pair is fine)", () => {
    assert.equal(issue({ ...session(), session_id: "night-\ud800", session: undefined }).path, "session_id");
    assert.equal(issue({ ...session(), stat: { x: "\udfff-low" } }).path, "stat.x");
    const ok = expectOk({ ...session(), stat: { emoji: "sleep \ud83d\ude34" } }, "user123") as SessionCompleteDelivery;
    assert.equal(ok.stat?.emoji, "sleep 😴");
  });
  it("stat nested deeper than 32 levels; the path is where the nesting passes the limit", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = { a: deep };
    const found = issue({ ...session(), stat: deep });
    assert.match(found.message, /nested deeper than 32/);
    assert.ok(found.path.startsWith("stat.a.a"));
    let shallow: unknown = 1;
    for (let i = 0; i < 20; i++) shallow = [shallow];
    expectOk({ ...session(), stat: { nested: shallow } }, "user123");
  });
  it("in the envelope shape the path is as sent, under data", () => {
    const body = { event: "SESSION_COMPLETE", version: "V3", data: { user_id: "user123", session_id: "s", stat: { x: "\u0000" } } };
    assert.equal(issue(body).path, "data.stat.x");
  });
});

describe("parseAsleepWebhook: lenient where a field is only informational, strict where it is identity", () => {
  const session = (s: Record<string, unknown>) => {
    const body = fixture("session-complete.flat.json");
    Object.assign(body.session as Record<string, unknown>, s);
    return expectOk(body, "user123") as SessionCompleteDelivery;
  };

  it("start_time and end_time in any ISO 8601 form Asleep could send", () => {
    const forms: Array<[string, string]> = [
      ["2024-01-20T22:00:00+00:00", "2024-01-20T22:00:00.000Z"],
      ["2024-01-21T07:00:00+0900", "2024-01-20T22:00:00.000Z"],
      ["2024-01-21T07:00+09:00", "2024-01-20T22:00:00.000Z"],
      ["2024-01-21T07:00+09", "2024-01-20T22:00:00.000Z"],
      ["2024-01-20T22:00Z", "2024-01-20T22:00:00.000Z"],
      ["2024-01-20T22:00:00.123456Z", "2024-01-20T22:00:00.123Z"],
      ["20240120T220000Z", "2024-01-20T22:00:00.000Z"],
      ["2024-01-20 17:00:00-05:00", "2024-01-20T22:00:00.000Z"],
    ];
    for (const [sent, instant] of forms) assert.equal(session({ start_time: sent }).startTime?.toISOString(), instant, sent);
  });
  it("a time without a zone is read in the night's timezone; with no usable zone it is left out, not guessed", () => {
    assert.equal(session({ start_time: "2024-01-20T23:00:00", timezone: "Europe/Paris" }).startTime?.toISOString(), "2024-01-20T22:00:00.000Z");
    assert.equal(session({ start_time: "2024-01-20T23:00:00", timezone: null }).startTime, null);
  });
  it("a start_time that is not a time does not cost the report: the night is still delivered, the value left out", () => {
    const d = session({ start_time: "last night", end_time: "2024-13-45T99:00:00Z" });
    assert.equal(d.startTime, null);
    assert.equal(d.endTime, null);
    assert.deepEqual(d.final?.sleepStages, [0, 0, 1, 1, 2, 3, 2, 1, 0]);
    assert.equal((d.sessionPayload as Record<string, unknown>).start_time, "last night", "kept as sent");
  });
  it("a fixed-offset timezone is kept, and zone-less times are read in it", () => {
    const d = session({ timezone: "+09:00", start_time: "2024-01-21T07:00:00" });
    assert.equal(d.timezone, "+09:00");
    assert.equal(d.startTime?.toISOString(), "2024-01-20T22:00:00.000Z");
  });
  it("an unknown timezone is left out (kept as sent), not stored where pages would fail to use it", () => {
    const d = session({ timezone: "Mars/Olympus_Mons" });
    assert.equal(d.timezone, null);
    assert.equal((d.sessionPayload as Record<string, unknown>).timezone, "Mars/Olympus_Mons");
  });
  it("a zone PostgreSQL cannot read is stored as the zone Intl reads it as; one with no such zone is left out, the night kept", () => {
    // ICU's aliases: Node's Intl accepts them, PostgreSQL has no such zone (its AT TIME ZONE fails).
    for (const [sent, zone] of [["CTT", "Asia/Shanghai"], ["AET", "Australia/Sydney"], ["US/Pacific-New", "America/Los_Angeles"], ["cet", "Europe/Brussels"]] as const) {
      const d = session({ timezone: sent, start_time: "2024-01-21T07:00:00" });
      assert.equal(d.timezone, zone, sent);
      assert.equal(d.startTime?.toISOString(), new Date(+parseISO("2024-01-21T07:00:00", { in: tz(sent) })).toISOString(), `${sent}: its zone-less time read in it`);
      assert.equal((d.sessionPayload as Record<string, unknown>).timezone, sent, "kept as sent in the report");
    }
    // An alias Intl reads as a zone it does not list: no equivalent, so no zone of its own.
    const d = session({ timezone: "SystemV/AST4", start_time: "2024-01-21T07:00:00Z" });
    assert.equal(d.timezone, null);
    assert.equal(d.startTime?.toISOString(), "2024-01-21T07:00:00.000Z");
    // What both read already is kept as sent.
    for (const sent of ["Asia/Kolkata", "Europe/Paris", "UTC+9", "+05:30"]) assert.equal(session({ timezone: sent }).timezone, sent);
  });
  it("SESSION_COMPLETE with an empty sleep_stages list carries no timeline (it must not erase the night)", () => {
    assert.equal(session({ sleep_stages: [], snoring_stages: [] }).final, null);
    assert.equal(session({ sleep_stages: null }).final, null);
  });
  it("an envelope whose user_id or session_id differs from its data's is a 400", () => {
    const inner = fixture("inference-complete.envelope.json");
    const userId = "550e8400-e29b-41d4-a716-446655440000";
    assert.deepEqual(expectIssues({ ...inner, user_id: "someone-else" }, userId).map((i) => i.path), ["data.user_id"]);
    const { session_id: _s, ...data } = inner.data as Record<string, unknown>;
    assert.deepEqual(expectIssues({ event: inner.event, user_id: userId, session_id: "other", data: { ...data, session_id: "mine" } }, userId).map((i) => i.path), ["data.session_id"]);
    expectOk({ ...inner, user_id: userId }, userId);
  });
});

describe("parseAsleepWebhook: a body is an envelope whenever its data is an object, whatever stands beside it", () => {
  const userId = "550e8400-e29b-41d4-a716-446655440000";
  const inferenceEnvelope = () => fixture("inference-complete.envelope.json") as { event: string; version: string; data: Record<string, unknown> };
  const sessionEnvelope = (outer: Record<string, unknown>, data: Record<string, unknown> = {}) => {
    const flat = fixture("session-complete.flat.json");
    return { event: "SESSION_COMPLETE", version: "V3", ...outer, data: { user_id: "user123", session_id: "session123", session: flat.session, stat: flat.stat, ...data } };
  };

  it("an INFERENCE_COMPLETE envelope with an outer session_id equal to data's keeps data's epochs", () => {
    const body = inferenceEnvelope();
    const d = expectOk({ ...body, session_id: body.data.session_id }, userId) as InferenceDelivery;
    assert.equal(d.shape, "envelope");
    assert.equal(d.sessionId, "20240121061500_abcde");
    assert.equal(d.inferenceSeqNum, 3);
    assert.equal(d.sleepStages.length, 10);
  });
  it("a SESSION_COMPLETE envelope with an outer session_id and user_id equal to data's keeps its timeline, stat and session", () => {
    const d = expectOk(sessionEnvelope({ session_id: "session123", user_id: "user123" }), "user123") as SessionCompleteDelivery;
    assert.equal(d.shape, "envelope");
    assert.equal(d.sessionId, "session123");
    assert.deepEqual(d.final?.sleepStages, [0, 0, 1, 1, 2, 3, 2, 1, 0]);
    assert.ok(d.stat && Object.keys(d.stat).length > 0, "stat kept");
    assert.equal(d.sessionPayload?.id, "session123");
    assert.equal(d.startTime?.toISOString(), "2024-01-20T22:00:00.000Z");
  });
  it("an outer session_id different from data's is a 400 naming data.session_id, either way round", () => {
    const paths = (body: unknown, user = userId) => expectIssues(body, user).map((i) => i.path);
    const body = inferenceEnvelope();
    assert.deepEqual(paths({ ...body, session_id: "another-night" }), ["data.session_id"]);
    assert.deepEqual(paths(sessionEnvelope({ session_id: "another-night" }), "user123"), ["data.session_id"]);
    // data holding only session.id (the Get Session response): the outer session_id must match it.
    assert.deepEqual(paths(sessionEnvelope({ session_id: "another-night" }, { session_id: undefined }), "user123"), ["data.session.id"]);
  });
  it("a data.user_id different from the outer user_id is a 400 naming data.user_id, with an outer session_id present too", () => {
    const body = inferenceEnvelope();
    const issues = expectIssues({ ...body, session_id: body.data.session_id, user_id: "someone-else" }, userId).map((i) => i.path);
    assert.deepEqual(issues, ["data.user_id"]);
    assert.deepEqual(expectIssues(sessionEnvelope({ session_id: "session123", user_id: "someone-else" }), "user123").map((i) => i.path), ["data.user_id"]);
  });
  it("identity given only outside is taken from there, and issues about it are named as sent (no data. prefix)", () => {
    const { session_id, user_id: _u, ...data } = inferenceEnvelope().data;
    const d = expectOk({ event: "INFERENCE_COMPLETE", session_id, user_id: userId, data }, userId) as InferenceDelivery;
    assert.equal(d.sessionId, session_id);
    assert.deepEqual(expectIssues({ event: "INFERENCE_COMPLETE", session_id, user_id: "x", data }, userId).map((i) => i.path), ["user_id"]);
    // An outer null does not hide data's value.
    assert.equal((expectOk({ ...inferenceEnvelope(), session_id: null }, userId) as InferenceDelivery).sessionId, session_id);
  });
});

describe("parseAsleepWebhook: informational times that cannot be read count as absent, never a 400", () => {
  const inference = () => fixture("inference-complete.flat.json");
  const session = (s: Record<string, unknown>, outer: Record<string, unknown> = {}) => {
    const body = fixture("session-complete.flat.json");
    Object.assign(body.session as Record<string, unknown>, s);
    return expectOk({ ...body, ...outer }, "user123") as SessionCompleteDelivery;
  };
  // Years PostgreSQL refuses (0, and past 9999 as written) or that no night has: each in every place.
  const outOfRange = ["0000-01-01T00:00:00Z", "-010000-01-01T00:00:00Z", "+010000-01-01T00:00:00Z", "10000-01-01T00:00:00Z", "+100000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "2200-01-01T00:00:00Z", "9999-12-31T23:59:59Z"];

  it("a time outside 1970-01-01 .. 2200-01-01 is absent: start_time, end_time, timestamp, time_window", () => {
    for (const time of outOfRange) {
      const d = session({ start_time: time, end_time: time }, { timestamp: time });
      assert.equal(d.startTime, null, `start_time ${time}`);
      assert.equal(d.endTime, null, `end_time ${time}`);
      assert.equal(d.sentAt, null, `timestamp ${time}`);
      assert.deepEqual(d.final?.sleepStages, [0, 0, 1, 1, 2, 3, 2, 1, 0]);
      const i = expectOk({ ...inference(), timestamp: time, time_window: { start: time, end: time } }, "user123") as InferenceDelivery;
      assert.equal(i.sentAt, null, `timestamp ${time}`);
      assert.equal(i.timeWindow, null, `time_window ${time}`);
      // One edge out of range: the window is not whole.
      const half = expectOk({ ...inference(), time_window: { start: time, end: "2024-01-21T06:15:00Z" } }, "user123") as InferenceDelivery;
      assert.equal(half.timeWindow, null, `time_window.start ${time}`);
    }
  });
  it("the range's edges: 1970-01-01T00:00:00Z and 2199-12-31T23:59:59Z are read", () => {
    assert.equal(session({ start_time: "1970-01-01T00:00:00Z", end_time: "1970-01-01T08:00:00Z" }).startTime?.toISOString(), "1970-01-01T00:00:00.000Z");
    assert.equal(session({ start_time: "2199-12-31T23:59:59Z", end_time: null }).startTime?.toISOString(), "2199-12-31T23:59:59.000Z");
  });
  it("a zone-less time read in the night's zone still has to fall in the range", () => {
    assert.equal(session({ start_time: "0000-01-01T00:00:00", timezone: "Europe/Paris" }).startTime, null);
  });
  it("a malformed time_window ({}, nulls, one edge, numbers, a string, an array) is absent; the block is kept", () => {
    const forms: unknown[] = [{}, { start: null, end: null }, { start: "2024-01-21T06:10:00Z" }, { end: "2024-01-21T06:15:00Z" }, { start: 1706000000, end: 1706000300 }, 1706000000, "2024-01-21T06:10:00Z/2024-01-21T06:15:00Z", ["2024-01-21T06:10:00Z", "2024-01-21T06:15:00Z"], { start: "x".repeat(200), end: "2024-01-21T06:15:00Z" }, true];
    for (const time_window of forms) {
      const d = expectOk({ ...inference(), time_window }, "user123") as InferenceDelivery;
      assert.equal(d.timeWindow, null, JSON.stringify(time_window));
      assert.deepEqual(d.sleepStages, [1, 1, 2, 2, 2]);
    }
  });
  it("non-string times and zones (numbers, objects) are absent, kept as sent in session", () => {
    const d = session({ start_time: 1706000000, end_time: { at: "06:00" }, timezone: 9 }, { timestamp: 1706000000 });
    assert.equal(d.startTime, null);
    assert.equal(d.endTime, null);
    assert.equal(d.timezone, null);
    assert.equal(d.sentAt, null);
    assert.equal(d.sessionPayload?.start_time, 1706000000);
    assert.equal((expectOk({ ...inference(), timestamp: 1706000000 }, "user123") as InferenceDelivery).sentAt, null);
  });
});

describe("parseAsleepWebhook: every spelling Asleep documents gives one normal form", () => {
  const docs = (name: string) => fixture(`asleep-docs/${name}`);
  const userId = "G-20250115025029-vLErWBfQNtnfvgDccFOQ";
  const stages40 = (docs("callback-v2.inference-complete.json").callback_data as { stage_list: number[] }).stage_list;

  it("the webhook page's example (event, version, data, sleep_stages)", () => {
    const d = expectOk(docs("webhook-v3.inference-complete.example.json"), userId) as InferenceDelivery;
    assert.deepEqual([d.event, d.version, d.shape, d.spelling.names, d.spelling.aliases], ["INFERENCE_COMPLETE", "V3", "envelope", "event", []]);
    assert.deepEqual([d.sessionId, d.inferenceSeqNum, d.seqNum, d.sleepStages], ["20250115025029_fvivn", 3, 39, [0]]);
  });
  it("the webhook page's field table (callback_event, callback_version, callback_data, stage_list)", () => {
    const d = expectOk(docs("webhook-v3.inference-complete.field-table.json"), userId) as InferenceDelivery;
    assert.deepEqual([d.event, d.version, d.shape, d.spelling.names, d.spelling.aliases], ["INFERENCE_COMPLETE", "V3", "envelope", "callback", ["stage_list"]]);
    assert.deepEqual(d.sleepStages, [0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
    assert.deepEqual(d.snoringStages, [0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
  });
  it("the v2 callback page's INFERENCE_COMPLETE: 40 values of stage_list and breath_stages", () => {
    const d = expectOk(docs("callback-v2.inference-complete.json"), userId) as InferenceDelivery;
    assert.deepEqual([d.version, d.spelling.names, d.inferenceSeqNum], ["V2", "callback", 6]);
    assert.deepEqual(d.sleepStages, stages40);
    assert.equal(d.breathStages.length, 40);
  });
  it("the v1 callback page's INFERENCE_COMPLETE: no callback_version, stage_list", () => {
    const d = expectOk(docs("callback-v1.inference-complete.json"), userId) as InferenceDelivery;
    assert.deepEqual([d.version, d.spelling.names, d.inferenceSeqNum], [null, "callback", 6]);
    assert.deepEqual(d.sleepStages, stages40);
  });
  for (const name of ["webhook-v3.session-complete.example.json", "callback-v2.session-complete.json", "callback-v1.session-complete.json"]) {
    it(`${name}: the same report, timeline, zone and times`, () => {
      const d = expectOk(docs(name), userId) as SessionCompleteDelivery;
      assert.equal(d.event, "SESSION_COMPLETE");
      assert.equal(d.sessionId, "20250115025029_fvivn");
      assert.equal(d.final?.sleepStages.length, 120);
      assert.equal(d.final?.snoringStages.length, 120);
      assert.deepEqual(d.peculiarities, ["NO_BREATHING_STABILITY"]);
      assert.equal(d.missingDataRatio, 0);
      assert.equal(d.stat?.sleep_index, 78);
      // The zone stands beside `session` in Get Session's result, not inside it.
      assert.equal(d.timezone, "UTC");
      assert.equal(d.startTime?.toISOString(), "2025-01-15T02:50:29.000Z");
      assert.equal(d.endTime?.toISOString(), "2025-01-15T03:50:29.000Z");
      assert.deepEqual(d.spelling.aliases, name.startsWith("callback") ? ["sleep_data"] : []);
    });
  }
  it("a flat body may use stage_list too", () => {
    const { sleep_stages, ...flat } = fixture("inference-complete.flat.json");
    const d = expectOk({ ...flat, stage_list: sleep_stages }, "user123") as InferenceDelivery;
    assert.deepEqual(d.sleepStages, sleep_stages);
    assert.deepEqual(d.spelling, { names: "event", aliases: ["stage_list"] });
  });
  it("the same field in two spellings with different values is a 400 naming the alias as sent; with equal values it is read", () => {
    const body = docs("webhook-v3.inference-complete.field-table.json") as { callback_data: Record<string, unknown> };
    const paths = (b: unknown) => expectIssues(b, userId).map((i) => i.path);
    assert.deepEqual(paths({ ...body, event: "SESSION_COMPLETE" }), ["callback_event"]);
    assert.deepEqual(paths({ ...body, callback_data: { ...body.callback_data, sleep_stages: [3, 3, 3, 3, 3, 3, 3, 3, 3, 3] } }), ["callback_data.stage_list"]);
    const d = expectOk({ ...body, event: "INFERENCE_COMPLETE", callback_data: { ...body.callback_data, sleep_stages: body.callback_data.stage_list } }, userId);
    assert.equal(d.event, "INFERENCE_COMPLETE");
  });
  it("an issue inside callback_data or sleep_data is named where the sender wrote it", () => {
    const body = docs("webhook-v3.inference-complete.field-table.json") as { callback_data: Record<string, unknown> };
    assert.deepEqual(expectIssues({ ...body, callback_data: { ...body.callback_data, stage_list: [9, 0, 0, 0, 0, 0, 1, 1, 1, 1] } }, userId).map((i) => i.path), ["callback_data.stage_list.0"]);
    const report = docs("callback-v1.session-complete.json") as { callback_data: { sleep_data: Record<string, unknown> } };
    const bad = { ...report, callback_data: { ...report.callback_data, sleep_data: { ...report.callback_data.sleep_data, missing_data_ratio: 7 } } };
    assert.deepEqual(expectIssues(bad, userId).map((i) => i.path), ["callback_data.sleep_data.missing_data_ratio"]);
  });
});
