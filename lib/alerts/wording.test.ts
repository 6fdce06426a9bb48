import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { translatorFor } from "@/server/i18n/translator";
import { adherence, USUAL_RULE } from "../sleep/adherence";
import { studyStatus, studyStatusLine, type StudyOrder } from "../sleep/study";
import { DEFAULT_THRESHOLDS, nightAlerts, RULES, noDataAlert, staleAlert, studyAlert, type NightFigures, type RaisedAlert } from "./rules";
import { alertReason, alertWords, dayIn, durationIn, ruleLabel, shortDayIn, wordValues } from "./wording";

const en = translatorFor("en", "AlertText");
const ko = translatorFor("ko", "AlertText");

const night = (over: Partial<NightFigures> = {}): NightFigures => ({
  sessionId: "s1",
  day: "2026-11-22",
  incomplete: false,
  totalSleepSeconds: 7 * 3600,
  sleepLatencySeconds: 10 * 60,
  wasoSeconds: 20 * 60,
  wasoShownMinutes: 20,
  epochCount: 900,
  ...over,
});

const order: StudyOrder = { startDay: "2026-12-01", windowDays: 14, nightsWanted: 7, minValidNights: 5, minSleepMinutes: 240 };
const study = (nights: Array<[string, number, ("COMPLETE" | "INCOMPLETE")?]>, today: string, o: StudyOrder = order) => {
  const s = studyStatus(o, nights.map(([day, hours, state], i) => ({ id: `n${i}`, day, state: state ?? "COMPLETE", totalSleepSeconds: hours * 3600 })), today);
  assert.notEqual(s.outcome, "in-progress");
  return studyAlert({ id: "st", outcome: s.outcome as "adequate" | "failed", statusLine: studyStatusLine(o, s), startDay: s.from, lastDay: s.to });
};

/** Every kind of alert the rules raise, in the forms their values take. */
const ALERTS: RaisedAlert[] = [
  ...nightAlerts(night({ totalSleepSeconds: 4 * 3600 + 12 * 60 }), DEFAULT_THRESHOLDS),
  ...nightAlerts(night({ totalSleepSeconds: 839 * 30, epochCount: 900 }), { ...DEFAULT_THRESHOLDS, shortSleepHours: 7 }),
  ...nightAlerts(night({ totalSleepSeconds: 846 * 30, epochCount: 1000 }), { ...DEFAULT_THRESHOLDS, shortSleepHours: 5.5, efficiencyPercent: 85 }),
  ...nightAlerts(night({ incomplete: true, totalSleepSeconds: 0, sleepLatencySeconds: null }), DEFAULT_THRESHOLDS),
  ...nightAlerts(night({ totalSleepSeconds: 612 * 30, epochCount: 1000, sleepLatencySeconds: 45 * 60, wasoSeconds: 95 * 60, wasoShownMinutes: 95 }), DEFAULT_THRESHOLDS),
  ...nightAlerts(night({ sleepLatencySeconds: 30 * 60 + 6, wasoSeconds: 121 * 30, wasoShownMinutes: 60, incomplete: true }), { ...DEFAULT_THRESHOLDS, latencyMinutes: 30 }),
  noDataAlert("2026-11-20", "2026-11-22", "2026-10-01", { ...DEFAULT_THRESHOLDS, noDataNights: 1 })!,
  noDataAlert(null, "2026-11-22", "2026-11-19", DEFAULT_THRESHOLDS)!,
  staleAlert({ sessionId: "s9", day: "2026-11-22", lastDeliveryMs: Date.parse("2026-11-23T01:10:00Z"), timezone: "Europe/Paris" }, DEFAULT_THRESHOLDS)!,
  staleAlert({ sessionId: "s9", day: "2028-02-29", lastDeliveryMs: Date.parse("2028-03-01T01:10:00Z"), timezone: "+05:45" }, DEFAULT_THRESHOLDS)!,
  adherenceAlert(),
  study(["2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06", "2026-12-07"].map((d) => [d, 5] as [string, number]), "2026-12-08"),
  study([["2026-12-01", 5]], "2026-12-20"),
  study([], "2026-12-20"),
  study([["2026-12-01", 2], ["2026-12-02", 5], ["2026-12-03", 6, "INCOMPLETE"]], "2026-12-12"),
  study([["2026-12-01", 2]], "2026-12-14", { ...order, windowDays: 1, nightsWanted: 1, minValidNights: 1 }),
];

function adherenceAlert(): RaisedAlert {
  const nights = Array.from({ length: 16 }, (_, i) => ({ day: `2026-11-${String(i + 1).padStart(2, "0")}`, totalSleepSeconds: 5 * 3600 }));
  const a = adherence(nights, USUAL_RULE, "2026-11-30");
  return { rule: "low-adherence", causeKey: "w", reason: `Adherence ${Math.floor(a.percent)} % over ${a.days} days (target ${a.rule.targetPercent} %, at least ${a.rule.minSleepHours} h a night)` };
}

describe("alert words", () => {
  it("cover every kind of alert the rules raise", () => {
    const keys = new Set(ALERTS.map((a) => alertWords(a.rule, a.reason)?.key));
    assert.deepEqual([...keys].sort(), ["longLatency", "longWaso", "lowAdherence", "lowEfficiency", "noData", "noSleepOnset", "shortSleep", "stale", "studyAdequate", "studyFailed"]);
  });

  it("read every reason back: the English catalogue writes it again byte for byte", () => {
    for (const a of ALERTS) {
      const words = alertWords(a.rule, a.reason);
      assert.ok(words, `read back: ${a.reason}`);
      assert.equal(en(`reason.${words.key}`, wordValues(words, "en")), a.reason);
      assert.equal(alertReason(en, "en", a.rule, a.reason), a.reason);
    }
  });

  it("word every reason in Korean, leaving only zone labels and WASO in Latin letters", () => {
    for (const a of ALERTS) {
      const korean = alertReason(ko, "ko", a.rule, a.reason);
      assert.notEqual(korean, a.reason);
      assert.doesNotMatch(korean.replace(/Europe\/Paris|UTC\+05:45|WASO/g, ""), /[A-Za-z]/, korean);
    }
  });

  it("Korean reads as Korean sleep medicine writes it", () => {
    const [short] = nightAlerts(night({ totalSleepSeconds: 839 * 30 }), { ...DEFAULT_THRESHOLDS, shortSleepHours: 7 });
    assert.equal(alertReason(ko, "ko", short!.rule, short!.reason), "11월 22일 (일) 총 수면 시간 6시간 59.5분 (7시간 미만)");
    const incomplete = nightAlerts(night({ incomplete: true, totalSleepSeconds: 0, sleepLatencySeconds: null }), { ...DEFAULT_THRESHOLDS, efficiencyPercent: null });
    assert.deepEqual(
      incomplete.map((a) => alertReason(ko, "ko", a.rule, a.reason)),
      ["11월 22일 (일) 총 수면 시간 0분 (5시간 미만, 기록 불완전)", "11월 22일 (일) 입면 없음 (입면 잠복기 30분 초과, 기록 불완전)"],
    );
    const noData = noDataAlert(null, "2026-11-22", "2026-11-19", DEFAULT_THRESHOLDS)!;
    assert.equal(alertReason(ko, "ko", noData.rule, noData.reason), "데이터 없는 밤 3일 (11월 19일 (목)부터)");
    const stale = staleAlert({ sessionId: "s9", day: "2026-11-22", lastDeliveryMs: Date.parse("2026-11-23T01:10:00Z"), timezone: "Europe/Paris" }, DEFAULT_THRESHOLDS)!;
    assert.equal(alertReason(ko, "ko", stale.rule, stale.reason), "오늘 밤 02:10 Europe/Paris 이후 기록 중단 (11월 22일 (일) 밤)");
    assert.equal(alertReason(ko, "ko", "low-adherence", adherenceAlert().reason), "순응도 53%, 최근 30일 (목표 70%, 하룻밤 최소 4시간)");
    const failed = study([["2026-12-01", 2], ["2026-12-02", 5], ["2026-12-03", 6, "INCOMPLETE"]], "2026-12-12");
    assert.equal(alertReason(ko, "ko", failed.rule, failed.reason), "검사 실패 (12월 1일 (화)~12월 14일 (월) 검사): 유효한 밤 1일, 2026년 12월 14일 (월)까지 5일 필요 (남은 기간 부족: 3일), 유효하지 않은 밤 2일");
  });

  it("show a reason this version does not write as it was stored", () => {
    assert.equal(alertWords("short-sleep", "3 nights under 5 h"), null);
    assert.equal(alertReason(ko, "ko", "short-sleep", "3 nights under 5 h"), "3 nights under 5 h");
    // A reason of another rule's form is not read as this rule's.
    assert.equal(alertWords("no-data", "Total sleep 4 h 12 min on Sun 22 Nov (under 5 h)"), null);
  });

  it("name each rule, and an unknown one as it is", () => {
    for (const rule of RULES) assert.ok(en.has(`rule.${rule}`) && ko.has(`rule.${rule}`), rule);
    assert.equal(ruleLabel(en, "long-waso"), "Long wake after sleep onset (WASO)");
    assert.equal(ruleLabel(ko, "no-data"), "데이터 없음");
    assert.equal(ruleLabel(ko, "retired-rule"), "retired-rule");
  });

  it("write durations and days in the reader's language", () => {
    assert.equal(durationIn("6 h 59.5 min", "ko"), "6시간 59.5분");
    assert.equal(durationIn("7 h", "ko"), "7시간");
    assert.equal(durationIn("9 min", "ko"), "9분");
    assert.equal(durationIn("9 min", "en"), "9 min");
    assert.equal(shortDayIn("Sun 22 Nov", "ko"), "11월 22일 (일)");
    assert.equal(shortDayIn("Tue 29 Feb", "ko"), "2월 29일 (화)");
    assert.equal(shortDayIn("Mon 14 Dec 2026", "ko"), "2026년 12월 14일 (월)");
    assert.equal(dayIn("2026-11-22", "en"), "Sun 22 Nov 2026");
    assert.equal(dayIn("2026-11-22", "ko"), "2026년 11월 22일 (일)");
  });
});
