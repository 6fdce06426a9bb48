import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isNotOlder, type NightSnapshot } from "./snapshot";

const open = (sleepStages: number[], snoringStages = sleepStages.map(() => 0)): NightSnapshot => ({ state: "OPEN", sleepStages, snoringStages });
const complete = (sleepStages: number[]): NightSnapshot => ({ state: "COMPLETE", sleepStages, snoringStages: sleepStages.map(() => 0) });
const block = (stage: number) => Array<number>(10).fill(stage);

describe("ordering two snapshots of one night", () => {
  it("a resync read before the latest analysis does not take the night back", () => {
    const beforeAnalysis = open([...block(1), ...block(2)]);
    const pushedLive = open([...block(1), ...block(2), ...block(3)]);
    assert.equal(isNotOlder(beforeAnalysis, pushedLive), false);
    assert.equal(isNotOlder(pushedLive, beforeAnalysis), true);
  });

  it("an analysis that fills a gap is later than the night with the gap, though no longer", () => {
    const withGap = open([...block(1), ...block(-1), ...block(2)], [...block(0), ...block(-1), ...block(0)]);
    const filled = open([...block(1), ...block(3), ...block(2)]);
    assert.equal(isNotOlder(withGap, filled), false);
    assert.equal(isNotOlder(filled, withGap), true);
  });

  it("a block whose sleep stages are unknown still counts through its snoring", () => {
    const withGap = open([...block(1), ...block(-1), ...block(2)], [...block(0), ...block(-1), ...block(0)]);
    const filledUnknown = open([...block(1), ...block(-1), ...block(2)], [...block(0), ...block(1), ...block(0)]);
    assert.equal(isNotOlder(filledUnknown, withGap), true);
    assert.equal(isNotOlder(withGap, filledUnknown), false);
  });

  it("the complete night is later than any recorded snapshot, even a longer one", () => {
    const final = complete(block(1));
    const lateLive = open([...block(1), ...block(2)]);
    assert.equal(isNotOlder(lateLive, final), false);
    assert.equal(isNotOlder(final, lateLive), true);
  });

  it("equal snapshots are taken, so their fresher other fields are too", () => {
    assert.equal(isNotOlder(open(block(1)), open(block(1))), true);
    assert.equal(isNotOlder(complete(block(1)), complete(block(1))), true);
  });
});

describe("isNotOlder after a stat-only SESSION_COMPLETE", () => {
  it("a complete night that late inferences grew is not taken back by a resync read before them", () => {
    const closed = { state: "COMPLETE" as const, sleepStages: [1, 1, 2], snoringStages: [0, 0, 0] };
    const grown = { state: "COMPLETE" as const, sleepStages: [1, 1, 2, 3, 3], snoringStages: [0, 0, 0, 0, 0] };
    assert.equal(isNotOlder(closed, grown), false);
    assert.equal(isNotOlder(grown, closed), true);
    assert.equal(isNotOlder(grown, grown), true);
  });
});
