import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { duration } from "../format";
import { nightReport } from "./report";
import { minutesShown, wholePercent } from "./shown";
import { nightStatistics } from "./statistics";

const W = 0, L = 1, D = 2, R = 3, U = -1;
const fill = (n: number, stage: number) => Array<number>(n).fill(stage);

/** Nights as runs of one stage, gaps of 1 or 10 no-data epochs (a missed analysis) among them. */
const nights = fc
  .array(
    fc.oneof(
      fc.tuple(fc.constantFrom(W, L, L, D, R), fc.integer({ min: 1, max: 40 })),
      fc.tuple(fc.constant(U), fc.constantFrom(1, 3, 10)),
    ),
    { maxLength: 60 },
  )
  .map((runs) => runs.flatMap(([stage, n]) => fill(n, stage)));

describe("wholePercent: half up, in whole numbers", () => {
  it("an exact half rounds up, where a/b·100 in floating point rounds down", () => {
    // 23 ÷ 40 = 57.5 % and 345 ÷ 600 = 57.5 %: in floating point (a / b) * 100 is 57.49999…, which
    // Math.round made 57. In whole numbers: ⌊(200·23 + 40) ÷ 80⌋ = ⌊4640 ÷ 80⌋ = 58, and ⌊69600 ÷ 1200⌋ = 58.
    assert.equal(Math.round((23 / 40) * 100), 57, "the float noise this replaces");
    assert.equal(wholePercent(23, 40), 58);
    assert.equal(wholePercent(345, 600), 58);
    // Just under and just over a half: 57.4 % and 57.6 %.
    assert.equal(wholePercent(287, 500), 57);
    assert.equal(wholePercent(288, 500), 58);
    assert.equal(wholePercent(0, 7), 0);
    assert.equal(wholePercent(7, 7), 100);
    assert.equal(wholePercent(0, 0), null);
    assert.throws(() => wholePercent(1.5, 3), RangeError);
  });

  it("is the whole percent nearest a ÷ b, halves up, for any counts", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.nat(5000), (b, n) => {
        const a = n % (b + 1);
        const p = wholePercent(a, b)!;
        // p − ½ ≤ 100·a ÷ b < p + ½, multiplied out by 2b so nothing is rounded.
        assert.ok((2 * p - 1) * b <= 200 * a && 200 * a < (2 * p + 1) * b, `${a}/${b} → ${p}`);
      }),
    );
  });

  it("a night's efficiency and maintenance efficiency are the epoch counts' whole percents", () => {
    // 23 sleep epochs of 40 in bed: 57.5 % → 58 %. Sleep period: epoch 0 (L) to the last L, 1 + 17 + 22 = 40
    // epochs of which 23 sleep: 58 % too.
    const se = nightReport([...fill(23, L), ...fill(17, W)], []);
    assert.equal(se.sleepEfficiencyPercent, 58);
    const sme = nightReport([L, ...fill(17, W), ...fill(22, L)], []);
    assert.equal(sme.sleepMaintenanceEfficiencyPercent, 58);
    assert.equal(nightReport([], []).sleepEfficiencyPercent, null);
    assert.equal(nightReport([W, W], []).sleepMaintenanceEfficiencyPercent, null);
  });
});

describe("minutes shown: time in bed split once", () => {
  it("an awakening of 30 s in a night of 17 min: nothing shows more than the time in bed", () => {
    // 16 L, 1 W, 17 L = 34 epochs = 17 min in bed; 33 sleep epochs = 16.5 → 17 min of sleep (half up).
    // The sleep period (34 epochs, 17 min) has 17 − 17 = 0 minutes beyond total sleep for WASO (0.5
    // exact): WASO, the Wake row and the rest show 0, and the sleep period 17 + 0 + 0 = 17. Rounded on its own, WASO showed 1 min beside
    // total sleep = sleep period = time in bed = 17 min, and the Wake row 0 min.
    const m = nightReport([...fill(16, L), W, ...fill(17, L)], []).shown;
    assert.deepEqual(m, { timeInBed: 17, totalSleep: 17, waso: 0, wakeOutsideSleepPeriod: 0, noDataInSleepPeriod: 0, noDataOutsideSleepPeriod: 0, sleepPeriod: 17, wake: 0, noData: 0, longestAwakening: 0 });
  });

  it("a gap-free night where TST + WASO rounded one by one overshoots the sleep period", () => {
    // W, 3 L, W, 2 L, 2 W = 9 epochs = 4.5 → 5 min in bed; 5 sleep epochs = 2.5 → 3 min of sleep; the sleep
    // period is epochs 1–6 = 3 min, WASO 1 epoch = 0.5 min. Rounded one by one: 3 + 1 ≠ 3.
    // Split: the sleep period has 3 − 3 = 0 min beyond total sleep, so WASO (0.5 exact) shows 0; the time
    // in bed has 5 − 3 = 2 min beyond the sleep period, all wake outside it (1.5 exact: epoch 0 and the
    // final awakening). The Wake row: 0 + 2 = 2 min, for 1.5 + 0.5 = 2 exact.
    const m = nightReport([W, L, L, L, W, L, L, W, W], []).shown;
    assert.deepEqual(m, { timeInBed: 5, totalSleep: 3, waso: 0, wakeOutsideSleepPeriod: 2, noDataInSleepPeriod: 0, noDataOutsideSleepPeriod: 0, sleepPeriod: 3, wake: 2, noData: 0, longestAwakening: 0 });
  });

  it("no data inside and outside the sleep period (the definitions page's night)", () => {
    // 6 W, 4 L, W, 2 no data, W, 21 L, 7 D, 4 R, W, no data, W = 49 epochs = 24.5 → 25 min in bed.
    // Sleep 36 epochs = 18 min. Sleep period epochs 6–45 = 40 = 20 min: WASO 2 epochs (1 min), no data
    // inside 2 (1 min). Outside it: wake 6 + 2 = 8 epochs (4 min), no data 1 (0.5 min).
    // Sleep period 20 − 18 = 2 min for WASO 1 and no data 1. Time in bed 25 − 20 = 5 min for wake 4 and no
    // data 0.5: floors 4, the missing minute to the only remainder (no data outside): 4 and 1.
    // Wake row 1 + 4 = 5; no data 1 + 1 = 2.
    const stages = [...fill(6, W), ...fill(4, L), W, U, U, W, ...fill(21, L), ...fill(7, D), ...fill(4, R), W, U, W];
    assert.deepEqual(nightReport(stages, []).shown, {
      timeInBed: 25,
      totalSleep: 18,
      waso: 1,
      wakeOutsideSleepPeriod: 4,
      noDataInSleepPeriod: 1,
      noDataOutsideSleepPeriod: 1,
      sleepPeriod: 20,
      wake: 5,
      noData: 2,
      longestAwakening: 1,
    });
  });

  it("wake before sleep onset and no data at the end", () => {
    // 3 W, 41 L, 1 D, 5 no data, 1 W = 51 epochs = 25.5 → 26 min in bed; 42 sleep = 21 min, all of the
    // sleep period (WASO and no data inside 0). 26 − 21 = 5 min for wake outside 2 (4 epochs) and no data
    // 2.5: floors 4, the missing minute to no data outside: 2 and 3.
    const m = nightReport([...fill(3, W), ...fill(41, L), D, ...fill(5, U), W], []).shown;
    assert.deepEqual([m.timeInBed, m.totalSleep, m.waso, m.wakeOutsideSleepPeriod, m.noDataInSleepPeriod, m.noDataOutsideSleepPeriod, m.sleepPeriod], [26, 21, 0, 2, 0, 3, 21]);
  });

  it("a night without sleep is all wake and no data outside a sleep period of 0", () => {
    const m = minutesShown(nightStatistics([W, W, U, W]));
    assert.deepEqual([m.timeInBed, m.totalSleep, m.sleepPeriod, m.wake, m.noData], [2, 0, 0, 2, 0]);
  });

  it("on any night: the parts add up to the time in bed shown, and no figure contradicts another", () => {
    fc.assert(
      fc.property(nights, (stages) => {
        const r = nightReport(stages, []);
        const m = r.shown;
        const parts = [m.totalSleep, m.waso, m.wakeOutsideSleepPeriod, m.noDataInSleepPeriod, m.noDataOutsideSleepPeriod];
        assert.ok(parts.every((p) => p >= 0), "no negative part");
        assert.equal(parts.reduce((a, b) => a + b, 0), m.timeInBed, "the parts add up to the time in bed shown");
        assert.equal(duration(m.timeInBed * 60), duration(r.timeInBedSeconds), "time in bed as it always showed");
        assert.equal(m.totalSleep, r.totalSleepMinutes, "total sleep keeps its minutes");
        assert.equal(m.totalSleep + m.waso + m.noDataInSleepPeriod, m.sleepPeriod, "TST + WASO + no data inside = sleep period");
        assert.ok(m.waso <= m.wake, "WASO is part of the Wake row");
        assert.equal(m.wake + m.noData + m.totalSleep, m.timeInBed, "the stage table's Total sleep, Wake and No data rows add up");
        assert.ok(m.longestAwakening <= m.waso, "the longest awakening is part of WASO");
        assert.equal(duration(m.sleepPeriod * 60), duration(r.sleepPeriodSeconds), "the sleep period as it always showed");
        // Each part is its exact value's floor or ceiling; a sum of two parts is within a minute.
        const noDataIn = r.sleepPeriodSeconds - r.totalSleepSeconds - r.wasoSeconds;
        const within = (shown: number, seconds: number, most: number) => assert.ok(Math.abs(shown - seconds / 60) <= most, `${shown} min for ${seconds} s`);
        within(m.waso, r.wasoSeconds, 0.5);
        within(m.noDataInSleepPeriod, noDataIn, 0.5);
        within(m.wakeOutsideSleepPeriod, r.stageSeconds.wake - r.wasoSeconds, 0.5);
        within(m.noDataOutsideSleepPeriod, r.stageSeconds.unknown - noDataIn, 0.5);
        within(m.wake, r.stageSeconds.wake, 1);
        within(m.noData, r.stageSeconds.unknown, 1);
      }),
      { numRuns: 2000 },
    );
  });
});
