// The night page's sentences of lib/ facts say in English exactly what lib/ says, and speak Korean from
// the Korean catalogues.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { catalogueWords } from "@/lib/i18n/words";
import { backfillNote } from "@/lib/live/backfill-note";
import { ASLEEP_MEASURE_TEXT } from "@/lib/sleep/asleep-measures";
import { provenanceLine, type DeliveryForm, type NightProvenance } from "@/lib/sleep/provenance";
import { backfillText, provenanceText } from "./night-words";

const catalogue = (locale: string, ns: string) => JSON.parse(readFileSync(path.resolve(__dirname, `../lib/i18n/messages/${locale}/${ns}.json`), "utf8"));
const en = (ns: string) => catalogueWords(ns, catalogue("en", ns));
const ko = (ns: string) => catalogueWords(ns, catalogue("ko", ns), "ko");

const forms: DeliveryForm[] = [
  { via: "webhook", version: "V3", shape: "envelope", names: "event", aliases: [] },
  { via: "webhook", version: null, shape: "flat", names: "callback", aliases: ["stage_list", "sleep_data"] },
  { via: "backfill", version: null, shape: "flat", names: "event", aliases: [] },
];
const provenances: NightProvenance[] = [
  { forms: [], cadenceMs: null, missingDataRatio: null },
  { forms: forms.slice(0, 1), cadenceMs: 300_000, missingDataRatio: 0.02 },
  { forms, cadenceMs: null, missingDataRatio: 0.004 },
  { forms: forms.slice(2), cadenceMs: null, missingDataRatio: 0 },
  { forms: forms.slice(1, 2), cadenceMs: 1_190_000, missingDataRatio: 1 },
];

describe("the night page's provenance line", () => {
  it("is lib's in English, word for word", () => {
    for (const p of provenances) for (const plan of [undefined, "4-stage", "2-stage"] as const) for (const plain of [false, true]) assert.equal(provenanceText(p, plan, plain, en("NightReport")), provenanceLine(p, plan, plain));
  });
  it("is in Korean, the forms' names as sent", () => {
    assert.equal(provenanceText(provenances[1]!, "4-stage", false, ko("NightReport")), "Asleep이 소리로 측정 · 4단계 · 웹훅 V3, 봉투 구조 · 5분마다 분석 · 데이터 2% 누락(Asleep)");
    assert.match(provenanceText(provenances[2]!, "2-stage", false, ko("NightReport")), /웹훅 \(버전 없음\), 평면 구조, callback_\* 이름, stage_list, sleep_data; Asleep의 REST API, 평면 구조 · 기록 중 분석 없음 · 데이터 1% 미만 누락/);
  });
});

describe("the stale note's back-fill words", () => {
  const since = (ms: number) => `${new Date(ms).toISOString().slice(11, 16)} UTC`;
  const cases = [
    { asleepUnreachableSince: null, asleepHasNoRecord: false },
    { asleepUnreachableSince: "2026-11-23T03:10:00Z", asleepHasNoRecord: false },
    { asleepUnreachableSince: "2026-11-23T03:10:00Z", asleepHasNoRecord: true },
    { asleepUnreachableSince: null, asleepHasNoRecord: true },
  ];
  it("are lib's in English, word for word", () => {
    for (const facts of cases) for (const plain of [false, true]) assert.equal(backfillText(facts, since, plain, en("LiveNight")), backfillNote(facts, since, plain));
  });
  it("are in Korean, the sleeper's without naming Asleep", () => {
    assert.equal(backfillText(cases[1]!, since, false, ko("LiveNight")), "03:10 UTC 이후 Asleep에 연결할 수 없습니다");
    for (const facts of cases) assert.doesNotMatch(backfillText(facts, since, true, ko("LiveNight")), /Asleep/);
  });
});

it("Asleep's measures are explained in the night report's words as lib/sleep/asleep-measures.ts has them", () => {
  for (const [key, text] of Object.entries(ASLEEP_MEASURE_TEXT)) assert.equal(en("NightReport")(`asleep.text.${key}`), text);
});
