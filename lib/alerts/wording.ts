// An alert's words in the reader's language. An alert is stored with its rule and its reason in English
// (lib/alerts/rules.ts writes it; the API, outbound webhooks and CSV exports carry it as it is). English
// shows the stored reason unchanged. Another language words it again from the catalogue (namespace
// AlertText): the reason is read back into its kind and values (each rule writes it from one template,
// so it reads back exactly), and the values are written as that language writes durations and days.
// A reason that does not read back (written by an older version, say) is shown as stored.
//
// Pure (no server imports): the inbox (a client component), the e-mails and the board all use it.

import { dayText, shortDayText } from "../time/day-words";
import { INTL_TAG, type Locale } from "../i18n/locales";

/** A translator for the AlertText namespace (next-intl's `t`, or server/i18n/translator.ts translatorFor). */
export type AlertTranslate = (key: string, values?: Record<string, string | number>) => string;

/** A reason read back: its message (AlertText.reason.<key>) and its values, as the English reason wrote them. */
export interface AlertWords {
  key: ReasonKey;
  values: Record<string, string>;
}

export type ReasonKey = "shortSleep" | "lowEfficiency" | "noSleepOnset" | "longLatency" | "longWaso" | "noData" | "stale" | "lowAdherence" | "studyAdequate" | "studyFailed";

// How each value is written in the English reason, and how it is written again in another language.
type Kind = "duration" | "day" | "dayYear" | "number" | "count" | "text" | "flag";

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const PATTERN: Record<Kind, string> = {
  duration: String.raw`\d+ h(?: \d+(?:\.\d+)? min)?|\d+(?:\.\d+)? min`,
  day: String.raw`(?:${WEEKDAYS.join("|")}) \d{1,2} (?:${MONTHS.join("|")})`,
  dayYear: String.raw`(?:${WEEKDAYS.join("|")}) \d{1,2} (?:${MONTHS.join("|")}) \d{4}`,
  number: String.raw`\d+(?:\.\d+)?`,
  count: String.raw`\d+`,
  text: ".+?",
  flag: "",
};

/**
 * One reason's template: literal English with slots `{name:kind}`; a part in `[…]` is optional (its slot
 * reads "yes"/"no" for a flag, or the value, else "none"). Written exactly as lib/alerts/rules.ts writes.
 */
interface Template {
  key: ReasonKey;
  rules: readonly string[];
  regex: RegExp;
  kinds: Record<string, Kind>;
  /** Optional slots: what they read when their part is absent. */
  absent: Record<string, string>;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function template(key: ReasonKey, rules: readonly string[], text: string): Template {
  const kinds: Record<string, Kind> = {};
  const absent: Record<string, string> = {};
  let source = "";
  let optional: string | null = null;
  // Split into literals, slots and the brackets of optional parts.
  for (const part of text.split(/(\{[a-zA-Z]+:[a-zA-Z]+\}|\[|\])/)) {
    if (part === "[") {
      source += "(?:";
      optional = "";
    } else if (part === "]") {
      source += ")?";
      optional = null;
    } else if (/^\{[a-zA-Z]+:[a-zA-Z]+\}$/.test(part)) {
      const [name, kind] = part.slice(1, -1).split(":") as [string, Kind];
      kinds[name] = kind;
      if (optional !== null) absent[name] = kind === "flag" ? "no" : "none";
      source += kind === "flag" ? `(?<${name}>)` : `(?<${name}>${PATTERN[kind]})`;
    } else source += escape(part);
  }
  return { key, rules, regex: new RegExp(`^${source}$`), kinds, absent };
}

const PARTIAL = "[; night incomplete{partial:flag}]";

const TEMPLATES: Template[] = [
  template("shortSleep", ["short-sleep"], `Total sleep {shown:duration} on {day:day} (under {hours:number} h${PARTIAL})`),
  template("lowEfficiency", ["low-efficiency"], `Sleep efficiency {percent:number} % on {day:day} (under {threshold:number} %${PARTIAL})`),
  template("noSleepOnset", ["long-latency"], `No sleep onset on {day:day} (latency over {minutes:number} min${PARTIAL})`),
  template("longLatency", ["long-latency"], `Sleep onset latency {shown:duration} on {day:day} (over {minutes:number} min${PARTIAL})`),
  template("longWaso", ["long-waso"], `Awake {shown:duration} after sleep onset on {day:day} (WASO over {minutes:number} min${PARTIAL})`),
  template("noData", ["no-data"], "No data for {count:count} night[s{plural:flag}] (since {day:day})"),
  template("stale", ["stale-tonight"], "Stale tonight since {clock:text} (night of {day:day})"),
  template("lowAdherence", ["low-adherence"], "Adherence {percent:count} % over {days:count} days (target {target:number} %, at least {hours:number} h a night)"),
  template("studyAdequate", ["study-adequate"], "Study adequate, awaiting signature (study {from:day} to {to:day}): {valid:count} of {wanted:count} valid night[s{plural:flag}]: adequate"),
  template(
    "studyFailed",
    ["study-failed"],
    "Study failed (study {from:day} to {to:day}): {valid:count} valid night[s{validPlural:flag}] of the {needed:count} needed by {by:dayYear}[ (too few days left: {left:count})][; {invalid:count} night[s{invalidPlural:flag}] not valid][; no night recorded{unrecorded:flag}]",
  ),
];

/** The reason read back into its message and values; null when it is not one this version writes. */
export function alertWords(rule: string, reason: string): AlertWords | null {
  for (const t of TEMPLATES) {
    if (!t.rules.includes(rule)) continue;
    const found = t.regex.exec(reason);
    if (!found?.groups) continue;
    const values: Record<string, string> = {};
    for (const name of Object.keys(t.kinds)) {
      const got = found.groups[name];
      values[name] = got === undefined ? (t.absent[name] ?? "none") : t.kinds[name] === "flag" ? "yes" : got;
    }
    return { key: t.key, values: withoutPluralFlags(values) };
  }
  return null;
}

// The English "s" of a plural is the catalogue's to write: its flags are no value of the message.
function withoutPluralFlags(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([k]) => !/^(plural|validPlural|invalidPlural)$/.test(k)));
}

const kindOf = (key: ReasonKey, name: string): Kind | undefined => TEMPLATES.find((t) => t.key === key)?.kinds[name];

/** The values as the message takes them, written for `locale`: counts as numbers, durations and days in its words. */
export function wordValues(words: AlertWords, locale: Locale): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(words.values)) {
    const kind = kindOf(words.key, name);
    if (value === "none") out[name] = value;
    else if (kind === "count" && name !== "left") out[name] = Number(value);
    else if (kind === "duration") out[name] = durationIn(value, locale);
    else if (kind === "day") out[name] = shortDayIn(value, locale);
    else if (kind === "dayYear") out[name] = shortDayIn(value, locale);
    else out[name] = value;
  }
  // A study failed with no invalid night says nothing of them: zero, as the plural's "=0" reads it.
  if (words.key === "studyFailed" && out.invalid === "none") out.invalid = 0;
  return out;
}

/** An alert's reason for a reader of `locale`: English as stored; another language from the catalogue. */
export function alertReason(t: AlertTranslate, locale: Locale, rule: string, reason: string): string {
  if (locale === "en") return reason;
  const words = alertWords(rule, reason);
  return words ? t(`reason.${words.key}`, wordValues(words, locale)) : reason;
}

/** A rule's name where alerts are listed and filtered (AlertText.rule.<rule>); an unknown rule as it is. */
export function ruleLabel(t: AlertTranslate & { has?: (key: string) => boolean }, rule: string): string {
  return t.has && !t.has(`rule.${rule}`) ? rule : t(`rule.${rule}`);
}

// ── Durations and days, from the English the reason was written in ──────────────────────────────────

const unit = (value: number, u: "hour" | "minute", locale: Locale) =>
  new Intl.NumberFormat(INTL_TAG[locale], { style: "unit", unit: u, unitDisplay: "long", maximumFractionDigits: 1 }).format(value);

/** "6 h 59.5 min" in `locale` ("6시간 59.5분"); English as it is. */
export function durationIn(english: string, locale: Locale): string {
  if (locale === "en") return english;
  const found = /^(?:(\d+) h)? ?(?:(\d+(?:\.\d+)?) min)?$/.exec(english);
  if (!found || (found[1] === undefined && found[2] === undefined)) return english;
  const parts: string[] = [];
  if (found[1] !== undefined) parts.push(unit(Number(found[1]), "hour", locale));
  if (found[2] !== undefined) parts.push(unit(Number(found[2]), "minute", locale));
  return parts.join(" ");
}

/** "Sun 22 Nov" (or "Mon 14 Dec 2026") in `locale`: "11월 22일 (일)", "2026년 12월 14일 (월)" (lib/time/day-words.ts). English as it is. */
export function shortDayIn(english: string, locale: Locale): string {
  if (locale === "en") return english;
  const found = /^(\w{3}) (\d{1,2}) (\w{3})(?: (\d{4}))?$/.exec(english);
  const weekday = found ? WEEKDAYS.indexOf(found[1]!) : -1;
  const month = found ? MONTHS.indexOf(found[3]!) : -1;
  if (!found || weekday < 0 || month < 0) return english;
  // Any year whose date falls on that weekday: only the month, day and weekday are written (and the year, when given).
  const year = found[4] ? Number(found[4]) : yearWith(weekday, month, Number(found[2]));
  const day = new Date(Date.UTC(year, month, Number(found[2]))).toISOString().slice(0, 10);
  return found[4] ? dayText(day, locale) : shortDayText(day, locale);
}

function yearWith(weekday: number, month: number, day: number): number {
  for (let year = 2024; year < 2024 + 28; year++) if (new Date(Date.UTC(year, month, day)).getUTCDay() === weekday) return year;
  return 2024;
}

/** A day ("2026-11-22") as the inbox writes it: "Sun 22 Nov 2026", "2026년 11월 22일 (일)" (lib/time/day-words.ts). */
export function dayIn(day: string, locale: Locale): string {
  return dayText(day, locale);
}
