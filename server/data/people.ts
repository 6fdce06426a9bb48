// Data rights: everything we hold about one Asleep user, exported whole or deleted whole (admins only).
// "Everything" is: the linked account (never its password hash or session tokens), its clinicians, the
// nights with their inferences, reports and tags, their sleep diary, and the audit entries with their bodies. Audit entries are
// found by their user column and by the person's session ids, because an entry may lack the user.
// Also clinicians' notes about them (on them or their nights, with every earlier version) and the
// access-log entries about them (who viewed or exported their data). Deletion removes both: a note is
// health data about the person, and an access-log entry names them; what is left of a deletion is the
// app log's line saying which admin deleted which Asleep user id (by id only).

import type { DeletedCounts } from "@/lib/data-rights/deleted";
import type { Viewer } from "../auth/viewer";
import type { Db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { changeAccess, isAdmin, type AccessChange, type AccessFollower } from "./access";

/** Audit entries of a person: by user, or by one of their nights. */
const deliveriesOf = (asleepUserId: string, sessionIds: string[]): Prisma.WebhookDeliveryWhereInput => ({
  OR: [{ userId: asleepUserId }, ...(sessionIds.length ? [{ sessionId: { in: sessionIds } }] : [])],
});

/**
 * Years of nights are tens of thousands of rows: more than the webhook's 8-second transaction budget.
 * These are rare admin actions; webhooks waiting meanwhile get a 503 and are retried by Asleep.
 */
const LONG_TRANSACTION_MS = 60_000;

// JSON has no bigint: ids become strings, dates ISO strings (by JSON.stringify).
const withStringId = <T extends { id: bigint }>(row: T) => ({ ...row, id: row.id.toString() });

export interface PersonSummary {
  asleepUserId: string;
  account: { name: string; email: string; role: string } | null;
  sessions: number;
  deliveries: number;
}

/** What the admin page shows before exporting or deleting; null when we hold nothing, or for a non-admin. */
export async function personSummary(db: Db, viewer: Viewer, asleepUserId: string): Promise<PersonSummary | null> {
  if (!isAdmin(viewer)) return null;
  const [account, sessions] = await Promise.all([
    db.user.findUnique({ where: { asleepUserId }, select: { name: true, email: true, role: true } }),
    db.sleepSession.findMany({ where: { userId: asleepUserId }, select: { id: true } }),
  ]);
  const deliveries = await db.webhookDelivery.count({ where: deliveriesOf(asleepUserId, sessions.map((s) => s.id)) });
  if (!account && sessions.length === 0 && deliveries === 0) return null;
  return { asleepUserId, account, sessions: sessions.length, deliveries };
}

/** The whole record, for a JSON download; null when we hold nothing, or for a non-admin. */
export async function exportPerson(db: Db, viewer: Viewer, asleepUserId: string) {
  if (!isAdmin(viewer)) return null;
  // One snapshot: a delivery arriving meanwhile is either wholly in the export or wholly not.
  return db.$transaction(
    async (tx) => {
      const accounts = await tx.user.findMany({
        where: { asleepUserId },
        select: {
          id: true,
          name: true,
          email: true,
          emailVerified: true,
          image: true,
          role: true,
          asleepUserId: true,
          timezone: true,
          createdAt: true,
          updatedAt: true,
          sessions: { select: { id: true, createdAt: true, updatedAt: true, expiresAt: true, ipAddress: true, userAgent: true } },
          accounts: { select: { id: true, providerId: true, accountId: true, scope: true, createdAt: true, updatedAt: true } },
          clinicians: { select: { createdAt: true, clinician: { select: { id: true, name: true, email: true } } } },
          pushSubscriptions: { select: { id: true, endpoint: true, createdAt: true }, orderBy: { createdAt: "asc" } },
        },
      });
      const sessions = await tx.sleepSession.findMany({
        where: { userId: asleepUserId },
        orderBy: { createdAt: "asc" },
        include: { inferences: { orderBy: { inferenceSeqNum: "asc" } }, report: true, tags: { orderBy: { addedAt: "asc" } } },
      });
      const deliveries = await tx.webhookDelivery.findMany({ where: deliveriesOf(asleepUserId, sessions.map((s) => s.id)), orderBy: { id: "asc" } });
      const notes = await tx.clinicalNote.findMany({ where: { asleepUserId }, orderBy: { createdAt: "asc" }, include: { revisions: { orderBy: { id: "asc" } } } });
      const accessLog = await tx.accessLogEntry.findMany({ where: { asleepUserId }, orderBy: { id: "asc" } });
      const diary = await tx.sleepDiary.findMany({ where: { asleepUserId }, orderBy: { night: "asc" } });
      if (accounts.length === 0 && sessions.length === 0 && deliveries.length === 0) return null;
      return {
        asleepUserId,
        exportedAt: new Date().toISOString(),
        accounts: accounts.map(({ sessions: signIns, accounts: credentials, clinicians, ...account }) => ({
          ...account,
          signIns,
          credentials,
          careAssignments: clinicians.map((c) => ({ clinician: c.clinician, since: c.createdAt })),
        })),
        sessions: sessions.map(({ inferences, ...night }) => ({ ...night, inferences: inferences.map(withStringId) })),
        deliveries: deliveries.map(withStringId),
        notes: notes.map(({ revisions, ...note }) => ({ ...note, revisions: revisions.map(withStringId) })),
        accessLog: accessLog.map(withStringId),
        diary: diary.map((d) => ({ ...d, night: d.night.toISOString().slice(0, 10) })),
      };
    },
    { isolationLevel: "RepeatableRead", timeout: LONG_TRANSACTION_MS },
  );
}

export type PersonExport = NonNullable<Awaited<ReturnType<typeof exportPerson>>>;

/** How many rows of each kind an export holds (for the log and the figures). */
export function exportCounts(e: PersonExport) {
  return {
    accounts: e.accounts.length,
    signIns: e.accounts.reduce((n, a) => n + a.signIns.length, 0),
    credentials: e.accounts.reduce((n, a) => n + a.credentials.length, 0),
    careAssignments: e.accounts.reduce((n, a) => n + a.careAssignments.length, 0),
    sessions: e.sessions.length,
    inferences: e.sessions.reduce((n, s) => n + s.inferences.length, 0),
    reports: e.sessions.filter((s) => s.report).length,
    tags: e.sessions.reduce((n, s) => n + s.tags.length, 0),
    deliveries: e.deliveries.length,
    notes: e.notes.length,
    noteRevisions: e.notes.reduce((n, note) => n + note.revisions.length, 0),
    accessLog: e.accessLog.length,
    diary: e.diary.length,
  };
}

export interface DeletedPerson {
  /** The deleted account; null when no account was linked. */
  accountId: string | null;
  deleted: ReturnType<typeof exportCounts>;
}

/**
 * Deletes everything exportPerson returns, in one transaction: all of it or, on any failure, none.
 * Explicit deletes rather than relying on cascades alone, so the counts say what went. Null when we
 * hold nothing about this person, or for a non-admin. Who may see whom changes with it (changeAccess):
 * their own live connections close, and their clinicians' stop receiving anything about that Asleep
 * user (nights Asleep sends for them afterwards are stored as new, and only admins see those).
 */
export async function deletePerson(db: Db, access: AccessFollower, viewer: Viewer, asleepUserId: string): Promise<DeletedPerson | null> {
  if (!isAdmin(viewer)) return null;
  return changeAccess<DeletedPerson | null>(
    db,
    access,
    async (tx) => {
      const account = await tx.user.findUnique({ where: { asleepUserId }, select: { id: true } });
      const sessionIds = (await tx.sleepSession.findMany({ where: { userId: asleepUserId }, select: { id: true } })).map((s) => s.id);
      const inSessions = { sessionId: { in: sessionIds } };
      const deliveries = await tx.webhookDelivery.deleteMany({ where: deliveriesOf(asleepUserId, sessionIds) });
      const noteIds = (await tx.clinicalNote.findMany({ where: { asleepUserId }, select: { id: true } })).map((n) => n.id);
      const noteRevisions = await tx.clinicalNoteRevision.deleteMany({ where: { noteId: { in: noteIds } } });
      const notes = await tx.clinicalNote.deleteMany({ where: { id: { in: noteIds } } });
      const accessLog = await tx.accessLogEntry.deleteMany({ where: { asleepUserId } });
      // Their studies and every signed version of their reports (server/data/studies.ts).
      const studyReports = await tx.signedReport.deleteMany({ where: { study: { asleepUserId } } });
      const studies = await tx.sleepStudy.deleteMany({ where: { asleepUserId } });
      // Their signed period reports, every version (server/data/period-reports.ts).
      const periodReports = await tx.signedReport.deleteMany({ where: { periodReport: { asleepUserId } } });
      await tx.periodReport.deleteMany({ where: { asleepUserId } });
      const inferences = await tx.inference.deleteMany({ where: inSessions });
      const reports = await tx.sleepReport.deleteMany({ where: inSessions });
      const tags = await tx.nightTag.deleteMany({ where: inSessions });
      const diary = await tx.sleepDiary.deleteMany({ where: { asleepUserId } });
      // What the clinic's rules and outbound events recorded about them: alerts, their own alert
      // thresholds, the events announced about them (with their deliveries) and what was announced per night.
      const alerts = account ? await tx.alert.deleteMany({ where: { patientId: account.id } }) : { count: 0 };
      const alertSettings = account ? await tx.alertSettings.deleteMany({ where: { patientId: account.id } }) : { count: 0 };
      const outboundEvents = await tx.$executeRaw`DELETE FROM outbound_event WHERE data->>'asleepUserId' = ${asleepUserId} OR order_key = ANY(${sessionIds.map((id) => `night:${id}`)}::text[])`;
      const outboundNights = await tx.outboundNight.deleteMany({ where: inSessions });
      // The morning notification: their browsers' subscriptions, and which nights were notified.
      const pushSubscriptions = account ? await tx.pushSubscription.deleteMany({ where: { userId: account.id } }) : { count: 0 };
      const pushNights = await tx.pushNight.deleteMany({ where: inSessions });
      const sessions = await tx.sleepSession.deleteMany({ where: { id: { in: sessionIds } } });
      const byAccount = { userId: account?.id ?? "" };
      const signIns = account ? await tx.authSession.deleteMany({ where: byAccount }) : { count: 0 };
      const credentials = account ? await tx.authAccount.deleteMany({ where: byAccount }) : { count: 0 };
      // Their clinicians, as the statement removed them: each loses sight of them.
      const clinicianIds = account
        ? (await tx.$queryRaw<Array<{ clinicianId: string }>>`DELETE FROM care_assignment WHERE patient_id = ${account.id} RETURNING clinician_id AS "clinicianId"`).map((r) => r.clinicianId)
        : [];
      const accounts = account ? await tx.user.deleteMany({ where: { id: account.id } }) : { count: 0 };
      if (!account && sessions.count === 0 && deliveries.count === 0) return { value: null, change: { accountIds: [], losing: [] } };
      const change: AccessChange = {
        accountIds: [...(account ? [account.id] : []), ...clinicianIds],
        losing: [...(account ? [{ accountId: account.id, asleepUserIds: null }] : []), ...clinicianIds.map((accountId) => ({ accountId, asleepUserIds: [asleepUserId] }))],
      };
      const value = {
        accountId: account?.id ?? null,
        deleted: {
          accounts: accounts.count,
          signIns: signIns.count,
          credentials: credentials.count,
          careAssignments: clinicianIds.length,
          sessions: sessions.count,
          inferences: inferences.count,
          reports: reports.count,
          tags: tags.count,
          deliveries: deliveries.count,
          notes: notes.count,
          noteRevisions: noteRevisions.count,
          accessLog: accessLog.count,
          diary: diary.count,
          studies: studies.count,
          studyReports: studyReports.count,
          periodReports: periodReports.count,
          alerts: alerts.count,
          alertSettings: alertSettings.count,
          outboundEvents,
          outboundNights: outboundNights.count,
          pushSubscriptions: pushSubscriptions.count,
          pushNights: pushNights.count,
        } satisfies DeletedCounts,
      };
      return { value, change };
    },
    { timeout: LONG_TRANSACTION_MS },
  );
}
