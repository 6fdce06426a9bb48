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

/**
 * A zone as Asleep or a person wrote it (an IANA name, or a fixed offset such as "+09:00", "UTC+9",
 * "+0530") in the one form the app uses, or null if it is not a zone.
 *
 * Whole-hour offsets become IANA's Etc/GMT zones, which both Node's Intl and browsers accept (POSIX
 * signs: +09:00 is "Etc/GMT-9"). Other offsets stay "+05:30": date-fns's TZDate formats those itself,
 * with no Intl, so they too render the same everywhere.
 */
export function normaliseZone(input: string): string | null {
  const text = input.trim();
  if (text === "" || text.length > 64) return null;
  if (UTC_NAMES.has(text.toLowerCase())) return "UTC";
  const offset = OFFSET.exec(text);
  if (offset) {
    const sign = offset[1] === "+" ? 1 : -1;
    const hours = Number(offset[2]);
    const minutes = Number(offset[3] ?? "0");
    if (hours > 14 || minutes > 59) return null;
    if (hours === 0 && minutes === 0) return "UTC";
    // Etc/GMT runs from -14 to +12 (inverted sign): an offset of -13:00 has no Etc name.
    if (minutes === 0 && (sign > 0 || hours <= 12)) return `Etc/GMT${sign > 0 ? "-" : "+"}${hours}`;
    return `${sign > 0 ? "+" : "-"}${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
  }
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(text)) return null;
  try {
    new Intl.DateTimeFormat("en", { timeZone: text });
    return text;
  } catch {
    return null;
  }
}

/** How a zone is written for people: its IANA name, or "UTC+09:00" for a fixed offset. */
export function zoneLabel(zone: string): string {
  const etc = /^Etc\/GMT([+-])(\d{1,2})$/.exec(zone);
  if (etc) return `UTC${etc[1] === "-" ? "+" : "-"}${etc[2]!.padStart(2, "0")}:00`;
  if (/^[+-]\d{2}:\d{2}$/.test(zone)) return `UTC${zone}`;
  return zone;
}

/** The zone to draw times in: the normal form of `zone`, or UTC when there is none or it is not a zone. */
export function zoneOrUtc(zone: string | null | undefined): string {
  return (zone && normaliseZone(zone)) || "UTC";
}

/** The wall-clock time at `ms` in `zone` with its offset, ISO 8601: "2026-11-21T23:00:00+01:00". */
export function localIso(ms: number, zone: string): string {
  return format(new TZDate(ms, zone), "yyyy-MM-dd'T'HH:mm:ssXXX");
}
