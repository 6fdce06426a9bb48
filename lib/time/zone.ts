// Time zones as the app keeps them: one normal form that Node's Intl and the browser's both accept, so
// a page renders the same times on the server and in the browser (no hydration mismatch).

import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

/** Where the zone a night's times are drawn in comes from, best first (see bestZone in ./night.ts). */
export type ZoneSource = "night" | "account" | "previous-night";

export interface ZoneChoice {
  /** A zone normaliseZone returned. */
  name: string;
  source: ZoneSource;
}

const OFFSET = /^(?:UTC|GMT)?\s*([+\-\u2212])(\d{1,2})(?::?(\d{2}))?$/i;
const UTC_NAMES = new Set(["z", "utc", "gmt", "etc/utc", "etc/gmt", "utc+0", "utc-0", "gmt+0", "gmt-0"]);
const ETC_GMT = /^Etc\/GMT[+-]\d{1,2}$/;

/** The fixed offset `text` writes, in the normal form; undefined when it writes none, null when out of range. */
function offsetZone(text: string): string | null | undefined {
  if (UTC_NAMES.has(text.toLowerCase())) return "UTC";
  const offset = OFFSET.exec(text);
  if (!offset) return undefined;
  const sign = offset[1] === "+" ? 1 : -1;
  const hours = Number(offset[2]);
  const minutes = Number(offset[3] ?? "0");
  if (hours > 14 || minutes > 59) return null;
  if (hours === 0 && minutes === 0) return "UTC";
  // Etc/GMT runs from -14 to +12 (inverted sign): an offset of -13:00 has no Etc name.
  if (minutes === 0 && (sign > 0 || hours <= 12)) return `Etc/GMT${sign > 0 ? "-" : "+"}${hours}`;
  return `${sign > 0 ? "+" : "-"}${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
}

/**
 * The zone ids Intl lists (its canonical ones, all under a continent or ocean: "Europe/Paris") and
 * those areas. Null where Intl cannot list them (an old browser): names are then taken as Intl reads them.
 */
let listed: { ids: Set<string>; areas: Set<string> } | null | undefined;
function listedZones() {
  if (listed === undefined) {
    const ids = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
    listed = ids.length > 0 ? { ids: new Set(ids), areas: new Set(ids.map((id) => id.split("/")[0]!.toLowerCase())) } : null;
  }
  return listed;
}

/** Names already read (bounded: they come from outside). */
const named = new Map<string, string | null>();

/**
 * A zone name in the form both Node's Intl and PostgreSQL read alike, or null.
 *
 * A name under one of the areas Intl lists (Europe/, Asia/, …) is a tz database name, which PostgreSQL
 * knows too: kept as written ("Asia/Kolkata"), in its canonical case when it is Intl's own id. Any other
 * name Intl accepts is one of its aliases, some of which PostgreSQL does not know (ICU's "CTT", "AET",
 * "US/Pacific-New", "SystemV/AST4") and some it reads otherwise ("CET", "IST": its abbreviations, fixed
 * offsets): it becomes the id Intl itself resolves it to ("CTT" → "Asia/Shanghai"), if that is one it
 * lists, "UTC" or an Etc/GMT offset; else it is no zone the app can keep.
 */
function zoneName(text: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(text)) return null;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en", { timeZone: text }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
  const zones = listedZones();
  if (!zones) return resolved;
  if (zones.areas.has(text.split("/")[0]!.toLowerCase()) && text.includes("/")) return resolved.toLowerCase() === text.toLowerCase() ? resolved : text;
  return zones.ids.has(resolved) || resolved === "UTC" || ETC_GMT.test(resolved) ? resolved : null;
}

/**
 * A zone as Asleep or a person wrote it (an IANA name, or a fixed offset such as "+09:00", "UTC+9",
 * "+0530") in the one form the app uses, or null if it is not a zone.
 *
 * Whole-hour offsets become IANA's Etc/GMT zones, which both Node's Intl and browsers accept (POSIX
 * signs: +09:00 is "Etc/GMT-9"). Other offsets stay "+05:30": date-fns's TZDate formats those itself,
 * with no Intl, so they too render the same everywhere. Names: see zoneName.
 */
export function normaliseZone(input: string): string | null {
  const text = input.trim();
  if (text === "" || text.length > 64) return null;
  const offset = offsetZone(text);
  if (offset !== undefined) return offset;
  if (named.has(text)) return named.get(text)!;
  const name = zoneName(text);
  if (named.size < 5_000) named.set(text, name);
  return name;
}

/**
 * How a STORED zone is read, by the pages here and by the board's SQL alike (server/data/board.ts):
 * a UTC name or a fixed offset in any form normaliseZone reads; a name only when it is in its normal
 * form (case aside, which neither side minds), unpadded. Anything else (a name stored before names were
 * normalised, such as "CTT", which PostgreSQL cannot read) is null: the night is then drawn and dated
 * in the next best zone known (lib/time/night.ts bestZone), as the board's SQL does.
 */
export function storedZone(stored: string): string | null {
  // Every writer trims; the SQL reads no padding either.
  if (stored !== stored.trim()) return null;
  const normal = normaliseZone(stored);
  if (normal === null || offsetZone(stored) !== undefined) return normal;
  return normal.toLowerCase() === stored.toLowerCase() ? normal : null;
}

/**
 * What to store for a zone Asleep sent: as sent when it is read as it is (storedZone), else the
 * equivalent both sides read ("CTT" → "Asia/Shanghai"); null when there is none (the night is stored
 * without a zone of its own, and drawn in the best zone known).
 */
export function zoneAsSent(input: string): string | null {
  const text = input.trim();
  return storedZone(text) !== null ? text : normaliseZone(text);
}

/** How a zone is written for people: its IANA name, or "UTC+09:00" for a fixed offset. */
export function zoneLabel(zone: string): string {
  const etc = /^Etc\/GMT([+-])(\d{1,2})$/.exec(zone);
  if (etc) return `UTC${etc[1] === "-" ? "+" : "-"}${etc[2]!.padStart(2, "0")}:00`;
  if (/^[+-]\d{2}:\d{2}$/.test(zone)) return `UTC${zone}`;
  return zone;
}

/** The zone to draw times in: a stored zone as storedZone reads it, or UTC when there is none or it is unreadable. */
export function zoneOrUtc(zone: string | null | undefined): string {
  return (zone && storedZone(zone)) || "UTC";
}

/** The wall-clock time at `ms` in `zone` with its offset, ISO 8601: "2026-11-21T23:00:00+01:00". */
export function localIso(ms: number, zone: string): string {
  return format(new TZDate(ms, zone), "yyyy-MM-dd'T'HH:mm:ssXXX");
}
