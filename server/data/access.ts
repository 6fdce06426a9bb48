// Whose nights a viewer may see, decided here, next to the data: every query for sleep sessions is
// narrowed by this, so what a person may not see simply is not found.

import type { Viewer } from "../auth/viewer";
import type { Db } from "../db/client";
import type { Prisma } from "../db/generated/client";

/** Everyone (admin), or exactly these Asleep users. */
export type Audience = { everyone: true } | { everyone: false; asleepUserIds: string[] };

export async function audienceOf(db: Db, viewer: Viewer): Promise<Audience> {
  switch (viewer.role) {
    case "admin":
      return { everyone: true };
    case "patient":
      return { everyone: false, asleepUserIds: viewer.asleepUserId ? [viewer.asleepUserId] : [] };
    case "clinician": {
      const assigned = await db.careAssignment.findMany({
        where: { clinicianId: viewer.accountId },
        select: { patient: { select: { asleepUserId: true } } },
      });
      return { everyone: false, asleepUserIds: assigned.flatMap((a) => (a.patient.asleepUserId ? [a.patient.asleepUserId] : [])) };
    }
  }
}

export function sessionsVisibleTo(audience: Audience): Prisma.SleepSessionWhereInput {
  return audience.everyone ? {} : { userId: { in: audience.asleepUserIds } };
}

export function canSee(audience: Audience, asleepUserId: string): boolean {
  return audience.everyone || audience.asleepUserIds.includes(asleepUserId);
}

/**
 * Admin-only data (the audit log, a person's whole record): checked here, next to the queries, as
 * well as in the routes, so no caller can reach it by forgetting the route's check.
 */
export function isAdmin(viewer: Pick<Viewer, "role">): boolean {
  return viewer.role === "admin";
}
