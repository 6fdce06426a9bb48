import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { newNight, receiveInference, receiveSessionComplete, type FinalNight, type Night } from "./night";
import { firstEpochOf, type PlacedInference } from "./timeline";
import { stagePlanOf } from "./plan";
import { nightReport } from "./report";

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

  for (const [label, final] of [
    ["absent", null],
    ["an empty list", { sleepStages: [], snoringStages: [] }],
  ] as const) {
    it(`SESSION_COMPLETE without a timeline (${label}) closes the night on every inference, in every order, late ones included`, () => {
      const inferences = shortNight.slice(0, 3);
      const merged = replay(inferences).timeline;
      for (const order of permutations([...inferences, { kind: "complete", final } as Delivery])) {
        const night = replay(order);
        assert.equal(night.state, "COMPLETE");
        assert.equal(night.timelineFinal, false);
        assert.deepEqual(night.timeline, merged, "no inference is lost to a stat-only SESSION_COMPLETE");
      }
    });
  }

  it("an inference after a stat-only SESSION_COMPLETE is applied; after one with a timeline it is not", () => {
    const statOnly = replay([shortNight[0]!, { kind: "complete", final: { sleepStages: [], snoringStages: [] } }]);
    assert.equal(statOnly.timeline.sleepStages.length, 10);
    const late = receiveInference(statOnly, (shortNight[1] as { inference: PlacedInference }).inference);
    assert.equal(late.applied, true);
    assert.equal(late.night.timeline.sleepStages.length, 20);
    assert.equal(late.night.state, "COMPLETE");

    const withTimeline = replay([shortNight[0]!, shortNight[3]!]);
    assert.equal(receiveInference(withTimeline, (shortNight[1] as { inference: PlacedInference }).inference).applied, false);
  });

  it("property: any order of one night's deliveries, with duplicates, gives the same night", () => {
    // Inferences of varying window sizes (5 values, 10 values, or a growing window from the start),
    // some revising epochs an earlier block set, and a SESSION_COMPLETE with or without a timeline.
    const inferenceArb = fc.record({
      seq: fc.integer({ min: 0, max: 11 }),
      kind: fc.constantFrom("half", "block", "growing"),
      stages: fc.array(fc.integer({ min: -1, max: 3 }), { minLength: 120, maxLength: 120 }),
    });
    const nightArb = fc.record({
      inferences: fc.uniqueArray(inferenceArb, { minLength: 1, maxLength: 8, selector: (i) => i.seq }),
      final: fc.option(fc.array(fc.integer({ min: -1, max: 3 }), { minLength: 0, maxLength: 130 }), { nil: null }),
      duplicates: fc.array(fc.nat(), { maxLength: 4 }),
      order: fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
    });
    fc.assert(
      fc.property(nightArb, ({ inferences, final, duplicates, order }) => {
        const deliveries: Delivery[] = inferences.map(({ seq, kind, stages }) => {
          const count = kind === "half" ? 5 : kind === "block" ? 10 : (seq + 1) * 10;
          return inference(seq, stages.slice(0, count));
        });
        deliveries.push({ kind: "complete", final: final && { sleepStages: final, snoringStages: [] } });
        const withDuplicates = [...deliveries, ...duplicates.map((d) => deliveries[d % deliveries.length]!)];
        const keys = order.take(withDuplicates.length);
        const shuffled = withDuplicates.map((d) => ({ d, k: keys.next().value as number })).sort((a, b) => a.k - b.k).map(({ d }) => d);
        // SESSION_COMPLETE is stored once (a second one is a duplicate): replay keeps only its first.
        const once = (list: Delivery[]) => list.filter((d, i) => d.kind !== "complete" || list.findIndex((e) => e.kind === "complete") === i);
        const reference = replay(once(deliveries));
        const night = replay(once(shuffled));
        assert.deepEqual(night.timeline, reference.timeline);
        assert.equal(night.state, "COMPLETE");
        assert.equal(night.lastInferenceSeqNum, reference.lastInferenceSeqNum);
        if (final && final.length > 0) assert.deepEqual(night.timeline.sleepStages, final);
      }),
      { numRuns: 300 },
    );
  });

  it("while OPEN, the night grows with each inference", () => {
    const open = replay(shortNight.slice(0, 2));
    assert.equal(open.state, "OPEN");
    assert.equal(open.timeline.sleepStages.length, 20);
    assert.equal(open.lastInferenceSeqNum, 1);
  });
});

describe("a 2-stage night (Asleep's basic plan), in every arrival order", () => {
  it("property: any order, with duplicates, gives the same night, known as 2-stage at every step, with no stage figures", () => {
    // Stages only -1 / 0 Wake / 1 Sleep; the report has no light, deep or REM field (or there is none yet).
    const twoStageValues = fc.array(fc.integer({ min: -1, max: 1 }), { minLength: 120, maxLength: 120 });
    const nightArb = fc.record({
      inferences: fc.uniqueArray(fc.record({ seq: fc.integer({ min: 0, max: 11 }), big: fc.boolean(), stages: twoStageValues }), { minLength: 1, maxLength: 8, selector: (i) => i.seq }),
      final: fc.option(fc.array(fc.integer({ min: -1, max: 1 }), { minLength: 0, maxLength: 130 }), { nil: null }),
      stat: fc.constantFrom<Record<string, unknown> | null>(null, {}, { time_in_bed: 3600, time_in_sleep: 3000, sleep_efficiency: 0.83 }),
      duplicates: fc.array(fc.nat(), { maxLength: 4 }),
      order: fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
    });
    fc.assert(
      fc.property(nightArb, ({ inferences, final, stat, duplicates, order }) => {
        // 40 values (20-minute blocks on the basic plan's slower cadence) or one 5-minute block.
        const deliveries: Delivery[] = inferences.map(({ seq, big, stages }) => inference(seq, stages.slice(0, big ? 40 : 10)));
        deliveries.push({ kind: "complete", final: final && { sleepStages: final, snoringStages: [] } });
        const withDuplicates = [...deliveries, ...duplicates.map((d) => deliveries[d % deliveries.length]!)];
        const keys = order.take(withDuplicates.length);
        const shuffled = withDuplicates.map((d) => ({ d, k: keys.next().value as number })).sort((a, b) => a.k - b.k).map(({ d }) => d);
        const once = (list: Delivery[]) => list.filter((d, i) => d.kind !== "complete" || list.findIndex((e) => e.kind === "complete") === i);
        // The clinic says 2-stage for live nights; the report (when it has fields) says so too.
        const planAt = (night: Night, completed: boolean) => stagePlanOf({ sleepStages: night.timeline.sleepStages, stat: completed ? stat : null, configured: "2-stage" });
        const sequence = once(shuffled);
        let night = newNight();
        let completed = false;
        for (const d of sequence) {
          night = d.kind === "inference" ? receiveInference(night, d.inference).night : receiveSessionComplete(night, d.final);
          completed ||= d.kind === "complete";
          assert.equal(planAt(night, completed), "2-stage");
        }
        const reference = replay(once(deliveries));
        assert.deepEqual(night.timeline, reference.timeline);
        const report = nightReport(night.timeline.sleepStages, night.timeline.snoringStages, planAt(night, true));
        assert.deepEqual(report, nightReport(reference.timeline.sleepStages, reference.timeline.snoringStages, "2-stage"));
        assert.deepEqual(report.stageShares, []);
        assert.equal(report.remLatencySeconds, null);
        assert.deepEqual(report.cycles, []);
      }),
      { numRuns: 300 },
    );
  });
});
