import assert from "node:assert/strict";
import { it } from "node:test";
import { readFileSync } from "node:fs";
import path from "node:path";
import { catalogueWords } from "@/lib/i18n/words";
import { bestZone, byStartNewestFirst, nightName, nightTitle } from "./night";

it("names a night by its day, clock range and zone", () => {
  const night = { startTime: "2026-11-22T22:10:00Z", endTime: "2026-11-23T05:40:00Z" };
  assert.equal(nightName(night, "Europe/Paris"), "Sun 22 Nov 2026, 23:10–06:40, Europe/Paris");
  // In Seoul's offset the same night starts at 07:10 on Monday: before noon, so still Sunday's night.
  assert.equal(nightName(night, "Etc/GMT-9"), "Sun 22 Nov 2026, Mon 07:10–14:40, UTC+09:00");
  assert.equal(nightTitle(night, "UTC"), "Sun 22 Nov 2026, 22:10–05:40");
});

it("gives a start after midnight its own weekday, so the clock is not read against the night's day", () => {
  const night = { startTime: "2026-11-23T00:30:00Z", endTime: "2026-11-23T06:00:00Z" };
  assert.equal(nightName(night, "Europe/Paris"), "Sun 22 Nov 2026, Mon 01:30–07:00, Europe/Paris");
});

it("names a night still being recorded by where it started", () => {
  assert.equal(nightName({ startTime: "2026-11-22T22:10:00Z", endTime: null, open: true }, "Europe/Paris"), "Sun 22 Nov 2026, from 23:10, Europe/Paris");
  assert.equal(nightTitle({ startTime: null, endTime: null }, "UTC"), "Night not yet dated");
});

it("chooses the night's zone, else the account's, else the previous night's, normalised", () => {
  assert.deepEqual(bestZone({ night: "Asia/Seoul", account: "Europe/Paris", previousNight: "UTC" }), { name: "Asia/Seoul", source: "night" });
  assert.deepEqual(bestZone({ night: null, account: "Europe/Paris", previousNight: "Asia/Seoul" }), { name: "Europe/Paris", source: "account" });
  assert.deepEqual(bestZone({ night: null, account: null, previousNight: "+09:00" }), { name: "Etc/GMT-9", source: "previous-night" });
  assert.deepEqual(bestZone({ night: "Mars/Olympus", account: null, previousNight: null }), null);
  assert.equal(bestZone({}), null);
});

it("passes over a stored zone neither Node nor PostgreSQL reads as it is, as the board's SQL does", () => {
  // Stored before zones were normalised: Intl reads "CTT" (Asia/Shanghai), PostgreSQL cannot.
  assert.deepEqual(bestZone({ night: "CTT", account: "Europe/Paris", previousNight: "Asia/Seoul" }), { name: "Europe/Paris", source: "account" });
  assert.deepEqual(bestZone({ night: null, account: "US/Pacific-New", previousNight: "Asia/Seoul" }), { name: "Asia/Seoul", source: "previous-night" });
  assert.deepEqual(bestZone({ night: "CET", account: null, previousNight: "SystemV/AST4" }), null);
});

it("orders nights by absolute start, whatever their zones", () => {
  // 17:05 in New York is 22:05 UTC: after 23:00 in Paris (22:00 UTC), though its clock reads earlier.
  const nights = [
    { id: "seoul", startTime: "2026-11-22T21:30:00Z" },
    { id: "undated", startTime: null },
    { id: "paris", startTime: "2026-11-22T22:00:00+00:00" },
    { id: "ny", startTime: "2026-11-22T17:05:00-05:00" },
  ];
  assert.deepEqual([...nights].sort(byStartNewestFirst).map((n) => n.id), ["ny", "paris", "seoul", "undated"]);
});

it("names a night closed without its end (Incomplete) to the end of what was recorded, not as if still recording", () => {
  const start = "2026-11-22T22:10:00Z";
  // 40 epochs of 30 s: 20 minutes, to 23:30 in Paris.
  assert.equal(nightName({ startTime: start, endTime: null, epochs: 40 }, "Europe/Paris"), "Sun 22 Nov 2026, 23:10–23:30, Europe/Paris");
  assert.equal(nightTitle({ startTime: start, endTime: null, sleepStages: Array(40).fill(1) }, "Europe/Paris"), "Sun 22 Nov 2026, 23:10–23:30");
  // Asleep's own end wins; still recording, or nothing recorded, reads "from".
  assert.equal(nightTitle({ startTime: start, endTime: "2026-11-23T05:40:00Z", epochs: 40 }, "Europe/Paris"), "Sun 22 Nov 2026, 23:10–06:40");
  assert.equal(nightTitle({ startTime: start, endTime: null, epochs: 40, open: true }, "Europe/Paris"), "Sun 22 Nov 2026, from 23:10");
  assert.equal(nightTitle({ startTime: start, endTime: null, epochs: 0 }, "Europe/Paris"), "Sun 22 Nov 2026, from 23:10");
});

it("names a night in Korean: the Korean date, the same clock, the Korean words", () => {
  const t = catalogueWords("NightName", JSON.parse(readFileSync(path.resolve(__dirname, "../i18n/messages/ko/NightName.json"), "utf8")), "ko");
  assert.equal(nightName({ startTime: "2026-11-22T22:10:00Z", endTime: "2026-11-23T05:40:00Z" }, "Europe/Paris", "ko", t), "2026년 11월 22일 (일), 23:10–06:40, Europe/Paris");
  assert.equal(nightName({ startTime: "2026-11-23T00:30:00Z", endTime: "2026-11-23T06:00:00Z" }, "Europe/Paris", "ko", t), "2026년 11월 22일 (일), 월 01:30–07:00, Europe/Paris");
  assert.equal(nightTitle({ startTime: "2026-11-22T22:10:00Z", endTime: null, open: true }, "Europe/Paris", "ko", t), "2026년 11월 22일 (일), 23:10부터");
  assert.equal(nightTitle({ startTime: null, endTime: null }, "UTC", "ko", t), "날짜가 아직 없는 밤");
});
