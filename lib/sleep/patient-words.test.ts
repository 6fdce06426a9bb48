// The patient page says in English, from the catalogues, word for word what the helpers the period PDF
// shares with it say (lib/sleep/adherence.ts, compliance.ts, enrolment.ts, monitoring.ts, time/day.ts).

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { translatorFor } from "@/server/i18n/translator";
import { dayLabel } from "../time/day";
import { adherence, adherenceDefinition, adherenceSummary, addDays, USUAL_RULE, WINDOW_END_DEFINITION, type AdherenceRule, type DatedNight } from "./adherence";
import { COMPLIANCE_DEFINITION, compliance, complianceSummary, windowLabel } from "./compliance";
import { ENROLMENT_DEFINITION } from "./enrolment";
import { BILLING_CAVEAT, DAY_WITH_DATA_DEFINITION } from "./monitoring";
import { adherenceDefinitionWords, adherenceWords, complianceDefinitionWords, complianceWords, dayIn, windowIn } from "./patient-words";

const page = translatorFor("en", "PatientPage");
const onAdherence = translatorFor("en", "PatientPage.adherence");
const onCompliance = translatorFor("en", "PatientPage.compliance");
const ENROLLED = "2026-10-01";
const nights = (hours: number, ...offsets: number[]): DatedNight[] => offsets.map((o) => ({ day: addDays(ENROLLED, o), totalSleepSeconds: hours * 3600 }));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("the patient page's sentences in English, as the shared helpers say them", () => {
  it("adherence, met or not, the usual rule or another, and too early to tell", () => {
    const rules: AdherenceRule[] = [USUAL_RULE, { minSleepHours: 6.5, targetPercent: 50, windowDays: 3 }, { minSleepHours: 4, targetPercent: 80, windowDays: 14 }];
    const cases = [nights(5, ...range(0, 60)), nights(5, ...range(0, 60).filter((d) => d % 3 !== 0)), nights(2, ...range(0, 60)), []];
    let tooEarly = 0;
    for (const rule of rules) {
      for (const ns of cases) {
        for (const lastDay of [addDays(ENROLLED, 5), addDays(ENROLLED, 45), ENROLLED]) {
          const a = adherence(ns, rule, lastDay, ENROLLED);
          if (a.tooEarly) tooEarly++;
          assert.equal(adherenceWords(a, onAdherence, "en"), adherenceSummary(a));
        }
      }
      assert.equal(adherenceDefinitionWords(rule, onAdherence), adherenceDefinition(rule));
    }
    assert.ok(tooEarly > 0);
    assert.equal(adherenceWords(adherence(nights(5, ...range(0, 40)), USUAL_RULE, addDays(ENROLLED, 40), ENROLLED), onAdherence, "en"), "30 of 30 days with at least 4 h of sleep — 100 % — meets the usual rule");
  });

  it("compliance in the first 90 days: met, not yet, not met", () => {
    const seen = new Set<string>();
    for (const ns of [nights(5, ...range(0, 20)), nights(5, ...range(0, 19)), [], nights(5, ...range(0, 89).filter((d) => d % 2 === 0))]) {
      for (const last of [5, 29, 64, 88, 89, 120]) {
        const c = compliance(ns, ENROLLED, addDays(ENROLLED, last));
        seen.add(c.status);
        assert.equal(complianceWords(c, onCompliance, "en"), complianceSummary(c));
      }
    }
    assert.deepEqual([...seen].sort(), ["met", "not-met", "not-yet"]);
    assert.equal(complianceDefinitionWords(onCompliance), COMPLIANCE_DEFINITION);
  });

  it("the definitions, days and windows", () => {
    assert.equal(page("adherence.windowEnd"), WINDOW_END_DEFINITION);
    assert.equal(page("adherence.enrolment"), ENROLMENT_DEFINITION);
    assert.equal(page("monitoring.dayWithData"), DAY_WITH_DATA_DEFINITION);
    assert.equal(page("monitoring.billingCaveat"), BILLING_CAVEAT);
    for (const day of ["2026-11-22", "2027-01-01", "2028-02-29"]) assert.equal(dayIn(day, "en"), dayLabel(day));
    for (const w of [{ firstDay: "2026-11-03", lastDay: "2026-12-02" }, { firstDay: "2026-12-20", lastDay: "2027-01-18" }]) assert.equal(windowIn(w, "en"), windowLabel(w));
  });
});

describe("in Korean", () => {
  it("days and windows as Korea writes them", () => {
    assert.equal(dayIn("2026-11-22", "ko"), "2026년 11월 22일 (일)");
    assert.match(windowIn({ firstDay: "2026-11-03", lastDay: "2026-12-02" }, "ko"), /^2026년 11월 3일\s?~\s?12월 2일$/);
  });

  it("adherence and compliance", () => {
    const a = adherence(nights(5, ...range(0, 40)), USUAL_RULE, addDays(ENROLLED, 40), ENROLLED);
    assert.equal(adherenceWords(a, translatorFor("ko", "PatientPage.adherence"), "ko"), "30일 중 30일 4시간 이상 수면 — 100% — 일반 기준 충족");
    const c = compliance([], ENROLLED, addDays(ENROLLED, 5));
    assert.equal(complianceWords(c, translatorFor("ko", "PatientPage.compliance"), "ko"), "아직 미충족: 지금까지 가장 좋은 30일 구간 30일 중 0일, 21일 달성까지 84일 남음");
  });
});
