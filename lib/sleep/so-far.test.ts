import assert from "node:assert/strict";
import { test } from "node:test";
import { nightSoFar, soFarText } from "./so-far";

const START = Date.parse("2026-11-21T01:00:00Z"); // 02:00 in Paris
const hyp = (...runs: Array<[number, number]>) => runs.flatMap(([stage, n]) => Array<number>(n).fill(stage));

test("so far: asleep time, the latest stage with data and as of when, and how recent the data is", () => {
  // 10 wake, 100 light, 20 deep, then 10 epochs without data: 60 min asleep, Deep as of 02:65 = 03:05.
  const s = nightSoFar(hyp([0, 10], [1, 100], [2, 20], [-1, 10]), START);
  assert.deepEqual(s, { asleepSeconds: 3600, currentStage: 2, stageAsOfMs: START + 130 * 30_000, dataUpToMs: START + 140 * 30_000 });
  assert.equal(soFarText(s, true, "Europe/Paris"), "Asleep 1 h so far · Deep as of 03:05 · data up to 03:10 (Europe/Paris)");
  assert.equal(soFarText(s, false, "Europe/Paris"), "Slept 1 h · last stage Deep, at 03:05 · data up to 03:10 (Europe/Paris)");
});

test("so far, before any data and with nothing but gaps", () => {
  assert.equal(soFarText(nightSoFar([], START), true, "UTC"), "No data yet: Asleep's first analysis comes about 20 minutes after the recording starts.");
  const gaps = nightSoFar(hyp([-1, 10]), START);
  assert.equal(gaps.currentStage, null);
  assert.equal(soFarText(gaps, true, "UTC"), "Asleep 0 min so far · no stage yet · data up to 01:05 (UTC)");
});
