import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyInference, firstEpochOf, mergeInferences, NO_SOURCE, type PlacedInference } from "./timeline";

const U = -1;

function inference(seq: number, sleepStages: number[], snoringStages: number[] = []): PlacedInference {
  return { inferenceSeqNum: seq, firstEpoch: firstEpochOf(seq, sleepStages.length), sleepStages, snoringStages };
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe("firstEpochOf", () => {
  it("right-aligns a 10-value inference on its 5-minute block", () => {
    assert.equal(firstEpochOf(0, 10), 0);
    assert.equal(firstEpochOf(3, 10), 30);
  });
  it("puts a 5-value inference in the second half of its block", () => {
    assert.equal(firstEpochOf(12, 5), 125);
  });
  it("starts a growing whole-night window at epoch 0", () => {
    assert.equal(firstEpochOf(2, 30), 0);
    assert.equal(firstEpochOf(2, 45), 0);
  });
  it("places an overlapping 20-value window over the previous block too", () => {
    assert.equal(firstEpochOf(4, 20), 30);
  });
});

describe("applyInference", () => {
  it("fills gaps before an inference with Unknown, not with shifted values", () => {
    const t = applyInference({ sleepStages: [], snoringStages: [], sourceSeq: [] }, inference(1, [1, 1, 2, 2, 2]));
    assert.deepEqual(t.sleepStages, [U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, 1, 1, 2, 2, 2]);
    assert.equal(t.sleepStages.length, 20);
    assert.deepEqual(t.sourceSeq.slice(0, 15), Array(15).fill(NO_SOURCE));
  });

  it("lets a later inference revise the epochs it covers", () => {
    const first = mergeInferences([inference(0, Array(10).fill(0)), inference(1, Array(10).fill(1))]);
    const revised = applyInference(first, inference(2, [...Array(10).fill(2), ...Array(15).fill(3)]));
    // seq 2 with 25 values covers epochs 5..29: it wins over seq 0 and 1 there.
    assert.deepEqual(revised.sleepStages.slice(0, 5), [0, 0, 0, 0, 0]);
    assert.deepEqual(revised.sleepStages.slice(5, 15), Array(10).fill(2));
    assert.deepEqual(revised.sleepStages.slice(15), Array(15).fill(3));
    assert.equal(revised.sleepStages.length, 30);
  });

  it("never lets an earlier inference overwrite a later one", () => {
    const later = applyInference({ sleepStages: [], snoringStages: [], sourceSeq: [] }, inference(2, Array(30).fill(3)));
    const t = applyInference(later, inference(1, Array(10).fill(0)));
    assert.deepEqual(t.sleepStages, Array(30).fill(3));
  });

  it("is idempotent: the same inference twice changes nothing", () => {
    const once = mergeInferences([inference(0, [0, 1, 1, 2, 2, 2, 1, 1, 3, 3], [0, 0, 0, 1, 1, 0, 0, 0, 0, 0])]);
    const twice = applyInference(once, inference(0, [0, 1, 1, 2, 2, 2, 1, 1, 3, 3], [0, 0, 0, 1, 1, 0, 0, 0, 0, 0]));
    assert.deepEqual(twice, once);
  });

  it("keeps snoring aligned with sleep stages and Unknown where a payload had none", () => {
    const t = mergeInferences([inference(0, Array(10).fill(1), Array(10).fill(1)), inference(1, Array(10).fill(2))]);
    assert.deepEqual(t.snoringStages, [...Array(10).fill(1), ...Array(10).fill(U)]);
  });
});

describe("mergeInferences: every arrival order gives the same night", () => {
  const shapes: Record<string, PlacedInference[]> = {
    "10 values per block": [
      inference(0, [0, 0, 0, 1, 1, 1, 1, 1, 2, 2], [0, 0, 0, 0, 0, 0, 0, 1, 1, 0]),
      inference(1, [2, 2, 2, 2, 1, 1, 3, 3, 3, 0], [1, 1, 0, 0, 0, 0, 0, 0, 0, 0]),
      inference(2, [1, 1, 1, 2, 2, 2, 2, 1, 3, 3], [0, 0, 0, 0, 1, 1, 1, 0, 0, 0]),
      inference(3, [3, 3, 0, U, 1, 1, 2, 2, 2, 1], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
    ],
    "5 values per block": [inference(0, [0, 0, 1, 1, 1]), inference(1, [1, 2, 2, 2, 2]), inference(2, [2, 1, 1, 3, 3]), inference(3, [3, 0, 1, 1, 2])],
    "growing overlapping windows that revise": [
      inference(0, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]),
      inference(1, [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1]),
      inference(2, [...Array(20).fill(1), ...Array(10).fill(3)]),
      inference(3, [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
    ],
  };

  for (const [name, night] of Object.entries(shapes)) {
    it(`${name}: all ${permutations(night).length} orders, with re-deliveries, agree`, () => {
      const reference = mergeInferences(night);
      for (const order of permutations(night)) {
        assert.deepEqual(mergeInferences(order), reference);
        // A re-delivery of any inference, at any point, changes nothing either.
        assert.deepEqual(mergeInferences([...order, order[1]!, order[0]!]), reference);
      }
    });
  }

  it("reference night for 10-value blocks is the blocks laid end to end", () => {
    const night = shapes["10 values per block"]!;
    const t = mergeInferences(night);
    assert.deepEqual(t.sleepStages, night.flatMap((i) => [...i.sleepStages]));
    assert.deepEqual(t.snoringStages, night.flatMap((i) => [...i.snoringStages]));
    assert.equal(t.sleepStages.length, 40);
  });

  it("overlapping windows never shift or duplicate epochs", () => {
    const t = mergeInferences(shapes["growing overlapping windows that revise"]!);
    assert.equal(t.sleepStages.length, 40);
    // seq 3 (20 values, epochs 20..39) wins over seq 2's REM tail at 20..29.
    assert.deepEqual(t.sleepStages, [...Array(20).fill(1), ...Array(10).fill(2), ...Array(10).fill(0)]);
  });
});
