import assert from "node:assert/strict";
import { it } from "node:test";
import { nightCsv } from "./csv";

it("writes one row per epoch with clock time, stage name and snoring", () => {
  const csv = nightCsv({ startTime: "2026-11-21T22:00:00.000Z", sleepStages: [0, 1, 3, -1], snoringStages: [0, 1, 0, -1] });
  assert.deepEqual(csv.trimEnd().split("\r\n"), [
    "epoch,time,stage,stage_value,snoring",
    "0,2026-11-21T22:00:00.000Z,Wake,0,no",
    "1,2026-11-21T22:00:30.000Z,Light,1,yes",
    "2,2026-11-21T22:01:00.000Z,REM,3,no",
    "3,2026-11-21T22:01:30.000Z,Unknown,-1,",
  ]);
});

it("leaves time empty when the night's start is not known", () => {
  assert.equal(nightCsv({ startTime: null, sleepStages: [2], snoringStages: [] }).split("\r\n")[1], "0,,Deep,2,");
});
