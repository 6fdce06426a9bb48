import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { boardFlags, hasNoDataFor, noDataReason, staleReason } from "./flags";

describe("why a patient is flagged, in plain words", () => {
  it("a quiet night: since when, on the night's clock, with its zone", () => {
    // 01:10 UTC is 02:10 in Paris in November.
    assert.equal(staleReason(Date.parse("2026-11-23T01:10:00Z"), "Europe/Paris"), "Stale tonight since 02:10 Europe/Paris");
    assert.equal(staleReason(Date.parse("2026-11-23T01:10:00Z"), "Etc/GMT-9"), "Stale tonight since 10:10 UTC+09:00");
  });

  it("no data: the day of the newest night, counted noon to noon in its zone", () => {
    // Started 00:30 Wednesday 18 Nov in Paris: Tuesday 17 Nov's night.
    assert.equal(noDataReason(Date.parse("2026-11-17T23:30:00Z"), "Europe/Paris", 3), "No data since Tue 17 Nov 2026 (over 3 days)");
    assert.equal(noDataReason(null, "UTC", 1), "No night recorded yet");
  });

  it("no data for N days means no night started in the last N × 24 h", () => {
    const now = Date.parse("2026-11-23T12:00:00Z");
    assert.equal(hasNoDataFor(now - 3 * 86_400_000 + 1, now, 3), false);
    assert.equal(hasNoDataFor(now - 3 * 86_400_000 - 1, now, 3), true);
    assert.equal(hasNoDataFor(null, now, 3), true);
  });

  it("alerts come first, then a quiet night, then missing nights", () => {
    const flags = boardFlags({
      alertReasons: ["3 nights under 5 h"],
      stale: { lastDeliveryMs: Date.parse("2026-11-23T01:10:00Z"), zone: "UTC" },
      noData: { newestStartMs: null, zone: "UTC", days: 3 },
    });
    assert.deepEqual(flags.map((f) => f.kind), ["alert", "stale", "no-data"]);
    assert.equal(flags[0]!.reason, "3 nights under 5 h");
    assert.deepEqual(boardFlags({ alertReasons: [], stale: null, noData: null }), []);
  });
});
