import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseStagePlan, stagePlanOf, stagePlanOfStat } from "./plan";

const fourStat = { time_in_bed: 28800, time_in_sleep: 25000, time_in_light: 14000, time_in_deep: 5000, time_in_rem: 6000, sleep_efficiency: 0.87 };
const twoStat = { time_in_bed: 28800, time_in_sleep: 25000, time_in_wake: 3800, sleep_efficiency: 0.87, sleep_index: 81 };

describe("stagePlanOf", () => {
  it("reads a report without light, deep or REM fields as a 2-stage night", () => {
    assert.equal(stagePlanOf({ sleepStages: [0, 1, 1, 0], stat: twoStat, configured: "4-stage" }), "2-stage");
  });

  it("reads a report with time in light, deep and REM as a 4-stage night", () => {
    assert.equal(stagePlanOf({ sleepStages: [0, 1, 1, 0], stat: fourStat, configured: "2-stage" }), "4-stage");
  });

  it("knows a night with any Deep or REM epoch is 4-stage, whatever the setting or report says", () => {
    assert.equal(stagePlanOf({ sleepStages: [0, 1, 3], stat: null, configured: "2-stage" }), "4-stage");
    assert.equal(stagePlanOf({ sleepStages: [0, 2], stat: twoStat, configured: "2-stage" }), "4-stage");
  });

  it("falls back to the clinic's setting while there is no report (a live night) or an empty one", () => {
    assert.equal(stagePlanOf({ sleepStages: [0, 1, 1], stat: null, configured: "2-stage" }), "2-stage");
    assert.equal(stagePlanOf({ sleepStages: [0, 1, 1], configured: "4-stage" }), "4-stage");
    assert.equal(stagePlanOf({ sleepStages: [0, 1], stat: {}, configured: "2-stage" }), "2-stage");
    assert.equal(stagePlanOfStat({}), null);
  });

  it("counts a field sent as null as absent", () => {
    assert.equal(stagePlanOfStat({ ...twoStat, time_in_rem: null, time_in_deep: null }), "2-stage");
  });
});

describe("parseStagePlan", () => {
  it("reads 2 and 4 (and their long forms) and refuses anything else", () => {
    assert.equal(parseStagePlan("2"), "2-stage");
    assert.equal(parseStagePlan(" 4-Stage "), "4-stage");
    assert.equal(parseStagePlan("3"), null);
  });
});
