import assert from "node:assert/strict";
import { test } from "node:test";
import { nightReport } from "./report";
import { nightSoFar, soFarText, timeInBedParts } from "./so-far";

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
  assert.equal(soFarText(nightSoFar([], START), true, "UTC"), "No data yet: the first analysis comes about 5 minutes after the recording starts.");
  const gaps = nightSoFar(hyp([-1, 10]), START);
  assert.equal(gaps.currentStage, null);
  assert.equal(soFarText(gaps, true, "UTC"), "Asleep 0 min so far · no stage yet · data up to 01:05 (UTC)");
});

test("time in bed splits into total sleep, wake and no data that add up to it as shown", () => {
  // 3 wake, 41 light, 1 deep, 5 no data, 1 wake = 51 epochs = 25.5 min → 26 in bed; 42 sleep = 21 min;
  // the remaining 5 min between wake (2 min) and no data (2.5 min) by largest remainder.
  const r = nightReport(hyp([0, 3], [1, 41], [2, 1], [-1, 5], [0, 1]), []);
  const parts = timeInBedParts(r);
  assert.deepEqual(parts, { timeInBed: 26, totalSleep: 21, wake: 2, noData: 3 });
  assert.equal(parts.totalSleep + parts.wake + parts.noData, parts.timeInBed);
  // Across many odd lengths the parts always add up.
  for (let n = 1; n < 200; n++) {
    const p = timeInBedParts(nightReport(hyp([0, n % 7], [1, n], [-1, n % 5], [3, (n * 3) % 11], [0, n % 3]), []));
    assert.equal(p.totalSleep + p.wake + p.noData, p.timeInBed, `n = ${n}`);
  }
});
