// Dates and durations as people read them, in the night's own time zone and the reader's language.
// English keeps the app's own forms ("Mon 7 Dec 2026, 23:10", "7 h 30 min"); Korean durations and
// "how long ago" by Intl for its locale (lib/i18n/locales.ts INTL_TAG), dates as Korea writes them.

import { TZDate } from "@date-fns/tz";
import { format, formatDistanceStrict } from "date-fns";
import { ko } from "date-fns/locale";
import { INTL_TAG, type Locale } from "./i18n/locales";

/** A zone both Node's Intl and the browser's accept (lib/time/zone.ts), else UTC. */
export { zoneOrUtc } from "./time/zone";

export function clockTime(ms: number, timezone: string): string {
  return format(new TZDate(ms, timezone), "HH:mm");
}

/**
 * "Sun 6 Dec 2026, 23:05" / "2026년 12월 6일 (일) 23:05", on the wall clock of `timezone` (TZDate: it also
 * reads the fixed offsets the app keeps, "+05:30", which Node 20's Intl refuses), the same in Node and
 * in every browser (whose ICU versions write a Korean weekday with or without brackets).
 */
export function dateTime(ms: number, timezone: string, locale: Locale = "en"): string {
  if (locale === "en") return format(new TZDate(ms, timezone), "EEE d MMM yyyy, HH:mm");
  return format(new TZDate(ms, timezone), "yyyy년 M월 d일 (EEE) HH:mm", { locale: ko });
}

/** 27000 → "7 h 30 min" ("7시간 30분"); 540 → "9 min". */
export function duration(seconds: number, locale: Locale = "en"): string {
  const minutes = Math.round(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (locale === "en") {
    if (h === 0) return `${m} min`;
    return m === 0 ? `${h} h` : `${h} h ${m} min`;
  }
  const unit = (value: number, u: "hour" | "minute") => new Intl.NumberFormat(INTL_TAG[locale], { style: "unit", unit: u, unitDisplay: "long" }).format(value);
  if (h === 0) return unit(m, "minute");
  return m === 0 ? unit(h, "hour") : `${unit(h, "hour")} ${unit(m, "minute")}`;
}

export function ago(fromMs: number, nowMs: number, locale: Locale = "en"): string {
  if (locale === "en") {
    if (nowMs - fromMs < 60_000) return "less than a minute ago";
    return `${formatDistanceStrict(fromMs, nowMs, { unit: "minute" })} ago`;
  }
  const relative = new Intl.RelativeTimeFormat(INTL_TAG[locale], { numeric: "auto" });
  const minutes = Math.floor((nowMs - fromMs) / 60_000);
  return minutes < 1 ? relative.format(0, "second") : relative.format(-minutes, "minute");
}
