import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readFileSync } from "node:fs";
import path from "node:path";
import { hypnogramPoints, hypnogramRows, liveSummary, runs, stageLevel, stageName, stageRowLabel, stageWord } from "./hypnogram";
import { TYPICAL_STAGE_PERCENT } from "./report";

describe("hypnogram", () => {
  it("orders rows as sleep labs draw them: Wake above REM above Light above Deep; unknown is a gap", () => {
    assert.ok(stageLevel(0)! > stageLevel(3)!);
    assert.ok(stageLevel(3)! > stageLevel(1)!);
    assert.ok(stageLevel(1)! > stageLevel(2)!);
    assert.equal(stageLevel(-1), null);
  });

  it("puts each epoch at its clock time, 30 s apart, and closes the last step", () => {
    const points = hypnogramPoints(1_000_000, [0, 3, -1]);
    assert.deepEqual(points.map((p) => p.time), [1_000_000, 1_030_000, 1_060_000, 1_090_000]);
    assert.deepEqual(points.map((p) => p.remLevel), [null, stageLevel(3), null, null]);
    assert.equal(points[2]!.level, null);
  });

  it("finds runs of equal values", () => {
    assert.deepEqual(runs([1, 1, -1, -1, -1, 2]), [
      { startEpoch: 0, endEpoch: 2, value: 1 },
      { startEpoch: 2, endEpoch: 5, value: -1 },
      { startEpoch: 5, endEpoch: 6, value: 2 },
    ]);
  });

  it("summarises a night in progress: current stage skips trailing unknown epochs", () => {
    const s = liveSummary([0, 0, 1, 2, 2, 0, 1, 3, -1]);
    assert.equal(s.currentStage, 3);
    assert.equal(s.sleepOnsetEpoch, 2);
    assert.equal(s.asleepSeconds, 5 * 30);
    assert.equal(s.wasoCount, 1);
    assert.equal(s.wasoSeconds, 30);
    assert.equal(s.recordedSeconds, 9 * 30);
  });
});

describe("hypnogram of a 2-stage night", () => {
  it("has two rows, Wake above Sleep, and names 1 Sleep rather than Light", () => {
    assert.deepEqual(hypnogramRows("2-stage").map((r) => r.label), ["Wake", "Sleep"]);
    assert.ok(stageLevel(0, "2-stage")! > stageLevel(1, "2-stage")!);
    assert.equal(stageName(1, "2-stage"), "Sleep");
    assert.equal(stageName(1, "4-stage"), "Light");
    const levels = hypnogramPoints(0, [0, 1, 1, -1], "2-stage").map((p) => p.level);
    assert.deepEqual(levels, [2, 1, 1, null, null]);
  });
});

describe("stage words for the catalogues", () => {
  const english = JSON.parse(readFileSync(path.resolve(__dirname, "../i18n/messages/en/Sleep.json"), "utf8")) as { stage: Record<string, string> };
  it("name each stage, on either plan, as stageName does in English", () => {
    for (const plan of ["4-stage", "2-stage"] as const) for (const stage of [-1, 0, 1, 2, 3, 7]) assert.equal(english.stage[stageWord(stage, plan)], stageName(stage, plan));
  });
  it("name the stage table's rows as the report does", () => {
    for (const [stage, typical] of Object.entries(TYPICAL_STAGE_PERCENT)) assert.equal(stageRowLabel(stage as keyof typeof TYPICAL_STAGE_PERCENT, english.stage[stage]!), typical.label);
  });
});
