import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chooseLocale, localeFromAcceptLanguage } from "./locales";
import { ago, dateTime, duration } from "../format";
import { momentLabel } from "../live/connection";
import { nightName } from "../time/night";

describe("the request's language", () => {
  it("follows the browser's Accept-Language by quality, English when it names nothing we speak", () => {
    assert.equal(localeFromAcceptLanguage("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7"), "ko");
    assert.equal(localeFromAcceptLanguage("en-US,en;q=0.9,ko;q=0.8"), "en");
    assert.equal(localeFromAcceptLanguage("fr-FR,ko;q=0.5"), "ko");
    assert.equal(localeFromAcceptLanguage("fr-FR,de;q=0.5"), "en");
    assert.equal(localeFromAcceptLanguage(""), "en");
    assert.equal(localeFromAcceptLanguage(null), "en");
    assert.equal(localeFromAcceptLanguage("*"), "en");
    assert.equal(localeFromAcceptLanguage("not a tag;;;q=x"), "en");
  });

  it("puts the account's setting first, then this browser's choice, then its Accept-Language", () => {
    assert.equal(chooseLocale({ account: "ko", cookie: "en", acceptLanguage: "en" }), "ko");
    assert.equal(chooseLocale({ account: null, cookie: "ko", acceptLanguage: "en" }), "ko");
    assert.equal(chooseLocale({ account: null, cookie: "xx", acceptLanguage: "ko" }), "ko");
    assert.equal(chooseLocale({ account: "fr", cookie: undefined, acceptLanguage: "en-GB" }), "en");
  });
});

describe("dates and durations in Korean", () => {
  const at = Date.UTC(2026, 11, 6, 14, 5); // 23:05 in Seoul
  it("writes the date, weekday and 24-hour time as Korea does, in the given zone", () => {
    assert.equal(dateTime(at, "Asia/Seoul", "ko"), "2026년 12월 6일 (일) 23:05");
    // A fixed offset the app keeps for a zone without a name (Node 20's Intl refuses it).
    assert.equal(dateTime(at, "+05:30", "ko"), "2026년 12월 6일 (일) 19:35");
    assert.equal(dateTime(at, "Asia/Seoul"), "Sun 6 Dec 2026, 23:05");
  });
  it("writes hours and minutes in Korean units", () => {
    assert.equal(duration(27_000, "ko"), "7시간 30분");
    assert.equal(duration(540, "ko"), "9분");
    assert.equal(duration(7_200, "ko"), "2시간");
    assert.equal(duration(27_000), "7 h 30 min");
  });
  it("says how long ago in Korean", () => {
    assert.equal(ago(at - 10_000, at, "ko"), "지금");
    assert.equal(ago(at - 600_000, at, "ko"), "10분 전");
  });
});

describe("Korean on a zone kept as a fixed offset", () => {
  // The app keeps a zone with no name as its offset ("+05:30", lib/time/zone.ts), which Node 20's Intl
  // refuses: every Korean time is written from the wall clock instead, as English always was.
  const at = Date.UTC(2026, 11, 6, 20, 0);
  it("names the night and the moment without throwing, on that clock", () => {
    assert.match(nightName({ startTime: new Date(at).toISOString(), endTime: new Date(at + 7 * 3_600_000).toISOString() }, "+05:30", "ko"), /01:30–08:30/);
    assert.match(momentLabel(at, at + 3 * 86_400_000, "+05:30", "ko"), /^12월 7일 \(월\) 01:30 /);
  });
});
