import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newNight, receiveInference, receiveSessionComplete, type FinalNight, type Night } from "./night";
import { firstEpochOf, type PlacedInference } from "./timeline";

type Delivery = { kind: "inference"; inference: PlacedInference } | { kind: "complete"; final: FinalNight | null };

function inference(seq: number, sleepStages: number[]): Delivery {
  return {
    kind: "inference",
    inference: { inferenceSeqNum: seq, firstEpoch: firstEpochOf(seq, sleepStages.length), sleepStages, snoringStages: [] },
  };
}

function replay(deliveries: readonly Delivery[]): Night {
  let night = newNight();
  for (const d of deliveries) {
    night = d.kind === "inference" ? receiveInference(night, d.inference).night : receiveSessionComplete(night, d.final);
  }
  return night;
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

const finalStages = [0, 0, 1, 1, 2, 2, 2, 3, 3, 1, 1, 1, 2, 2, 3, 3, 3, 0, 1, 1];
const shortNight: Delivery[] = [
  inference(0, [0, 0, 1, 1, 2, 2, 2, 2, 2, 1]),
  inference(1, [1, 1, 2, 2, 3, 3, 3, 0, 1, 1]),
  inference(2, [3, 3, 3, 3, 3, 3, 3, 3, 3, 3]),
  { kind: "complete", final: { sleepStages: finalStages, snoringStages: finalStages.map(() => 0) } },
];

describe("a night, in every arrival order", () => {
  it(`all ${permutations(shortNight).length} orders of three inferences and SESSION_COMPLETE end in the same final night`, () => {
    for (const order of permutations(shortNight)) {
      const night = replay(order);
      assert.equal(night.state, "COMPLETE");
      assert.deepEqual(night.timeline.sleepStages, finalStages);
      assert.equal(night.lastInferenceSeqNum, 2);
    }
  });

  it("a late INFERENCE_COMPLETE after SESSION_COMPLETE is not applied and changes nothing", () => {
    const complete = replay(shortNight);
    const { night, applied } = receiveInference(complete, (inference(5, Array(10).fill(3)) as { inference: PlacedInference }).inference);
    assert.equal(applied, false);
    assert.deepEqual(night.timeline, complete.timeline);
    assert.equal(night.state, "COMPLETE");
    assert.equal(night.lastInferenceSeqNum, 5);
  });

  it("SESSION_COMPLETE without a timeline closes the night on the inferences merged so far", () => {
    const deliveries: Delivery[] = [...shortNight.slice(0, 3), { kind: "complete", final: null }];
    const merged = replay(shortNight.slice(0, 3)).timeline;
    // Without a final timeline, an inference that comes after SESSION_COMPLETE is still not applied,
    // so only orders where SESSION_COMPLETE is last see every inference.
    const last = replay(deliveries);
    assert.equal(last.state, "COMPLETE");
    assert.deepEqual(last.timeline, merged);
  });

  it("while OPEN, the night grows with each inference", () => {
    const open = replay(shortNight.slice(0, 2));
    assert.equal(open.state, "OPEN");
    assert.equal(open.timeline.sleepStages.length, 20);
    assert.equal(open.lastInferenceSeqNum, 1);
  });
});
