// What an admin does to accounts in /admin (the CLI, `npm run users`, stays for operators): create,
// disable and re-enable, assign a patient to clinicians, set a new password, or issue a one-time reset
// link. Passwords are hashed and reset tokens kept by better-auth itself (its hasher, its verification
// table, its /reset-password endpoint, which consumes a token once). Admins only: anyone else gets
// null, which the routes answer with 404.

import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { AdminAccount } from "@/lib/live/events";
import type { Auth } from "../auth/auth";
import type { Viewer } from "../auth/viewer";
import type { Db } from "../db/client";
import { isAdmin } from "../data/access";
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

export const accountParams = z.object({ id: z.uuid("must be an account id") });

/** The API's account shape is declared with the other API types. */
export type AccountRow = AdminAccount;

export type AccountResult<T> = { ok: true; value: T } | { ok: false; status: 400 | 404 | 409; error: string };
const refused = (status: 400 | 404 | 409, error: string) => ({ ok: false as const, status, error });

export async function listAccounts(db: Db, viewer: Viewer): Promise<AccountRow[] | null> {
  if (!isAdmin(viewer)) return null;
  const users = await db.user.findMany({
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
  }));
}

async function accountRow(db: Db, viewer: Viewer, id: string): Promise<AccountRow> {
  return (await listAccounts(db, viewer))!.find((a) => a.id === id)!;
}

export async function createAccount(db: Db, auth: Auth, viewer: Viewer, input: z.input<typeof accountCreateSchema>): Promise<AccountResult<AccountRow> | null> {
  if (!isAdmin(viewer)) return null;
  try {
    const made = await addUser(db, auth, input);
    const { id } = (await db.user.findUniqueOrThrow({ where: { email: made.email }, select: { id: true } }));
    return { ok: true, value: await accountRow(db, viewer, id) };
  } catch (error) {
    if (error instanceof UserInputError) return refused(409, error.message);
    throw error;
  }
}

/**
 * Disables or re-enables an account, and/or sets a patient's clinicians. Disabling ends every session
 * of the account (`ended` says which, so the caller closes their live sockets); an admin cannot
 * disable their own account (the clinic would be left without a way back in).
 */
export async function changeAccount(db: Db, viewer: Viewer, id: string, change: AccountChange): Promise<AccountResult<{ account: AccountRow; endedSessions: boolean }> | null> {
  if (!isAdmin(viewer)) return null;
  const account = await db.user.findUnique({ where: { id }, select: { id: true, role: true, disabledAt: true } });
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
  let endedSessions = false;
  await db.$transaction(async (tx) => {
    if (change.disabled !== undefined && change.disabled !== (account.disabledAt !== null)) {
      await tx.user.update({ where: { id }, data: { disabledAt: change.disabled ? new Date() : null, updatedAt: new Date() } });
      if (change.disabled) endedSessions = (await tx.authSession.deleteMany({ where: { userId: id } })).count > 0;
    }
    if (clinicianIds) {
      await tx.careAssignment.deleteMany({ where: { patientId: id, clinicianId: { notIn: clinicianIds } } });
      await tx.careAssignment.createMany({ data: clinicianIds.map((clinicianId) => ({ clinicianId, patientId: id })), skipDuplicates: true });
    }
  });
  return { ok: true, value: { account: await accountRow(db, viewer, id), endedSessions } };
}

/** Sets a new password (better-auth's hasher) and ends the account's sessions: whoever held it is out. */
export async function setPassword(db: Db, auth: Auth, viewer: Viewer, id: string, password: string): Promise<AccountResult<{ email: string }> | null> {
  if (!isAdmin(viewer)) return null;
  const account = await db.user.findUnique({ where: { id }, select: { email: true } });
  if (!account) return refused(404, "No such account");
  const hash = await (await auth.$context).password.hash(password);
  await db.$transaction(async (tx) => {
    const updated = await tx.authAccount.updateMany({ where: { userId: id, providerId: "credential" }, data: { password: hash, updatedAt: new Date() } });
    if (updated.count === 0) await tx.authAccount.create({ data: { id: crypto.randomUUID(), accountId: id, providerId: "credential", userId: id, password: hash } });
    await tx.authSession.deleteMany({ where: { userId: id } });
  });
  return { ok: true, value: { email: account.email } };
}

/**
 * A one-time reset link for the admin to pass on: a random token kept in better-auth's verification
 * table as its own /reset-password endpoint expects it, so that endpoint checks its expiry and
 * consumes it on first use. Only the link holds the token; the admin sees it once.
 */
export async function issueResetLink(db: Db, auth: Auth, viewer: Viewer, id: string, origin: string, now = new Date()): Promise<AccountResult<{ url: string; expiresAt: string; email: string }> | null> {
  if (!isAdmin(viewer)) return null;
  const account = await db.user.findUnique({ where: { id }, select: { email: true } });
  if (!account) return refused(404, "No such account");
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + RESET_LINK_MINUTES * 60_000);
  await (await auth.$context).internalAdapter.createVerificationValue({ identifier: `reset-password:${token}`, value: id, expiresAt });
  return { ok: true, value: { url: `${origin}/reset-password?token=${encodeURIComponent(token)}`, expiresAt: expiresAt.toISOString(), email: account.email } };
}
