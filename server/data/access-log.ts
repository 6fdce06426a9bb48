// The access log: who viewed or exported which patient's data, and when. Written next to the read it
// records (a page, an export), only once that read has been allowed; read by admins only.

import type { Viewer } from "../auth/viewer";
import type { Db } from "../db/client";
import { isAdmin } from "./access";

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

/** Admins only (null for anyone else): newest first. */
export async function listAccess(db: Db, viewer: Viewer, query: AccessLogQuery) {
  if (!isAdmin(viewer)) return null;
  return db.accessLogEntry.findMany({
    where: { ...(query.asleepUserId ? { asleepUserId: query.asleepUserId } : {}), ...(query.before ? { id: { lt: query.before } } : {}) },
    orderBy: { id: "desc" },
    take: query.limit,
    ...(query.offset ? { skip: query.offset } : {}),
  });
}

/** Records one export covering many patients (the board's CSV): one entry per patient, in one statement. */
export async function recordExports(db: Db, viewer: Viewer, asleepUserIds: readonly string[], resource: string): Promise<void> {
  if (asleepUserIds.length === 0) return;
  await db.accessLogEntry.createMany({
    data: asleepUserIds.map((asleepUserId) => ({ viewerId: viewer.accountId, viewerEmail: viewer.email, viewerRole: viewer.role, asleepUserId, action: "export", resource })),
  });
}
