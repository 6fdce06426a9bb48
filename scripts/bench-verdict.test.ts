// The bench's verdicts: rates as shares of the no-op route's rate, and the two open-loop targets.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cpuVerdict, offeredRates, openLoopVerdict } from "./bench-verdict";

describe("bench verdicts", () => {
  it("reads rates per second or as shares of the same run's no-op rate", () => {
    assert.deepEqual(offeredRates(["10%", "30%", "50%", "250"], 1000), [100, 300, 500, 250]);
  });

  it("holds only when every rate up to the share has p99 under the bound and nothing failed", () => {
    const open = [
      { rate: 100, p99: 20, failed: 0 },
      { rate: 300, p99: 45, failed: 0 },
      { rate: 500, p99: 90, failed: 0 },
    ];
    assert.equal(openLoopVerdict(open, 1000, 0.3, 50).holds, true);
    assert.equal(openLoopVerdict(open, 1000, 0.5, 100).holds, true);
    assert.equal(openLoopVerdict(open, 1000, 0.5, 50).holds, false, "500/s is within 50 % and its p99 is 90 ms");
    assert.match(openLoopVerdict(open, 1000, 0.5, 50).text, /MISSED at 500\/s/);
    assert.equal(openLoopVerdict([{ rate: 100, p99: 10, failed: 1 }], 1000, 0.3, 50).holds, false, "a failed delivery misses");
    assert.equal(openLoopVerdict([{ rate: 100, p99: NaN, failed: 0 }], 1000, 0.3, 50).holds, false, "nothing answered misses");
    assert.equal(openLoopVerdict([{ rate: 900, p99: 10, failed: 0 }], 1000, 0.3, 50).holds, null, "no rate in range: no verdict");
  });

  it("CPU per delivery within 1.5 × the no-op route's", () => {
    assert.match(cpuVerdict(0.9, 0.66, 1.5), /HOLDS/);
    assert.match(cpuVerdict(1.2, 0.66, 1.5), /MISSED/);
  });
});
