import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { adherence, adherenceSummary, USUAL_RULE } from "./adherence";
import { dayOfDate, enrolledWindow, enrolmentDayOf, nightsSinceEnrolment, tooEarlyToTell } from "./enrolment";

describe("enrolmentDayOf: the calendar day an account was made, in the patient's zone", () => {
  it("is the local date, not UTC's and not the noon-to-noon night", () => {
    // 23:30 UTC on Mon 30 Nov is 08:30 on Tue 1 Dec in Seoul: enrolled Tuesday there, Monday in UTC.
    const t = Date.parse("2026-11-30T23:30:00Z");
    assert.equal(enrolmentDayOf(t, "Asia/Seoul"), "2026-12-01");
    assert.equal(enrolmentDayOf(t, "UTC"), "2026-11-30");
    // 09:00 on Tuesday is Tuesday (Monday's night was over before the account existed).
    assert.equal(enrolmentDayOf(Date.parse("2026-12-01T08:00:00Z"), "Europe/Paris"), "2026-12-01");
  });

  it("reads a stored DATE as its day", () => {
    assert.equal(dayOfDate(new Date("2026-12-01T00:00:00Z")), "2026-12-01");
  });
});

describe("enrolledWindow: a window never reaches before enrolment", () => {
  it("a patient enrolled 40 days ago has the whole 30-day window", () => {
    assert.deepEqual(enrolledWindow("2026-10-27", "2026-12-05", 30), { windowDays: 30, firstDay: "2026-11-06", lastDay: "2026-12-05", days: 30, complete: true });
  });

  it("enrolled exactly on the window's first day is complete; a day later is not", () => {
    assert.equal(enrolledWindow("2026-11-06", "2026-12-05", 30).complete, true);
    const w = enrolledWindow("2026-11-07", "2026-12-05", 30);
    assert.deepEqual(w, { windowDays: 30, firstDay: "2026-11-07", lastDay: "2026-12-05", days: 29, complete: false });
  });

  it("enrolled today, the window of yesterday has no day at all", () => {
    assert.deepEqual(enrolledWindow("2026-12-06", "2026-12-05", 30), { windowDays: 30, firstDay: "2026-12-06", lastDay: "2026-12-05", days: 0, complete: false });
  });

  it("says too early to tell in words", () => {
    assert.equal(tooEarlyToTell(enrolledWindow("2026-12-01", "2026-12-06", 30), "2026-12-01"), "Too early to tell: enrolled Tue 1 Dec 2026, 6 of 30 days so far");
  });
});

describe("adherence from enrolment on", () => {
  it("ignores the nights before enrolment and counts only the days since", () => {
    const nights = [
      { day: "2026-11-20", totalSleepSeconds: 8 * 3600 },
      { day: "2026-12-02", totalSleepSeconds: 8 * 3600 },
      { day: "2026-12-03", totalSleepSeconds: 2 * 3600 },
    ];
    const a = adherence(nights, USUAL_RULE, "2026-12-05", "2026-12-01");
    assert.equal(a.firstDay, "2026-12-01");
    assert.equal(a.days, 5);
    assert.equal(a.daysWithNight, 2);
    assert.equal(a.adherentDays, 1);
    assert.equal(a.tooEarly, true);
    assert.equal(a.meets, false);
    assert.equal(adherenceSummary(a), "Too early to tell: enrolled Tue 1 Dec 2026, 5 of 30 days so far");
  });

  it("once enrolled for the whole window it judges as before", () => {
    const nights = Array.from({ length: 21 }, (_, i) => ({ day: `2026-11-${String(i + 1).padStart(2, "0")}`, totalSleepSeconds: 5 * 3600 }));
    const a = adherence(nights, USUAL_RULE, "2026-11-30", "2026-10-01");
    assert.equal(a.tooEarly, false);
    assert.equal(a.meets, true);
    assert.match(adherenceSummary(a), /^21 of 30 days .* meets the usual rule$/);
  });
});

describe("nightsSinceEnrolment: averages and trends count from enrolment", () => {
  it("keeps the nights of the enrolment day on, by the night's own day and zone", () => {
    const nights = [
      // 23:00 in Seoul on Mon 30 Nov: Monday's night, before enrolment on Tuesday.
      { id: "mon", startTime: "2026-11-30T14:00:00Z", zone: "Asia/Seoul" },
      // 01:00 on Wed 2 Dec in Seoul: Tuesday's night, the first that counts.
      { id: "tue", startTime: "2026-12-01T16:00:00Z", zone: "Asia/Seoul" },
      { id: "open", startTime: null, zone: "UTC" },
    ];
    assert.deepEqual(nightsSinceEnrolment(nights, "2026-12-01", (n) => n.zone).map((n) => n.id), ["tue"]);
  });
});
