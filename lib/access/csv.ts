// The access log as CSV, for an admin's download: one row per view or export, newest first, times in
// UTC (ISO 8601, with its Z) so no reader mistakes the zone.

import { csvField } from "../report/csv";

export const ACCESS_LOG_CSV_COLUMNS = ["id", "at_utc", "viewer_email", "viewer_role", "asleep_user_id", "action", "resource"] as const;

export interface AccessLogRow {
  id: string;
  at: Date;
  viewerEmail: string;
  viewerRole: string;
  asleepUserId: string;
  action: string;
  resource: string;
}

export function accessLogCsv(rows: readonly AccessLogRow[]): string {
  const lines = rows.map((r) => [r.id, r.at.toISOString(), r.viewerEmail, r.viewerRole, r.asleepUserId, r.action, r.resource].map(csvField).join(","));
  return [ACCESS_LOG_CSV_COLUMNS.join(","), ...lines].join("\r\n") + "\r\n";
}
