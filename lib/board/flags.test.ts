import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { noDataAlert, staleAlert, DEFAULT_THRESHOLDS } from "../alerts/rules";
import { boardFlags, hasNoDataFor, noDataReason, patientRank, SEVERITY_ORDER, staleReason, type OpenAlertItem } from "./flags";

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
