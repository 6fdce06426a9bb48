import assert from "node:assert/strict";
import { test } from "node:test";
import { bedtimeRegularity, calendarSeries, seriesRows, trendRangeOf, type NightForSeries } from "./trend-series";

const hyp = (...runs: Array<[number, number]>) => runs.flatMap(([stage, n]) => Array<number>(n).fill(stage));
const night = (id: string, startIso: string, stages: number[], zone = "Europe/Paris"): NightForSeries => ({ id, startTime: startIso, zone, sleepStages: stages, snoringStages: stages.map(() => 0) });

test("7, 30 or 90 nights from the URL; anything else is the default 30", () => {
  assert.equal(trendRangeOf("7"), 7);
  assert.equal(trendRangeOf(["90", "7"]), 90);
  for (const bad of [undefined, "", "8", "30.5", "-7", "abc", "1e9"]) assert.equal(trendRangeOf(bad), 30, String(bad));
});

test("one point per calendar night, null where none, oldest first, the range ending on the given day", () => {
  const nights = [
    night("sat", "2026-11-21T22:30:00Z", hyp([0, 20], [1, 700], [0, 20])), // Sat 21, 23:30 Paris
    night("thu", "2026-11-19T23:30:00Z", hyp([0, 40], [2, 600], [0, 20])), // Thu 19 (00:30 on Fri belongs to Thu)
    night("old", "2026-11-10T22:00:00Z", hyp([1, 600])), // before the range
  ];
  const s = calendarSeries(nights, "2026-11-22", 7);
  assert.deepEqual(s.map((p) => p.day), ["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21", "2026-11-22"]);
  assert.deepEqual(s.map((p) => p.night?.id ?? null), [null, null, null, "thu", null, "sat", null]);
  assert.deepEqual(s.map((p) => p.totalSleepHours), [null, null, null, 5, null, 700 / 120, null]);
  assert.equal(s[3]!.label, "Thu 19 Nov");
  assert.equal(s[3]!.sleepLatencyMinutes, 20);
  assert.equal(s[3]!.deepPercent, 100);
  assert.equal(s[3]!.bedtimeMinutes, 750); // 00:30 is 12 h 30 min after Thursday noon
  assert.equal(s[5]!.bedtimeMinutes, 690);
  assert.equal(s[4]!.efficiencyPercent, null);
});

test("two recordings begun the same day: the one with more sleep is drawn, the other counted", () => {
  const s = calendarSeries([night("nap", "2026-11-21T13:00:00Z", hyp([1, 60])), night("main", "2026-11-21T22:30:00Z", hyp([1, 800]))], "2026-11-21", 1);
  assert.equal(s[0]!.night?.id, "main");
  assert.equal(s[0]!.others, 1);
  assert.deepEqual(s[0]!.recordings.map((r) => r.id), ["main", "nap"]);
});

test("bedtime regularity is the sample standard deviation of the local bedtime, across midnight", () => {
  // 23:30, 00:30 and 00:00: 690, 750, 720 minutes after noon; mean 720, SD sqrt((900 + 900 + 0) / 2) = 30.
  const s = calendarSeries(
    [night("a", "2026-11-18T22:30:00Z", hyp([1, 10])), night("b", "2026-11-19T23:30:00Z", hyp([1, 10])), night("c", "2026-11-20T23:00:00Z", hyp([1, 10]))],
    "2026-11-21",
    7,
  );
  assert.deepEqual(bedtimeRegularity(s), { nights: 3, sdMinutes: 30 });
  assert.deepEqual(bedtimeRegularity(s.slice(0, 4)), { nights: 1, sdMinutes: null });
});

test("the table alternative: a row per night and one row per run of missing nights", () => {
  const s = calendarSeries([night("thu", "2026-11-19T22:30:00Z", hyp([1, 10])), night("fri", "2026-11-20T22:30:00Z", hyp([1, 10]))], "2026-11-22", 7);
  // Newest first, as the lists of nights elsewhere.
  assert.deepEqual(
    seriesRows(s).map((r) => [r.kind, r.from, r.to]),
    [
      ["gap", "2026-11-21", "2026-11-22"],
      ["night", "2026-11-20", "2026-11-20"],
      ["night", "2026-11-19", "2026-11-19"],
      ["gap", "2026-11-16", "2026-11-18"],
    ],
  );
});
