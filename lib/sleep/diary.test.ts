// The sleep diary's arithmetic, on hand-worked answers (docs/DEFINITIONS.md, "The sleep diary"): which
// night an entry is about and until when, the instants its clock times stand for (across midnight and a
// daylight-saving change), what does not add up, the derived figures, and reported against measured.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { translatorFor } from "@/server/i18n/translator";
import { compareDiary, diaryClosesAtMs, diaryFigureCells, diaryFigures, diaryInstants, diaryNightOf, diaryOpen, diaryProblemFacts, diaryProblems, measuredFigures, signedMinutes, type DiaryAnswers, type MeasuredNight } from "./diary";
import { nightReport } from "./report";

const PARIS = "Europe/Paris";

/** Into bed 22:30, tried 23:00, 20 min to fall asleep, 2 awakenings of 25 min in all, awake 06:45, up 07:15. */
const usual: DiaryAnswers = { intoBed: "22:30", triedToSleep: "23:00", sleepOnsetMinutes: 20, awakenings: 2, awakeMinutes: 25, finalAwakening: "06:45", outOfBed: "07:15", quality: 4, rested: 3, comments: null };
/** Into bed after midnight: 00:30, tried 00:40, 10 min, no awakening, awake 08:00, up 08:10. */
const late: DiaryAnswers = { intoBed: "00:30", triedToSleep: "00:40", sleepOnsetMinutes: 10, awakenings: 0, awakeMinutes: 0, finalAwakening: "08:00", outOfBed: "08:10", quality: 3, rested: 2, comments: "noisy street" };

describe("which night a diary entry is about, and until when it may change", () => {
  it("is the night that ended this morning, dated the day it began, in the sleeper's zone", () => {
    // 09:00 in Paris on Tue 3 Nov: Monday night's diary.
    assert.equal(diaryNightOf(Date.parse("2026-11-03T08:00:00Z"), PARIS), "2026-11-02");
    // Still Tuesday evening in Paris at 23:30 local: still Monday night's.
    assert.equal(diaryNightOf(Date.parse("2026-11-03T22:30:00Z"), PARIS), "2026-11-02");
    // 00:30 on Wednesday in Paris, yet 23:30 on Tuesday in UTC: the zone decides.
    assert.equal(diaryNightOf(Date.parse("2026-11-03T23:30:00Z"), PARIS), "2026-11-03");
    assert.equal(diaryNightOf(Date.parse("2026-11-03T23:30:00Z"), "UTC"), "2026-11-02");
  });

  it("may be changed until midnight ending its morning, in the sleeper's zone", () => {
    // Monday night's diary closes at 00:00 on Wednesday in Paris = 23:00 UTC on Tuesday (UTC+1).
    assert.equal(diaryClosesAtMs("2026-11-02", PARIS), Date.parse("2026-11-03T23:00:00Z"));
    assert.equal(diaryOpen("2026-11-02", PARIS, Date.parse("2026-11-03T22:59:59.999Z")), true);
    assert.equal(diaryOpen("2026-11-02", PARIS, Date.parse("2026-11-03T23:00:00Z")), false);
    // Not before its morning either: on Monday evening, Monday night has not ended.
    assert.equal(diaryOpen("2026-11-02", PARIS, Date.parse("2026-11-02T20:00:00Z")), false);
  });
});

describe("the instants the clock times stand for", () => {
  it("bedtimes from noon are the evening of the night's date, earlier ones the morning after; waking is always the morning", () => {
    assert.deepEqual(diaryInstants("2026-11-02", PARIS, usual), {
      intoBedMs: Date.parse("2026-11-02T21:30:00Z"),
      triedToSleepMs: Date.parse("2026-11-02T22:00:00Z"),
      finalAwakeningMs: Date.parse("2026-11-03T05:45:00Z"),
      outOfBedMs: Date.parse("2026-11-03T06:15:00Z"),
    });
    assert.equal(diaryInstants("2026-11-02", PARIS, late).intoBedMs, Date.parse("2026-11-02T23:30:00Z"), "00:30 is Tuesday's");
    assert.equal(diaryInstants("2026-11-02", PARIS, { ...late, intoBed: "12:00" }).intoBedMs, Date.parse("2026-11-02T11:00:00Z"), "12:00 is Monday's");
    assert.equal(diaryInstants("2026-11-02", PARIS, { ...late, intoBed: "11:59" }).intoBedMs, Date.parse("2026-11-03T10:59:00Z"), "11:59 is Tuesday's");
  });
});

describe("what does not add up", () => {
  it("accepts answers in order", () => {
    assert.deepEqual(diaryProblems("2026-11-02", PARIS, usual), []);
    assert.deepEqual(diaryProblems("2026-11-02", PARIS, late), []);
    // All four at one time is in order (≤): nobody slept, and it says so.
    assert.deepEqual(diaryProblems("2026-11-02", PARIS, { ...late, intoBed: "07:00", triedToSleep: "07:00", sleepOnsetMinutes: 0, finalAwakening: "07:00", outOfBed: "07:00" }), []);
  });

  it("names each time out of order: into bed ≤ tried to sleep ≤ final awakening ≤ out of bed", () => {
    assert.deepEqual(diaryProblems("2026-11-02", PARIS, { ...usual, triedToSleep: "22:00" }), [{ path: "triedToSleep", message: "is before the time into bed (22:30)" }]);
    assert.deepEqual(diaryProblems("2026-11-02", PARIS, { ...late, triedToSleep: "01:00", finalAwakening: "00:50", outOfBed: "08:00" }), [{ path: "finalAwakening", message: "is before the time you tried to sleep (01:00)" }]);
    assert.deepEqual(diaryProblems("2026-11-02", PARIS, { ...usual, outOfBed: "06:30" }), [{ path: "outOfBed", message: "is before the final awakening (06:45)" }]);
  });

  it("refuses more minutes falling asleep and awake than the night held, and minutes awake with no awakening", () => {
    // 23:00 to 06:45 is 465 min; 400 + 100 = 500.
    assert.deepEqual(diaryProblems("2026-11-02", PARIS, { ...usual, sleepOnsetMinutes: 400, awakeMinutes: 100 }), [
      { path: "awakeMinutes", message: "falling asleep (400 min) and awake (100 min) add up to more than the 465 min from trying to sleep to the final awakening" },
    ]);
    assert.deepEqual(diaryProblems("2026-11-02", PARIS, { ...usual, sleepOnsetMinutes: 440, awakeMinutes: 25 }), [], "exactly 465 is all of it: no sleep, but possible");
    assert.deepEqual(diaryProblems("2026-11-02", PARIS, { ...usual, awakenings: 0 }), [{ path: "awakenings", message: "is 0, but the awakenings lasted some minutes" }]);
  });
  it("gives each problem as facts the diary form words, the English exactly as the API's", () => {
    const en = translatorFor("en", "DiaryForm");
    const ko = translatorFor("ko", "DiaryForm");
    const answers: DiaryAnswers[] = [
      { ...usual, triedToSleep: "22:00" },
      { ...late, triedToSleep: "01:00", finalAwakening: "00:50", outOfBed: "08:00" },
      { ...usual, outOfBed: "06:30" },
      { ...usual, sleepOnsetMinutes: 400, awakeMinutes: 100 },
      { ...usual, awakenings: 0 },
    ];
    for (const a of answers) {
      const facts = diaryProblemFacts("2026-11-02", PARIS, a);
      assert.equal(facts.length, 1);
      assert.deepEqual(
        facts.map((f) => ({ path: f.path, message: en(`problem.${f.code}`, f.values) })),
        diaryProblems("2026-11-02", PARIS, a),
      );
      assert.match(ko(`problem.${facts[0]!.code}`, facts[0]!.values), /[\uac00-\ud7a3]/);
    }
  });
});

describe("the diary's figures (Consensus Sleep Diary)", () => {
  it("TIB = out of bed − into bed; TST = (final awakening − tried to sleep) − SOL − WASO; SE = TST ÷ TIB", () => {
    // TIB 22:30 → 07:15 = 525; 23:00 → 06:45 = 465, − 20 − 25 = 420; 420 / 525 = 80%.
    assert.deepEqual(diaryFigures("2026-11-02", PARIS, usual), { timeInBedMinutes: 525, totalSleepMinutes: 420, sleepOnsetLatencyMinutes: 20, wasoMinutes: 25, efficiencyPercent: 80 });
    // TIB 00:30 → 08:10 = 460; 00:40 → 08:00 = 440, − 10 = 430; 430 / 460 = 93.48% → 93%.
    assert.deepEqual(diaryFigures("2026-11-02", PARIS, late), { timeInBedMinutes: 460, totalSleepMinutes: 430, sleepOnsetLatencyMinutes: 10, wasoMinutes: 0, efficiencyPercent: 93 });
  });

  it("counts the hour clocks go back: 23:00 to 07:00 on the night of 24 October 2026 in Paris is 9 hours", () => {
    const night = { ...late, intoBed: "23:00", triedToSleep: "23:00", sleepOnsetMinutes: 0, finalAwakening: "07:00", outOfBed: "07:00" };
    assert.deepEqual(diaryFigures("2026-10-24", PARIS, night), { timeInBedMinutes: 540, totalSleepMinutes: 540, sleepOnsetLatencyMinutes: 0, wasoMinutes: 0, efficiencyPercent: 100 });
  });

  it("a measured night's figures are its report's, as the night page shows them", () => {
    const W = 0, L = 1, D = 2, R = 3;
    // 2 min awake, 3 min Light, 1 min awake, 1 min Deep, 1 min REM, 2 min awake (the final awakening).
    const stages = [W, W, W, W, L, L, L, L, L, L, W, W, D, D, R, R, W, W, W, W];
    assert.deepEqual(measuredFigures(nightReport(stages, [])), { timeInBedMinutes: 10, totalSleepMinutes: 5, sleepOnsetLatencyMinutes: 2, wasoMinutes: 1, efficiencyPercent: 50 });
    assert.equal(measuredFigures(nightReport([W, W, W, W], [])).sleepOnsetLatencyMinutes, null, "no sleep, no latency");
  });
});

describe("reported against measured", () => {
  const measured = (night: string, sessionId: string, f: Partial<MeasuredNight>): MeasuredNight => ({
    night,
    sessionId,
    timeInBedMinutes: 480,
    totalSleepMinutes: 400,
    sleepOnsetLatencyMinutes: 30,
    wasoMinutes: 20,
    efficiencyPercent: 85,
    ...f,
  });
  const entries = [
    { night: "2026-11-02", zone: PARIS, answers: usual }, // TST 420, SOL 20, WASO 25, SE 80
    { night: "2026-11-03", zone: PARIS, answers: late }, // TST 430, SOL 10, WASO 0, SE 93
    { night: "2026-11-05", zone: PARIS, answers: usual }, // no night measured
  ];
  const nights = [
    measured("2026-11-02", "a", {}), // TST 400, SOL 30, WASO 20, SE 85
    measured("2026-11-02", "a-short", { totalSleepMinutes: 100 }), // a second, shorter recording that day
    measured("2026-11-03", "b", { totalSleepMinutes: 450, sleepOnsetLatencyMinutes: 15, wasoMinutes: 12, efficiencyPercent: 90 }),
    measured("2026-11-04", "c", { totalSleepMinutes: 300 }), // no diary
  ];

  it("one row per night, newest first, with reported minus measured total sleep where both are there", () => {
    const c = compareDiary(entries, nights);
    assert.deepEqual(
      c.rows.map((r) => [r.night, r.reported?.totalSleepMinutes ?? null, r.measured?.sessionId ?? null, r.totalSleepDifferenceMinutes]),
      [
        ["2026-11-05", 420, null, null],
        ["2026-11-04", null, "c", null],
        ["2026-11-03", 430, "b", -20],
        ["2026-11-02", 420, "a", 20],
      ],
    );
  });

  it("averages over the nights that have both, half up", () => {
    const c = compareDiary(entries, nights);
    assert.equal(c.pairedNights, 2);
    // Reported: TST (420 + 430) / 2 = 425; SOL (20 + 10) / 2 = 15; WASO (25 + 0) / 2 = 12.5 → 13; SE (80 + 93) / 2 = 86.5 → 87.
    assert.deepEqual(c.reported, { totalSleepMinutes: 425, sleepOnsetLatencyMinutes: 15, wasoMinutes: 13, efficiencyPercent: 87 });
    // Measured: TST (400 + 450) / 2 = 425; SOL (30 + 15) / 2 = 22.5 → 23; WASO (20 + 12) / 2 = 16; SE (85 + 90) / 2 = 87.5 → 88.
    assert.deepEqual(c.measured, { totalSleepMinutes: 425, sleepOnsetLatencyMinutes: 23, wasoMinutes: 16, efficiencyPercent: 88 });
    // (+20 − 20) / 2 = 0.
    assert.equal(c.totalSleepDifferenceMinutes, 0);
  });

  it("a night without measured sleep has no latency: left out of both latency averages, kept in the others", () => {
    const c = compareDiary(entries, nights.map((n) => (n.sessionId === "b" ? { ...n, sleepOnsetLatencyMinutes: null } : n)));
    assert.equal(c.reported.sleepOnsetLatencyMinutes, 20, "11-02's alone");
    assert.equal(c.measured.sleepOnsetLatencyMinutes, 30);
    assert.equal(c.reported.totalSleepMinutes, 425);
  });

  it("nothing to pair: rows still listed, no averages", () => {
    const c = compareDiary(entries.slice(2), nights.slice(3));
    assert.equal(c.pairedNights, 0);
    assert.deepEqual(c.reported, { totalSleepMinutes: null, sleepOnsetLatencyMinutes: null, wasoMinutes: null, efficiencyPercent: null });
    assert.equal(c.totalSleepDifferenceMinutes, null);
    assert.equal(c.rows.length, 2);
  });

  it("writes a difference with its sign", () => {
    assert.deepEqual([35, -20, 0, null].map((m) => signedMinutes(m)), ["+35 min", "−20 min", "0 min", "—"]);
    assert.deepEqual([35, -20, 0, null].map((m) => signedMinutes(m, "ko")), ["+35분", "−20분", "0분", "—"]);
    const figures = { timeInBedMinutes: 525, totalSleepMinutes: 420, sleepOnsetLatencyMinutes: 75, wasoMinutes: 25, efficiencyPercent: 80 };
    assert.deepEqual(diaryFigureCells(figures, null, null), ["7 h", "—", "—", "75 min", "—", "25 min", "—", "80%", "—"]);
    assert.deepEqual(diaryFigureCells(figures, figures, 0, "ko"), ["7시간", "7시간", "0분", "75분", "75분", "25분", "25분", "80%", "80%"]);
  });
});
