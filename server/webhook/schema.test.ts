import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
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
  it("a timestamp that is not ISO 8601", () => {
    assert.deepEqual(expectIssues({ ...valid(), timestamp: "yesterday" }, "user123").map((i) => i.path), ["timestamp"]);
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
