// Alerts: raised once per (patient, rule, cause) by the evaluator (server/alerts/evaluate.ts), read and acted on
// by clinicians and admins. Access is decided here: a clinician sees and acts on the alerts of patients assigned
// to them, an admin on all, a patient on none — anything else is simply not found.

import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { RaisedAlert } from "@/lib/alerts/rules";
import { cursorParam, encodeCursor, keysetPage } from "@/lib/navigation/cursor";
import type { AlertView } from "@/lib/live/events";
import type { Viewer } from "../auth/viewer";
import type { Db } from "../db/client";
import type { AlertState, Prisma } from "../db/generated/client";
import type { Audience } from "./access";

const VIEW_SELECT = {
  id: true,
  rule: true,
  reason: true,
  sessionId: true,
  raisedAt: true,
  state: true,
  acknowledgedAt: true,
  acknowledgedBy: true,
  resolvedAt: true,
  resolvedBy: true,
  patient: { select: { name: true, asleepUserId: true } },
} satisfies Prisma.AlertSelect;

type AlertRow = Prisma.AlertGetPayload<{ select: typeof VIEW_SELECT }>;

export function alertView(row: AlertRow): AlertView {
  return {
    id: row.id,
    patient: { name: row.patient.name, asleepUserId: row.patient.asleepUserId },
    rule: row.rule,
    reason: row.reason,
    sessionId: row.sessionId,
    raisedAt: row.raisedAt.toISOString(),
    state: row.state,
    acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: row.acknowledgedBy,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    resolvedBy: row.resolvedBy,
  };
}

/** Stores the alert unless its cause was raised before (the unique key): the new alert, or null. */
export async function raiseAlert(db: Db, patientId: string, alert: RaisedAlert): Promise<AlertView | null> {
  const [created] = await db.alert.createManyAndReturn({
    data: [{ id: randomUUID(), patientId, rule: alert.rule, causeKey: alert.causeKey, reason: alert.reason, sessionId: alert.sessionId ?? null }],
    skipDuplicates: true,
    select: { id: true },
  });
  if (!created) return null;
  return alertView(await db.alert.findUniqueOrThrow({ where: { id: created.id }, select: VIEW_SELECT }));
}

/** Whether the patient has an alert of this rule not yet resolved (adherence raises one at a time). */
export async function hasUnresolved(db: Db, patientId: string, rule: string): Promise<boolean> {
  return (await db.alert.count({ where: { patientId, rule, state: { not: "RESOLVED" } } })) > 0;
}

/** Alerts only for those who care for patients: clinicians (their assigned patients) and admins (all). */
function visibleAlerts(viewer: Viewer, audience: Audience): Prisma.AlertWhereInput | null {
  if (viewer.role === "patient") return null;
  return audience.everyone ? {} : { patient: { asleepUserId: { in: audience.asleepUserIds } } };
}

export const ALERT_STATES = ["OPEN", "ACKNOWLEDGED", "RESOLVED"] as const;

/** Where a page of the inbox ends: the last alert's raise time and id (the inbox's order). */
export const alertCursor = cursorParam(z.tuple([z.iso.datetime(), z.uuid()]));
export type AlertCursor = z.infer<typeof alertCursor>;

export interface AlertQuery {
  /** Which states to list; unresolved (open and acknowledged) by default. */
  states?: readonly AlertState[];
  asleepUserId?: string;
  limit?: number;
  /** Alerts after this one in the inbox's order (the API's paging). */
  before?: AlertCursor;
  /** Alerts to skip (the page's paging by number). */
  offset?: number;
}

/** The viewer's inbox, newest first; null for a viewer who has no inbox (a patient). */
export async function listAlerts(db: Db, viewer: Viewer, audience: Audience, query: AlertQuery = {}): Promise<AlertView[] | null> {
  const visible = visibleAlerts(viewer, audience);
  if (!visible) return null;
  const after: Prisma.AlertWhereInput = query.before
    ? { OR: [{ raisedAt: { lt: new Date(query.before[0]) } }, { raisedAt: new Date(query.before[0]), id: { gt: query.before[1] } }] }
    : {};
  const rows = await db.alert.findMany({
    where: {
      AND: [visible, { state: { in: [...(query.states ?? ["OPEN", "ACKNOWLEDGED"])] } }, query.asleepUserId ? { patient: { asleepUserId: query.asleepUserId } } : {}, after],
    },
    orderBy: [{ raisedAt: "desc" }, { id: "asc" }],
    take: query.limit ?? 200,
    skip: query.offset,
    select: VIEW_SELECT,
  });
  return rows.map(alertView);
}

/** One page of the inbox for the API: at most `limit` alerts, and the cursor of the next page (null: the last). */
export async function alertsPage(db: Db, viewer: Viewer, audience: Audience, query: AlertQuery & { limit: number }) {
  const rows = await listAlerts(db, viewer, audience, { ...query, limit: query.limit + 1 });
  return rows && keysetPage(rows, query.limit, (a) => encodeCursor([a.raisedAt, a.id]));
}

/**
 * Acknowledges ("I have seen it") or resolves ("dealt with") an alert the viewer may see, recording who and
 * when; null when it is not theirs to see. Resolving an alert never acknowledged records the acknowledgement
 * too; acknowledging a resolved alert changes nothing.
 */
export async function actOnAlert(db: Db, viewer: Viewer, audience: Audience, id: string, action: "acknowledge" | "resolve", now = new Date()): Promise<AlertView | null> {
  const visible = visibleAlerts(viewer, audience);
  if (!visible) return null;
  const found = await db.alert.findFirst({ where: { AND: [visible, { id }] }, select: { id: true, state: true, acknowledgedAt: true } });
  if (!found) return null;
  const who = `${viewer.name} (${viewer.email})`;
  const data: Prisma.AlertUpdateInput =
    action === "acknowledge"
      ? found.state === "OPEN"
        ? { state: "ACKNOWLEDGED", acknowledgedAt: now, acknowledgedBy: who }
        : {}
      : found.state === "RESOLVED"
        ? {}
        : { state: "RESOLVED", resolvedAt: now, resolvedBy: who, ...(found.acknowledgedAt ? {} : { acknowledgedAt: now, acknowledgedBy: who }) };
  const row = await db.alert.update({ where: { id }, data, select: VIEW_SELECT });
  return alertView(row);
}

/** The alerts raised since `since` about patients the account cares for (for a daily digest). */
export async function alertsForDigest(db: Db, accountId: string, role: "clinician" | "admin", since: Date): Promise<AlertView[]> {
  const rows = await db.alert.findMany({
    where: { raisedAt: { gte: since }, ...(role === "admin" ? {} : { patient: { clinicians: { some: { clinicianId: accountId } } } }) },
    orderBy: { raisedAt: "asc" },
    select: VIEW_SELECT,
  });
  return rows.map(alertView);
}
