import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { translatorFor } from "@/server/i18n/translator";
import { clearFigures, compareTaggedNights, compareTags, comparisonSentence, differenceOf, differenceText, figureText, methodText, MIN_NIGHTS_EACH_SIDE, nightFigures, noClearDifferenceText, permutationP, type NightFigures } from "./tag-comparison";

/** The page's words: the English catalogue (and the Korean one where said). */
const en = translatorFor("en", "TagComparison");
const ko = translatorFor("ko", "TagComparison");

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
    const deep = alcohol!.figures.find((f) => f.key === "deep")!;
    assert.equal(deep.withMean, 50 * 60);
    assert.equal(deep.withoutMean, 65 * 60);
    assert.equal(deep.difference, -15 * 60);
    assert.equal(comparisonSentence(alcohol!, "deep", en), "with alcohol: deep sleep 15 min shorter on average (3 nights vs 4)");
    assert.equal(comparisonSentence(exercise!, "deep", en), "with exercise: deep sleep 15 min longer on average (4 nights vs 3)");
    // Three nights against four: too few to call anything clear, however large.
    assert.equal(deep.p, null);
    assert.equal(deep.clear, false);
    assert.deepEqual(clearFigures(alcohol!), []);
    assert.equal(noClearDifferenceText(alcohol!, en), "No clear difference yet (3 nights with, 4 without).");
  });

  it("the permutation p-value, by hand: 5 against 5, every 'with' night below every other", () => {
    // Pooled {1..10}; observed |mean(1..5) − mean(6..10)| = 5, the largest of all C(10,5) = 252 splits,
    // reached by exactly 2 of them (this one and its mirror): exact p = 2/252 = 0.0079.
    const p = permutationP([1, 2, 3, 4, 5], [6, 7, 8, 9, 10], 20_000);
    assert.ok(Math.abs(p - 2 / 252) < 0.003, `p = ${p}`);
    // All equal: every relabelling is as far out, p = 1.
    assert.equal(permutationP([3, 3, 3, 3, 3], [3, 3, 3, 3, 3]), 1);
    // Seeded: the same nights give the same answer every time.
    assert.equal(permutationP([1, 5, 2, 8, 3], [4, 6, 9, 7, 2]), permutationP([1, 5, 2, 8, 3], [4, 6, 9, 7, 2]));
  });

  it("shows a difference only when it is large enough and unlikely to be chance", () => {
    const night = (tags: string[], deepMinutes: number, totalMinutes: number): { tags: string[]; figures: NightFigures } => ({ tags, figures: { ...figures(deepMinutes), totalSleep: totalMinutes * 60 } });
    // Deep: 40 min every alcohol night against 70 every other: 30 min shorter, p ≈ 1/C(11,5) · 2 → clear.
    // Total sleep: alternating 420/440 on both sides, a 2-min difference: noise, not shown.
    const nights = [
      ...[420, 440, 420, 440, 420].map((t) => night(["alcohol"], 40, t)),
      ...[440, 420, 440, 420, 440, 420].map((t) => night([], 70, t)),
    ];
    const [alcohol] = compareTags(nights);
    const deep = alcohol!.figures.find((f) => f.key === "deep")!;
    assert.ok(deep.p! < 0.05);
    assert.equal(deep.clear, true);
    const total = alcohol!.figures.find((f) => f.key === "totalSleep")!;
    assert.equal(total.clear, false);
    assert.deepEqual(clearFigures(alcohol!).map((f) => f.key), ["deep"]);
    assert.equal(comparisonSentence(alcohol!, "deep", en), "with alcohol: deep sleep 30 min shorter on average (5 nights vs 6)");
  });

  it("a large difference that chance makes easily is not clear; nor is a sure one below the smallest meaningful change", () => {
    const night = (tags: string[], totalMinutes: number, efficiency: number): { tags: string[]; figures: NightFigures } => ({ tags, figures: { ...figures(60), totalSleep: totalMinutes * 60, efficiency } });
    // Total sleep 20 min shorter on average with the tag, but the nights spread over 5 hours: chance.
    // Efficiency 2 points lower every time (sure, p small) but under the 3 points that matter.
    const nights = [
      ...[300, 600, 350, 550, 400].map((t) => night(["coffee"], t, 88)),
      ...[320, 620, 370, 570, 420, 600].map((t) => night([], t, 90)),
    ];
    const [coffee] = compareTags(nights);
    const total = coffee!.figures.find((f) => f.key === "totalSleep")!;
    assert.ok(Math.abs(total.difference!) >= 15 * 60);
    assert.ok(total.p! > 0.05);
    assert.equal(total.clear, false);
    const efficiency = coffee!.figures.find((f) => f.key === "efficiency")!;
    assert.ok(efficiency.p! < 0.05);
    assert.equal(efficiency.clear, false);
    assert.deepEqual(clearFigures(coffee!), []);
    assert.equal(noClearDifferenceText(coffee!, en), "No clear difference yet (5 nights with, 6 without).");
  });

  it("needs at least 5 nights on each side", () => {
    assert.equal(MIN_NIGHTS_EACH_SIDE, 5);
    const nights = [...[1, 2, 3, 4].map(() => ({ tags: ["stress"], figures: figures(20) })), ...[1, 2, 3, 4, 5, 6, 7, 8].map(() => ({ tags: [], figures: figures(90) }))];
    const [stress] = compareTags(nights);
    assert.equal(stress!.figures.find((f) => f.key === "deep")!.clear, false);
    assert.equal(noClearDifferenceText(stress!, en), "No clear difference yet (4 nights with, 8 without).");
    // Every night tagged: nothing to compare against.
    const [all] = compareTags(nights.map((n) => ({ ...n, tags: ["CPAP on"] })));
    assert.equal(all!.withoutNights, 0);
    assert.deepEqual(clearFigures(all!), []);
  });

  it("ignores case when grouping a tag, keeping its first spelling", () => {
    const nights = [{ tags: ["Sauna"] }, { tags: ["sauna"] }, { tags: [] }].map((n) => ({ ...n, figures: figures(60) }));
    const [sauna] = compareTags(nights);
    assert.equal(sauna!.tag, "Sauna");
    assert.equal(sauna!.withNights, 2);
  });

  it("words efficiency in points and a missing side as not comparable", () => {
    assert.equal(differenceText("efficiency", -3.4, en), "3 points lower");
    assert.equal(differenceText("efficiency", 1.2, en), "1 point higher");
    assert.equal(differenceText("latency", 0.4 * 60, en), "about the same");
    assert.equal(differenceText("latency", null, en), "not comparable (no value on one side)");
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

describe("tag comparison with 2-stage nights", () => {
  it("leaves out deep and REM when no night measured them, and compares the rest", () => {
    const night = (i: number, tags: string[]) => ({ id: `n${i}`, tags, sleepStages: [0, ...Array<number>(10 + i).fill(1), 0], snoringStages: [], stagePlan: "2-stage" as const });
    const [c] = compareTaggedNights([0, 1, 2, 3, 4, 5].map((i) => night(i, i < 3 ? ["alcohol"] : [])));
    assert.deepEqual(c!.figures.map((f) => f.key), ["totalSleep", "efficiency", "latency", "waso"]);
    assert.equal(nightFigures([0, 1, 1], [], "2-stage").deep, null);
  });

  it("words the comparison in the page's language, from facts", () => {
    assert.deepEqual(differenceOf("deep", -15 * 60), { kind: "change", amount: 15, unit: "minutes", more: false });
    assert.deepEqual(differenceOf("efficiency", 1.2), { kind: "change", amount: 1, unit: "points", more: true });
    assert.deepEqual(differenceOf("latency", 20), { kind: "same" });
    assert.deepEqual(differenceOf("waso", null), { kind: "none" });
    assert.equal(differenceText("totalSleep", 20 * 60, en), "20 min longer");
    assert.equal(differenceText("efficiency", -1, en), "1 point lower");
    assert.equal(differenceText("deep", -15 * 60, ko), "15분 더 짧음");
    assert.equal(differenceText("efficiency", 3, ko), "3%p 더 높음");
    assert.equal(
      methodText(en),
      "A difference is shown only when it is at least 15 min of total sleep, 10 min of Deep, REM, sleep onset latency or WASO, or 3 points of efficiency, and a permutation test (2000 reshuffles of the nights) finds it unlikely to be chance (p < 0.05), with at least 5 nights with the tag and 5 without.",
    );
    assert.match(methodText(ko), /p < 0\.05/);
    const c = { tag: "alcohol", withNights: 1, withoutNights: 8, enough: false, figures: [{ key: "rem" as const, withMean: 3600, withoutMean: 3600, difference: 0, p: null, clear: false }] };
    assert.equal(comparisonSentence(c, "rem", en), "with alcohol: REM sleep about the same (1 night vs 8)");
    assert.equal(comparisonSentence(c, "rem", ko, "음주"), "음주 있는 밤: 렘수면 비슷함 (1밤 대 8밤)");
    assert.equal(noClearDifferenceText(c, ko), "아직 뚜렷한 차이가 없습니다(있음 1밤, 없음 8밤).");
    assert.equal(figureText("totalSleep", 27000, "ko"), "7시간 30분");
    assert.equal(figureText("efficiency", 84.6), "85%");
  });
});
