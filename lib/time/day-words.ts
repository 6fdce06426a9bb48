// Days in the reader's language, for the home page, the board, the trends and the inbox (issue 28).
// English is exactly what lib/time/day.ts dayLabel and lib/alerts/rules.ts shortDay write. Korean is
// written here from the wall clock (TZDate), not by Intl with the zone: Intl refuses the fixed offsets the
// app keeps ("+05:30", lib/time/zone.ts), and ICU versions write ko-KR weekdays differently in Node and in
// browsers: "2026년 11월 22일 (일)". A date with its time is lib/format.ts dateTime; a moment with its
// zone, lib/live/connection.ts momentLabel (both take the locale too).

import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import type { Locale } from "../i18n/locales";
import { dayLabel } from "./day";

const KOREAN_WEEKDAYS = ["일", "월", "화", "수", "목", "금", "토"];

interface WallDay {
  year: number;
  /** 1 to 12. */
  month: number;
  day: number;
  /** 0 is Sunday. */
  weekday: number;
}

function koreanDay(d: WallDay, withYear: boolean): string {
  return `${withYear ? `${d.year}년 ` : ""}${d.month}월 ${d.day}일 (${KOREAN_WEEKDAYS[d.weekday]})`;
}

function isoWallDay(isoDate: string): WallDay {
  const d = new Date(`${isoDate}T00:00:00Z`);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() };
}

function zonedWallDay(ms: number, zone: string): WallDay {
  const at = new TZDate(ms, zone);
  return { year: at.getFullYear(), month: at.getMonth() + 1, day: at.getDate(), weekday: at.getDay() };
}

/** "2026-11-22" → "Sun 22 Nov 2026" (dayLabel) / "2026년 11월 22일 (일)". */
export function dayText(isoDate: string, locale: Locale = "en"): string {
  return locale === "en" ? dayLabel(isoDate) : koreanDay(isoWallDay(isoDate), true);
}

/** "2026-11-22" → "Sun 22 Nov" (the alerts' shortDay) / "11월 22일 (일)". */
export function shortDayText(isoDate: string, locale: Locale = "en"): string {
  return locale === "en" ? dayLabel(isoDate).replace(/ \d{4}$/, "") : koreanDay(isoWallDay(isoDate), false);
}

/** The date of `ms` on the wall clock of `zone`: "Sun 22 Nov 2026" / "2026년 11월 22일 (일)"; without the year with `year: false`. */
export function zonedDayText(ms: number, zone: string, locale: Locale = "en", { year = true }: { year?: boolean } = {}): string {
  if (locale === "en") return format(new TZDate(ms, zone), year ? "EEE d MMM yyyy" : "EEE d MMM");
  return koreanDay(zonedWallDay(ms, zone), year);
}

/** The weekday of `ms` in `zone`: "Mon" / "월요일". */
export function zonedWeekdayText(ms: number, zone: string, locale: Locale = "en"): string {
  if (locale === "en") return format(new TZDate(ms, zone), "EEE");
  return `${KOREAN_WEEKDAYS[zonedWallDay(ms, zone).weekday]}요일`;
}

