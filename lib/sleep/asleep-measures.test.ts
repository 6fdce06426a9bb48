import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { asleepMeasures, breathStageSeconds, ratioPercent, readBreathStages, sleepScoreText } from "./asleep-measures";

const FULL = {
  sleep_index: 82,
  breathing_index: 3.4,
  time_in_stable_breath: 21000,
  time_in_unstable_breath: 3000,
  stable_breath_ratio: 0.875,
  unstable_breath_ratio: 0.125,
  time_in_snoring: 1800,
  snoring_ratio: 0.075,
  snoring_count: 42,
  wakeup_latency: 600,
};

describe("asleepMeasures", () => {
  it("reads Asleep's score, breathing, snoring and wake-up latency from its report", () => {
    const m = asleepMeasures(FULL, { missingDataRatio: 0.02 });
    assert.equal(m.sleepIndex, 82);
    assert.deepEqual(m.breathing, { index: 3.4, stableSeconds: 21000, unstableSeconds: 3000, unstablePercent: 13, stablePercent: 88 });
    assert.deepEqual(m.snoring, { seconds: 1800, percent: 8, count: 42 });
    assert.equal(m.wakeupLatencySeconds, 600);
    assert.equal(m.missingDataPercent, 2);
  });

  it("has nothing where the plan measured nothing: absent fields are null, never 0", () => {
    const m = asleepMeasures({ time_in_bed: 28800, sleep_efficiency: 0.9 });
    assert.deepEqual(m, { sleepIndex: null, breathing: null, snoring: null, wakeupLatencySeconds: null, missingDataPercent: null });
    assert.deepEqual(asleepMeasures(null).breathing, null);
  });

  it("shows no breathing when Asleep says the plan has no breathing analysis (NO_BREATHING_STABILITY)", () => {
    assert.equal(asleepMeasures({ ...FULL, breathing_index: 0 }, { peculiarities: ["NO_BREATHING_STABILITY"] }).breathing, null);
  });

  it("refuses what cannot be a measure: a score outside 0–100, a negative time, a string", () => {
    const m = asleepMeasures({ sleep_index: 140, time_in_snoring: -5, snoring_count: "many" });
    assert.equal(m.sleepIndex, null);
    assert.equal(m.snoring, null);
  });

  it("reads a ratio sent as a fraction or as a percentage", () => {
    assert.equal(ratioPercent(0.25), 25);
    assert.equal(ratioPercent(25), 25);
    assert.equal(ratioPercent(250), null);
  });
});

describe("breath stages", () => {
  it("reads breath_stages leniently and counts stable and unstable epochs", () => {
    assert.deepEqual(readBreathStages([0, 1, "x", -1]), [0, 1, -1, -1]);
    assert.deepEqual(readBreathStages(undefined), []);
    assert.deepEqual(breathStageSeconds([0, 0, 1, -1]), { stable: 60, unstable: 30 });
  });
});

describe("Asleep's sleep score as shown", () => {
  it("is the same text on the night report and the morning card: whole points out of 100", () => {
    assert.equal(sleepScoreText(83), "83 / 100");
    assert.equal(sleepScoreText(82.6), "83 / 100");
  });
});
