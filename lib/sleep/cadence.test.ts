import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_CADENCE_MS, expectedIntervalMs, isStale, usualCadenceMs } from "./cadence";

const MIN = 60 * 1000;
const at = (...minutes: number[]) => minutes.map((m) => m * MIN);

describe("a night's usual cadence", () => {
  it("is the median interval between arrivals, in whatever order they are listed", () => {
    assert.equal(usualCadenceMs(at(0, 5, 10, 15)), 5 * MIN);
    assert.equal(usualCadenceMs(at(15, 0, 10, 5)), 5 * MIN);
    assert.equal(usualCadenceMs(at(0, 2, 4, 6, 8)), 2 * MIN);
  });

  it("ignores one long outage and a burst of retries", () => {
    // 5-minute rhythm, a 40-minute hole, then two deliveries almost at once.
    assert.equal(usualCadenceMs(at(0, 5, 10, 50, 50.1, 55, 60)), 5 * MIN);
  });

  it("averages the two middle intervals when their count is even", () => {
    assert.equal(usualCadenceMs(at(0, 4, 10)), 5 * MIN);
  });

  it("falls back to Asleep's 5 minutes with fewer than two intervals", () => {
    assert.equal(usualCadenceMs([]), DEFAULT_CADENCE_MS);
    assert.equal(usualCadenceMs(at(3)), DEFAULT_CADENCE_MS);
    assert.equal(usualCadenceMs(at(0, 1)), DEFAULT_CADENCE_MS);
  });

  it("is kept between 1 and 40 minutes (Asleep's longest documented increment) by default, or within the bounds given", () => {
    assert.equal(usualCadenceMs([0, 100, 200, 300]), MIN);
    assert.equal(usualCadenceMs(at(0, 40, 80, 120)), 40 * MIN);
    assert.equal(usualCadenceMs(at(0, 60, 120, 180)), 40 * MIN);
    assert.equal(usualCadenceMs([0, 100, 200, 300], { minMs: 50, maxMs: 1000 }), 100);
    assert.equal(usualCadenceMs([], { minMs: 50, maxMs: 1000 }), 1000);
  });
});

describe("Asleep's real cadences (first analysis after 20 minutes, then every 5 to 40)", () => {
  // [inference_seq_num, values]: the last block an analysis covers and how many epochs it carries.
  const analyses = (...list: Array<[number, number]>) => list.map(([inferenceSeqNum, epochs]) => ({ inferenceSeqNum, epochs }));

  it("the payloads announce the interval before the arrivals can: 40 values is 20 minutes, 80 is 40, seq steps of 4 are 20 minutes", () => {
    assert.equal(expectedIntervalMs([]), 5 * MIN);
    assert.equal(expectedIntervalMs(analyses([0, 10])), 5 * MIN);
    assert.equal(expectedIntervalMs(analyses([3, 40])), 20 * MIN);
    assert.equal(expectedIntervalMs(analyses([7, 80])), 40 * MIN);
    assert.equal(expectedIntervalMs(analyses([3, 40], [7, 40])), 20 * MIN);
    // A sliding 20-minute window sent every 5 minutes: 40 values, but one block apart.
    assert.equal(expectedIntervalMs(analyses([3, 40], [4, 40])), 5 * MIN);
  });

  for (const [every, values] of [[20, 40], [40, 80], [20, 80], [5, 10]] as const) {
    it(`analyses every ${every} minutes carrying ${values} values: never stale between two of them, stale after two missed`, () => {
      // The first analysis after 20 minutes of sound (or after its first 40-minute frame), then one every `every`.
      const firstAt = Math.max(20, every);
      const arrivals: number[] = [];
      const shapes: Array<{ inferenceSeqNum: number; epochs: number }> = [];
      for (let k = 0; k < 5; k++) {
        const t = (firstAt + k * every) * MIN;
        arrivals.push(t);
        shapes.push({ inferenceSeqNum: t / (5 * MIN) - 1, epochs: values });
        const cadenceMs = usualCadenceMs(arrivals, undefined, shapes);
        const night = { state: "OPEN" as const, lastDeliveryAt: t, cadenceMs };
        // Just before the next analysis is due, and a little after: calm.
        assert.equal(isStale(night, t + every * MIN + MIN), false, `after analysis ${k + 1}, waiting for the next`);
        // Once two analyses show the step (one alone may overstate it: 80 values sent every 20 minutes).
        if (k >= 1) assert.equal(isStale(night, t + 2 * every * MIN + 2 * MIN), true, `after analysis ${k + 1}, two missed`);
      }
    });
  }

  it("a night with no analysis yet (the first 20 minutes) is never stale", () => {
    assert.equal(isStale({ state: "OPEN", lastDeliveryAt: null, cadenceMs: usualCadenceMs([]) }, 19 * MIN), false);
  });
});

describe("a stale night", () => {
  const open = { state: "OPEN" as const, lastDeliveryAt: 0, cadenceMs: 5 * MIN };

  it("is an open night silent for more than twice its cadence", () => {
    assert.equal(isStale(open, 10 * MIN), false);
    assert.equal(isStale(open, 10 * MIN + 1), true);
    assert.equal(isStale({ ...open, cadenceMs: 2 * MIN }, 5 * MIN), true);
  });

  it("is never a complete night, nor an open night that has had no analysis yet", () => {
    assert.equal(isStale({ ...open, state: "COMPLETE" }, 60 * MIN), false);
    assert.equal(isStale({ ...open, lastDeliveryAt: null }, 60 * MIN), false);
  });
});
