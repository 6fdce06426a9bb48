import assert from "node:assert/strict";
import { it } from "node:test";
import { nightCsv } from "./csv";

it("writes one row per epoch with the UTC instant, the local clock time and zone, stage name and snoring", () => {
  const csv = nightCsv({ startTime: "2026-11-21T22:59:30.000Z", zone: { name: "Europe/Paris" }, sleepStages: [0, 1, 3, -1], snoringStages: [0, 1, 0, -1] });
  assert.deepEqual(csv.trimEnd().split("\r\n"), [
    "\uFEFFepoch,time,local_time,timezone,stage,stage_value,snoring",
    "0,2026-11-21T22:59:30.000Z,2026-11-21T23:59:30+01:00,Europe/Paris,Wake,0,no",
    "1,2026-11-21T23:00:00.000Z,2026-11-22T00:00:00+01:00,Europe/Paris,Light,1,yes",
    "2,2026-11-21T23:00:30.000Z,2026-11-22T00:00:30+01:00,Europe/Paris,REM,3,no",
    "3,2026-11-21T23:01:00.000Z,2026-11-22T00:01:00+01:00,Europe/Paris,Unknown,-1,",
  ]);
});

it("writes a fixed-offset zone as people read it, and UTC when no zone is known", () => {
  const start = "2026-11-21T22:00:00.000Z";
  assert.equal(nightCsv({ startTime: start, zone: { name: "Etc/GMT-9" }, sleepStages: [2], snoringStages: [] }).split("\r\n")[1], "0,2026-11-21T22:00:00.000Z,2026-11-22T07:00:00+09:00,UTC+09:00,Deep,2,");
  assert.equal(nightCsv({ startTime: start, zone: null, sleepStages: [2], snoringStages: [] }).split("\r\n")[1], "0,2026-11-21T22:00:00.000Z,2026-11-21T22:00:00Z,UTC,Deep,2,");
});

it("leaves the times empty when the night's start is not known", () => {
  assert.equal(nightCsv({ startTime: null, zone: null, sleepStages: [2], snoringStages: [] }).split("\r\n")[1], "0,,,UTC,Deep,2,");
});
