import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isNotifiable, nightPushMessage, NOTIFY_WITHIN_MS } from "./message";

// 2026-12-07 02:10 in Paris (UTC+1) is 01:10 UTC.
const STOPPED = Date.UTC(2026, 11, 7, 1, 10);
const MORNING = Date.UTC(2026, 11, 7, 6, 30);

describe("the morning notification's words", () => {
  it("a completed night: the report is ready, opening the night", () => {
    const m = nightPushMessage({ kind: "completed", sessionId: "s 1", endedAtMs: STOPPED, accountZone: "Europe/Paris", nightZone: null, nowMs: MORNING });
    assert.equal(m.title, "Your sleep report is ready");
    assert.equal(m.body, "See how you slept last night: open your report.");
    assert.equal(m.url, "/sessions/s%201");
    assert.equal(m.tag, "night:s 1");
  });

  it("an incomplete night: when the recording stopped, on the sleeper's own clock", () => {
    const m = nightPushMessage({ kind: "incomplete", sessionId: "s1", endedAtMs: STOPPED, accountZone: "Europe/Paris", nightZone: "Asia/Seoul", nowMs: MORNING });
    assert.equal(m.title, "Your recording stopped at 02:10");
  });

  it("without a zone on the account, the night's zone, named", () => {
    const m = nightPushMessage({ kind: "incomplete", sessionId: "s1", endedAtMs: STOPPED, accountZone: null, nightZone: "Asia/Seoul", nowMs: MORNING });
    assert.equal(m.title, "Your recording stopped at 10:10 Asia/Seoul");
    const utc = nightPushMessage({ kind: "incomplete", sessionId: "s1", endedAtMs: STOPPED, accountZone: null, nightZone: null, nowMs: MORNING });
    assert.equal(utc.title, "Your recording stopped at 01:10 UTC");
  });

  it("a night that is not last night says its date", () => {
    const later = MORNING + 2 * 24 * 3_600_000;
    const m = nightPushMessage({ kind: "incomplete", sessionId: "s1", endedAtMs: STOPPED, accountZone: "Europe/Paris", nightZone: null, nowMs: later });
    assert.equal(m.title, "Your recording stopped at Mon 7 Dec, 02:10");
    const c = nightPushMessage({ kind: "completed", sessionId: "s1", endedAtMs: STOPPED, accountZone: "Europe/Paris", nightZone: null, nowMs: later });
    assert.equal(c.body, "See how you slept the night that ended Mon 7 Dec, 02:10: open your report.");
  });
});

describe("which nights notify", () => {
  it("one that ended in the last 36 hours, or whose end is unknown; not one sent in days later", () => {
    assert.equal(isNotifiable(STOPPED, MORNING), true);
    assert.equal(isNotifiable(null, MORNING), true);
    assert.equal(isNotifiable(MORNING - NOTIFY_WITHIN_MS, MORNING), true);
    assert.equal(isNotifiable(MORNING - NOTIFY_WITHIN_MS - 1, MORNING), false);
    assert.equal(isNotifiable(STOPPED, MORNING + 3 * 24 * 3_600_000), false);
  });
});
