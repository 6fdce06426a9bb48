import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NIGHTS_CSV_COLUMNS, nightsCsv } from "./csv";
import { normaliseZone } from "../time/zone";
import { periodAsleepMeasures, periodFigures, periodNight, type PeriodNightInput } from "./period";
import { hourlyTicks } from "./ticks";

const W = 0, L = 1, D = 2, R = 3;
const rep = (stage: number, n: number) => Array<number>(n).fill(stage);

// A: 4 wake, 10 light, 2 wake, 4 REM, 2 light, 2 wake = 24 epochs (12 min in bed), 16 asleep (8 min),
// onset at epoch 4 (2 min), first REM at epoch 16 (6 min after onset), one awakening of 1 min.
const A = [...rep(W, 4), ...rep(L, 10), ...rep(W, 2), ...rep(R, 4), ...rep(L, 2), ...rep(W, 2)];
// B: 6 light, 4 deep = 10 epochs (5 min), all asleep, no REM.
const B = [...rep(L, 6), ...rep(D, 4)];

const night = (id: string, startTime: string | null, stages: number[], state: "COMPLETE" | "INCOMPLETE" = "COMPLETE"): PeriodNightInput => ({
  id,
  state,
  startTime,
  endTime: null,
  timezone: "Europe/Paris",
  sleepStages: stages,
  snoringStages: stages.map(() => 0),
});

const inputs = [
  night("b", "2026-11-04T23:40:00Z", B, "INCOMPLETE"), // 00:40 on Thursday 5 Nov in Paris: Wednesday 4 Nov's night
  night("a", "2026-11-02T21:30:00Z", A), // 22:30 Monday 2 Nov
  night("before", "2026-10-31T21:00:00Z", A), // Saturday 31 Oct: before the range, inside a 5-day rule window
  night("undated", null, A),
];
// The rule: 6 minutes of sleep on 50 % of the days, over 5 days.
const rule = { minSleepHours: 0.1, targetPercent: 50, windowDays: 5 };

describe("a period night's figures as the PDF prints them", () => {
  it("WASO and efficiency in the minutes and whole percent the night page shows", () => {
    // 16 L, W, 17 L: 17 min in bed, 33 sleep epochs = 16.5 → 17 min asleep, so the 30 s of WASO is 0 of the
    // 17 − 17 = 0 minutes left (rounded on its own it printed 1 min beside 17 of sleep in 17 in bed).
    const n = periodNight(night("w", "2026-11-02T21:30:00Z", [...rep(L, 16), W, ...rep(L, 17)]))!;
    assert.deepEqual([n.totalSleepMinutes, n.wasoSeconds, n.wasoMinutes], [17, 30, 0]);
    // 23 of 40 epochs asleep = 57.5 % exactly: 58 % (float noise printed 57 %).
    const e = periodNight(night("e", "2026-11-02T21:30:00Z", [...rep(L, 23), ...rep(W, 17)]))!;
    assert.equal(e.efficiencyShownPercent, 58);
  });
});

describe("periodFigures", () => {
  const p = periodFigures(inputs, { from: "2026-11-02", to: "2026-11-04" }, rule);

  it("keeps the range's nights, oldest first, each on its noon-to-noon day", () => {
    assert.deepEqual(p.nights.map((n) => [n.id, n.day, n.state]), [["a", "2026-11-02", "COMPLETE"], ["b", "2026-11-04", "INCOMPLETE"]]);
    assert.equal(p.days, 3);
    assert.deepEqual(p.zones, ["Europe/Paris"]);
  });

  it("each night's figures, as the night page counts them", () => {
    const [a, b] = p.nights;
    assert.deepEqual(
      [a!.timeInBedSeconds, a!.totalSleepSeconds, a!.totalSleepMinutes, a!.sleepOnsetLatencySeconds, a!.remLatencySeconds, a!.wasoSeconds, a!.awakenings],
      [720, 480, 8, 120, 360, 60, 1],
    );
    assert.equal(a!.efficiencyPercent!.toFixed(2), "66.67");
    assert.equal(a!.endMs - a!.startMs, 720_000, "without a stored end, the end is start + time in bed");
    assert.deepEqual([b!.timeInBedSeconds, b!.totalSleepSeconds, b!.efficiencyPercent, b!.sleepOnsetLatencySeconds, b!.remLatencySeconds, b!.wasoSeconds, b!.awakenings], [300, 300, 100, 0, null, 0, 0]);
  });

  it("averages each figure over the nights that have it", () => {
    const avg = p.averages;
    assert.equal(avg.nights, 2);
    assert.equal(avg.timeInBedSeconds, 510);
    assert.equal(avg.totalSleepSeconds, 390);
    assert.equal(avg.efficiencyPercent!.toFixed(2), "83.33");
    assert.equal(avg.sleepOnsetLatencySeconds, 60);
    assert.equal(avg.remLatencySeconds, 360, "B had no REM: left out, not counted as 0");
    assert.equal(avg.wasoSeconds, 30);
    assert.equal(avg.awakenings, 0.5);
  });

  it("adherence over the range's days and over the rule's window ending on the range's last day", () => {
    // Range 2–4 Nov: A (8 min) adherent, 3 Nov no night, B (5 min) short → 1 of 3, 2 needed.
    assert.deepEqual([p.rangeAdherence.firstDay, p.rangeAdherence.days, p.rangeAdherence.adherentDays, p.rangeAdherence.requiredDays, p.rangeAdherence.meets], ["2026-11-02", 3, 1, 2, false]);
    // Window 31 Oct–4 Nov: "before" and A adherent → 2 of 5, 3 needed.
    assert.deepEqual([p.ruleAdherence.firstDay, p.ruleAdherence.adherentDays, p.ruleAdherence.requiredDays, p.ruleAdherence.meets], ["2026-10-31", 2, 3, false]);
  });

  it("averages and adherence count from enrolment; the table keeps every night of the range", () => {
    // Enrolled Wed 4 Nov: night a (Mon 2 Nov) is listed but counts in no window.
    const e = periodFigures(inputs, { from: "2026-11-02", to: "2026-11-04" }, rule, "2026-11-04");
    assert.deepEqual(e.nights.map((n) => n.id), ["a", "b"]);
    assert.equal(e.enrolledOn, "2026-11-04");
    assert.equal(e.averages.nights, 1);
    assert.equal(e.ruleAdherence.tooEarly, true);
    assert.equal(e.ruleAdherence.meets, false);
    assert.equal(e.ruleAdherence.daysWithNight, 1);
    // Enrolled before the rule's window: judged as without an enrolment date.
    const whole = periodFigures(inputs, { from: "2026-11-02", to: "2026-11-04" }, rule, "2026-10-01");
    assert.deepEqual([whole.ruleAdherence.tooEarly, whole.ruleAdherence.adherentDays, whole.averages.nights], [false, p.ruleAdherence.adherentDays, 2]);
  });

  it("an empty range has no averages and no adherent day", () => {
    const empty = periodFigures([], { from: "2026-11-02", to: "2026-11-02" }, rule);
    assert.equal(empty.averages.totalSleepSeconds, null);
    assert.equal(empty.rangeAdherence.adherentDays, 0);
  });
});

describe("nightsCsv", () => {
  it("one row per night, UTC and local clock times side by side", () => {
    const p = periodFigures(inputs, { from: "2026-11-02", to: "2026-11-04" }, rule);
    const lines = nightsCsv(p.nights).split("\r\n");
    assert.equal(lines[0], `\uFEFF${NIGHTS_CSV_COLUMNS.join(",")}`, "the byte order mark, then the header");
    assert.equal(lines[1], "2026-11-02,a,COMPLETE,Europe/Paris,2026-11-02T21:30:00.000Z,2026-11-02T21:42:00.000Z,2026-11-02T22:30:00+01:00,2026-11-02T22:42:00+01:00,12,8,66.7,2,6,1,1,");
    assert.equal(lines[2], "2026-11-04,b,INCOMPLETE,Europe/Paris,2026-11-04T23:40:00.000Z,2026-11-04T23:45:00.000Z,2026-11-05T00:40:00+01:00,2026-11-05T00:45:00+01:00,5,5,100,0,,0,0,");
    assert.equal(lines[3], "");
    assert.equal(lines.length, 4);
  });

  it("every minute column as measured, to the half minute: an all-sleep night of 39 epochs is 19.5 min in bed and 19.5 asleep", () => {
    // Rounded to whole minutes on its own, total sleep read 20 beside 19.5 in bed: more sleep than bed.
    const p = periodFigures([night("odd", "2026-11-02T21:30:00Z", rep(L, 39))], { from: "2026-11-02", to: "2026-11-02" }, rule);
    const [header, row] = nightsCsv(p.nights).split("\r\n");
    const cell = Object.fromEntries(header!.replace(/^\uFEFF/, "").split(",").map((k, i) => [k, row!.split(",")[i]]));
    assert.deepEqual([cell.time_in_bed_min, cell.total_sleep_min, cell.sleep_efficiency_pct], ["19.5", "19.5", "100"]);
  });

  it("a tags column: each night's tags in the order added, quoted when one holds a comma", () => {
    const p = periodFigures(inputs, { from: "2026-11-02", to: "2026-11-04" }, rule);
    const lines = nightsCsv(p.nights, new Map([["a", ["alcohol", "late meal"]], ["b", ['sauna, then "tea"']]])).split("\r\n");
    assert.ok(lines[0]!.endsWith(",awakenings,tags"));
    assert.ok(lines[1]!.endsWith(",1,1,alcohol; late meal"));
    assert.ok(lines[2]!.endsWith(',0,0,"sauna, then ""tea"""'));
  });

  it("quotes a field that holds a comma or a quote", () => {
    const p = periodFigures([{ ...inputs[1]!, id: 'odd,"id"' }], { from: "2026-11-02", to: "2026-11-02" }, rule);
    assert.match(nightsCsv(p.nights), /^2026-11-02,"odd,""id""",COMPLETE,/m);
  });

  it("the report's CSV ends each row with that night's clinician notes, oldest first; a note on the patient is in no row", () => {
    const p = periodFigures(inputs, { from: "2026-11-02", to: "2026-11-04" }, rule);
    const notes = [
      { sessionId: "a", author: "Dr Who", at: new Date("2026-11-03T08:05:00Z"), text: "CPAP, mask leak" },
      { sessionId: "a", author: "Dr Lee", at: new Date("2026-11-03T09:00:00Z"), text: "called, \"fine\"" },
      { sessionId: null, author: "Dr Who", at: new Date("2026-11-03T10:00:00Z"), text: "on the patient" },
    ];
    const lines = nightsCsv(p.nights, new Map(), notes).split("\r\n");
    assert.equal(lines[0], `\uFEFF${[...NIGHTS_CSV_COLUMNS, "clinician_notes"].join(",")}`);
    // Each note's time in UTC and on the night's clock (Paris, UTC+1 in November).
    assert.ok(lines[1]!.endsWith(',"Dr Who, 2026-11-03 08:05 UTC (2026-11-03 09:05 Europe/Paris): CPAP, mask leak | Dr Lee, 2026-11-03 09:00 UTC (2026-11-03 10:00 Europe/Paris): called, ""fine"""'), lines[1]);
    assert.ok(lines[2]!.endsWith(",0,0,,"), lines[2]);
    assert.ok(!lines.join("").includes("on the patient"));
  });
});

describe("zones in the period's CSV", () => {
  it("a night sent as +09:00 names its zone UTC+09:00 (never Etc/GMT-9, read as UTC−9), its local times at +09:00", () => {
    const plus9 = { ...night("k", "2026-11-02T13:00:00Z", B), timezone: normaliseZone("+09:00")! };
    const p = periodFigures([plus9], { from: "2026-11-02", to: "2026-11-02" }, rule);
    const notes = [{ sessionId: "k", author: "Dr Who", at: new Date("2026-11-03T00:30:00Z"), text: "ok" }];
    const row = nightsCsv(p.nights, new Map(), notes).split("\r\n")[1]!;
    assert.equal(row, '2026-11-02,k,COMPLETE,UTC+09:00,2026-11-02T13:00:00.000Z,2026-11-02T13:05:00.000Z,2026-11-02T22:00:00+09:00,2026-11-02T22:05:00+09:00,5,5,100,0,,0,0,,"Dr Who, 2026-11-03 00:30 UTC (2026-11-03 09:30 UTC+09:00): ok"');
    assert.deepEqual(p.zones, ["Etc/GMT-9"], "kept in its normal form; only what people read is relabelled");
  });

  it("a night dated in a borrowed zone falls on that zone's day: 20:30 in Seoul is 11:30 UTC, Monday's night in UTC but Tuesday's in Seoul", () => {
    const borrowed: PeriodNightInput = { ...night("inc", "2026-11-03T11:30:00Z", B, "INCOMPLETE"), timezone: "Asia/Seoul", zoneSource: "account" };
    const inUtc: PeriodNightInput = { ...borrowed, timezone: "UTC", zoneSource: null };
    assert.deepEqual(periodFigures([borrowed], { from: "2026-11-03", to: "2026-11-03" }, rule).nights.map((n) => [n.day, n.zoneSource]), [["2026-11-03", "account"]]);
    assert.deepEqual(periodFigures([inUtc], { from: "2026-11-03", to: "2026-11-03" }, rule).nights, []);
    const row = nightsCsv(periodFigures([borrowed], { from: "2026-11-03", to: "2026-11-03" }, rule).nights).split("\r\n")[1];
    assert.equal(row, "2026-11-03,inc,INCOMPLETE,Asia/Seoul,2026-11-03T11:30:00.000Z,2026-11-03T11:35:00.000Z,2026-11-03T20:30:00+09:00,2026-11-03T20:35:00+09:00,5,5,100,0,,0,0,");
  });
});

describe("hourlyTicks", () => {
  it("every whole local hour within the recording, in the night's zone", () => {
    // 22:30 to 01:10 in Paris.
    const ticks = hourlyTicks(Date.parse("2026-11-02T21:30:00Z"), Date.parse("2026-11-03T00:10:00Z"), "Europe/Paris");
    assert.deepEqual(ticks.map((t) => t.label), ["23:00", "00:00", "01:00"]);
    assert.equal(ticks[0]!.ms, Date.parse("2026-11-02T22:00:00Z"));
  });
  it("whole hours of a half-hour zone, and across the end of summer time", () => {
    assert.deepEqual(hourlyTicks(Date.parse("2026-11-02T17:00:00Z"), Date.parse("2026-11-02T19:00:00Z"), "Asia/Kolkata").map((t) => t.label), ["23:00", "00:00"]);
    // Paris, 25 Oct 2026: 03:00 summer time becomes 02:00 again, so 02:00 comes twice.
    assert.deepEqual(hourlyTicks(Date.parse("2026-10-24T23:00:00Z"), Date.parse("2026-10-25T02:00:00Z"), "Europe/Paris").map((t) => t.label), ["01:00", "02:00", "02:00", "03:00"]);
  });
});

describe("a 2-stage night in the period report", () => {
  it("has no REM latency: its CSV cell is empty, not 0, and the average skips it", () => {
    const two: PeriodNightInput = { ...night("two", "2026-11-03T22:00:00Z", [...rep(W, 4), ...rep(L, 16), ...rep(W, 2)]), stagePlan: "2-stage" };
    const n = periodNight(two)!;
    assert.equal(n.remLatencySeconds, null);
    assert.equal(n.totalSleepSeconds, 480);
    const csv = nightsCsv([n]);
    const [header, row] = csv.replace(/^\uFEFF/, "").trim().split("\r\n").map((line) => line.split(","));
    assert.equal(row![header!.indexOf("rem_latency_min")], "");
    assert.equal(row![header!.indexOf("total_sleep_min")], "8");
  });
});

describe("Asleep's own measures over a period", () => {
  it("averages the score and unstable breathing over the nights that have them, and has none when no plan included them", () => {
    const withBreath = periodNight({ ...night("a", "2026-11-03T22:00:00Z", A), stat: { sleep_index: 80, unstable_breath_ratio: 0.1 } })!;
    const withScore = periodNight({ ...night("b", "2026-11-04T22:00:00Z", B), stat: { sleep_index: 70 } })!;
    const m = periodAsleepMeasures([withBreath, withScore]);
    assert.deepEqual(m.sleepScore, { mean: 75, nights: 2 });
    assert.deepEqual(m.unstableBreathPercent, { mean: 10, nights: 1 });
    assert.deepEqual(periodAsleepMeasures([periodNight(night("c", "2026-11-05T22:00:00Z", B))!]), { sleepScore: null, unstableBreathPercent: null });
  });
});
