// The month-end billing CSV (docs/BILLING.md): one row per patient, the monitoring cycle holding the
// month's last day with its days with data up to then, and the month's clinician minutes. Counts only:
// whether a clinic may bill depends on the device's regulatory status and the payer.

import { csvDocument } from "../export/csv";
import type { MonthTime } from "./clinician-time";
import type { MonitoringCycle } from "./monitoring";

export const BILLING_CSV_COLUMNS = [
  "asleep_user_id",
  "patient_name",
  "enrolled_on",
  "month",
  "cycle",
  "cycle_first_day",
  "cycle_last_day",
  "days_with_data",
  "clinician_minutes",
  "interactive_contact",
] as const;

export interface BillingRow {
  asleepUserId: string;
  name: string;
  enrolledOn: string;
  month: string;
  /** Null: not enrolled by the month's last day. */
  cycle: MonitoringCycle | null;
  time: MonthTime;
}

export function billingCsv(rows: readonly BillingRow[]): string {
  return csvDocument(
    BILLING_CSV_COLUMNS,
    rows.map((r) => [
      r.asleepUserId,
      r.name,
      r.enrolledOn,
      r.month,
      r.cycle?.number ?? null,
      r.cycle?.firstDay ?? null,
      r.cycle?.lastDay ?? null,
      r.cycle?.daysWithData ?? 0,
      r.time.minutes,
      r.time.interactiveContact ? "yes" : "no",
    ]),
  );
}
