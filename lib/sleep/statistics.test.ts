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

describe("awakenings across gaps in the data (no-data epochs, U)", () => {
  it("a gap inside an awakening does not split it: [L, W, U, W, L] is one awakening of a minute", () => {
    const s = nightStatistics([L, W, U, W, L]);
    assert.equal(s.wasoCount, 1);
    // Its length is its two wake epochs; the gap is not counted: 2 × 30 s.
    assert.equal(s.longestWasoSeconds, 60);
    assert.equal(s.wasoSeconds, 60);
  });

  it("a missed 5-minute analysis (10 no-data epochs) inside an awakening leaves one awakening", () => {
    const s = nightStatistics([L, L, W, W, ...Array(10).fill(U), W, L]);
    assert.equal(s.wasoCount, 1);
    assert.equal(s.longestWasoSeconds, 3 * 30);
  });

  it("a gap at sleep onset counts in the latency, and the awakening after it is whole", () => {
    // Recording starts awake, then no data, then sleep at epoch 4: latency 4 × 30 = 120 s.
    const s = nightStatistics([W, W, U, U, L, L, W, U, W, L]);
    assert.equal(s.sleepOnsetEpoch, 4);
    assert.equal(s.sleepLatencySeconds, 120);
    assert.equal(s.wasoCount, 1);
    assert.equal(s.wasoSeconds, 60);
    // A recording that starts with no data: onset is still counted from its first epoch.
    assert.equal(nightStatistics([U, U, U, L]).sleepLatencySeconds, 90);
  });

  it("a gap in the final awakening: the final awakening is not counted, gap or not", () => {
    const s = nightStatistics([L, L, W, U, U, W]);
    assert.equal(s.finalSleepEpoch, 1);
    assert.equal(s.wasoCount, 0);
    assert.equal(s.wasoSeconds, 0);
    // An awakening before it is counted, and the final one after the last sleep epoch is not.
    const t = nightStatistics([L, W, U, W, L, W, U, W]);
    assert.equal(t.wasoCount, 1);
    assert.equal(t.wasoSeconds, 60);
  });

  it("a gap between sleep and wake is not part of the awakening, on either side", () => {
    // Sleep, gap, wake, sleep: one awakening of 1 epoch.
    const before = nightStatistics([L, U, U, W, L]);
    assert.equal(before.wasoCount, 1);
    assert.equal(before.wasoSeconds, 30);
    // Sleep, wake, gap, sleep: one awakening of 1 epoch.
    const after = nightStatistics([L, W, U, U, L]);
    assert.equal(after.wasoCount, 1);
    assert.equal(after.wasoSeconds, 30);
    // A gap between two sleep epochs is no awakening at all.
    assert.equal(nightStatistics([L, U, U, L]).wasoCount, 0);
    // Sleep between two awakenings does end the first: two awakenings, though gaps surround them.
    const two = nightStatistics([L, W, U, L, U, W, L]);
    assert.equal(two.wasoCount, 2);
    assert.equal(two.longestWasoSeconds, 30);
  });
});

describe("every figure on one hand-made night", () => {
  // epoch:  0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15 16 17 18
  const n = [W, W, U, L, L, W, U, U, W, L, D, D, R, R, U, L, W, U, W];
  const s = nightStatistics(n);

  it("time in bed: every epoch, no-data included: 19 × 30 s", () => {
    assert.equal(s.timeInBedSeconds, 570);
  });
  it("sleep onset: epoch 3, the first sleep epoch; latency from the recording start, the gap at 2 included: 3 × 30 s", () => {
    assert.equal(s.sleepOnsetEpoch, 3);
    assert.equal(s.sleepLatencySeconds, 90);
  });
  it("total sleep: light 3, 4, 9, 15 + deep 10, 11 + REM 12, 13 = 8 epochs = 240 s", () => {
    assert.equal(s.totalSleepSeconds, 240);
    assert.deepEqual(s.stageSeconds, { wake: 6 * 30, light: 4 * 30, deep: 2 * 30, rem: 2 * 30, unknown: 5 * 30 });
  });
  it("sleep period: epochs 3 to 15 = 13 epochs = 390 s (8 sleep + 2 wake + 3 no-data)", () => {
    assert.equal(s.finalSleepEpoch, 15);
    assert.equal(s.sleepPeriodSeconds, 390);
  });
  it("REM latency from sleep onset: (12 − 3) × 30 = 270 s (YASA's, from the recording start, would be 360)", () => {
    assert.equal(s.remLatencySeconds, 270);
  });
  it("WASO: wake at 5 and 8 = 60 s, one awakening (the gap at 6–7 does not end it); the final awakening 16–18 is not counted", () => {
    assert.equal(s.wasoSeconds, 60);
    assert.equal(s.wasoCount, 1);
    assert.equal(s.longestWasoSeconds, 60);
  });
  it("efficiency 8 / 19 of time in bed; maintenance efficiency 8 / 13 of the sleep period", () => {
    assert.equal(s.sleepEfficiency, 8 / 19);
    assert.equal(s.sleepMaintenanceEfficiency, 8 / 13);
  });
  it("no persistent sleep: no 20 epochs of sleep in a row", () => {
    assert.equal(s.persistentSleepLatencySeconds, null);
  });
});

describe("latency to persistent sleep (20 uninterrupted sleep epochs = 10 minutes)", () => {
  it("is the sleep onset latency when sleep holds from onset: 2 × 30 = 60 s", () => {
    const s = nightStatistics([W, W, ...Array(20).fill(L)]);
    assert.equal(s.persistentSleepLatencySeconds, 60);
    assert.equal(s.sleepLatencySeconds, 60);
  });

  it("skips runs broken by wake or by no data; any sleep stage counts", () => {
    // 0 W; 1–5 light (5, broken by W at 6); 7–25 light (19, broken by no data at 26); 27–46 mixed (20).
    const mixed = [...Array(7).fill(L), ...Array(7).fill(D), ...Array(6).fill(R)];
    const s = nightStatistics([W, ...Array(5).fill(L), W, ...Array(19).fill(L), U, ...mixed, W]);
    assert.equal(s.sleepLatencySeconds, 30);
    assert.equal(s.persistentSleepLatencySeconds, 27 * 30);
  });

  it("19 epochs are not enough", () => {
    assert.equal(nightStatistics([W, ...Array(19).fill(L), W]).persistentSleepLatencySeconds, null);
  });
});

describe("sleep maintenance efficiency", () => {
  it("is null without sleep, and 1 when sleep never broke", () => {
    assert.equal(nightStatistics([W, U, W]).sleepMaintenanceEfficiency, null);
    assert.equal(nightStatistics([W, L, D, W]).sleepMaintenanceEfficiency, 1);
    assert.equal(nightStatistics([W, W]).sleepPeriodSeconds, 0);
  });
});
