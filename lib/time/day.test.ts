import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dayLabel, sleepDay } from "./day";

const at = (iso: string) => Date.parse(iso);

describe("a night's day: the local date it starts on, split at noon", () => {
  it("gives a night that starts before midnight its own date, and one after midnight the day before", () => {
    assert.equal(sleepDay(at("2026-11-22T23:10:00Z"), "UTC"), "2026-11-22");
    assert.equal(sleepDay(at("2026-11-23T01:30:00Z"), "UTC"), "2026-11-22"); // Mon 01:30 is Sunday's night
    assert.equal(sleepDay(at("2026-11-23T11:59:00Z"), "UTC"), "2026-11-22");
    assert.equal(sleepDay(at("2026-11-23T12:00:00Z"), "UTC"), "2026-11-23"); // a nap from noon is Monday's
    assert.equal(sleepDay(at("2026-11-23T00:00:00Z"), "UTC"), "2026-11-22");
  });

  it("reads the start in the night's zone, not UTC", () => {
    // 23:30 UTC on Sunday is 00:30 on Monday in Paris (Sunday's night), 08:30 on Monday in Seoul
    // (Sunday's night), 12:30 on Monday in Auckland (Monday's) and 18:30 on Sunday in New York (Sunday's).
    const start = at("2026-11-22T23:30:00Z");
    assert.equal(sleepDay(start, "Europe/Paris"), "2026-11-22");
    assert.equal(sleepDay(start, "Asia/Seoul"), "2026-11-22");
    assert.equal(sleepDay(start, "Pacific/Auckland"), "2026-11-23");
    assert.equal(sleepDay(start, "America/New_York"), "2026-11-22");
    assert.equal(sleepDay(at("2026-11-22T22:59:00Z"), "Pacific/Auckland"), "2026-11-22"); // 11:59 on Monday
    // 11:30 UTC on Sunday: in Paris that is 12:30 (Sunday); in UTC it is before noon (Saturday's).
    assert.equal(sleepDay(at("2026-11-22T11:30:00Z"), "Europe/Paris"), "2026-11-22");
    assert.equal(sleepDay(at("2026-11-22T11:30:00Z"), "UTC"), "2026-11-21");
    assert.equal(sleepDay(at("2026-11-22T02:00:00Z"), "Etc/GMT-9"), "2026-11-21"); // 11:00 on Sunday at +09:00
    assert.equal(sleepDay(at("2026-11-22T03:00:00Z"), "Etc/GMT-9"), "2026-11-22"); // 12:00
    assert.equal(sleepDay(at("2026-11-22T02:59:00Z"), "Etc/GMT-9"), "2026-11-21"); // 11:59
  });

  it("holds across Paris's spring change (2026-03-29, 02:00 → 03:00)", () => {
    // Sat 28 Mar 23:30 CET, Sun 29 Mar 03:30 CEST (after the gap), Sun 12:30 CEST.
    assert.equal(sleepDay(at("2026-03-28T22:30:00Z"), "Europe/Paris"), "2026-03-28");
    assert.equal(sleepDay(at("2026-03-29T01:30:00Z"), "Europe/Paris"), "2026-03-28");
    // Noon local is 10:00 UTC that day; taking 12 hours off the instant would land on the 28th.
    assert.equal(sleepDay(at("2026-03-29T10:30:00Z"), "Europe/Paris"), "2026-03-29");
    assert.equal(sleepDay(at("2026-03-29T09:59:00Z"), "Europe/Paris"), "2026-03-28");
  });

  it("holds across Paris's autumn change (2026-10-25, 03:00 → 02:00), both 02:30s included", () => {
    assert.equal(sleepDay(at("2026-10-25T00:30:00Z"), "Europe/Paris"), "2026-10-24"); // 02:30 CEST
    assert.equal(sleepDay(at("2026-10-25T01:30:00Z"), "Europe/Paris"), "2026-10-24"); // 02:30 CET
    assert.equal(sleepDay(at("2026-10-25T11:00:00Z"), "Europe/Paris"), "2026-10-25"); // 12:00 CET
    assert.equal(sleepDay(at("2026-10-25T10:59:00Z"), "Europe/Paris"), "2026-10-24"); // 11:59 CET
  });

  it("holds across a southern-hemisphere change (Sydney: clocks forward on 2026-10-04, back on 2026-04-05)", () => {
    // 02:00 AEST → 03:00 AEDT on 4 Oct: 02:30 local does not exist; 03:30 AEDT is 16:30 UTC on the 3rd.
    assert.equal(sleepDay(at("2026-10-03T16:30:00Z"), "Australia/Sydney"), "2026-10-03");
    assert.equal(sleepDay(at("2026-10-04T01:00:00Z"), "Australia/Sydney"), "2026-10-04"); // 12:00 AEDT
    assert.equal(sleepDay(at("2026-10-04T00:59:00Z"), "Australia/Sydney"), "2026-10-03"); // 11:59 AEDT
    // 03:00 AEDT → 02:00 AEST on 5 Apr: 02:30 happens twice, both Saturday's night.
    assert.equal(sleepDay(at("2026-04-04T15:30:00Z"), "Australia/Sydney"), "2026-04-04"); // 02:30 AEDT
    assert.equal(sleepDay(at("2026-04-04T16:30:00Z"), "Australia/Sydney"), "2026-04-04"); // 02:30 AEST
    assert.equal(sleepDay(at("2026-04-05T02:00:00Z"), "Australia/Sydney"), "2026-04-05"); // 12:00 AEST
  });

  it("crosses months and years", () => {
    assert.equal(sleepDay(at("2027-01-01T00:30:00Z"), "UTC"), "2026-12-31");
    assert.equal(sleepDay(at("2026-03-01T05:00:00Z"), "UTC"), "2026-02-28");
  });
});

it("names a day as people read it", () => {
  assert.equal(dayLabel("2026-11-22"), "Sun 22 Nov 2026");
  assert.equal(dayLabel("2027-01-01"), "Fri 1 Jan 2027");
});
