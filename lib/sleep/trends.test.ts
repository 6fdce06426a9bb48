import assert from "node:assert/strict";
import { it } from "node:test";
import { averageOfNewest, trendPoint } from "./trends";

const night = (id: string, wake: number, light: number) => ({ id, startTime: null, sleepStages: [...Array(wake).fill(0), ...Array(light).fill(1)], snoringStages: [] });

it("derives a night's trend figures from its hypnogram", () => {
  const p = trendPoint(night("a", 120, 840)); // 1 h awake, then 7 h light
  assert.equal(p.totalSleepHours, 7);
  assert.equal(p.efficiencyPercent, 87.5);
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
