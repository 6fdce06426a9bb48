import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { translatorFor } from "@/server/i18n/translator";
import { isNotifiable, nightPushMessage as pushMessage, NOTIFY_WITHIN_MS, type NightPushInput } from "./message";

// In the sleeper's account language: English unless the input says otherwise.
const nightPushMessage = (input: NightPushInput) => pushMessage(input, translatorFor(input.locale ?? "en", "Push"));

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

  it("a night closed without an end", () => {
    const m = nightPushMessage({ kind: "incomplete", sessionId: "s1", endedAtMs: null, accountZone: null, nightZone: null, nowMs: MORNING });
    assert.equal(m.title, "Your recording stopped");
    assert.equal(m.body, "The night was closed as incomplete: open it to see what was recorded.");
    const c = nightPushMessage({ kind: "completed", sessionId: "s1", endedAtMs: null, accountZone: null, nightZone: null, nowMs: MORNING });
    assert.equal(c.body, "See how you slept last night: open your report.");
    const full = nightPushMessage({ kind: "incomplete", sessionId: "s1", endedAtMs: STOPPED, accountZone: "Europe/Paris", nightZone: null, nowMs: MORNING });
    assert.equal(full.body, "Nothing more came from the Asleep app after that, so the night was closed as incomplete. Open it to see what was recorded.");
  });

  it("a night that is not last night says its date", () => {
    const later = MORNING + 2 * 24 * 3_600_000;
    const m = nightPushMessage({ kind: "incomplete", sessionId: "s1", endedAtMs: STOPPED, accountZone: "Europe/Paris", nightZone: null, nowMs: later });
    assert.equal(m.title, "Your recording stopped at Mon 7 Dec, 02:10");
    const c = nightPushMessage({ kind: "completed", sessionId: "s1", endedAtMs: STOPPED, accountZone: "Europe/Paris", nightZone: null, nowMs: later });
    assert.equal(c.body, "See how you slept the night that ended Mon 7 Dec, 02:10: open your report.");
  });
});

describe("the morning notification in Korean (the sleeper's account language)", () => {
  it("says the report is ready, and when a recording stopped, in Korean with the time on the sleeper's clock", () => {
    const c = nightPushMessage({ kind: "completed", sessionId: "s1", endedAtMs: STOPPED, accountZone: "Europe/Paris", nightZone: null, nowMs: MORNING, locale: "ko" });
    assert.equal(c.title, "수면 리포트가 준비되었습니다");
    assert.equal(c.body, "어젯밤 수면 결과를 확인해 보세요. 리포트를 열어 보세요.");
    assert.equal(c.url, "/sessions/s1");
    const m = nightPushMessage({ kind: "incomplete", sessionId: "s1", endedAtMs: STOPPED, accountZone: null, nightZone: "Asia/Seoul", nowMs: MORNING, locale: "ko" });
    assert.equal(m.title, "10:10 Asia/Seoul에 기록이 중단되었습니다");
    assert.match(m.body, /Asleep 앱/);
    const undated = nightPushMessage({ kind: "incomplete", sessionId: "s1", endedAtMs: null, accountZone: null, nightZone: null, nowMs: MORNING, locale: "ko" });
    assert.equal(undated.title, "기록이 중단되었습니다");
  });

  it("a night that is not last night says its date, as Korean writes it", () => {
    const later = MORNING + 2 * 24 * 3_600_000;
    const m = nightPushMessage({ kind: "incomplete", sessionId: "s1", endedAtMs: STOPPED, accountZone: "Europe/Paris", nightZone: null, nowMs: later, locale: "ko" });
    assert.equal(m.title, "2026년 12월 7일 (월) 02:10에 기록이 중단되었습니다");
    const c = nightPushMessage({ kind: "completed", sessionId: "s1", endedAtMs: STOPPED, accountZone: "Europe/Paris", nightZone: null, nowMs: later, locale: "ko" });
    assert.equal(c.body, "2026년 12월 7일 (월) 02:10에 끝난 밤의 수면 결과를 확인해 보세요. 리포트를 열어 보세요.");
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
