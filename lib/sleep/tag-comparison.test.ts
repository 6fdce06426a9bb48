import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compareTaggedNights, compareTags, comparisonSentence, differenceText, MIN_NIGHTS_EACH_SIDE, nightFigures, tooFewText, type NightFigures } from "./tag-comparison";

const W = 0, L = 1, D = 2, R = 3;
const fill = (n: number, stage: number) => Array<number>(n).fill(stage);
const figures = (deepMinutes: number): NightFigures => ({ totalSleep: 7 * 3600, deep: deepMinutes * 60, rem: 90 * 60, efficiency: 90, latency: 600, waso: 1200 });

describe("tag comparison", () => {
  it("a night's figures are its report's: total sleep, deep, REM, efficiency, latency, WASO", () => {
    // 10 min awake, 60 min light, 10 min awake, 20 min deep, 30 min REM: 110 min asleep of 130 in bed.
    const f = nightFigures([...fill(20, W), ...fill(120, L), ...fill(20, W), ...fill(40, D), ...fill(60, R)], []);
    assert.deepEqual(f, { totalSleep: 110 * 60, deep: 20 * 60, rem: 30 * 60, efficiency: (110 / 130) * 100, latency: 600, waso: 600 });
    // A night without sleep has no latency: it is left out of that mean, not counted as zero.
    assert.equal(nightFigures(fill(10, W), []).latency, null);
  });

  it("means each figure over the nights with and without a tag, with the counts", () => {
    const nights = [
      ...[50, 60, 40].map((d) => ({ tags: ["alcohol"], figures: figures(d) })),
      ...[70, 62, 65, 63].map((d) => ({ tags: ["exercise"], figures: figures(d) })),
    ];
    const [exercise, alcohol] = compareTags(nights);
    assert.equal(alcohol!.tag, "alcohol");
    assert.equal(alcohol!.withNights, 3);
    assert.equal(alcohol!.withoutNights, 4);
    assert.equal(alcohol!.enough, true);
    const deep = alcohol!.figures.find((f) => f.key === "deep")!;
    assert.equal(deep.withMean, 50 * 60);
    assert.equal(deep.withoutMean, 65 * 60);
    assert.equal(deep.difference, -15 * 60);
    assert.equal(comparisonSentence(alcohol!, "deep"), "with alcohol: deep sleep 15 min shorter on average (3 nights vs 4)");
    assert.equal(comparisonSentence(alcohol!, "totalSleep"), "with alcohol: total sleep about the same (3 nights vs 4)");
    assert.equal(comparisonSentence(exercise!, "deep"), "with exercise: deep sleep 15 min longer on average (4 nights vs 3)");
  });

  it("says plainly when either side has fewer than the threshold", () => {
    assert.equal(MIN_NIGHTS_EACH_SIDE, 3);
    const nights = [{ tags: ["stress"], figures: figures(40) }, { tags: ["stress"], figures: figures(40) }, ...[1, 2, 3, 4, 5].map(() => ({ tags: [], figures: figures(60) }))];
    const [stress] = compareTags(nights);
    assert.equal(stress!.enough, false);
    assert.equal(tooFewText(stress!), "Too few nights to tell: 2 nights with stress and 5 nights without; a comparison needs at least 3 on each side.");
    // Every night tagged: nothing to compare against.
    const [all] = compareTags(nights.map((n) => ({ ...n, tags: ["CPAP on"] })));
    assert.equal(all!.withoutNights, 0);
    assert.equal(all!.enough, false);
  });

  it("ignores case when grouping a tag, keeping its first spelling", () => {
    const nights = [{ tags: ["Sauna"] }, { tags: ["sauna"] }, { tags: [] }].map((n) => ({ ...n, figures: figures(60) }));
    const [sauna] = compareTags(nights);
    assert.equal(sauna!.tag, "Sauna");
    assert.equal(sauna!.withNights, 2);
  });

  it("words efficiency in points and a missing side as not comparable", () => {
    assert.equal(differenceText("efficiency", -3.4), "3 points lower");
    assert.equal(differenceText("efficiency", 1.2), "1 point higher");
    assert.equal(differenceText("latency", 0.4 * 60), "about the same");
    assert.equal(differenceText("latency", null), "not comparable (no value on one side)");
  });

  it("compares nights given by their stages", () => {
    const deepNight = [...fill(10, L), ...fill(20, D)];
    const lightNight = fill(30, L);
    const [c] = compareTaggedNights([
      { id: "a", tags: ["exercise"], sleepStages: deepNight, snoringStages: [] },
      { id: "b", tags: [], sleepStages: lightNight, snoringStages: [] },
    ]);
    assert.equal(c!.figures.find((f) => f.key === "deep")!.difference, 600);
  });
});
