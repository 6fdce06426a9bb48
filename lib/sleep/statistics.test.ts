import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nightStatistics } from "./statistics";

const W = 0, L = 1, D = 2, R = 3, U = -1;

describe("nightStatistics", () => {
  // 2 wake, then sleep with a 3-epoch and a 1-epoch awakening, REM, final wake of 2.
  const night = [W, W, L, L, D, D, W, W, W, L, R, R, L, W, L, R, W, W];

  it("finds sleep onset, latency and REM latency", () => {
    const s = nightStatistics(night);
    assert.equal(s.sleepOnsetEpoch, 2);
    assert.equal(s.sleepLatencySeconds, 60);
    assert.equal(s.remLatencySeconds, (10 - 2) * 30);
    assert.equal(s.finalSleepEpoch, 15);
  });

  it("counts WASO between onset and the final awakening only", () => {
    const s = nightStatistics(night);
    assert.equal(s.wasoCount, 2);
    assert.equal(s.wasoSeconds, 4 * 30);
    assert.equal(s.longestWasoSeconds, 3 * 30);
  });

  it("sums stage durations and efficiency over time in bed", () => {
    const s = nightStatistics(night);
    assert.deepEqual(s.stageSeconds, { wake: 8 * 30, light: 5 * 30, deep: 2 * 30, rem: 3 * 30, unknown: 0 });
    assert.equal(s.totalSleepSeconds, 10 * 30);
    assert.equal(s.timeInBedSeconds, night.length * 30);
    assert.equal(s.sleepEfficiency, 10 / 18);
  });

  it("splits cycles where REM gives way to NREM", () => {
    assert.deepEqual(
      nightStatistics(night).cycles.map((c) => [c.startEpoch, c.endEpoch]),
      [
        [2, 12],
        [12, 16],
      ],
    );
  });

  it("counts unknown epochs in bed but not as sleep or wake", () => {
    const s = nightStatistics([L, U, U, L, W, L]);
    assert.equal(s.stageSeconds.unknown, 60);
    assert.equal(s.totalSleepSeconds, 90);
    assert.equal(s.wasoCount, 1);
    assert.equal(s.timeInBedSeconds, 180);
  });

  it("a night without sleep has no onset, latency or cycles", () => {
    const s = nightStatistics([W, W, U, W]);
    assert.equal(s.sleepOnsetEpoch, null);
    assert.equal(s.sleepLatencySeconds, null);
    assert.equal(s.remLatencySeconds, null);
    assert.equal(s.wasoCount, 0);
    assert.equal(s.longestWasoSeconds, 0);
    assert.deepEqual(s.cycles, []);
    assert.equal(s.sleepEfficiency, 0);
  });

  it("an empty recording has no efficiency", () => {
    assert.equal(nightStatistics([]).sleepEfficiency, null);
  });
});
