import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { addDays } from "./days";
import { translatorFor } from "@/server/i18n/translator";
import { DAY_WITH_DATA_DEFINITION, monitoringCycle, monitoringSummary as summary, type MonitoringCycle } from "./monitoring";

const say = translatorFor("en", "PatientPage.monitoring");
const monitoringSummary = (c: MonitoringCycle) => summary(c, say);

const ENROLLED = "2026-10-01";
const on = (...offsets: number[]) => offsets.map((o) => addDays(ENROLLED, o));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("monitoringCycle: 30-day cycles from enrolment, days with data, 99454 and 99445", () => {
  it("the enrolment day is day 1 of cycle 1; day 31 begins cycle 2", () => {
    assert.deepEqual(
      { ...monitoringCycle(ENROLLED, ENROLLED, []) },
      { number: 1, firstDay: "2026-10-01", lastDay: "2026-10-30", daysWithData: 0, daysLeft: 30, reached: null },
    );
    const c = monitoringCycle(ENROLLED, addDays(ENROLLED, 30), on(29))!;
    assert.equal(c.number, 2);
    assert.equal(c.firstDay, "2026-10-31");
    assert.equal(c.daysWithData, 0); // day 30 belonged to cycle 1
  });

  it("counts distinct days up to today, and says how many more are needed and how many days are left", () => {
    // Cycle 1, today day 10 (offset 9) with data on 5 days, one of them twice.
    const c = monitoringCycle(ENROLLED, addDays(ENROLLED, 9), on(0, 2, 2, 4, 6, 9))!;
    assert.equal(c.daysWithData, 5);
    assert.equal(c.daysLeft, 20); // days 11–30: today already has data
    assert.equal(c.reached, "99445");
    assert.deepEqual(monitoringSummary(c), {
      cycle: "Cycle 1 (1 Oct–30 Oct 2026): 5 days with data",
      for99454: "16 days (CPT 99454): 11 more days needed, 20 days left",
      for99445: "2–15 days (CPT 99445): reached",
    });
  });

  it("today without data yet still counts as a day left", () => {
    const c = monitoringCycle(ENROLLED, addDays(ENROLLED, 9), on(0))!;
    assert.equal(c.daysLeft, 21);
    assert.equal(monitoringSummary(c).for99445, "2–15 days (CPT 99445): 1 more day needed, 21 days left");
  });

  it("16 days reach 99454; too few days left says so", () => {
    assert.equal(monitoringCycle(ENROLLED, addDays(ENROLLED, 20), on(...range(0, 15)))!.reached, "99454");
    const late = monitoringCycle(ENROLLED, addDays(ENROLLED, 25), on(...range(0, 9)))!;
    assert.equal(late.daysLeft, 5);
    assert.equal(monitoringSummary(late).for99454, "16 days (CPT 99454): out of reach this cycle: 6 more days needed, 5 days left");
  });

  it("ignores days before enrolment and after today; none before enrolment", () => {
    const c = monitoringCycle(ENROLLED, addDays(ENROLLED, 3), ["2026-09-30", ...on(1, 5)])!;
    assert.equal(c.daysWithData, 1);
    assert.equal(monitoringCycle(ENROLLED, "2026-09-30", []), null);
  });
});

it("docs/DEFINITIONS.md states what a day with data is in the words the page shows", () => {
  const docs = readFileSync(path.resolve(__dirname, "../../docs/DEFINITIONS.md"), "utf8");
  assert.ok(docs.includes(`- **Day with data**: ${DAY_WITH_DATA_DEFINITION}`));
});
