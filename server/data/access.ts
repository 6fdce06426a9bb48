// Whose nights a viewer may see, decided here, next to the data: every query for sleep sessions is
// narrowed by this, so what a person may not see simply is not found.

import { randomUUID } from "node:crypto";
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

// ── Changes of who may see whom ──────────────────────────────────────────────────────────────────────
//
// Every such change (a patient's clinicians, an account disabled, a person's data deleted, an account
// made with its clinician) goes through `changeAccess`, so that viewers' open live connections follow
// it on every instance before the next event: the HTTP routes read the rule above on every request,
// but a live connection is in the rooms it was put in. What it takes to reach those connections is the
// live layer's (server/live/access-rooms.ts); it is handed in as an AccessFollower, so the data layer
// never depends on the live layer.

/**
 * What one change touches. `accountIds`: every account whose sight of others may have changed, more or
 * less; their live connections are set again from the database once the change is done. `losing`: of
 * those, the ones that may see less, and what: these Asleep users' nights (alerts included), or, with
 * null, anything (an account that ends).
 */
export interface AccessChange {
  accountIds: string[];
  losing: Array<{ accountId: string; asleepUserIds: string[] | null }>;
}

export interface AccessFollower {
  /**
   * Called inside the change's transaction, before it commits: from now on nothing about what `losing`
   * names reaches those accounts' live connections, on any instance. Rejects (and the change is not
   * made) when that cannot be confirmed for every instance (see accessChangeUnconfirmed).
   */
  revoke(changeId: string, change: AccessChange): Promise<void>;
  /**
   * After the change committed or was rolled back: every live connection of `accountIds`, on every
   * instance, is set again from the database (its rooms, and closed if its sign-in has ended). Never rejects.
   */
  refresh(changeId: string, change: AccessChange): Promise<void>;
}

/** Where no live connection can be: `npm run users` working on the database of an app that is not running. */
export const NO_LIVE_CONNECTIONS: AccessFollower = { revoke: async () => {}, refresh: async () => {} };

const UNCONFIRMED = "ACCESS_CHANGE_UNCONFIRMED";

/**
 * The change was not made because not every instance could be told first (Redis unreachable, or an
 * instance not answering): a retry can succeed (503). Told apart by its code, not its class: route
 * handlers are bundled by Next.js and do not share this module with the server that throws it.
 */
export function accessChangeUnconfirmed(reason: string): Error {
  return Object.assign(new Error(`Open live connections could not all be told of this change (${reason}); nothing was changed. Try again.`), { code: UNCONFIRMED });
}

export function isAccessChangeUnconfirmed(error: unknown): error is Error {
  return (error as { code?: unknown } | null)?.code === UNCONFIRMED;
}

type Tx = Prisma.TransactionClient;

/**
 * Makes one change of who may see whom: `apply` writes it in a transaction and says what it touched;
 * before that transaction commits, the accounts that may see less stop receiving it live everywhere;
 * once it is over (committed or not), their connections are set again from the database.
 */
export async function changeAccess<T>(db: Db, follower: AccessFollower, apply: (tx: Tx) => Promise<{ value: T; change: AccessChange }>, options?: { timeout?: number }): Promise<T> {
  const changeId = randomUUID();
  let change = undefined as AccessChange | undefined;
  try {
    return await db.$transaction(async (tx) => {
      const done = await apply(tx);
      change = done.change;
      if (change.losing.length > 0) await follower.revoke(changeId, change);
      return done.value;
    }, options);
  } finally {
    // Also after a rollback: connections revoked for nothing get back what they may still see.
    if (change && change.accountIds.length > 0) await follower.refresh(changeId, change);
  }
}

/** A live connection's viewer as the database has it now; null once its sign-in has ended (signed out, expired, disabled, deleted). */
export async function currentViewer(db: Db, sessionId: string, now = new Date()): Promise<{ viewer: Viewer; audience: Audience } | null> {
  const session = await db.authSession.findUnique({
    where: { id: sessionId },
    select: { expiresAt: true, user: { select: { id: true, email: true, name: true, role: true, asleepUserId: true, disabledAt: true } } },
  });
  if (!session || session.expiresAt <= now || session.user.disabledAt) return null;
  const { user } = session;
  const viewer: Viewer = { accountId: user.id, sessionId, email: user.email, name: user.name, role: user.role, asleepUserId: user.asleepUserId };
  return { viewer, audience: await audienceOf(db, viewer) };
}

/**
 * What each of these sign-ins may see now, and as whom: audienceOf's rule for many at once, in one
 * query. A sign-in that has ended (signed out, expired, account disabled or deleted) is absent. For an
 * instance that cannot be sure its rooms are current (server/live/access-rooms.ts).
 */
export async function audiencesOfSessions(db: Db, sessionIds: string[], now = new Date()): Promise<Map<string, { role: Viewer["role"]; audience: Audience }>> {
  if (sessionIds.length === 0) return new Map();
  const rows = await db.authSession.findMany({
    where: { id: { in: sessionIds }, expiresAt: { gt: now }, user: { disabledAt: null } },
    select: { id: true, user: { select: { role: true, asleepUserId: true, patients: { select: { patient: { select: { asleepUserId: true } } } } } } },
  });
  return new Map(
    rows.map(({ id, user }) => {
      const ids = user.role === "patient" ? [user.asleepUserId] : user.patients.map((p) => p.patient.asleepUserId);
      const audience: Audience = user.role === "admin" ? { everyone: true } : { everyone: false, asleepUserIds: ids.filter((x): x is string => x !== null) };
      return [id, { role: user.role, audience }];
    }),
  );
}
