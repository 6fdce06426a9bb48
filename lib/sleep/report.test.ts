import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { efficiencyPercent, nightReport } from "./report";

const W = 0, L = 1, D = 2, R = 3;

describe("nightReport", () => {
  it("gives each stage's share of total sleep against typical adult ranges", () => {
    // 10 sleep epochs: 5 light (50%), 2 deep (20%), 3 REM (30%).
    const r = nightReport([W, L, L, D, D, L, R, R, R, L, L, W], [0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert.equal(r.totalSleepSeconds, 300);
    const byStage = Object.fromEntries(r.stageShares.map((s) => [s.stage, s]));
    assert.equal(byStage.light!.percent, 50);
    assert.equal(byStage.light!.verdict, "within");
    assert.equal(byStage.deep!.percent, 20);
    assert.equal(byStage.deep!.verdict, "within");
    assert.equal(byStage.rem!.percent, 30);
    assert.equal(byStage.rem!.verdict, "above");
    assert.equal(r.snoringSeconds, 60);
    assert.equal(r.snoringPercent, 20);
  });

  it("judges the share people see: 23.1% shows as 23% and is within 13–23%", () => {
    // 1000 sleep epochs: 231 deep.
    const stages = [...Array(231).fill(D), ...Array(550).fill(L), ...Array(219).fill(R)];
    const deep = nightReport(stages, []).stageShares.find((s) => s.stage === "deep")!;
    assert.equal(Math.round(deep.percent!), 23);
    assert.equal(deep.verdict, "within");
  });

  it("rounds stage minutes and shares once, so they add up to the total shown and to 100%", () => {
    // 21 light (10.5 min), 7 deep (3.5 min), 4 REM (2 min): 32 epochs = 16 min of sleep.
    // Rounded each on its own: 11 + 4 + 2 = 17 min beside 16. Largest remainder: floors 10 + 3 + 2 = 15,
    // the missing minute to the larger of the two .5 remainders (light): 11 + 3 + 2 = 16.
    const r = nightReport([W, ...Array(21).fill(L), ...Array(7).fill(D), ...Array(4).fill(R), W], []);
    assert.equal(r.totalSleepMinutes, 16);
    const byStage = Object.fromEntries(r.stageShares.map((s) => [s.stage, s]));
    assert.deepEqual([byStage.light!.minutes, byStage.deep!.minutes, byStage.rem!.minutes], [11, 3, 2]);
    // Shares 65.625 / 21.875 / 12.5 % rounded each: 66 + 22 + 13 = 101. Floors 65 + 21 + 12 = 98; the
    // two missing points to the largest remainders, .875 (deep) and .625 (light): 66 + 22 + 12 = 100.
    assert.deepEqual([byStage.light!.percent, byStage.deep!.percent, byStage.rem!.percent], [66, 22, 12]);
    // The verdict reads the share shown: REM 12% is below 20–25%.
    assert.equal(byStage.rem!.verdict, "below");
  });

  it("has no shares when the person never slept", () => {
    const r = nightReport([W, W, W], []);
    assert.ok(r.stageShares.every((s) => s.percent === null && s.verdict === null));
    assert.equal(r.snoringPercent, null);
  });
});

describe("reading Asleep's stat tolerantly", () => {
  it("efficiency as a percentage or as a ratio", () => {
    assert.equal(efficiencyPercent(88.24), 88.24);
    assert.equal(efficiencyPercent(0.5), 50);
    assert.equal(efficiencyPercent("88"), null);
  });
});

describe("nightReport of a 2-stage night", () => {
  it("has total sleep, wake and efficiency but no stage shares, no REM latency and no cycles", () => {
    // 1 is "Sleep" on the basic plan: 6 sleep epochs of 10.
    const r = nightReport([W, L, L, L, W, L, L, L, W, W], [], "2-stage");
    assert.equal(r.totalSleepSeconds, 180);
    assert.equal(r.sleepEfficiencyPercent, 60);
    assert.deepEqual(r.stageShares, []);
    assert.equal(r.remLatencySeconds, null);
    assert.deepEqual(r.cycles, []);
    assert.equal(r.wasoCount, 1);
    // The same epochs on a 4-stage night would say Light 100 %, Deep and REM 0 % "below typical".
    assert.equal(nightReport([W, L, L, L, W, L, L, L, W, W], []).stageShares.find((s) => s.stage === "deep")!.verdict, "below");
  });
});
