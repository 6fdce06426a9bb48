import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { translatorFor } from "@/server/i18n/translator";
import { dayLabel } from "../time/day";
import { adequacyLine, nightInvalidity, orderProblems, studyLastDay, studyStatus, studyStatusLine, studyStatusWords, type StudyNightInput, type StudyOrder } from "./study";

// 7 nights wanted within 14 days from Tue 1 Dec 2026 (window 1–14 Dec), 5 valid needed, each at least 4 h.
const ORDER: StudyOrder = { startDay: "2026-12-01", windowDays: 14, nightsWanted: 7, minValidNights: 5, minSleepMinutes: 240 };
const h = (hours: number) => hours * 3600;
const night = (day: string, sleep: number, state: "COMPLETE" | "INCOMPLETE" = "COMPLETE", id = `n-${day}`): StudyNightInput => ({ id, day, state, totalSleepSeconds: sleep });

describe("a multi-night study", () => {
  it("counts valid nights in the window and the days left, today included", () => {
    const nights = [night("2026-11-30", h(7)), night("2026-12-01", h(7)), night("2026-12-02", h(3.5)), night("2026-12-03", h(4)), night("2026-12-05", h(6)), night("2026-12-06", h(8), "INCOMPLETE"), night("2026-12-15", h(8))];
    const s = studyStatus(ORDER, nights, "2026-12-06");
    assert.equal(s.to, "2026-12-14");
    // 30 Nov and 15 Dec are outside; 2 Dec is short; 6 Dec incomplete: valid 1, 3, 5 Dec.
    assert.deepEqual(s.nights.map((n) => n.day), ["2026-12-01", "2026-12-02", "2026-12-03", "2026-12-05", "2026-12-06"]);
    assert.equal(s.recordedNights, 5);
    assert.equal(s.validNights, 3);
    // 6 to 14 Dec: 9 days.
    assert.equal(s.daysLeft, 9);
    assert.equal(s.outcome, "in-progress");
    assert.equal(s.nights[1]!.why, "3 h 30 min asleep, under 4 h");
    assert.equal(s.nights[4]!.why, "recording incomplete");
    // Exactly 4 h is enough.
    assert.equal(s.nights[2]!.valid, true);
    assert.equal(studyStatusLine(ORDER, s), "3 of 7 valid nights, 9 days left");
  });

  it("is adequate once enough nights are valid and the nights wanted were recorded", () => {
    const days = ["01", "02", "03", "04", "05", "06", "07"].map((d) => `2026-12-${d}`);
    const nights = days.map((d, i) => night(d, i === 1 ? h(2) : h(6.5)));
    const s = studyStatus(ORDER, nights, "2026-12-08");
    assert.equal(s.validNights, 6);
    assert.equal(s.outcome, "adequate");
    assert.equal(s.reason, null);
    assert.equal(adequacyLine(ORDER, s), "6 of 7 nights valid, each at least 4 h: adequate");
    // Six recorded with five valid: enough valid, but a night is still wanted while the window runs.
    assert.equal(studyStatus(ORDER, nights.slice(0, 6), "2026-12-08").outcome, "in-progress");
    // ... and adequate when the window is over.
    assert.equal(studyStatus(ORDER, nights.slice(0, 6), "2026-12-15").outcome, "adequate");
  });

  it("fails at the deadline with too few valid nights, and says why, with no night arriving", () => {
    const nights = [night("2026-12-01", h(6)), night("2026-12-02", h(1)), night("2026-12-03", h(6))];
    const s = studyStatus(ORDER, nights, "2026-12-15");
    assert.equal(s.daysLeft, 0);
    assert.equal(s.outcome, "failed");
    assert.equal(s.reason, "2 valid nights of the 5 needed by Mon 14 Dec 2026; 1 night not valid");
    assert.equal(studyStatusLine(ORDER, s), "Failed: 2 valid nights of the 5 needed by Mon 14 Dec 2026; 1 night not valid");
    assert.equal(studyStatus(ORDER, [], "2026-12-20").reason, "0 valid nights of the 5 needed by Mon 14 Dec 2026; no night recorded");
  });

  it("fails early once the days left cannot bring enough valid nights", () => {
    // 12 Dec: 12, 13, 14 left (3 days), 1 valid so far: 4 at most, 5 needed.
    const s = studyStatus(ORDER, [night("2026-12-01", h(6))], "2026-12-12");
    assert.equal(s.daysLeft, 3);
    assert.equal(s.outcome, "failed");
    assert.match(s.reason!, /too few days left: 3/);
    // 11 Dec: 4 days left, 1 valid: 5 still possible.
    assert.equal(studyStatus(ORDER, [night("2026-12-01", h(6))], "2026-12-11").outcome, "in-progress");
    // 12 Dec with tonight's night already valid: 2 valid, and 13 and 14 Dec can add 2 more (12 Dec cannot add a second): 4.
    const todayValid = [night("2026-12-01", h(6)), night("2026-12-12", h(6))];
    assert.equal(studyStatus(ORDER, todayValid, "2026-12-12").outcome, "failed");
    // The same two nights seen on 11 Dec: 11 to 14 Dec can still bring 3 more.
    assert.equal(studyStatus(ORDER, todayValid, "2026-12-11").outcome, "in-progress");
  });

  it("counts a day with two recordings once, valid if either is", () => {
    const s = studyStatus(ORDER, [night("2026-12-01", h(1), "COMPLETE", "a"), night("2026-12-01", h(5), "COMPLETE", "b")], "2026-12-02");
    assert.equal(s.nights.length, 2);
    assert.equal(s.recordedNights, 1);
    assert.equal(s.validNights, 1);
  });

  it("before the window opens, every day of it is left", () => {
    const s = studyStatus(ORDER, [], "2026-11-20");
    assert.equal(s.daysLeft, 14);
    assert.equal(s.outcome, "in-progress");
    assert.equal(studyLastDay({ startDay: "2026-12-31", windowDays: 3 }), "2027-01-02");
  });

  it("refuses an order that cannot be met", () => {
    assert.deepEqual(orderProblems({ ...ORDER, nightsWanted: 15 }).map((p) => p.path), ["nightsWanted"]);
    assert.deepEqual(orderProblems({ ...ORDER, minValidNights: 8 }).map((p) => p.path), ["minValidNights"]);
    assert.deepEqual(orderProblems(ORDER), []);
  });

  it("words the status line in the page's language, the English exactly as the API's line", () => {
    const en = translatorFor("en", "Studies");
    const ko = translatorFor("ko", "Studies");
    const one = { ...ORDER, nightsWanted: 1, minValidNights: 1 };
    const cases: Array<[StudyOrder, StudyNightInput[], string]> = [
      [ORDER, [night("2026-12-01", h(7)), night("2026-12-02", h(3.5))], "2026-12-06"],
      [ORDER, [night("2026-12-01", h(7))], "2026-12-14"],
      [ORDER, ["01", "02", "03", "04", "05", "06", "07"].map((d) => night(`2026-12-${d}`, h(6.5))), "2026-12-08"],
      [ORDER, [night("2026-12-01", h(6)), night("2026-12-02", h(1)), night("2026-12-03", h(6), "INCOMPLETE")], "2026-12-15"],
      [ORDER, [], "2026-12-20"],
      [ORDER, [night("2026-12-01", h(6))], "2026-12-12"],
      [ORDER, [night("2026-12-01", h(1))], "2026-12-12"],
      [one, [night("2026-12-01", h(7))], "2026-12-01"],
      [one, [], "2026-12-14"],
      [one, [night("2026-12-01", h(1))], "2026-12-16"],
    ];
    for (const [order, nights, today] of cases) {
      const s = studyStatus(order, nights, today);
      assert.equal(studyStatusWords(order, s, en, dayLabel), studyStatusLine(order, s));
      assert.match(studyStatusWords(order, s, ko, dayLabel), /[\uac00-\ud7a3]/);
    }
    assert.equal(studyStatusWords(ORDER, studyStatus(ORDER, [], "2026-12-20"), ko, (d) => d), "부적합: 2026-12-14까지 필요한 5밤 중 유효한 밤 0밤; 기록된 밤 없음");
  });

  it("says why a night is not valid as facts a page words", () => {
    assert.deepEqual(nightInvalidity({ state: "INCOMPLETE", totalSleepSeconds: h(8) }, 240), { why: "incomplete" });
    assert.deepEqual(nightInvalidity({ state: "COMPLETE", totalSleepSeconds: h(3.5) }, 240), { why: "short", asleepSeconds: h(3.5), minSleepMinutes: 240 });
    assert.equal(nightInvalidity({ state: "COMPLETE", totalSleepSeconds: h(4) }, 240), null);
  });
});
