import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { translatorFor } from "@/server/i18n/translator";
import { DEFAULT_SLEEP_NEED_MINUTES, sleepDebt, sleepRegularityIndex } from "./regularity";

const HOUR = 3_600_000;
// Days split at noon UTC: the window's first day starts 2026-11-07 12:00.
const NOON = Date.UTC(2026, 10, 7, 12);
/** A night on day `d` from `from` hours after that day's noon, `hours` long, all asleep (Light). */
const night = (d: number, from: number, hours: number, stage = 1) => ({ startMs: NOON + (d * 24 + from) * HOUR, sleepStages: Array<number>(hours * 120).fill(stage) });
const end = (days: number) => NOON + days * 24 * HOUR;

describe("Sleep Regularity Index", () => {
  it("is 100 for the same night at the same clock times every day", () => {
    const r = sleepRegularityIndex([0, 1, 2].map((d) => night(d, 11, 8)), end(3), 3);
    assert.deepEqual(r, { index: 100, coveredDays: 3, pairedDays: 2, days: 3 });
  });

  it("by hand: a night shifted one hour later on the second day", () => {
    // Day 0 23:00–07:00, days 1 and 2 00:00–08:00. Day 0 against day 1: 2880 pairs of epochs, of which
    // 23:00–00:00 (asleep / awake) and 07:00–08:00 (awake / asleep) differ: 240. Day 1 against day 2:
    // none differ. P(same) = (5760 − 240) / 5760 = 0.9583; SRI = 200 × 0.9583 − 100 = 91.7 → 92.
    const r = sleepRegularityIndex([night(0, 11, 8), night(1, 12, 8), night(2, 12, 8)], end(3), 3);
    assert.equal(r.index, 92);
  });

  it("leaves a day without a recording out (a gap), rather than counting it as awake", () => {
    // Days 0, 1, 3, 4 recorded the same; day 2 not. Pairs: 0–1 and 3–4 (1–2 and 2–3 have a gap).
    const r = sleepRegularityIndex([0, 1, 3, 4].map((d) => night(d, 11, 8)), end(5), 5);
    assert.deepEqual(r, { index: 100, coveredDays: 4, pairedDays: 2, days: 5 });
    // With only one pair of consecutive days, no index.
    assert.equal(sleepRegularityIndex([night(0, 11, 8), night(1, 11, 8), night(3, 11, 8)], end(5), 5).index, null);
  });

  it("leaves no-data epochs out of the pairs", () => {
    // Day 1's night is 8 hours without data: all its pairs with an unknown end are skipped, and the
    // rest of both days (awake out of bed on both) are the same: 100.
    const r = sleepRegularityIndex([night(0, 11, 8), night(1, 11, 8, -1), night(2, 11, 8, -1)], end(3), 3);
    assert.equal(r.index, 100);
  });

  it("is −100 for opposite states 24 hours apart", () => {
    // Day 0 asleep all 24 hours, day 1 awake (in bed, Wake) all 24 hours.
    const r = sleepRegularityIndex([night(0, 0, 24), night(1, 0, 24, 0), night(2, 0, 24)], end(3), 3);
    assert.equal(r.index, -100);
  });
});

describe("sleep debt", () => {
  it("sums what each night fell short of the need, a longer night making up for a shorter one", () => {
    // Need 8 h: 7 h, 6 h 30 min, 8 h 30 min short by 60 + 90 − 30 = 120 min.
    assert.deepEqual(sleepDebt([420, 390, 510], 480), { debtMinutes: 120, nights: 3, needMinutes: 480 });
    // More sleep than needed overall: no debt (never below 0).
    assert.equal(sleepDebt([540, 540], 480).debtMinutes, 0);
    assert.equal(DEFAULT_SLEEP_NEED_MINUTES, 480);
  });
});

describe("the index over the last 7 and 30 days", () => {
  it("ends with the newest night's day, noon to noon on the sleeper's clock", async () => {
    const { regularityOf, regularityText } = await import("./regularity");
    const say = translatorFor("en", "PatientPage.regularity");
    // Three nights 23:00–07:00 UTC on the days 2026-11-07, 08 and 09 (noon UTC splits the days in UTC).
    const nights = [0, 1, 2].map((d) => night(d, 11, 8));
    const r = regularityOf(nights, "2026-11-09", "UTC")!;
    assert.deepEqual(r[7], { index: 100, coveredDays: 3, pairedDays: 2, days: 7 });
    assert.equal(r[30].index, 100);
    assert.equal(regularityText(r[7], say), "100 (over 2 pairs of consecutive days; 3 of 7 days recorded)");
    assert.equal(regularityOf(nights, null, "UTC"), null);
    assert.equal(regularityText(regularityOf(nights.slice(0, 2), "2026-11-08", "UTC")![7], say), "not enough yet: it needs at least 2 pairs of consecutive recorded days (2 of 7 days recorded)");
  });
});
