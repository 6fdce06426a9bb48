// The access log: who viewed or exported which patient's data, and when. Written next to the read it
// records (a page, an export), only once that read has been allowed; read by admins only.

import { nightResource } from "@/lib/access/resource";
import type { Viewer } from "../auth/viewer";
import type { Db } from "../db/client";
import { isAdmin } from "./access";
import { knownZones, zoneOf } from "./zones";

export type AccessAction = "view" | "export";

export interface AccessRecord {
  asleepUserId: string;
  action: AccessAction;
  /** In words a reviewer reads: "night Sun 22 Nov 2026, 23:10–06:40, Europe/Paris (abc123)" (lib/access/resource.ts), "period report PDF 2026-11-01 to 2026-11-30". */
  resource: string;
}

/**
 * Records one access. A sleeper reading their own data is not logged (it is theirs); everyone else is.
 * The viewer's e-mail and role are copied so the entry still reads after their account is gone.
 */
export async function recordAccess(db: Db, viewer: Viewer, access: AccessRecord): Promise<void> {
  if (viewer.role === "patient" && viewer.asleepUserId === access.asleepUserId) return;
  await db.accessLogEntry.create({
    data: {
      viewerId: viewer.accountId,
      viewerEmail: viewer.email,
      viewerRole: viewer.role,
      asleepUserId: access.asleepUserId,
      action: access.action,
      resource: access.resource,
    },
  });
}

/**
 * Records a read of something on one night that is not the night itself (its notes, its tags), the
 * night named as its page names it (its best zone known, else UTC: the name says which). Called once
 * the read was allowed. A sleeper sees only their own nights, which are not logged: no lookup for them.
 */
export async function recordNightRead(db: Db, viewer: Viewer, sessionId: string, what: string): Promise<void> {
  if (viewer.role === "patient") return;
  const night = await db.sleepSession.findUnique({ where: { id: sessionId }, select: { userId: true, state: true, startTime: true, endTime: true, timezone: true, sleepStages: true } });
  if (!night) return;
  const zone = zoneOf(night, await knownZones(db, [night.userId]))?.name ?? "UTC";
  const times = { startTime: night.startTime?.toISOString() ?? null, endTime: night.endTime?.toISOString() ?? null, open: night.state === "OPEN", sleepStages: night.sleepStages };
  await recordAccess(db, viewer, { asleepUserId: night.userId, action: "view", resource: `${what} on ${nightResource(times, zone, sessionId, "via the API")}` });
}

export interface AccessLogQuery {
  asleepUserId?: string;
  /** Newest first; at most this many. */
  limit: number;
  /** Entries older than this id (paging). */
  before?: bigint;
  /** Entries to skip (paging by page number). */
  offset?: number;
}

/** The most a CSV download of the log holds (the newest entries). */
export const ACCESS_LOG_EXPORT_LIMIT = 100_000;

/**
 * Admins only (null for anyone else): newest first, each entry with the people it is about named as their
 * accounts are now (the viewer's name; the patient's name and e-mail), so a reviewer reads people, not only
 * Asleep ids. Null where the account is gone: the entry's own copy of the viewer's e-mail still says who.
 */
export async function listAccess(db: Db, viewer: Viewer, query: AccessLogQuery) {
  if (!isAdmin(viewer)) return null;
  const entries = await db.accessLogEntry.findMany({
    where: { ...(query.asleepUserId ? { asleepUserId: query.asleepUserId } : {}), ...(query.before ? { id: { lt: query.before } } : {}) },
    orderBy: { id: "desc" },
    take: query.limit,
    ...(query.offset ? { skip: query.offset } : {}),
  });
  const viewerIds = [...new Set(entries.flatMap((e) => (e.viewerId ? [e.viewerId] : [])))];
  const patientIds = [...new Set(entries.map((e) => e.asleepUserId))];
  const [viewers, patients] = await Promise.all([
    viewerIds.length ? db.user.findMany({ where: { id: { in: viewerIds } }, select: { id: true, name: true } }) : [],
    patientIds.length ? db.user.findMany({ where: { asleepUserId: { in: patientIds } }, select: { asleepUserId: true, name: true, email: true } }) : [],
  ]);
  const viewerName = new Map(viewers.map((v) => [v.id, v.name]));
  const patient = new Map(patients.map((p) => [p.asleepUserId!, p]));
  return entries.map((e) => ({
    ...e,
    viewerName: (e.viewerId && viewerName.get(e.viewerId)) ?? null,
    patientName: patient.get(e.asleepUserId)?.name ?? null,
    patientEmail: patient.get(e.asleepUserId)?.email ?? null,
  }));
}

/** Records one export covering many patients (the board's CSV): one entry per patient, in one statement. */
export async function recordExports(db: Db, viewer: Viewer, asleepUserIds: readonly string[], resource: string): Promise<void> {
  if (asleepUserIds.length === 0) return;
  await db.accessLogEntry.createMany({
    data: asleepUserIds.map((asleepUserId) => ({ viewerId: viewer.accountId, viewerEmail: viewer.email, viewerRole: viewer.role, asleepUserId, action: "export", resource })),
  });
}
