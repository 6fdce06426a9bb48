// What an admin does to accounts in /admin (the CLI, `npm run users`, stays for operators): create,
// disable and re-enable, assign a patient to clinicians, set a new password, or issue a one-time reset
// link. Passwords are hashed and reset tokens kept by better-auth itself (its hasher, its verification
// table, its /reset-password endpoint, which consumes a token once). A new password, a new link or
// disabling voids every earlier link, in the same transaction (../auth/reset-links.ts). Admins only:
// anyone else gets null, which the routes answer with 404.

import { randomBytes } from "node:crypto";
import { z } from "zod";
import { storableString } from "@/lib/text/storable";
import type { AdminAccount } from "@/lib/live/events";
import { dayOfDate } from "@/lib/sleep/enrolment";
import type { Auth } from "../auth/auth";
import type { Viewer } from "../auth/viewer";
import type { Db } from "../db/client";
import { changeAccess, isAdmin, type AccessChange, type AccessFollower } from "../data/access";
import { RESET_IDENTIFIER_PREFIX, voidResetLinks } from "../auth/reset-links";
import { instant } from "../http/api-schema";
import { addUser, newUserSchema, UserInputError } from "./users";

/** How long a reset link works. */
export const RESET_LINK_MINUTES = 60;

/** POST /api/admin/accounts: as `npm run users -- add` takes it. */
export const accountCreateSchema = newUserSchema;

/** PATCH /api/admin/accounts/{id}: disable or re-enable; for a patient, the clinicians who look after them (replaces the list). */
export const accountChangeSchema = z
  .object({
    disabled: z.boolean().optional(),
    clinicians: z.array(z.email().transform((e) => e.toLowerCase())).max(50).optional(),
  })
  .refine((c) => c.disabled !== undefined || c.clinicians !== undefined, "give disabled, clinicians, or both");
export type AccountChange = z.infer<typeof accountChangeSchema>;

/** POST /api/admin/accounts/{id}/password. */
export const passwordSetSchema = z.object({ password: z.string().min(10, "must be at least 10 characters").max(256) });

/** GET /api/admin/accounts?q= and /admin?q=: a search of accounts (blank: all). */
export const accountSearchQuery = z.object({ q: storableString().trim().max(200).optional().transform((v) => v || undefined) }).strict();

export const accountParams = z.object({ id: z.uuid("must be an account id") });

/** An account as the admin API answers it (never a password or a session). */
export const accountAnswer = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.string(),
  asleepUserId: z.string().nullable(),
  disabledAt: instant.nullable(),
  /** A patient's clinicians. */
  clinicians: z.array(z.object({ id: z.string(), email: z.string(), name: z.string() })),
  /** A clinician's patients, how many. */
  patients: z.number().int(),
  createdAt: instant,
  /** A patient's enrolment day; null for other roles. */
  enrolledOn: z.iso.date().nullable(),
});
/** GET /api/admin/accounts */
export const accountListAnswer = z.object({ accounts: z.array(accountAnswer) });
/** POST /api/admin/accounts/{id}/password */
export const passwordSetAnswer = z.object({ status: z.literal("password set"), email: z.string() });
/** POST /api/admin/accounts/{id}/reset-link: a one-time link to give the person (201). */
export const resetLinkAnswer = z.object({ url: z.string(), expiresAt: instant, email: z.string() });

/** The API's account shape is declared with the other API types. */
export type AccountRow = AdminAccount;

export type AccountResult<T> = { ok: true; value: T } | { ok: false; status: 400 | 404 | 409; error: string };
const refused = (status: 400 | 404 | 409, error: string) => ({ ok: false as const, status, error });

/** Which accounts to list: those whose name, e-mail or Asleep user id holds `search` (any case), of one role, one page. */
export interface AccountListQuery {
  search?: string;
  role?: "patient" | "clinician" | "admin";
  id?: string;
  offset?: number;
  limit?: number;
}

export async function listAccounts(db: Db, viewer: Viewer, query: AccountListQuery = {}): Promise<AccountRow[] | null> {
  if (!isAdmin(viewer)) return null;
  const holds = (field: "name" | "email" | "asleepUserId") => ({ [field]: { contains: query.search, mode: "insensitive" as const } });
  const users = await db.user.findMany({
    where: {
      ...(query.search ? { OR: [holds("name"), holds("email"), holds("asleepUserId")] } : {}),
      ...(query.role ? { role: query.role } : {}),
      ...(query.id ? { id: query.id } : {}),
    },
    skip: query.offset,
    take: query.limit,
    orderBy: [{ role: "asc" }, { email: "asc" }],
    include: { clinicians: { select: { clinician: { select: { id: true, email: true, name: true } } }, orderBy: { createdAt: "asc" } }, _count: { select: { patients: true } } },
  });
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    asleepUserId: u.asleepUserId,
    disabledAt: u.disabledAt?.toISOString() ?? null,
    clinicians: u.clinicians.map((c) => c.clinician),
    patients: u._count.patients,
    createdAt: u.createdAt.toISOString(),
    enrolledOn: u.role === "patient" ? dayOfDate(u.enrolledOn) : null,
  }));
}

async function accountRow(db: Db, viewer: Viewer, id: string): Promise<AccountRow> {
  return (await listAccounts(db, viewer, { id }))![0]!;
}

export async function createAccount(db: Db, auth: Auth, access: AccessFollower, viewer: Viewer, input: z.input<typeof accountCreateSchema>): Promise<AccountResult<AccountRow> | null> {
  if (!isAdmin(viewer)) return null;
  try {
    const made = await addUser(db, auth, access, input);
    const { id } = (await db.user.findUniqueOrThrow({ where: { email: made.email }, select: { id: true } }));
    return { ok: true, value: await accountRow(db, viewer, id) };
  } catch (error) {
    if (error instanceof UserInputError) return refused(409, error.message);
    throw error;
  }
}

/**
 * Disables or re-enables an account, and/or sets a patient's clinicians. Disabling ends every session
 * of the account (`ended` says which); an admin cannot disable their own account (the clinic would be
 * left without a way back in). Either is a change of who may see whom: the live connections it
 * touches follow it on every instance (changeAccess), and the sessions disabling ends are closed.
 */
export async function changeAccount(db: Db, access: AccessFollower, viewer: Viewer, id: string, change: AccountChange): Promise<AccountResult<{ account: AccountRow; endedSessions: boolean }> | null> {
  if (!isAdmin(viewer)) return null;
  const account = await db.user.findUnique({ where: { id }, select: { id: true, role: true, asleepUserId: true, disabledAt: true } });
  if (!account) return refused(404, "No such account");
  if (change.disabled && id === viewer.accountId) return refused(400, "You cannot disable your own account");
  let clinicianIds: string[] | undefined;
  if (change.clinicians) {
    if (account.role !== "patient") return refused(400, "Only a patient is assigned to clinicians");
    const found = await db.user.findMany({ where: { email: { in: change.clinicians } }, select: { id: true, email: true, role: true } });
    const missing = change.clinicians.filter((e) => !found.some((f) => f.email === e && f.role === "clinician"));
    if (missing.length) return refused(400, `Not a clinician's account: ${missing.join(", ")}`);
    clinicianIds = found.map((f) => f.id);
  }
  const endedSessions = await changeAccess(db, access, async (tx) => {
    const touched: AccessChange = { accountIds: [], losing: [] };
    let ended = false;
    if (change.disabled !== undefined && change.disabled !== (account.disabledAt !== null)) {
      await tx.user.update({ where: { id }, data: { disabledAt: change.disabled ? new Date() : null, updatedAt: new Date() } });
      if (change.disabled) {
        ended = (await tx.authSession.deleteMany({ where: { userId: id } })).count > 0;
        touched.accountIds.push(id);
        touched.losing.push({ accountId: id, asleepUserIds: null });
      }
    }
    // A link issued before must not let anyone back in once the account is enabled again (one issued
    // while it was disabled included, when it is disabled again).
    if (change.disabled) await voidResetLinks(tx, id);
    if (clinicianIds) {
      // The clinicians taken off, as the statement removed them (one concurrently added is among them).
      const removed = await tx.$queryRaw<Array<{ clinicianId: string }>>`
        DELETE FROM care_assignment WHERE patient_id = ${id} AND NOT (clinician_id = ANY(${clinicianIds}::text[])) RETURNING clinician_id AS "clinicianId"`;
      await tx.careAssignment.createMany({ data: clinicianIds.map((clinicianId) => ({ clinicianId, patientId: id })), skipDuplicates: true });
      for (const r of removed) touched.losing.push({ accountId: r.clinicianId, asleepUserIds: account.asleepUserId ? [account.asleepUserId] : [] });
      touched.accountIds.push(...removed.map((r) => r.clinicianId), ...clinicianIds);
    }
    return { value: ended, change: touched };
  });
  return { ok: true, value: { account: await accountRow(db, viewer, id), endedSessions } };
}

/**
 * Sets a new password (better-auth's hasher), ends the account's sessions and voids its reset links:
 * whoever held it is out, and no earlier link can override the admin's password.
 */
export async function setPassword(db: Db, auth: Auth, viewer: Viewer, id: string, password: string): Promise<AccountResult<{ email: string }> | null> {
  if (!isAdmin(viewer)) return null;
  const account = await db.user.findUnique({ where: { id }, select: { email: true } });
  if (!account) return refused(404, "No such account");
  const hash = await (await auth.$context).password.hash(password);
  await db.$transaction(async (tx) => {
    const updated = await tx.authAccount.updateMany({ where: { userId: id, providerId: "credential" }, data: { password: hash, updatedAt: new Date() } });
    if (updated.count === 0) await tx.authAccount.create({ data: { id: crypto.randomUUID(), accountId: id, providerId: "credential", userId: id, password: hash } });
    await tx.authSession.deleteMany({ where: { userId: id } });
    await voidResetLinks(tx, id);
  });
  return { ok: true, value: { email: account.email } };
}

/**
 * A one-time reset link for the admin to pass on: a random token kept in better-auth's verification
 * table as its own /reset-password endpoint expects it (identifier and value as its
 * internalAdapter.createVerificationValue writes them, identifiers stored plain), so that endpoint
 * checks its expiry and consumes it on first use. Only the link holds the token; the admin sees it
 * once. It replaces any earlier link of the account, in one transaction.
 */
export async function issueResetLink(db: Db, viewer: Viewer, id: string, origin: string, now = new Date()): Promise<AccountResult<{ url: string; expiresAt: string; email: string }> | null> {
  if (!isAdmin(viewer)) return null;
  const account = await db.user.findUnique({ where: { id }, select: { email: true } });
  if (!account) return refused(404, "No such account");
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + RESET_LINK_MINUTES * 60_000);
  await db.$transaction(async (tx) => {
    // Two admins issuing at once: one after the other, so exactly one link is left.
    await tx.$queryRaw`SELECT id FROM app_user WHERE id = ${id} FOR UPDATE`;
    await voidResetLinks(tx, id);
    await tx.verification.create({ data: { id: crypto.randomUUID(), identifier: `${RESET_IDENTIFIER_PREFIX}${token}`, value: id, expiresAt } });
  });
  return { ok: true, value: { url: `${origin}/reset-password?token=${encodeURIComponent(token)}`, expiresAt: expiresAt.toISOString(), email: account.email } };
}
