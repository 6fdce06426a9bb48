// Why a patient is on the board's worklist, each fact once, in plain words a clinician reads at a glance:
// a night being recorded that went quiet, the open alerts the clinic's rules raised, and no night for
// some days. An alert and the condition it was raised for are one item (the alert's link and "New" mark
// on the condition's words), and every condition has one wording wherever it shows — the alert rules'
// (lib/alerts/rules.ts), so a flag and an alert never say the same thing two ways.
//
// The order is a severity order, not a count (docs/GUIDE-CLINICIAN.md "Who needs you first"):
// SEVERITY_ORDER below. A patient ranks by their most severe item; the board sorts by that rank in SQL
// (server/data/board.ts) from the same list.

import { addDays, daysBetween, type Day } from "../sleep/adherence";
import { clockWithZone, shortDay, type RuleName } from "../alerts/rules";
import { alertWords, wordValues, type AlertTranslate } from "../alerts/wording";
import { clockTime } from "../format";
import type { Locale } from "../i18n/locales";
import { shortDayText } from "../time/day-words";
import { zoneLabel } from "../time/zone";

/**
 * What needs attention, most severe first: a recording gone stale tonight (the night is being lost now),
 * then the open alerts by their rule's severity (a short night, long awakenings, low efficiency, slow
 * sleep onset), then adherence failing, then no data, then a multi-night study decided (adequate or
 * failed: to be interpreted), then a patient new since your last visit.
 */
export const SEVERITY_ORDER = ["stale", "short-sleep", "long-waso", "low-efficiency", "long-latency", "adherence", "no-data", "study", "new-patient"] as const;
export type BoardFlagKind = (typeof SEVERITY_ORDER)[number];

/** The condition each alert rule is about: the board shows the alert as that condition's item. */
export const RULE_CONDITION: Record<RuleName, BoardFlagKind> = {
  "stale-tonight": "stale",
  "short-sleep": "short-sleep",
  "long-waso": "long-waso",
  "low-efficiency": "low-efficiency",
  "long-latency": "long-latency",
  "low-adherence": "adherence",
  "no-data": "no-data",
  "study-adequate": "study",
  "study-failed": "study",
};

/** A patient's rank when nothing needs attention: after every condition. */
export const CALM_RANK = SEVERITY_ORDER.length;

export const severityRank = (kind: BoardFlagKind): number => SEVERITY_ORDER.indexOf(kind);

/**
 * What the board itself found, as a message of the board's catalogue (PatientBoard.flags, worded by
 * flagText in the reader's language); `reason` is the same in English (the CSV's, the alerts' words).
 */
export type BoardFlagWords =
  | { key: "stale"; clock: string; zone: string; day: Day }
  | { key: "staleNoAnalysis"; day: Day }
  | { key: "noData"; count: number; since: Day }
  | { key: "noNightYet" }
  | { key: "newPatient" };

export interface BoardFlag {
  kind: BoardFlagKind;
  /** In plain words, as the board shows it (in English: the CSV's and the alerts' words). */
  reason: string;
  /** The board's own finding as a message; null for an open alert's item (its words are the alert's). */
  words: BoardFlagWords | null;
  /** The open alert this item is, when a rule raised one for it. */
  alertId: string | null;
  /** The night the item is about (its page is one click away), when it is about one. */
  sessionId: string | null;
  /** Raised (or enrolled) since the viewer's last visit to the board. */
  isNew: boolean;
}

/**
 * An open alert's item: its reason as stored (English), or in `locale` from the alert texts (AlertText),
 * read back by the rules whose condition the item is (lib/alerts/wording.ts).
 */
function alertFlagText(flag: Pick<BoardFlag, "reason" | "kind">, locale: Locale, alertT: AlertTranslate | undefined): string {
  if (locale === "en" || !alertT) return flag.reason;
  for (const [rule, kind] of Object.entries(RULE_CONDITION)) {
    if (kind !== flag.kind) continue;
    const words = alertWords(rule, flag.reason);
    if (words) return alertT(`reason.${words.key}`, wordValues(words, locale));
  }
  return flag.reason;
}

/** "Stale tonight since 02:10 Europe/Paris (night of Sun 22 Nov)": the stale-tonight rule's words. */
export function staleReason(lastDeliveryMs: number | null, zone: string, day: Day): string {
  if (lastDeliveryMs === null) return `Stale tonight: no analysis has arrived (night of ${shortDay(day)})`;
  return `Stale tonight since ${clockWithZone(lastDeliveryMs, zone)} (night of ${shortDay(day)})`;
}

/** staleReason as a message (the clock and zone as clockWithZone writes them). */
export function staleWords(lastDeliveryMs: number | null, zone: string, day: Day): BoardFlagWords {
  if (lastDeliveryMs === null) return { key: "staleNoAnalysis", day };
  return { key: "stale", clock: clockTime(lastDeliveryMs, zone), zone: zoneLabel(zone), day };
}

/**
 * "No data for 5 nights (since Tue 1 Dec)": the no-data rule's words, from the day of the patient's
 * newest night to today (tonight's night is not over, so it is not counted), or that they never recorded.
 */
export function noDataReason(newestDay: Day | null, today: Day, enrolledOn: Day | null = null): string {
  const words = noDataWords(newestDay, today, enrolledOn);
  if (words.key !== "noData") return "No night recorded yet";
  return `No data for ${words.count} ${words.count === 1 ? "night" : "nights"} (since ${shortDay(words.since)})`;
}

/** noDataReason as a message. */
export function noDataWords(newestDay: Day | null, today: Day, enrolledOn: Day | null = null): BoardFlagWords {
  if (newestDay === null) return { key: "noNightYet" };
  // Counted from the enrolment day at the earliest, as the no-data alert counts (lib/alerts/rules.ts).
  const afterNewest = addDays(newestDay, 1);
  const firstMissing = enrolledOn !== null && afterNewest < enrolledOn ? enrolledOn : afterNewest;
  const missing = Math.max(0, daysBetween(firstMissing, addDays(today, -1)));
  return { key: "noData", count: missing, since: firstMissing };
}

/** A translator of the PatientBoard namespace (next-intl's, or server/i18n/translator.ts translatorFor). */
export type BoardWords = (key: string, values?: Record<string, string | number>) => string;

/** An item as the board shows it in `locale`: the board's own finding from the catalogue, an alert's in its words. */
export function flagText(flag: Pick<BoardFlag, "reason" | "words" | "kind">, t: BoardWords, locale: Locale = "en", alertT?: AlertTranslate): string {
  const w = flag.words;
  if (!w) return alertFlagText(flag, locale, alertT);
  switch (w.key) {
    case "stale":
      return t("flags.stale", { clock: w.clock, zone: w.zone, day: shortDayText(w.day, locale) });
    case "staleNoAnalysis":
      return t("flags.staleNoAnalysis", { day: shortDayText(w.day, locale) });
    case "noData":
      return t("flags.noData", { count: w.count, since: shortDayText(w.since, locale) });
    case "noNightYet":
      return t("flags.noNightYet");
    case "newPatient":
      return t("flags.newPatient");
  }
}

/** Whether the patient has no night that started within the last `days` days. */
export function hasNoDataFor(newestStartMs: number | null, nowMs: number, days: number): boolean {
  return newestStartMs === null || newestStartMs < nowMs - days * 86_400_000;
}

export interface OpenAlertItem {
  id: string;
  rule: string;
  reason: string;
  sessionId: string | null;
  raisedAtMs: number;
}

/**
 * A patient's items, most severe first, each condition once. A condition true now is worded from now
 * (a gap of 5 nights says 5, though its alert was raised at 3); an open alert whose condition the board
 * does not see now keeps the words it was raised with.
 */
export function boardFlags(input: {
  alerts: readonly OpenAlertItem[];
  stale: { lastDeliveryMs: number | null; zone: string; day: Day; sessionId: string } | null;
  noData: { newestDay: Day | null; today: Day; enrolledOn?: Day | null } | null;
  /** Enrolled (assigned to the viewer) since their last visit. */
  newPatient: boolean;
  /** The viewer's previous visit; null marks nothing new. */
  sinceMs: number | null;
}): BoardFlag[] {
  const byKind = new Map<BoardFlagKind, BoardFlag>();
  const isNew = (ms: number) => input.sinceMs !== null && ms > input.sinceMs;
  if (input.stale) {
    const { lastDeliveryMs, zone, day } = input.stale;
    byKind.set("stale", { kind: "stale", reason: staleReason(lastDeliveryMs, zone, day), words: staleWords(lastDeliveryMs, zone, day), alertId: null, sessionId: input.stale.sessionId, isNew: false });
  }
  if (input.noData) {
    const { newestDay, today, enrolledOn = null } = input.noData;
    byKind.set("no-data", { kind: "no-data", reason: noDataReason(newestDay, today, enrolledOn), words: noDataWords(newestDay, today, enrolledOn), alertId: null, sessionId: null, isNew: false });
  }
  const others: BoardFlag[] = [];
  // Newest first, so the item of a condition raised twice (two short nights) is its latest alert.
  for (const a of [...input.alerts].sort((x, y) => y.raisedAtMs - x.raisedAtMs)) {
    const kind = RULE_CONDITION[a.rule as RuleName] ?? "short-sleep";
    const same = byKind.get(kind);
    if (kind === "stale" || kind === "no-data" || kind === "adherence") {
      // One condition, one item: the alert joins the board's own finding (or stands for it).
      if (same) {
        if (same.alertId === null) byKind.set(kind, { ...same, alertId: a.id, sessionId: same.sessionId ?? a.sessionId, isNew: isNew(a.raisedAtMs) });
      } else byKind.set(kind, { kind, reason: a.reason, words: null, alertId: a.id, sessionId: a.sessionId, isNew: isNew(a.raisedAtMs) });
    } else {
      // A night's alerts are each a fact of their own night ("under 5 h on Sun 22 Nov", "on Mon 23 Nov").
      others.push({ kind, reason: a.reason, words: null, alertId: a.id, sessionId: a.sessionId, isNew: isNew(a.raisedAtMs) });
    }
  }
  // Its words say it is new: no second "New" beside them.
  if (input.newPatient) byKind.set("new-patient", { kind: "new-patient", reason: "New patient since your last visit", words: { key: "newPatient" }, alertId: null, sessionId: null, isNew: false });
  // Stable: within a rank, the order above (newest alert first).
  return [...byKind.values(), ...others].sort((x, y) => severityRank(x.kind) - severityRank(y.kind));
}

/** A patient's rank in the severity order: their most severe item's. */
export const patientRank = (flags: readonly BoardFlag[]): number => Math.min(CALM_RANK, ...flags.map((f) => severityRank(f.kind)));
