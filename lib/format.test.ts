import assert from "node:assert/strict";
import { it } from "node:test";
import { ago, clockTime, duration, zoneOrUtc } from "./format";

it("formats durations in hours and minutes", () => {
  assert.equal(duration(27_000), "7 h 30 min");
  assert.equal(duration(540), "9 min");
  assert.equal(duration(3_600), "1 h");
});

it("shows clock time in the night's zone", () => {
  const ms = Date.parse("2026-11-21T22:15:00Z");
  assert.equal(clockTime(ms, "UTC"), "22:15");
  assert.equal(clockTime(ms, "Europe/Berlin"), "23:15");
  assert.equal(clockTime(ms, "Asia/Seoul"), "07:15");
});

it("falls back to UTC for a zone it does not know", () => {
  assert.equal(zoneOrUtc("Mars/Olympus"), "UTC");
  assert.equal(zoneOrUtc(null), "UTC");
  assert.equal(zoneOrUtc("Asia/Seoul"), "Asia/Seoul");
});

it("says how long ago, in minutes", () => {
  assert.equal(ago(0, 30_000), "less than a minute ago");
  assert.equal(ago(0, 5 * 60_000), "5 minutes ago");
});
