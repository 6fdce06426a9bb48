import assert from "node:assert/strict";
import { test } from "node:test";
import { readFileSync } from "node:fs";
import path from "node:path";
import { catalogueWords } from "@/lib/i18n/words";
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

test("so far, in Korean: the Korean catalogue, durations and stage names", () => {
  const t = catalogueWords("LiveNight", JSON.parse(readFileSync(path.resolve(__dirname, "../i18n/messages/ko/LiveNight.json"), "utf8")), "ko");
  const stage = (s: number) => ({ 0: "각성", 1: "얕은 수면", 2: "깊은 수면", 3: "렘수면" })[s as 0 | 1 | 2 | 3] ?? "알 수 없음";
  const s = nightSoFar(hyp([0, 10], [1, 100], [2, 20], [-1, 10]), START);
  assert.equal(soFarText(s, true, "Europe/Paris", { t, locale: "ko", stage }), "지금까지 1시간 수면 · 03:05 기준 깊은 수면 · 03:10까지의 데이터 (Europe/Paris)");
  assert.equal(soFarText(s, false, "Europe/Paris", { t, locale: "ko", stage }), "1시간 수면 · 마지막 단계 깊은 수면, 03:05 · 03:10까지의 데이터 (Europe/Paris)");
});
