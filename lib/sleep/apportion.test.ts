import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { apportion, wholePercents } from "./apportion";
import { nightReport } from "./report";
import { nightStatistics } from "./statistics";

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe("apportion (largest remainder)", () => {
  it("gives the missing units to the largest remainders", () => {
    // 10.5 + 3.5 + 2 = 16: floors 10 + 3 + 2 = 15, one unit short; the tie at .5 goes to the larger value.
    assert.deepEqual(apportion([10.5, 3.5, 2], 16), [11, 3, 2]);
    // 65.625 + 21.875 + 12.5 = 100: floors 98; .875 then .625 get the two units.
    assert.deepEqual(apportion([65.625, 21.875, 12.5], 100), [66, 22, 12]);
  });

  it("equal thirds of 100: 34 + 33 + 33, the first taking the unit", () => {
    assert.deepEqual(wholePercents([1, 1, 1]), [34, 33, 33]);
  });

  it("equal remainders tie exactly, not by floating-point noise: 25, 7 and 4 of 36", () => {
    // 2500 / 36 = 69 r 16, 700 / 36 = 19 r 16, 400 / 36 = 11 r 4: floors 99, the tie at 16 goes to the
    // larger count (25): 70 + 19 + 11. Rounded each on its own these show 69 + 19 + 11 = 99.
    assert.deepEqual(wholePercents([25, 7, 4]), [70, 19, 11]);
  });

  it("no shares of nothing", () => {
    assert.equal(wholePercents([0, 0, 0]), null);
  });

  it("takes units back from the smallest remainders if the floors exceed the total", () => {
    assert.deepEqual(apportion([2.1, 2.9], 4), [2, 2]);
  });

  it("refuses a fractional or negative total", () => {
    assert.throws(() => apportion([1], 1.5), RangeError);
    assert.throws(() => apportion([-1], 0), RangeError);
  });

  it("property: any values and a total near their sum give whole parts, each within 1 of its value, summing to the total", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 8 }), (values) => {
        const total = Math.round(sum(values));
        const parts = apportion(values, total);
        assert.equal(sum(parts), total);
        parts.forEach((p, i) => {
          assert.ok(Number.isInteger(p));
          assert.ok(Math.abs(p - values[i]!) < 1 + 1e-9, `${p} vs ${values[i]}`);
        });
      }),
    );
  });
});

const stage = fc.constantFrom(-1, 0, 1, 2, 3);
// Nights up to 12 h, with long runs as real nights have (so deep and REM blocks, and no-data gaps of 10).
const night = fc.array(fc.tuple(stage, fc.integer({ min: 1, max: 60 })), { maxLength: 60 }).map((runs) => runs.flatMap(([s, n]) => Array<number>(n).fill(s)));

describe("stage minutes and shares add up, on any night", () => {
  it("property: stage minutes sum to the total sleep minutes shown, and shares to 100", () => {
    fc.assert(
      fc.property(night, (stages) => {
        const r = nightReport(stages, []);
        // The total shown is the total sleep rounded once, half up.
        assert.equal(r.totalSleepMinutes, Math.round(r.totalSleepSeconds / 60));
        assert.equal(sum(r.stageShares.map((s) => s.minutes)), r.totalSleepMinutes);
        for (const s of r.stageShares) assert.ok(Math.abs(s.minutes - s.seconds / 60) < 1, `${s.stage}: ${s.minutes} min for ${s.seconds} s`);
        if (r.totalSleepSeconds === 0) {
          assert.ok(r.stageShares.every((s) => s.percent === null));
        } else {
          assert.equal(sum(r.stageShares.map((s) => s.percent!)), 100);
          for (const s of r.stageShares) assert.ok(Math.abs(s.percent! - (100 * s.seconds) / r.totalSleepSeconds) < 1);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("property: no-data epochs never start, end or lengthen an awakening (removing them changes nothing)", () => {
    fc.assert(
      fc.property(night, (stages) => {
        const withGaps = nightStatistics(stages);
        const without = nightStatistics(stages.filter((s) => s !== -1));
        assert.equal(withGaps.wasoCount, without.wasoCount);
        assert.equal(withGaps.wasoSeconds, without.wasoSeconds);
        assert.equal(withGaps.longestWasoSeconds, without.longestWasoSeconds);
      }),
      { numRuns: 500 },
    );
  });
});
