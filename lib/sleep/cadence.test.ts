import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_CADENCE_MS, isStale, usualCadenceMs } from "./cadence";

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

  it("is kept between 1 and 30 minutes by default, or within the bounds given", () => {
    assert.equal(usualCadenceMs([0, 100, 200, 300]), MIN);
    assert.equal(usualCadenceMs(at(0, 60, 120, 180)), 30 * MIN);
    assert.equal(usualCadenceMs([0, 100, 200, 300], { minMs: 50, maxMs: 1000 }), 100);
    assert.equal(usualCadenceMs([], { minMs: 50, maxMs: 1000 }), 1000);
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
