// The reports in the reader's language (issue 28): a Korean period PDF and a Korean study PDF read back
// with pdftotext in Korean (the embedded Pretendard prints Hangul), stated as Korean; the English words the
// PDF writes through the catalogues are lib's own, word for word; the language of a request.

import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import studyPdfEn from "@/lib/i18n/messages/en/StudyPdf.json";
import { periodFigures, periodFindingsLine } from "@/lib/report/period";
import { adherence, adherenceDefinition, adherenceSummary, USUAL_RULE, type DatedNight } from "@/lib/sleep/adherence";
import { compliance, COMPLIANCE_DEFINITION, complianceSummary } from "@/lib/sleep/compliance";
import { ASLEEP_MEASURE_TEXT } from "@/lib/sleep/asleep-measures";
import { compareDiary, DIARY_FIGURE_COLUMNS } from "@/lib/sleep/diary";
import { provenanceLine, type NightProvenance } from "@/lib/sleep/provenance";
import { adequacyLine, studyStatus, type StudyOrder } from "@/lib/sleep/study";
import { nightName, ZONE_SOURCE_TEXT } from "@/lib/time/night";
import { normaliseZone } from "@/lib/time/zone";
import type { PeriodReport } from "../data/period";
import { translatorFor } from "../i18n/translator";
import {
  adherenceDefinitionIn,
  adherenceSummaryIn,
  complianceDefinitionIn,
  complianceSummaryIn,
  nightNameIn,
  periodColumns,
  periodFindingsLineIn,
  provenanceLineIn,
  renderPeriodPdf,
  zoneBorrowedText,
} from "./period-pdf";
import { reportLocale } from "./report-locale";
import { adequacyLineIn, renderStudyPdf, type StudyPdfInput } from "./study-pdf";
import { readPdf } from "../../test/support/pdf";

const fill = (n: number, stage: number) => Array<number>(n).fill(stage);
const days = (from: string, n: number, hours: (i: number) => number): DatedNight[] =>
  Array.from({ length: n }, (_, i) => ({ day: new Date(Date.parse(from) + i * 86_400_000).toISOString().slice(0, 10), totalSleepSeconds: hours(i) * 3600 }));

describe("the English the reports write through the catalogues is lib's own", () => {
  it("adherence: a summary for every verdict and rule, too early to tell, and the definition", () => {
    const nights = days("2026-11-01", 30, (i) => (i % 3 === 0 ? 3 : 5));
    const rules = [USUAL_RULE, { minSleepHours: 4.5, targetPercent: 66.5, windowDays: 14 }, { minSleepHours: 2, targetPercent: 50, windowDays: 7 }];
    for (const rule of rules) {
      for (const enrolled of [null, "2026-11-25", "2026-10-01"]) {
        const a = adherence(nights, rule, "2026-11-30", enrolled);
        assert.equal(adherenceSummaryIn(a), adherenceSummary(a));
      }
      assert.equal(adherenceDefinitionIn(rule), adherenceDefinition(rule));
    }
    assert.match(adherenceSummaryIn(adherence(days("2026-11-01", 30, () => 5), USUAL_RULE, "2026-11-30")), /meets the usual rule$/);
  });

  it("compliance: met, not yet (one day left and many), not met, and its definition", () => {
    const cases = [
      compliance(days("2026-10-01", 30, () => 5), "2026-10-01", "2026-10-30"),
      compliance(days("2026-10-01", 30, () => 5), "2025-12-30", "2026-01-20"),
      compliance([], "2026-10-01", "2026-12-28"),
      compliance([], "2026-10-01", "2026-10-20"),
      compliance([], "2026-10-01", "2026-12-30"),
      compliance(days("2025-12-20", 30, () => 5), "2025-12-20", "2026-01-25"),
    ];
    assert.deepEqual(new Set(cases.map((c) => c.status)), new Set(["met", "not-yet", "not-met"]));
    for (const c of cases) assert.equal(complianceSummaryIn(c), complianceSummary(c));
    assert.equal(complianceDefinitionIn(), COMPLIANCE_DEFINITION);
  });

  it("where a night came from, its name, the zone it borrowed, the findings line and Asleep's measures", () => {
    const forms: NightProvenance[] = [
      { forms: [{ via: "webhook", version: "V2", shape: "envelope", names: "callback", aliases: ["stage_list"] }], cadenceMs: 20 * 60_000, missingDataRatio: 0.02 },
      { forms: [{ via: "webhook", version: null, shape: "flat", names: "event", aliases: [] }, { via: "backfill", version: null, shape: "flat", names: "event", aliases: [] }], cadenceMs: null, missingDataRatio: 0.004 },
      { forms: [], cadenceMs: null, missingDataRatio: null },
    ];
    for (const p of forms) for (const plan of [undefined, "4-stage", "2-stage"] as const) assert.equal(provenanceLineIn(p, plan), provenanceLine(p, plan));
    const figures = periodFigures(
      [
        { id: "a", state: "COMPLETE", startTime: "2026-11-02T23:30:00Z", endTime: "2026-11-03T06:00:00Z", timezone: "Europe/Paris", zoneSource: "account", sleepStages: fill(600, 1), snoringStages: [] },
        { id: "b", state: "COMPLETE", startTime: "2026-11-03T21:00:00Z", endTime: "2026-11-04T05:00:00Z", timezone: "UTC", zoneSource: null, sleepStages: fill(600, 1), snoringStages: [] },
        { id: "c", state: "COMPLETE", startTime: "2026-11-04T21:00:00Z", endTime: "2026-11-05T05:00:00Z", timezone: "UTC", zoneSource: "previous-night", sleepStages: fill(600, 1), snoringStages: [] },
      ],
      { from: "2026-11-02", to: "2026-11-05" },
      USUAL_RULE,
    );
    for (const n of figures.nights) {
      assert.equal(nightNameIn(n), nightName({ startTime: new Date(n.startMs).toISOString(), endTime: new Date(n.endMs).toISOString() }, n.timezone));
    }
    assert.equal(
      zoneBorrowedText(figures.nights),
      `Nights without a zone of their own are dated and drawn in the best zone known: 1 night in ${ZONE_SOURCE_TEXT.account}; 1 night in ${ZONE_SOURCE_TEXT["previous-night"]}; 1 night in UTC, as no zone is known for the patient.`,
    );
    for (const count of [1, 3]) assert.equal(periodFindingsLineIn(figures, count, figures.days), periodFindingsLine(figures, count));
    const t = translatorFor("en", "PeriodPdf");
    assert.equal(t("asleepMeasures.sleepIndex"), ASLEEP_MEASURE_TEXT.sleepIndex);
    assert.equal(t("asleepMeasures.breathing"), ASLEEP_MEASURE_TEXT.breathing);
  });

  it("a study's adequacy line and why a night is not valid; the diary's columns", () => {
    const order: StudyOrder = { startDay: "2026-11-01", windowDays: 7, nightsWanted: 5, minValidNights: 3, minSleepMinutes: 250 };
    const inputs = [
      { id: "1", day: "2026-11-01", state: "COMPLETE" as const, totalSleepSeconds: 6 * 3600 },
      { id: "2", day: "2026-11-02", state: "INCOMPLETE" as const, totalSleepSeconds: 6 * 3600 },
      { id: "3", day: "2026-11-03", state: "COMPLETE" as const, totalSleepSeconds: 3 * 3600 + 600 },
      { id: "4", day: "2026-11-03", state: "COMPLETE" as const, totalSleepSeconds: 5 * 3600 },
    ];
    for (const [nights, today] of [[inputs, "2026-11-04"], [inputs, "2026-11-09"], [inputs.slice(0, 1), "2026-11-09"], [[], "2026-11-09"]] as const) {
      const s = studyStatus(order, nights, today);
      const printed = { order, outcome: s.outcome, nights: s.nights.map((n) => ({ day: n.day, valid: n.valid })) };
      assert.equal(adequacyLineIn(printed as Pick<StudyPdfInput, "nights" | "order" | "outcome">), adequacyLine(order, s));
    }
    const t = translatorFor("en", "StudyPdf");
    const why = studyStatus(order, inputs, "2026-11-09").nights.map((n) => n.why);
    assert.deepEqual(why, [null, t("whyIncomplete"), t("whyShort", { asleep: "3 h 10 min", hours: "4 h 10 min" }), null]);
    assert.deepEqual(Object.values(studyPdfEn.diaryColumns), [...DIARY_FIGURE_COLUMNS]);
  });
});

// ── Korean, read back ───────────────────────────────────────────────────────────────────────────────

const KOREAN_ONLY_NAMES = /Asleep|UTC|Asia\/\s*Seoul|MD|REM|N1|N2|N3|OSCAR|CMS|PAP|CPAP|webhook|V2|callback_|stage_list|asleep-k|kim@x\.test|lee@x\.test/g;

/** English words left in Korean text: anything of three Latin letters or more, once names, zones and standard abbreviations are set aside. */
const englishIn = (text: string) => [...new Set(text.replace(KOREAN_ONLY_NAMES, "").match(/[A-Za-z]{3,}/g) ?? [])];

/**
 * Whether the text says `expected`, wherever its lines wrap: pdfkit breaks a Korean line between any two
 * syllables (as Korean print does), which prose (lines joined by a space) cannot undo, so spaces are set aside.
 */
const says = (text: string, expected: string) => {
  const squash = (s: string) => s.replace(/\s+/g, "");
  assert.ok(squash(text).includes(squash(expected)), `${expected}\n  not in: ${text}`);
};

const figures = periodFigures(
  [
    { id: "k-plus9", state: "COMPLETE", startTime: "2026-11-02T13:00:00Z", endTime: "2026-11-02T16:20:00Z", timezone: normaliseZone("+09:00")!, zoneSource: "night", sleepStages: [...fill(300, 1), ...fill(100, 2), ...fill(40, 3)], snoringStages: [], stat: { sleep_index: 83, unstable_breath_ratio: 0.12 } },
    { id: "k-incomplete", state: "INCOMPLETE", startTime: "2026-11-03T11:30:00Z", endTime: null, timezone: "Asia/Seoul", zoneSource: "account", sleepStages: fill(120, 1), snoringStages: [] },
    { id: "k-two", state: "COMPLETE", startTime: "2026-11-04T16:30:00Z", endTime: "2026-11-04T20:30:00Z", timezone: "Asia/Seoul", zoneSource: "night", sleepStages: fill(480, 1), snoringStages: [], stagePlan: "2-stage" },
  ],
  { from: "2026-11-02", to: "2026-11-04" },
  { minSleepHours: 4, targetPercent: 70, windowDays: 3 },
);
const report: PeriodReport = {
  asleepUserId: "asleep-k",
  patient: { name: "김민준", email: "kim@x.test" },
  clinicians: [{ name: "이서연", email: "lee@x.test" }],
  figures,
  notes: [
    { author: "이서연", at: new Date("2026-11-04T00:05:00Z"), sessionId: "k-incomplete", text: "휴대폰이 꺼졌나요?" },
    { author: "이서연", at: new Date("2026-11-04T01:00:00Z"), sessionId: null, text: "외래 진료함." },
  ],
  tags: new Map([["k-plus9", ["음주"]]]),
  compliance: compliance(figures.nights, "2026-10-06", "2026-11-04"),
  provenance: new Map([["k-plus9", { forms: [{ via: "webhook", version: "V2", shape: "envelope", names: "callback", aliases: ["stage_list"] }], cadenceMs: 20 * 60_000, missingDataRatio: 0.02 }]]),
};
const signature = { name: "이서연", credential: "MD", signedAt: "2026-11-07T09:00:00Z", zone: "Asia/Seoul", version: 2, amendmentReason: "오타 수정" };
const earlier = [{ version: 1, name: "이서연", credential: "MD", signedAt: "2026-11-06T09:00:00Z", zone: "UTC", amendmentReason: null }];

describe("the period PDF in Korean", () => {
  let pdf: Buffer;
  let text = "";
  let prose = "";
  before(async () => {
    pdf = await renderPeriodPdf(report, new Date("2026-11-05T08:00:00Z"), { signature, impression: "양호함.", recommendation: "없음.", earlier, findingsLine: "3 nights recorded, …" }, "ko");
    ({ text, prose } = await readPdf(pdf));
  });

  it("prints Korean words in the embedded face, and states Korean as its language", () => {
    assert.match(text, /^수면 리포트: 김민준$/m);
    says(prose, "기간: 2026년 11월 2일 (월) ~ 2026년 11월 4일 (수) (3일, 밤은 정오부터 다음 날 정오까지로 셈)");
    says(prose, "담당 의료진: 이서연 (lee@x.test)");
    says(prose, "생성 시각: 2026년 11월 5일 (목) 08:00 UTC");
    says(prose, "수정된 리포트, 버전 2. 수정 사유: 오타 수정");
    assert.match(pdf.toString("latin1"), /\/Lang \(ko\)/);
    assert.doesNotMatch(text, /□|\?\?\?/);
  });

  it("heads the table with the figures' Korean names, and writes its durations and days in Korean", () => {
    for (const column of periodColumns("ko")) assert.ok(text.includes(column.title), column.title);
    assert.deepEqual(
      periodColumns("ko").map((c) => c.title),
      ["밤 날짜", "침상 시간", "총 수면 시간", "수면 효율", "입면 잠복기", "렘 잠복기", "입면 후 각성", "각성 횟수"],
    );
    says(text, "2026. 11. 3. (화) *");
    says(text, "3시간 40분");
    says(prose, "평균 (3)");
  });

  it("says adherence, compliance, Asleep's measures, the interpretation and the signature in Korean", () => {
    says(prose, "순응도 기간의 마지막 3일 (2026년 11월 2일 (월) ~ 2026년 11월 4일 (수)): 3일 중 1일 수면 4시간 이상 — 33% — 목표 70% 미충족.");
    says(prose, "첫 90일 순응 기준 (등록일 2026년 10월 6일 (화), 2026년 11월 4일 (수) 기준): 아직 아님: 지금까지 가장 좋은 30일 구간 30일 중 1일; 21일에 도달하기까지 60일 남음.");
    says(prose, "Asleep 수면 점수: 평균 83 / 100 (야간 기록 1건).");
    says(prose, "검사 결과: 야간 기록 3건, 2026년 11월 2일 (월) ~ 2026년 11월 4일 (수) (3일)");
    says(prose, "전자 서명: 이서연, MD");
    says(prose, "서명 시각: 2026년 11월 7일 (토) 09:00 UTC (2026년 11월 7일 (토) 18:00 Asia/Seoul)");
    says(prose, "버전 1: 이서연, MD 서명, 2026년 11월 6일 (금) 09:00 UTC");
  });

  it("names the stages, the nights and the notes in Korean; every page's footer too", async () => {
    for (const stage of ["각성", "렘수면", "얕은 수면", "깊은 수면", "수면"]) assert.match(text, new RegExp(`^${stage}$`, "m"), stage);
    says(prose, "2026년 11월 3일 (화) 밤 (미완료): 2026년 11월 3일 (화) 20:30 ~ 2026년 11월 3일 (화) 21:30, Asia/Seoul");
    says(prose, "이서연, 2026년 11월 4일 (수) 00:05 UTC (2026년 11월 4일 (수) 09:05 Asia/Seoul) (2026년 11월 3일 (화), 20:30–21:30, Asia/Seoul 밤에 대한 메모) 휴대폰이 꺼졌나요?");
    says(prose, "2026년 11월 2일 (월): Asleep이 소리로 측정 · 4단계 · 웹훅 V2, 봉투 구조, callback_* 이름, stage_list · 20분 간격 분석 · 데이터 2% 누락 (Asleep)");
    const { pages } = await readPdf(pdf);
    const footers = [...text.matchAll(/수면 리포트 · 김민준 · 2026-11-02 ~ 2026-11-04 · 서명됨, 버전 2 · (\d+) \/ (\d+) 페이지/g)];
    assert.deepEqual(footers.map((m) => Number(m[1])), Array.from({ length: pages }, (_, i) => i + 1));
  });

  it("leaves no English word outside the definitions of the figures (English until the Definitions namespace has Korean)", () => {
    const beforeDefinitions = text.slice(0, text.indexOf("사용한 정의"));
    assert.ok(beforeDefinitions.length > 1000);
    assert.deepEqual(englishIn(beforeDefinitions), []);
    says(text, "사용한 정의");
    says(prose, "진단이 아닙니다.");
    assert.doesNotMatch(text, /PeriodPdf\.|TaggedPdf\.|Sleep\.stage/, "no message key printed in place of a message");
  });
});

describe("the study PDF in Korean", () => {
  it("reads back in Korean: the order, the adequacy, each night, the diary, the signature", async () => {
    const diary = compareDiary(
      [{ night: "2026-11-01", zone: "Asia/Seoul", answers: { intoBed: "22:00", triedToSleep: "22:10", sleepOnsetMinutes: 20, awakenings: 1, awakeMinutes: 10, finalAwakening: "06:00", outOfBed: "06:20", quality: 3, rested: 3, comments: null } }],
      [{ night: "2026-11-01", sessionId: "s", timeInBedMinutes: 480, totalSleepMinutes: 400, sleepOnsetLatencyMinutes: 15, wasoMinutes: 40, efficiencyPercent: 83 }],
    );
    const input: StudyPdfInput = {
      studyId: "st1",
      patient: { name: "김민준", asleepUserId: "asleep-k" },
      order: { startDay: "2026-11-01", lastDay: "2026-11-07", windowDays: 7, nightsWanted: 5, minValidNights: 3, minSleepMinutes: 240, orderedByName: "이서연", orderedAt: "2026-10-31T10:00:00Z" },
      zone: "Asia/Seoul",
      nights: [
        { day: "2026-11-01", state: "COMPLETE", timeInBedSeconds: 30000, totalSleepSeconds: 25000, efficiencyShownPercent: 83, valid: true, why: null },
        { day: "2026-11-02", state: "INCOMPLETE", timeInBedSeconds: 3000, totalSleepSeconds: 2000, efficiencyShownPercent: null, valid: false, why: "recording incomplete" },
        { day: "2026-11-03", state: "COMPLETE", timeInBedSeconds: 13000, totalSleepSeconds: 11400, efficiencyShownPercent: 88, valid: false, why: "3 h 10 min asleep, under 4 h" },
      ],
      adequacyLine: "1 of 3 nights valid, each at least 4 h: failed",
      outcome: "failed",
      diary: { ...diary, entries: 1 },
      signature: { ...signature, version: 1, amendmentReason: null },
      impression: "부족함.",
      recommendation: "재검사.",
      earlier: [],
      locale: "ko",
    };
    const pdf = await renderStudyPdf(input);
    const { text, prose, title } = await readPdf(pdf);
    assert.equal(title, "수면 검사 리포트: 김민준, 2026-11-01 ~ 2026-11-07");
    assert.match(pdf.toString("latin1"), /\/Lang \(ko\)/);
    says(prose, "의뢰 내용: 7일 이내에 밤 5개, 2026년 11월 1일 (일) ~ 2026년 11월 7일 (토) (Asia/Seoul 기준 정오부터 다음 날 정오까지로 셈); 유효한 밤 3개 이상, 총 수면 시간이 4시간 이상이면 유효한 밤.");
    says(prose, "적합성 야간 기록 3건 중 1건 유효, 각각 4시간 이상: 부적합");
    says(prose, "2026년 11월 2일 (월): 총 수면 시간 33분, 침상 시간 50분, 수면 효율 —: 유효하지 않음 (기록 미완료)");
    says(prose, "2026년 11월 3일 (화): 총 수면 시간 3시간 10분, 침상 시간 3시간 37분, 수면 효율 88%: 유효하지 않음 (수면 3시간 10분, 4시간 미만)");
    says(prose, "수면 일지 1건; 수면 일지와 측정 기록이 모두 있는 밤 1개. 보고한 총 수면 시간에서 측정된 총 수면 시간을 뺀 평균: +40분.");
    says(prose, "밤 | 총 수면 시간(보고) | 총 수면 시간(측정) | 차이");
    says(prose, "2026년 11월 1일 (일) | 7시간 20분 | 6시간 40분 | +40분 | 20분 | 15분 | 10분 | 40분 | 88% | 83%");
    says(prose, "평균 (둘 다 있는 밤 1개) | 7시간 20분 | 6시간 40분 | +40분");
    says(prose, "수면 검사 리포트 · 김민준 · 버전 1 · 1 / 1 페이지");
    assert.deepEqual(englishIn(text), []);
  });
});

describe("the language a report is drawn in", () => {
  const request = (headers: Record<string, string>) => new Request("http://x.test/api/patients/p/report.pdf", { headers });
  it("is the account's when it has one, else the page's: the locale cookie, then Accept-Language", () => {
    assert.equal(reportLocale(request({ cookie: "locale=en", "accept-language": "ko" }), { locale: "ko" }), "ko");
    assert.equal(reportLocale(request({ cookie: "a=1; locale=ko", "accept-language": "en-GB" }), { locale: null }), "ko");
    assert.equal(reportLocale(request({ "accept-language": "ko-KR,ko;q=0.9,en;q=0.8" }), {}), "ko");
    assert.equal(reportLocale(request({ cookie: "locale=fr", "accept-language": "de" }), { locale: null }), "en");
  });
});
