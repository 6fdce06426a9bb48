import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { shortDay } from "../alerts/rules";
import { dateTime } from "../format";
import { momentLabel } from "../live/connection";
import { dayLabel } from "./day";
import { dayText, shortDayText, zonedDayText, zonedWeekdayText } from "./day-words";

describe("days and moments in the reader's language", () => {
  const ms = Date.parse("2026-11-23T01:10:00Z");

  it("in English, exactly the app's own forms", () => {
    assert.equal(dayText("2026-11-22"), dayLabel("2026-11-22"));
    assert.equal(shortDayText("2026-11-22"), shortDay("2026-11-22"));
    assert.equal(zonedDayText(ms, "Europe/Paris"), "Mon 23 Nov 2026");
    assert.equal(zonedWeekdayText(ms, "Europe/Paris"), "Mon");
  });

  it("in Korean, as Korean writes dates (2026년 11월 22일 (일)), also in the fixed offsets Intl refuses; dates with times and moments by lib/format and lib/live/connection", () => {
    assert.equal(dayText("2026-11-22", "ko"), "2026년 11월 22일 (일)");
    assert.equal(shortDayText("2026-11-22", "ko"), "11월 22일 (일)");
    assert.equal(dateTime(ms, "Europe/Paris", "ko"), "2026년 11월 23일 (월) 02:10");
    assert.equal(dateTime(ms, "+05:30", "ko"), "2026년 11월 23일 (월) 06:40");
    assert.equal(zonedDayText(ms, "America/New_York", "ko", { year: false }), "11월 22일 (일)");
    assert.equal(zonedWeekdayText(ms, "Europe/Paris", "ko"), "월요일");
    assert.equal(momentLabel(ms, ms, "UTC", "ko"), "01:10 UTC");
    assert.equal(momentLabel(ms, ms + 3 * 86_400_000, "UTC", "ko"), "11월 23일 (월) 01:10 UTC");
  });
});
