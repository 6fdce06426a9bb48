import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { clockTicks, nightTicks } from "./ticks";

const labels = (ticks: { label: string }[]) => ticks.map((t) => t.label);

describe("nightTicks", () => {
  it("whole hours when the night spans two or more", () => {
    // 22:30 to 01:10 in Paris (UTC+1 in November).
    const ticks = nightTicks(Date.parse("2026-11-02T21:30:00Z"), Date.parse("2026-11-03T00:10:00Z"), "Europe/Paris");
    assert.deepEqual(labels(ticks), ["23:00", "00:00", "01:00"]);
    assert.equal(ticks[0]!.ms, Date.parse("2026-11-02T22:00:00Z"));
  });

  it("in the first hour, with no whole hour in it, quarter hours rather than none", () => {
    // 23:10 to 23:50 in Paris: no whole hour, one half hour, three quarter hours.
    const ticks = nightTicks(Date.parse("2026-11-02T22:10:00Z"), Date.parse("2026-11-02T22:50:00Z"), "Europe/Paris");
    assert.deepEqual(labels(ticks), ["23:15", "23:30", "23:45"]);
    assert.equal(ticks[1]!.ms, Date.parse("2026-11-02T22:30:00Z"));
  });

  it("half hours when they are enough, and one whole hour alone is not", () => {
    // 23:10 to 00:50: only 00:00 is a whole hour, so half hours.
    assert.deepEqual(labels(nightTicks(Date.parse("2026-11-02T22:10:00Z"), Date.parse("2026-11-02T23:50:00Z"), "Europe/Paris")), ["23:30", "00:00", "00:30"]);
  });

  it("a few minutes in, 5-minute steps; a tick exactly at the start or the end counts", () => {
    assert.deepEqual(labels(nightTicks(Date.parse("2026-11-02T22:10:00Z"), Date.parse("2026-11-02T22:20:00Z"), "Europe/Paris")), ["23:10", "23:15", "23:20"]);
  });

  it("in a zone 5 h 45 min ahead of UTC, on that zone's clock", () => {
    // Kathmandu: 17:00 UTC is 22:45; 17:15 UTC is 23:00.
    assert.deepEqual(labels(nightTicks(Date.parse("2026-11-02T17:00:00Z"), Date.parse("2026-11-02T19:30:00Z"), "Asia/Kathmandu")), ["23:00", "00:00", "01:00"]);
    assert.equal(nightTicks(Date.parse("2026-11-02T17:00:00Z"), Date.parse("2026-11-02T19:30:00Z"), "Asia/Kathmandu")[0]!.ms, Date.parse("2026-11-02T17:15:00Z"));
    // Its first 30 minutes, 22:50 to 23:20: quarter hours of the local clock (UTC's would be :00, :15, :30).
    assert.deepEqual(labels(nightTicks(Date.parse("2026-11-02T17:05:00Z"), Date.parse("2026-11-02T17:35:00Z"), "Asia/Kathmandu")), ["23:00", "23:15"]);
  });

  it("across the end of summer time, the local clock's times, 02:00 twice", () => {
    // Paris, 25 Oct 2026: 03:00 summer time becomes 02:00 again.
    assert.deepEqual(labels(nightTicks(Date.parse("2026-10-24T23:00:00Z"), Date.parse("2026-10-25T02:00:00Z"), "Europe/Paris")), ["01:00", "02:00", "02:00", "03:00"]);
    // A short span across the change itself: 02:40 summer time to 02:20 winter time, 40 minutes apart.
    assert.deepEqual(labels(nightTicks(Date.parse("2026-10-25T00:40:00Z"), Date.parse("2026-10-25T01:20:00Z"), "Europe/Paris")), ["02:45", "02:00", "02:15"]);
  });

  it("across the start of summer time, 02:00 does not exist and is not shown", () => {
    // Paris, 29 Mar 2026: 02:00 winter time becomes 03:00. 01:20 to 03:40 local is 1 h 20 min.
    assert.deepEqual(labels(nightTicks(Date.parse("2026-03-29T00:20:00Z"), Date.parse("2026-03-29T01:40:00Z"), "Europe/Paris")), ["01:30", "03:00", "03:30"]);
  });
});

describe("clockTicks", () => {
  it("steps of the local clock, none when the span holds none", () => {
    assert.deepEqual(labels(clockTicks(Date.parse("2026-11-02T22:10:00Z"), Date.parse("2026-11-02T22:50:00Z"), "Europe/Paris", 60)), []);
    assert.deepEqual(labels(clockTicks(Date.parse("2026-11-02T22:10:00Z"), Date.parse("2026-11-02T22:50:00Z"), "Europe/Paris", 30)), ["23:30"]);
  });
});
