// Alerts: raised once per (patient, rule, cause) by the evaluator (server/alerts/evaluate.ts), read and acted on
// by clinicians and admins. Access is decided here: a clinician sees and acts on the alerts of patients assigned
// to them, an admin on all, a patient on none — anything else is simply not found.

import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { RaisedAlert } from "@/lib/alerts/rules";
import { cursorKey, cursorParam, encodeCursor, keysetPage } from "@/lib/navigation/cursor";
import type { AlertView } from "@/lib/live/events";
import type { Viewer } from "../auth/viewer";
import type { Db } from "../db/client";
import type { AlertState, Prisma } from "../db/generated/client";
import { canSee, type Audience } from "./access";

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
  periodFrom: true,
  periodTo: true,
  acknowledgedComment: true,
  resolvedComment: true,
  dueOn: true,
  assignedBy: true,
  assignee: { select: { id: true, name: true } },
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
    period: row.periodFrom && row.periodTo ? { from: row.periodFrom, to: row.periodTo } : null,
    acknowledgedComment: row.acknowledgedComment,
    resolvedComment: row.resolvedComment,
    assignee: row.assignee,
    dueOn: row.dueOn,
    assignedBy: row.assignedBy,
  };
}

/**
 * Stores the alert unless its cause was raised before (the unique key): the new alert, or null. However
 * many evaluations race, one stores it. It is stored as still to be announced (announcePending), until
 * announced() says it was.
 */
export async function raiseAlert(db: Db, patientId: string, alert: RaisedAlert): Promise<AlertView | null> {
  const [created] = await db.alert.createManyAndReturn({
    data: [{ id: randomUUID(), patientId, rule: alert.rule, causeKey: alert.causeKey, reason: alert.reason, sessionId: alert.sessionId ?? null, periodFrom: alert.period?.from ?? null, periodTo: alert.period?.to ?? null, announcePending: true }],
    skipDuplicates: true,
    select: { id: true },
  });
  if (!created) return null;
  return alertView(await db.alert.findUniqueOrThrow({ where: { id: created.id }, select: VIEW_SELECT }));
}

/** The alert was announced (live, to its listeners): the sweep leaves it be. */
export async function announced(db: Db, alertId: string): Promise<void> {
  await db.alert.updateMany({ where: { id: alertId, announcePending: true }, data: { announcePending: false } });
}

/**
 * Alerts raised more than `graceMs` ago and still not announced: the process that raised them stopped
 * in between (the sweep announces them). With the patient's account id, as the listeners want it.
 */
export async function unannouncedAlerts(db: Db, graceMs: number, limit: number): Promise<Array<AlertView & { patientId: string }>> {
  const rows = await db.alert.findMany({
    where: { announcePending: true, raisedAt: { lt: new Date(Date.now() - graceMs) } },
    orderBy: { raisedAt: "asc" },
    take: limit,
    select: { ...VIEW_SELECT, patientId: true },
  });
  return rows.map((r) => ({ ...alertView(r), patientId: r.patientId }));
}

/**
 * The night's rules were evaluated as of its `changes`-th change (alert_changes read with the night):
 * done up to there. A change stored since stays owed. Never lowers the mark (an evaluation of an older
 * read finishing last marks nothing).
 */
export async function nightEvaluated(db: Db, sessionId: string, changes: number): Promise<void> {
  await db.sleepSession.updateMany({ where: { id: sessionId, alertChangesEvaluated: { lt: changes } }, data: { alertChangesEvaluated: changes } });
}

/** Nights owed an evaluation of their rules, last changed more than `graceMs` ago, oldest change first. */
export async function nightsOwedEvaluation(db: Db, graceMs: number, limit: number): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM sleep_session
     WHERE alert_changes > alert_changes_evaluated AND updated_at < ${new Date(Date.now() - graceMs)}::timestamptz
     ORDER BY updated_at LIMIT ${limit}::int`;
  return rows.map((r) => r.id);
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
export const alertCursor = cursorParam(z.tuple([cursorKey.instant, cursorKey.uuid]));
export type AlertCursor = z.infer<typeof alertCursor>;

export interface AlertQuery {
  /** Which states to list; unresolved (open and acknowledged) by default. */
  states?: readonly AlertState[];
  asleepUserId?: string;
  /** Raised by this rule only. */
  rule?: string;
  /** Whose alerts: this account's, or (null) nobody's yet; any owner when absent. */
  assigneeId?: string | null;
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
      AND: [visible, { state: { in: [...(query.states ?? ["OPEN", "ACKNOWLEDGED"])] } }, query.asleepUserId ? { patient: { asleepUserId: query.asleepUserId } } : {}, ...filters(query), after],
    },
    orderBy: [{ raisedAt: "desc" }, { id: "asc" }],
    take: query.limit ?? 200,
    skip: query.offset,
    select: VIEW_SELECT,
  });
  return rows.map(alertView);
}

function filters(query: AlertQuery): Prisma.AlertWhereInput[] {
  return [query.rule ? { rule: query.rule } : {}, query.assigneeId !== undefined ? { assigneeId: query.assigneeId } : {}];
}

/**
 * How many alerts the viewer may see are not yet resolved (open or acknowledged: the inbox's "open"), as
 * the header counts them; null for a viewer who has no inbox.
 */
export async function unresolvedCount(db: Db, viewer: Viewer, audience: Audience): Promise<number | null> {
  const visible = visibleAlerts(viewer, audience);
  if (!visible) return null;
  return db.alert.count({ where: { AND: [visible, { state: { in: ["OPEN", "ACKNOWLEDGED"] } }] } });
}

/** One page of the inbox for the API: at most `limit` alerts, and the cursor of the next page (null: the last). */
export async function alertsPage(db: Db, viewer: Viewer, audience: Audience, query: AlertQuery & { limit: number }) {
  const rows = await listAlerts(db, viewer, audience, { ...query, limit: query.limit + 1 });
  return rows && keysetPage(rows, query.limit, (a) => encodeCursor([a.raisedAt, a.id]));
}

export type AlertActionResult =
  | { ok: true; alert: AlertView }
  /** Someone else got there first: the alert as it is now, and who did what. */
  | { ok: false; alert: AlertView; error: string };


/**
 * Acknowledges ("I have seen it") or resolves ("dealt with") an alert the viewer may see, recording who and
 * when; null when it is not theirs to see. Resolving an alert never acknowledged records the acknowledgement
 * too. Each change is conditioned on the state it changes (acknowledge: open; resolve: not yet resolved), in
 * the statement that makes it, so of two people acting at once one changes the alert and the other is told how
 * it stands (`ok: false`): an acknowledgement never re-opens a resolved alert, and only the one stored answers "you".
 */
export async function actOnAlert(
  db: Db,
  viewer: Viewer,
  audience: Audience,
  id: string,
  action: "acknowledge" | "resolve",
  comment: string | null = null,
  now = new Date(),
): Promise<AlertActionResult | null> {
  const visible = visibleAlerts(viewer, audience);
  if (!visible) return null;
  const found = await db.alert.findFirst({ where: { AND: [visible, { id }] }, select: { id: true } });
  if (!found) return null;
  const who = `${viewer.name} (${viewer.email})`;
  const changed = action === "acknowledge" ? await acknowledge(db, id, who, comment, now) : await resolve(db, id, who, comment, now);
  if (changed) return { ok: true, alert: alertView(changed) };
  const row = await db.alert.findUnique({ where: { id }, select: VIEW_SELECT });
  if (!row) return null; // gone with its patient meanwhile
  const current = alertView(row);
  return { ok: false, alert: current, error: current.state === "RESOLVED" ? `Already resolved by ${current.resolvedBy}` : `Already acknowledged by ${current.acknowledgedBy}` };
}

/** The alert as this statement left it, or undefined when it was no longer open. */
async function acknowledge(db: Db, id: string, who: string, comment: string | null, now: Date) {
  const [row] = await db.alert.updateManyAndReturn({
    where: { id, state: "OPEN" },
    data: { state: "ACKNOWLEDGED", acknowledgedAt: now, acknowledgedBy: who, acknowledgedComment: comment },
    select: VIEW_SELECT,
  });
  return row;
}

/**
 * Open: resolved, and acknowledged by the same hand. Else, if acknowledged (perhaps a moment ago, between
 * the two statements): resolved, the acknowledgement kept. Undefined when it was resolved already.
 */
async function resolve(db: Db, id: string, who: string, comment: string | null, now: Date) {
  const resolved = { state: "RESOLVED", resolvedAt: now, resolvedBy: who, resolvedComment: comment } as const;
  const [fromOpen] = await db.alert.updateManyAndReturn({ where: { id, state: "OPEN" }, data: { ...resolved, acknowledgedAt: now, acknowledgedBy: who }, select: VIEW_SELECT });
  if (fromOpen) return fromOpen;
  const [fromAcknowledged] = await db.alert.updateManyAndReturn({ where: { id, state: "ACKNOWLEDGED" }, data: resolved, select: VIEW_SELECT });
  return fromAcknowledged;
}

/** One alert's outcome in a bulk action: changed, someone else got there first (409), or not the viewer's to see (404). */
export type BulkOutcome =
  | { id: string; status: 200; alert: AlertView }
  | { id: string; status: 409; alert: AlertView; error: string }
  | { id: string; status: 404; error: string };

/**
 * Acknowledges or resolves many alerts with one comment, each exactly as actOnAlert does one (its own
 * conditional statement): an alert someone else acted on first, or one the viewer may not see, is reported
 * in its place and the others are still changed. Null for a viewer who has no inbox.
 */
export async function actOnAlerts(db: Db, viewer: Viewer, audience: Audience, ids: readonly string[], action: "acknowledge" | "resolve", comment: string | null, now = new Date()): Promise<BulkOutcome[] | null> {
  if (!visibleAlerts(viewer, audience)) return null;
  const outcomes: BulkOutcome[] = [];
  for (const id of new Set(ids)) {
    const result = await actOnAlert(db, viewer, audience, id, action, comment, now);
    if (!result) outcomes.push({ id, status: 404, error: "Not found" });
    else if (result.ok) outcomes.push({ id, status: 200, alert: result.alert });
    else outcomes.push({ id, status: 409, alert: result.alert, error: result.error });
  }
  return outcomes;
}

export type AssignResult =
  | { ok: true; alert: AlertView }
  /** The assignee is no clinician caring for the alert's patient (or no account at all). */
  | { ok: false; reason: "assignee"; error: string }
  /** Resolved meanwhile: nothing left to deal with. */
  | { ok: false; reason: "resolved"; alert: AlertView; error: string };

/**
 * Gives an unresolved alert the viewer may see to a clinician who cares for its patient (assigneeId null:
 * to nobody), due by `dueOn` (a day; null: no date); null when the alert is not the viewer's to see. Only a
 * clinician who can see the patient can be given it: anyone else could not open what they are given.
 */
export async function assignAlert(
  db: Db,
  viewer: Viewer,
  audience: Audience,
  id: string,
  change: { assigneeId: string | null; dueOn: string | null },
): Promise<AssignResult | null> {
  const visible = visibleAlerts(viewer, audience);
  if (!visible) return null;
  const found = await db.alert.findFirst({ where: { AND: [visible, { id }] }, select: { patientId: true } });
  if (!found) return null;
  if (change.assigneeId !== null) {
    const cares = await db.careAssignment.findFirst({
      where: { patientId: found.patientId, clinicianId: change.assigneeId, clinician: { role: "clinician", disabledAt: null } },
      select: { clinicianId: true },
    });
    if (!cares) return { ok: false, reason: "assignee", error: "The assignee must be a clinician who cares for this patient" };
  }
  const [row] = await db.alert.updateManyAndReturn({
    where: { id, state: { not: "RESOLVED" } },
    data: { assigneeId: change.assigneeId, dueOn: change.assigneeId === null ? null : change.dueOn, assignedBy: change.assigneeId === null ? null : `${viewer.name} (${viewer.email})` },
    select: VIEW_SELECT,
  });
  if (row) return { ok: true, alert: alertView(row) };
  const now = await db.alert.findUnique({ where: { id }, select: VIEW_SELECT });
  if (!now) return null;
  return { ok: false, reason: "resolved", alert: alertView(now), error: `Already resolved by ${now.resolvedBy}` };
}

/**
 * Whom the viewer can give alerts to, per patient (Asleep user id): the enabled clinicians caring for each,
 * by name. For the inbox's assign menus and its owner filter.
 */
export async function assigneesFor(db: Db, viewer: Viewer, audience: Audience, asleepUserIds?: readonly string[]): Promise<Map<string, Array<{ id: string; name: string }>>> {
  const result = new Map<string, Array<{ id: string; name: string }>>();
  if (!visibleAlerts(viewer, audience)) return result;
  const ids = asleepUserIds ?? (audience.everyone ? undefined : audience.asleepUserIds);
  const rows = await db.careAssignment.findMany({
    where: { clinician: { role: "clinician", disabledAt: null }, patient: ids ? { asleepUserId: { in: [...ids].filter((i) => canSee(audience, i)) } } : { asleepUserId: { not: null } } },
    select: { clinician: { select: { id: true, name: true } }, patient: { select: { asleepUserId: true } } },
    orderBy: [{ clinician: { name: "asc" } }, { clinicianId: "asc" }],
  });
  for (const r of rows) {
    const key = r.patient.asleepUserId!;
    result.set(key, [...(result.get(key) ?? []), r.clinician]);
  }
  return result;
}

/** The patients the viewer may see who have alerts, by name: the inbox's patient filter. */
export async function patientsWithAlerts(db: Db, viewer: Viewer, audience: Audience): Promise<Array<{ asleepUserId: string; name: string }>> {
  const visible = visibleAlerts(viewer, audience);
  if (!visible) return [];
  const rows = await db.user.findMany({
    where: { asleepUserId: audience.everyone ? { not: null } : { in: audience.asleepUserIds }, alerts: { some: {} } },
    select: { asleepUserId: true, name: true },
    orderBy: [{ name: "asc" }, { asleepUserId: "asc" }],
    take: 1000,
  });
  return rows.map((r) => ({ asleepUserId: r.asleepUserId!, name: r.name }));
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
