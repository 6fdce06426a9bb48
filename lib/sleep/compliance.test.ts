import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { addDays } from "./days";
import { COMPLIANCE_DEFINITION, compliance, complianceSummary, windowLabel } from "./compliance";

const ENROLLED = "2026-10-01";
/** Nights of `hours` on the given day offsets from enrolment (0 = the enrolment day). */
const nightsOn = (offsets: number[], hours = 5) => offsets.map((o) => ({ day: addDays(ENROLLED, o), totalSleepSeconds: hours * 3600 }));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("compliance: 4 h on 70 % of nights in a 30-day window within the first 90 days", () => {
  it("is met by 21 good nights in the first 30 days, naming that window", () => {
    const c = compliance(nightsOn(range(0, 20)), ENROLLED, "2026-10-25");
    assert.equal(c.status, "met");
    assert.equal(complianceSummary(c), "Compliant (window 1 Oct–30 Oct 2026: 21 of 30 nights ≥ 4 h)");
  });

  it("20 good nights in every window is not yet, with the days left to reach 21", () => {
    // Good nights on days 0–19 only; the 49th day (offset 48) is the last counted: 41 days are left.
    const c = compliance(nightsOn(range(0, 19)), ENROLLED, addDays(ENROLLED, 48));
    assert.equal(c.status, "not-yet");
    assert.equal(complianceSummary(c), "Not yet: best 30-day window so far 20 of 30; 41 days left to reach 21");
  });

  it("counts a sliding window, not calendar months: 21 good nights spread over days 35–64", () => {
    const good = range(35, 64).filter((d) => d % 10 !== 0 && d % 10 !== 5 && d % 10 !== 7); // 30 − 9 = 21
    assert.equal(good.length, 21);
    const c = compliance(nightsOn(good), ENROLLED, addDays(ENROLLED, 70));
    assert.equal(c.status, "met");
    assert.equal(c.status === "met" && c.window.firstDay, addDays(ENROLLED, 35)); // the first window holding all 21 (day 64 is a good one)
  });

  it("nights under 4 h do not count, and the longest night of a day decides", () => {
    const short = nightsOn(range(0, 29), 3.99);
    assert.equal(compliance(short, ENROLLED, addDays(ENROLLED, 40)).status, "not-yet");
    const withNaps = [...short, ...nightsOn(range(0, 20), 4)];
    assert.equal(compliance(withNaps, ENROLLED, addDays(ENROLLED, 40)).status, "met");
  });

  it("nights before enrolment and after the 90th day never count", () => {
    const before = Array.from({ length: 30 }, (_, i) => ({ day: addDays(ENROLLED, -1 - i), totalSleepSeconds: 8 * 3600 }));
    const after = nightsOn(range(90, 120));
    const c = compliance([...before, ...after], ENROLLED, addDays(ENROLLED, 130));
    assert.equal(c.status, "not-met");
    assert.equal(complianceSummary(c), "Not met within the first 90 days (best 30-day window 0 of 30 nights ≥ 4 h)");
  });

  it("a window straddling day 90 does not count: 21 good nights on days 75–95", () => {
    const c = compliance(nightsOn(range(75, 95)), ENROLLED, addDays(ENROLLED, 100));
    assert.equal(c.status, "not-met");
    assert.equal(c.best.adherentDays, 15); // days 75–89, in the window of days 60–89
  });

  it("is out of reach before day 90 once no window can still gather 21", () => {
    // Nothing for the first 70 days: the last window (days 60–89) can hold at most 20 more.
    const c = compliance([], ENROLLED, addDays(ENROLLED, 69));
    assert.equal(c.status, "not-met");
    // A day earlier, 21 days of that window are still to come.
    const d = compliance([], ENROLLED, addDays(ENROLLED, 68));
    assert.equal(d.status, "not-yet");
    assert.equal(d.status === "not-yet" && d.daysLeft, 21);
  });

  it("before any day counts, the whole 90 days are left", () => {
    const c = compliance([], ENROLLED, addDays(ENROLLED, -1));
    assert.equal(complianceSummary(c), "Not yet: best 30-day window so far 0 of 30; 90 days left to reach 21");
  });

  it("labels a window across the new year with both years", () => {
    assert.equal(windowLabel({ firstDay: "2026-12-20", lastDay: "2027-01-18" }), "20 Dec 2026–18 Jan 2027");
    assert.equal(windowLabel({ firstDay: "2026-11-03", lastDay: "2026-12-02" }), "3 Nov–2 Dec 2026");
  });
});

it("docs/DEFINITIONS.md states the rule in the words the pages show", () => {
  const docs = readFileSync(path.resolve(__dirname, "../../docs/DEFINITIONS.md"), "utf8");
  assert.ok(docs.includes(`- **Compliance in the first 90 days**: ${COMPLIANCE_DEFINITION}`));
});
