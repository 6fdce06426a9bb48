import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { duration } from "../format";
import { nightReport } from "./report";
import { calendarSeries } from "./trend-series";
import { averageOfNewest, trendPoint, wholeAverageShares } from "./trends";

const night = (id: string, wake: number, light: number) => ({ id, startTime: null, sleepStages: [...Array(wake).fill(0), ...Array(light).fill(1)], snoringStages: [] });

it("derives a night's trend figures from its hypnogram", () => {
  const p = trendPoint(night("a", 120, 840)); // 1 h awake, then 7 h light
  assert.equal(p.totalSleepHours, 7);
  // 840 ÷ 960 = 87.5 % exactly: a whole percent, half up, as on the night's report.
  assert.equal(p.efficiencyPercent, 88);
  assert.equal(p.sleepLatencyMinutes, 60);
  assert.equal(p.lightPercent, 100);
});

it("averages the newest nights only, skipping figures a night does not have", () => {
  const points = [trendPoint(night("new", 0, 960)), trendPoint(night("mid", 240, 720)), trendPoint(night("old", 960, 0))];
  const two = averageOfNewest(points, 2);
  assert.equal(two.nights, 2);
  assert.equal(two.totalSleepHours, (8 + 6) / 2);
  assert.equal(two.efficiencyPercent, (100 + 75) / 2);
  const all = averageOfNewest(points, 30);
  assert.equal(all.nights, 3);
  assert.equal(all.sleepLatencyMinutes, (0 + 120) / 2, "the night without sleep has no latency");
});

it("a night's stage shares are the whole percents of its report, adding up to 100", () => {
  // 1 light, 1 deep, 1 REM epoch: a third each, shown 34 + 33 + 33.
  const p = trendPoint({ id: "thirds", startTime: null, sleepStages: [0, 1, 2, 3], snoringStages: [] });
  assert.deepEqual([p.lightPercent, p.deepPercent, p.remPercent], [34, 33, 33]);
});

it("averaged shares are rounded to add up to 100 as well", () => {
  // Night 1: 2 light, 1 deep → 67 / 33 / 0. Night 2: 1 light, 2 REM → 33 / 0 / 67.
  // Means 50 / 16.5 / 33.5: each rounded on its own 50 + 17 + 34 = 101; largest remainder: the
  // floors 50 + 16 + 33 = 99 and the tie at .5 goes to the larger mean (REM): 50 + 16 + 34 = 100.
  const points = [trendPoint({ id: "a", startTime: null, sleepStages: [1, 1, 2], snoringStages: [] }), trendPoint({ id: "b", startTime: null, sleepStages: [1, 3, 3], snoringStages: [] })];
  const avg = averageOfNewest(points, 7);
  assert.equal(avg.deepPercent, 16.5);
  assert.deepEqual(wholeAverageShares(avg), { light: 50, deep: 16, rem: 34 });
  assert.equal(wholeAverageShares(averageOfNewest([trendPoint(night("awake", 10, 0))], 7)), null);
});

it("efficiency exactly at a half percent rounds up, as on the night page: 23 of 40 epochs = 57.5 % → 58 %", () => {
  assert.equal(trendPoint(night("half", 17, 23)).efficiencyPercent, 58);
});

it("a night's total sleep in the trends is the minutes its report shows, not hours times 3600", () => {
  // 65 sleep epochs = 32.5 min → 33 min (half up) on the night page; 65 × 30 / 3600 × 3600 is 1949.99…
  // seconds in floating point, which showed 32 min in the trends table.
  const short = trendPoint({ id: "65", startTime: null, sleepStages: [0, ...Array(65).fill(1), 0], snoringStages: [] });
  assert.equal(duration(short.totalSleepHours * 3600), "32 min", "the float noise this replaces");
  assert.equal(short.totalSleepMinutes, 33);
  // 40 wake, then 505 light: 252.5 min → 4 h 13 min.
  const real = trendPoint(night("505", 40, 505));
  assert.equal(duration(real.totalSleepMinutes * 60), "4 h 13 min");
  const [p] = calendarSeries([{ id: "505", startTime: "2026-11-20T22:00:00Z", zone: "UTC", sleepStages: [...Array(40).fill(0), ...Array(505).fill(1)], snoringStages: [] }], "2026-11-20", 1);
  assert.equal(p!.totalSleepMinutes, 253);
});

it("on any night the trend point's minutes are the night report's", () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(-1, 0, 1, 2, 3), { maxLength: 1200 }), (stages) => {
      const p = trendPoint({ id: "x", startTime: null, sleepStages: stages, snoringStages: [] });
      const r = nightReport(stages, []);
      assert.equal(p.totalSleepMinutes, r.totalSleepMinutes);
      assert.equal(p.efficiencyPercent, r.sleepEfficiencyPercent);
    }),
    { numRuns: 500 },
  );
});

describe("trends with 2-stage nights", () => {
  it("leaves a 2-stage night out of the stage shares (null, not 0) but keeps its sleep and efficiency", () => {
    const four = trendPoint({ id: "a", startTime: null, sleepStages: [0, 1, 1, 2, 3, 0], snoringStages: [] });
    const two = trendPoint({ id: "b", startTime: null, sleepStages: [0, 1, 1, 1, 1, 0], snoringStages: [], stagePlan: "2-stage" });
    assert.equal(two.deepPercent, null);
    assert.equal(two.remPercent, null);
    assert.equal(two.lightPercent, null);
    assert.equal(two.efficiencyPercent, 67);
    const avg = averageOfNewest([two, four], 2);
    assert.equal(avg.deepPercent, four.deepPercent);
    assert.equal(avg.efficiencyPercent, 67);
  });
});

describe("trends of Asleep's own measures", () => {
  it("carry the score and unstable breathing where the plan sent them, null (never 0) where not", () => {
    const p = trendPoint({ id: "a", startTime: null, sleepStages: [0, 1, 1, 0], snoringStages: [], stat: { sleep_index: 77, unstable_breath_ratio: 0.2 } });
    assert.equal(p.asleepScore, 77);
    assert.equal(p.unstableBreathPercent, 20);
    const q = trendPoint({ id: "b", startTime: null, sleepStages: [0, 1, 1, 0], snoringStages: [], stat: { time_in_bed: 120 } });
    assert.equal(q.asleepScore, null);
    assert.equal(q.unstableBreathPercent, null);
  });
});
