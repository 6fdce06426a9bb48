import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { noDataAlert, staleAlert, DEFAULT_THRESHOLDS } from "../alerts/rules";
import { translatorFor } from "@/server/i18n/translator";
import { boardFlags, flagText, hasNoDataFor, noDataReason, noDataWords, patientRank, SEVERITY_ORDER, staleReason, staleWords, type OpenAlertItem } from "./flags";

const alert = (rule: string, reason: string, raisedAt: string, sessionId: string | null = null): OpenAlertItem => ({ id: `${rule}-${raisedAt}`, rule, reason, sessionId, raisedAtMs: Date.parse(raisedAt) });

describe("what needs attention on the board, each fact once", () => {
  it("a quiet night: since when, on the night's clock, with its zone — the stale-tonight alert's words", () => {
    // 01:10 UTC is 02:10 in Paris in November.
    const ms = Date.parse("2026-11-23T01:10:00Z");
    assert.equal(staleReason(ms, "Europe/Paris", "2026-11-22"), "Stale tonight since 02:10 Europe/Paris (night of Sun 22 Nov)");
    assert.equal(staleReason(ms, "Europe/Paris", "2026-11-22"), staleAlert({ sessionId: "s", day: "2026-11-22", lastDeliveryMs: ms, timezone: "Europe/Paris" }, DEFAULT_THRESHOLDS)!.reason);
    assert.equal(staleReason(ms, "Etc/GMT-9", "2026-11-22"), "Stale tonight since 10:10 UTC+09:00 (night of Sun 22 Nov)");
  });

  it("no data: the nights since the newest, in the no-data alert's words", () => {
    assert.equal(noDataReason("2026-11-30", "2026-12-06"), "No data for 5 nights (since Tue 1 Dec)");
    assert.equal(noDataReason("2026-11-30", "2026-12-06"), noDataAlert("2026-11-30", "2026-12-06", "2026-10-01", DEFAULT_THRESHOLDS)!.reason);
    assert.equal(noDataReason(null, "2026-12-06"), "No night recorded yet");
    // From the enrolment day at the earliest, as the alert counts.
    assert.equal(noDataReason("2026-11-20", "2026-12-06", "2026-12-01"), "No data for 5 nights (since Tue 1 Dec)");
    assert.equal(noDataReason("2026-11-20", "2026-12-06", "2026-12-01"), noDataAlert("2026-11-20", "2026-12-06", "2026-12-01", DEFAULT_THRESHOLDS)!.reason);
  });

  it("no data for N days means no night started in the last N × 24 h", () => {
    const now = Date.parse("2026-11-23T12:00:00Z");
    assert.equal(hasNoDataFor(now - 3 * 86_400_000 + 1, now, 3), false);
    assert.equal(hasNoDataFor(now - 3 * 86_400_000 - 1, now, 3), true);
    assert.equal(hasNoDataFor(null, now, 3), true);
  });

  it("an alert and the condition it was raised for are one item, worded once, from now", () => {
    const flags = boardFlags({
      alerts: [
        alert("no-data", "No data for 3 nights (since Tue 1 Dec)", "2026-12-04T09:00:00Z"),
        alert("stale-tonight", "Stale tonight since 02:10 Europe/Paris (night of Sat 5 Dec)", "2026-12-06T02:40:00Z", "tonight"),
      ],
      stale: { lastDeliveryMs: Date.parse("2026-12-06T01:10:00Z"), zone: "Europe/Paris", day: "2026-12-05", sessionId: "tonight" },
      noData: { newestDay: "2026-11-30", today: "2026-12-06" },
      newPatient: false,
      sinceMs: null,
    });
    assert.deepEqual(
      flags.map((f) => [f.kind, f.reason, f.alertId !== null]),
      [
        ["stale", "Stale tonight since 02:10 Europe/Paris (night of Sat 5 Dec)", true],
        ["no-data", "No data for 5 nights (since Tue 1 Dec)", true],
      ],
    );
  });

  it("items in the severity order, not by count; new since the last visit is marked", () => {
    const flags = boardFlags({
      alerts: [
        alert("long-latency", "Sleep onset latency 45 min on Fri 4 Dec (over 30 min)", "2026-12-05T08:00:00Z", "n1"),
        alert("low-adherence", "Adherence 40 % over 30 days (target 70 %, at least 4 h a night)", "2026-12-05T09:00:00Z"),
        alert("short-sleep", "Total sleep 3 h 10 min on Sat 5 Dec (under 5 h)", "2026-12-06T08:00:00Z", "n2"),
      ],
      stale: null,
      noData: { newestDay: null, today: "2026-12-06" },
      newPatient: true,
      sinceMs: Date.parse("2026-12-06T00:00:00Z"),
    });
    assert.deepEqual(
      flags.map((f) => f.kind),
      ["short-sleep", "long-latency", "adherence", "no-data", "new-patient"],
    );
    assert.deepEqual(
      flags.map((f) => f.isNew),
      [true, false, false, false, false],
    );
    assert.equal(flags[0]!.sessionId, "n2");
    assert.equal(patientRank(flags), SEVERITY_ORDER.indexOf("short-sleep"));
    // Nothing: after every condition.
    assert.equal(patientRank([]), SEVERITY_ORDER.length);
  });
});

describe("the board's own findings in the reader's language", () => {
  const en = translatorFor("en", "PatientBoard");
  const ko = translatorFor("ko", "PatientBoard");
  const ms = Date.parse("2026-11-23T01:10:00Z");

  it("in English, word for word the reason (the CSV's and the alerts' words)", () => {
    const cases: Array<[string, ReturnType<typeof staleWords>]> = [
      [staleReason(ms, "Europe/Paris", "2026-11-22"), staleWords(ms, "Europe/Paris", "2026-11-22")],
      [staleReason(ms, "Etc/GMT-9", "2026-11-22"), staleWords(ms, "Etc/GMT-9", "2026-11-22")],
      [staleReason(null, "Europe/Paris", "2026-11-22"), staleWords(null, "Europe/Paris", "2026-11-22")],
      [noDataReason("2026-11-30", "2026-12-06"), noDataWords("2026-11-30", "2026-12-06")],
      [noDataReason("2026-12-04", "2026-12-06"), noDataWords("2026-12-04", "2026-12-06")],
      [noDataReason("2026-11-20", "2026-12-06", "2026-12-01"), noDataWords("2026-11-20", "2026-12-06", "2026-12-01")],
      [noDataReason(null, "2026-12-06"), noDataWords(null, "2026-12-06")],
    ];
    for (const [reason, words] of cases) assert.equal(flagText({ reason, words, kind: "stale" }, en), reason);
    const flags = boardFlags({ alerts: [alert("short-sleep", "Total sleep 3 h 10 min on Sat 5 Dec (under 5 h)", "2026-12-06T08:00:00Z", "n2")], stale: null, noData: null, newPatient: true, sinceMs: null });
    for (const flag of flags) assert.equal(flagText(flag, en), flag.reason);
  });

  it("in Korean, the board's findings; an alert's item in the alert's own words (AlertText), read back from its reason", () => {
    assert.equal(flagText({ reason: "", words: staleWords(ms, "Europe/Paris", "2026-11-22"), kind: "stale" }, ko, "ko"), "오늘 밤 02:10 Europe/Paris부터 데이터 끊김 (11월 22일 (일) 밤)");
    assert.equal(flagText({ reason: "", words: noDataWords("2026-11-30", "2026-12-06"), kind: "no-data" }, ko, "ko"), "5일간 데이터 없음 (12월 1일 (화)부터)");
    const alertKo = translatorFor("ko", "AlertText");
    const [item] = boardFlags({ alerts: [alert("short-sleep", "Total sleep 3 h 10 min on Sat 5 Dec (under 5 h)", "2026-12-06T08:00:00Z", "n2")], stale: null, noData: null, newPatient: false, sinceMs: null });
    const korean = flagText(item!, ko, "ko", alertKo);
    assert.match(korean, /3시간 10분/);
    assert.doesNotMatch(korean, /Total sleep|under/);
    // Without the alert texts, or a reason this version never wrote: as stored.
    assert.equal(flagText(item!, ko, "ko"), item!.reason);
    assert.equal(flagText({ reason: "3 nights under 5 h", words: null, kind: "short-sleep" }, ko, "ko", alertKo), "3 nights under 5 h");
  });
});
