import assert from "node:assert/strict";
import { it } from "node:test";
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { localIso, normaliseZone, storedZone, zoneAsSent, zoneLabel, zoneOrUtc } from "./zone";

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

/** The zone Node's Intl reads `zone` as (its own id). */
const intlId = (zone: string) => new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;

it("turns Intl's aliases that PostgreSQL cannot read (or reads as a fixed offset) into the zone Intl reads them as", () => {
  // ICU's own ids, unknown to PostgreSQL (its AT TIME ZONE fails on them), and tz names PostgreSQL takes
  // for its abbreviations (CET: +01:00 all year; IST: Israel's +02:00, not India's).
  for (const alias of ["CTT", "AET", "VST", "US/Pacific-New", "Canada/East-Saskatchewan", "CET", "IST", "US/Pacific", "GB"]) {
    const zone = normaliseZone(alias);
    assert.ok(zone && zone !== alias && zone.includes("/"), `${alias} became ${zone}`);
    assert.equal(zone, intlId(alias), alias);
    assert.ok(Intl.supportedValuesOf("timeZone").includes(zone), `${zone} is a zone Intl lists`);
  }
  assert.equal(normaliseZone("CTT"), "Asia/Shanghai");
  assert.equal(normaliseZone("AET"), "Australia/Sydney");
  assert.equal(normaliseZone("US/Pacific-New"), "America/Los_Angeles");
  assert.equal(normaliseZone("zulu"), "UTC");
  // Intl reads SystemV/AST4 as itself, a zone it does not list: no equivalent, not a zone the app keeps.
  assert.doesNotThrow(() => intlId("SystemV/AST4"));
  assert.equal(normaliseZone("SystemV/AST4"), null);
});

it("keeps a tz database name as written, in Intl's case when it is Intl's own id", () => {
  assert.equal(normaliseZone("Asia/Kolkata"), "Asia/Kolkata");
  assert.equal(normaliseZone("Europe/Kyiv"), "Europe/Kyiv");
  assert.equal(normaliseZone("europe/paris"), "Europe/Paris");
  assert.equal(normaliseZone("America/Argentina/Buenos_Aires"), "America/Argentina/Buenos_Aires");
});

it("reads a stored zone only in its normal form (case aside), as the board's SQL does", () => {
  assert.equal(storedZone("Europe/Paris"), "Europe/Paris");
  assert.equal(storedZone("europe/paris"), "Europe/Paris");
  assert.equal(storedZone("Asia/Kolkata"), "Asia/Kolkata");
  // Offsets in every form, as normalised.
  assert.equal(storedZone("+09:00"), "Etc/GMT-9");
  assert.equal(storedZone("UTC+5:30"), "+05:30");
  assert.equal(storedZone("Z"), "UTC");
  // Stored before zones were normalised: passed over, never read as Intl would.
  for (const stored of ["CTT", "US/Pacific-New", "CET", "US/Pacific", "SystemV/AST4", " Europe/Paris", "+25:00"]) assert.equal(storedZone(stored), null, stored);
  assert.equal(zoneOrUtc("CTT"), "UTC");
});

it("stores a zone Asleep sent as sent when it is read so, else as its equivalent, else none", () => {
  for (const sent of ["Europe/Paris", "Asia/Kolkata", "+09:00", "UTC+9", "+0530", "Z", "europe/paris"]) assert.equal(zoneAsSent(sent), sent);
  assert.equal(zoneAsSent(" Europe/Paris "), "Europe/Paris");
  assert.equal(zoneAsSent("CTT"), "Asia/Shanghai");
  assert.equal(zoneAsSent("cet"), "Europe/Brussels");
  assert.equal(zoneAsSent("SystemV/AST4"), null);
  assert.equal(zoneAsSent("Mars/Olympus"), null);
  for (const sent of ["CTT", "+09:00", "Asia/Kolkata"]) assert.ok(storedZone(zoneAsSent(sent)!), `${sent} is read as stored`);
});
