// Why a patient is flagged on the board, in plain words a clinician reads at a glance: the open alerts
// the clinic's rules raised, a night being recorded that went quiet, and no night for some days.

import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { sleepDay, dayLabel } from "../time/day";
import { zoneLabel } from "../time/zone";

export type BoardFlagKind = "alert" | "stale" | "no-data";

export interface BoardFlag {
  kind: BoardFlagKind;
  /** In plain words, as the board shows it. */
  reason: string;
}

/**
 * "Stale tonight since 02:10 Europe/Paris": when the night's last analysis arrived, on the night's own
 * clock. The zone is named because the clinician may be elsewhere; the date is "tonight".
 */
export function staleReason(lastDeliveryMs: number | null, zone: string): string {
  if (lastDeliveryMs === null) return "Stale tonight: no analysis has arrived";
  return `Stale tonight since ${format(new TZDate(lastDeliveryMs, zone), "HH:mm")} ${zoneLabel(zone)}`;
}

/**
 * "No data since Tue 17 Nov 2026": the day (noon to noon, in its zone) of the patient's newest night,
 * or that they never recorded one.
 */
export function noDataReason(newestStartMs: number | null, zone: string, days: number): string {
  if (newestStartMs === null) return "No night recorded yet";
  return `No data since ${dayLabel(sleepDay(newestStartMs, zone))} (over ${days} ${days === 1 ? "day" : "days"})`;
}

/** Whether the patient has no night that started within the last `days` days. */
export function hasNoDataFor(newestStartMs: number | null, nowMs: number, days: number): boolean {
  return newestStartMs === null || newestStartMs < nowMs - days * 86_400_000;
}

/** A patient's flags, alerts first (newest first), then a quiet night, then missing nights. */
export function boardFlags(input: {
  alertReasons: readonly string[];
  stale: { lastDeliveryMs: number | null; zone: string } | null;
  noData: { newestStartMs: number | null; zone: string; days: number } | null;
}): BoardFlag[] {
  const flags: BoardFlag[] = input.alertReasons.map((reason) => ({ kind: "alert", reason }));
  if (input.stale) flags.push({ kind: "stale", reason: staleReason(input.stale.lastDeliveryMs, input.stale.zone) });
  if (input.noData) flags.push({ kind: "no-data", reason: noDataReason(input.noData.newestStartMs, input.noData.zone, input.noData.days) });
  return flags;
}
