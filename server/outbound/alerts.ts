// alert.raised: every alert the clinic's rules raise (server/alerts/) becomes one outbound event. The
// alerts room announces a new alert on its emitter (server/alerts/events.ts) right after storing it;
// that only wakes this comparison. What was announced is kept in outbound_alert, written in the same
// transaction as the event, so an alert is announced once whoever gets there first, and an alert whose
// announcement never ran (a crash between the alert's commit and its emitter) is found by the sweep.

import type { Db } from "../db/client";
import { recordOutboundEvent } from "../data/outbound-deliveries";

interface AlertRow {
  id: string;
  patient_id: string;
  asleep_user_id: string | null;
  rule: string;
  reason: string;
  session_id: string | null;
  raised_at: Date;
}

/** Records alert.raised for this alert unless it was announced; returns the new deliveries' ids. */
export async function announceAlert(db: Db, alertId: string): Promise<bigint[]> {
  return db.$transaction(async (tx) => {
    const claimed = await tx.$queryRaw<AlertRow[]>`
      WITH claimed AS (
        INSERT INTO outbound_alert (alert_id)
        SELECT id FROM alert WHERE id = ${alertId}
        ON CONFLICT (alert_id) DO NOTHING
        RETURNING alert_id
      )
      SELECT a.id, a.patient_id, u.asleep_user_id, a.rule, a.reason, a.session_id, a.raised_at
        FROM claimed c JOIN alert a ON a.id = c.alert_id LEFT JOIN app_user u ON u.id = a.patient_id`;
    const a = claimed[0];
    if (!a) return [];
    return recordOutboundEvent(tx, {
      type: "alert.raised",
      // A patient's alerts in the order raised.
      orderKey: `alert:${a.patient_id}`,
      data: {
        alertId: a.id,
        asleepUserId: a.asleep_user_id,
        rule: a.rule,
        reason: a.reason,
        sessionId: a.session_id,
        raisedAt: a.raised_at.toISOString(),
        links: { inbox: "/alerts", ...(a.session_id ? { night: `/sessions/${encodeURIComponent(a.session_id)}` } : {}) },
      },
    });
  });
}

/** Alerts raised in the last `withinMs` and not announced: what the sweep announces. */
export async function alertsToAnnounce(db: Db, withinMs: number, limit: number): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    SELECT a.id FROM alert a
     WHERE a.raised_at > now() - ${withinMs}::float8 * interval '1 millisecond'
       AND NOT EXISTS (SELECT 1 FROM outbound_alert o WHERE o.alert_id = a.id)
     ORDER BY a.raised_at LIMIT ${limit}::int`;
  return rows.map((r) => r.id);
}
