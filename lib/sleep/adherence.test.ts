import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { addDays, adherence, adherenceSummary, daysBetween, isDay, nightOf, parseAdherenceRule, USUAL_RULE, windowEnd, type DatedNight } from "./adherence";

const H = 3600;

describe("nightOf: the day a night belongs to, noon to noon in the night's zone", () => {
  it("a night begun before midnight or after it, up to noon, is the evening's night", () => {
    // 22:30 and 00:40 in Paris (UTC+1 in November), both Monday 2 November's night.
    assert.equal(nightOf(Date.parse("2026-11-02T21:30:00Z"), "Europe/Paris"), "2026-11-02");
    assert.equal(nightOf(Date.parse("2026-11-02T23:40:00Z"), "Europe/Paris"), "2026-11-02");
    // 11:59 Tuesday still Monday's; 12:00 Tuesday is Tuesday's (a nap or a night shift's sleep).
    assert.equal(nightOf(Date.parse("2026-11-03T10:59:00Z"), "Europe/Paris"), "2026-11-02");
    assert.equal(nightOf(Date.parse("2026-11-03T11:00:00Z"), "Europe/Paris"), "2026-11-03");
  });

  it("uses the night's own zone, not UTC", () => {
    // 02:00 UTC on the 3rd is 21:00 on the 2nd in New York and 11:00 on the 3rd in Seoul.
    const t = Date.parse("2026-11-03T02:00:00Z");
    assert.equal(nightOf(t, "America/New_York"), "2026-11-02");
    assert.equal(nightOf(t, "Asia/Seoul"), "2026-11-02");
    assert.equal(nightOf(t, "UTC"), "2026-11-02");
    assert.equal(nightOf(Date.parse("2026-11-03T04:00:00Z"), "Asia/Seoul"), "2026-11-03");
  });
});

describe("calendar days", () => {
  it("checks real days and counts across month ends and DST changes", () => {
    assert.equal(isDay("2026-02-28"), true);
    assert.equal(isDay("2026-02-29"), false);
    assert.equal(isDay("2026-2-3"), false);
    assert.equal(addDays("2026-03-01", -1), "2026-02-28");
    assert.equal(addDays("2026-03-28", 2), "2026-03-30");
    assert.equal(daysBetween("2026-11-01", "2026-11-30"), 30);
    assert.equal(daysBetween("2026-11-02", "2026-11-01"), 0);
  });
});

describe("parseAdherenceRule", () => {
  it("reads hours, target and window", () => {
    assert.deepEqual(parseAdherenceRule("4h,70%,30d"), USUAL_RULE);
    assert.deepEqual(parseAdherenceRule(" 6.5h, 80 %, 14d "), { minSleepHours: 6.5, targetPercent: 80, windowDays: 14 });
  });
  it("refuses what it cannot mean", () => {
    for (const bad of ["4,70,30", "4h,70%", "0h,70%,30d", "4h,0%,30d", "4h,101%,30d", "4h,70%,0d", "4h,70%,400d", "25h,70%,30d"]) {
      assert.ok(parseAdherenceRule(bad) instanceof Error, bad);
    }
  });
});

describe("adherence", () => {
  // The 30 days from 1 to 30 November 2026.
  const day = (d: number) => `2026-11-${String(d).padStart(2, "0")}`;

  it("21 adherent days of 30 meet the usual rule exactly; 20 do not", () => {
    const nights: DatedNight[] = [];
    for (let d = 1; d <= 21; d++) nights.push({ day: day(d), totalSleepSeconds: 4 * H });
    nights.push({ day: day(22), totalSleepSeconds: 4 * H - 30 }); // one epoch short
    const a = adherence(nights, USUAL_RULE, day(30));
    assert.equal(a.firstDay, day(1));
    assert.equal(a.days, 30);
    assert.equal(a.daysWithNight, 22);
    assert.equal(a.adherentDays, 21);
    assert.equal(a.requiredDays, 21);
    assert.equal(a.percent, 70);
    assert.equal(a.meets, true);
    assert.equal(adherenceSummary(a), "21 of 30 days with at least 4 h of sleep — 70 % — meets the usual rule");

    const fewer = adherence(nights.slice(1), USUAL_RULE, day(30));
    assert.equal(fewer.adherentDays, 20);
    assert.equal(fewer.meets, false);
    assert.equal(adherenceSummary(fewer), "20 of 30 days with at least 4 h of sleep — 66 % — does not meet the usual rule");
  });

  it("a day with no night counts against; several nights on one day count once, by the longest", () => {
    const nights: DatedNight[] = [
      { day: day(1), totalSleepSeconds: 2 * H },
      { day: day(1), totalSleepSeconds: 5 * H },
      { day: day(1), totalSleepSeconds: 6 * H },
      { day: day(2), totalSleepSeconds: 3 * H },
      { day: day(2), totalSleepSeconds: 3.5 * H }, // two short nights do not add up
    ];
    const rule = { minSleepHours: 4, targetPercent: 50, windowDays: 3 };
    const a = adherence(nights, rule, day(3));
    assert.deepEqual([a.firstDay, a.lastDay, a.daysWithNight, a.adherentDays, a.requiredDays], [day(1), day(3), 2, 1, 2]);
    assert.equal(a.meets, false);
    assert.equal(adherenceSummary(a), "1 of 3 days with at least 4 h of sleep — 33 % — does not meet the 50 % target");
  });

  it("ignores nights outside the window and rounds the needed days up", () => {
    const nights: DatedNight[] = [day(1), day(2), day(3), day(4), day(5)].map((d) => ({ day: d, totalSleepSeconds: 7 * H }));
    // 70 % of 4 days is 2.8: 3 needed. The window 2–5 November holds 4 adherent days.
    const a = adherence(nights, { minSleepHours: 6, targetPercent: 70, windowDays: 4 }, day(5));
    assert.deepEqual([a.firstDay, a.adherentDays, a.requiredDays, a.meets], [day(2), 4, 3, true]);
    // Only 1–2 November fall in a window ending on the 2nd, starting 30 October.
    const early = adherence(nights, { minSleepHours: 6, targetPercent: 70, windowDays: 4 }, day(2));
    assert.deepEqual([early.firstDay, early.adherentDays, early.meets], ["2026-10-30", 2, false]);
  });

  it("the window ends today once tonight's night is stored, else yesterday", () => {
    const now = Date.parse("2026-11-10T07:00:00Z"); // 08:00 Tuesday in Paris: still Monday's night
    assert.equal(windowEnd([], now, "Europe/Paris"), "2026-11-08");
    assert.equal(windowEnd([{ day: "2026-11-09", totalSleepSeconds: 0 }], now, "Europe/Paris"), "2026-11-09");
  });
});
