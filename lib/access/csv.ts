// The access log as CSV, for an admin's download: one row per view or export, newest first, times in
// UTC (ISO 8601, with its Z) so no reader mistakes the zone.

import { csvDocument } from "../export/csv";

export const ACCESS_LOG_CSV_COLUMNS = ["id", "at_utc", "viewer_email", "viewer_role", "asleep_user_id", "action", "resource", "viewer_name", "patient_name", "patient_email"] as const;

export interface AccessLogRow {
  id: string;
  at: Date;
  viewerEmail: string;
  viewerRole: string;
  asleepUserId: string;
  action: string;
  resource: string;
  /** The people as their accounts name them now; null (empty) when the account is gone. */
  viewerName: string | null;
  patientName: string | null;
  patientEmail: string | null;
}

export function accessLogCsv(rows: readonly AccessLogRow[]): string {
  return csvDocument(ACCESS_LOG_CSV_COLUMNS, rows.map((r) => [r.id, r.at.toISOString(), r.viewerEmail, r.viewerRole, r.asleepUserId, r.action, r.resource, r.viewerName ?? "", r.patientName ?? "", r.patientEmail ?? ""]));
}
