import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { boardStageKey, boardStageName } from "./stage";

describe("the board's current stage", () => {
  it("a 1 is 'Sleep' on a 2-stage night (the clinic's setting, before any report), 'Light' on a 4-stage one", () => {
    assert.equal(boardStageName({ sleepStages: [0, 0, 1, 1], stagePlanSetting: "2-stage" }), "Sleep");
    assert.equal(boardStageName({ sleepStages: [0, 0, 1, 1], stagePlanSetting: "4-stage" }), "Light");
  });
  it("an epoch scored Deep or REM proves four stages whatever the setting", () => {
    assert.equal(boardStageName({ sleepStages: [0, 2, 1, 1], stagePlanSetting: "2-stage" }), "Light");
    assert.equal(boardStageName({ sleepStages: [0, 1, 3], stagePlanSetting: "2-stage" }), "REM");
  });
  it("the latest known stage, past a gap; none when no epoch is known", () => {
    assert.equal(boardStageName({ sleepStages: [0, -1, -1], stagePlanSetting: "2-stage" }), "Wake");
    assert.equal(boardStageName({ sleepStages: [-1, -1], stagePlanSetting: "2-stage" }), null);
    assert.equal(boardStageName({ sleepStages: [], stagePlanSetting: "4-stage" }), null);
  });
});

describe("the board's current stage as a key of the Sleep.stage messages", () => {
  it("names the same stage as boardStageName", () => {
    assert.equal(boardStageKey({ sleepStages: [0, 0, 1, 1], stagePlanSetting: "2-stage" }), "sleep");
    assert.equal(boardStageKey({ sleepStages: [0, 0, 1, 1], stagePlanSetting: "4-stage" }), "light");
    assert.equal(boardStageKey({ sleepStages: [0, 1, 3], stagePlanSetting: "2-stage" }), "rem");
    assert.equal(boardStageKey({ sleepStages: [0, -1, -1], stagePlanSetting: "2-stage" }), "wake");
    assert.equal(boardStageKey({ sleepStages: [-1, -1], stagePlanSetting: "2-stage" }), null);
  });
});
