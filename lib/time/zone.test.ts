import assert from "node:assert/strict";
import { it } from "node:test";
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { localIso, normaliseZone, zoneLabel, zoneOrUtc } from "./zone";

it("keeps IANA names and refuses what is not a zone", () => {
  assert.equal(normaliseZone("Europe/Paris"), "Europe/Paris");
  assert.equal(normaliseZone(" Asia/Seoul "), "Asia/Seoul");
  assert.equal(normaliseZone("Mars/Olympus"), null);
  assert.equal(normaliseZone(""), null);
  assert.equal(normaliseZone("+25:00"), null);
  assert.equal(normaliseZone("+09:75"), null);
  assert.equal(normaliseZone("<script>"), null);
});

it("maps whole-hour offsets to Etc/GMT zones with POSIX's inverted sign, which Node's Intl accepts", () => {
  for (const input of ["+09:00", "+9", "+0900", "UTC+9", "GMT+09:00"]) assert.equal(normaliseZone(input), "Etc/GMT-9", input);
  assert.equal(normaliseZone("-05:00"), "Etc/GMT+5");
  assert.equal(normaliseZone("+14:00"), "Etc/GMT-14");
  assert.equal(normaliseZone("+00:00"), "UTC");
  assert.equal(normaliseZone("Z"), "UTC");
  // Node's own Intl rejects the raw offset (the bug), and accepts what it became.
  assert.throws(() => new Intl.DateTimeFormat("en", { timeZone: "+09:00" }));
  assert.doesNotThrow(() => new Intl.DateTimeFormat("en", { timeZone: normaliseZone("+09:00")! }));
});

it("keeps offsets with minutes (and -13:00, which has no Etc name) as offsets that still format right", () => {
  assert.equal(normaliseZone("+0530"), "+05:30");
  assert.equal(normaliseZone("UTC-03:30"), "-03:30");
  assert.equal(normaliseZone("-13:00"), "-13:00");
  const ms = Date.parse("2026-11-21T22:15:00Z");
  assert.equal(format(new TZDate(ms, normaliseZone("+05:30")!), "HH:mm"), "03:45");
  assert.equal(format(new TZDate(ms, normaliseZone("+09:00")!), "HH:mm"), "07:15");
});

it("labels offsets as people write them, not as POSIX does", () => {
  assert.equal(zoneLabel("Etc/GMT-9"), "UTC+09:00");
  assert.equal(zoneLabel("Etc/GMT+5"), "UTC-05:00");
  assert.equal(zoneLabel("+05:30"), "UTC+05:30");
  assert.equal(zoneLabel("Europe/Paris"), "Europe/Paris");
});

it("draws an unknown or missing zone in UTC", () => {
  assert.equal(zoneOrUtc(null), "UTC");
  assert.equal(zoneOrUtc("Mars/Olympus"), "UTC");
  assert.equal(zoneOrUtc("+09:00"), "Etc/GMT-9");
});

it("writes the local clock time with its offset", () => {
  assert.equal(localIso(Date.parse("2026-11-21T22:00:00Z"), "Europe/Paris"), "2026-11-21T23:00:00+01:00");
  assert.equal(localIso(Date.parse("2026-11-21T22:00:00Z"), "Etc/GMT-9"), "2026-11-22T07:00:00+09:00");
  assert.equal(localIso(Date.parse("2026-11-21T22:00:00Z"), "UTC"), "2026-11-21T22:00:00Z");
});

it("is idempotent, so a zone normalised at the webhook and again on display stays the same", () => {
  for (const input of ["+09:00", "+05:30", "-13:00", "Europe/Paris", "UTC", "GMT-3"]) {
    const once = normaliseZone(input);
    assert.ok(once, input);
    assert.equal(normaliseZone(once), once, input);
  }
});
