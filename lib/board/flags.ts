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

export interface BoardFlag {
  kind: BoardFlagKind;
  /** In plain words, as the board shows it. */
  reason: string;
  /** The open alert this item is, when a rule raised one for it. */
  alertId: string | null;
  /** The night the item is about (its page is one click away), when it is about one. */
  sessionId: string | null;
  /** Raised (or enrolled) since the viewer's last visit to the board. */
  isNew: boolean;
}

/** "Stale tonight since 02:10 Europe/Paris (night of Sun 22 Nov)": the stale-tonight rule's words. */
export function staleReason(lastDeliveryMs: number | null, zone: string, day: Day): string {
  if (lastDeliveryMs === null) return `Stale tonight: no analysis has arrived (night of ${shortDay(day)})`;
  return `Stale tonight since ${clockWithZone(lastDeliveryMs, zone)} (night of ${shortDay(day)})`;
}

/**
 * "No data for 5 nights (since Tue 1 Dec)": the no-data rule's words, from the day of the patient's
 * newest night to today (tonight's night is not over, so it is not counted), or that they never recorded.
 */
export function noDataReason(newestDay: Day | null, today: Day, enrolledOn: Day | null = null): string {
  if (newestDay === null) return "No night recorded yet";
  // Counted from the enrolment day at the earliest, as the no-data alert counts (lib/alerts/rules.ts).
  const afterNewest = addDays(newestDay, 1);
  const firstMissing = enrolledOn !== null && afterNewest < enrolledOn ? enrolledOn : afterNewest;
  const missing = Math.max(0, daysBetween(firstMissing, addDays(today, -1)));
  return `No data for ${missing} ${missing === 1 ? "night" : "nights"} (since ${shortDay(firstMissing)})`;
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
    byKind.set("stale", { kind: "stale", reason: staleReason(input.stale.lastDeliveryMs, input.stale.zone, input.stale.day), alertId: null, sessionId: input.stale.sessionId, isNew: false });
  }
  if (input.noData) byKind.set("no-data", { kind: "no-data", reason: noDataReason(input.noData.newestDay, input.noData.today, input.noData.enrolledOn ?? null), alertId: null, sessionId: null, isNew: false });
  const others: BoardFlag[] = [];
  // Newest first, so the item of a condition raised twice (two short nights) is its latest alert.
  for (const a of [...input.alerts].sort((x, y) => y.raisedAtMs - x.raisedAtMs)) {
    const kind = RULE_CONDITION[a.rule as RuleName] ?? "short-sleep";
    const same = byKind.get(kind);
    if (kind === "stale" || kind === "no-data" || kind === "adherence") {
      // One condition, one item: the alert joins the board's own finding (or stands for it).
      if (same) {
        if (same.alertId === null) byKind.set(kind, { ...same, alertId: a.id, sessionId: same.sessionId ?? a.sessionId, isNew: isNew(a.raisedAtMs) });
      } else byKind.set(kind, { kind, reason: a.reason, alertId: a.id, sessionId: a.sessionId, isNew: isNew(a.raisedAtMs) });
    } else {
      // A night's alerts are each a fact of their own night ("under 5 h on Sun 22 Nov", "on Mon 23 Nov").
      others.push({ kind, reason: a.reason, alertId: a.id, sessionId: a.sessionId, isNew: isNew(a.raisedAtMs) });
    }
  }
  // Its words say it is new: no second "New" beside them.
  if (input.newPatient) byKind.set("new-patient", { kind: "new-patient", reason: "New patient since your last visit", alertId: null, sessionId: null, isNew: false });
  // Stable: within a rank, the order above (newest alert first).
  return [...byKind.values(), ...others].sort((x, y) => severityRank(x.kind) - severityRank(y.kind));
}

/** A patient's rank in the severity order: their most severe item's. */
export const patientRank = (flags: readonly BoardFlag[]): number => Math.min(CALM_RANK, ...flags.map((f) => severityRank(f.kind)));
