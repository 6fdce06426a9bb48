// Creating and listing accounts (what `npm run users` does). Passwords are hashed by better-auth's
// own hasher (scrypt), so accounts made here sign in like any other.

import { randomUUID } from "node:crypto";
import { z } from "zod";
import { LOCALES, type Locale } from "@/lib/i18n/locales";
import { storableString } from "@/lib/text/storable";
import { dateOfDay, dayOfDate, enrolmentDayOf } from "@/lib/sleep/enrolment";
import { dayParam } from "@/lib/time/range";
import { normaliseZone, zoneOrUtc } from "@/lib/time/zone";
import { personNameSchema } from "../auth/auth-input";
import type { Auth } from "../auth/auth";
import type { Viewer } from "../auth/viewer";
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { changeAccess, type AccessFollower } from "../data/access";

/** A zone as a person types it, in lib/time/zone.ts's normal form. */
export const timezoneSchema = z
  .string()
  .max(64)
  .transform((zone, ctx) => normaliseZone(zone) ?? (ctx.addIssue({ code: "custom", message: `${zone} is not a time zone (an IANA name such as Europe/Paris, or an offset such as +09:00)` }), z.NEVER));

/** PUT /api/account/timezone: a zone, or null to clear it. */
export const accountTimezoneSchema = z.object({ timezone: timezoneSchema.nullable() });
/** PUT /api/account/timezone's answer: the zone in its normal form (null: none set). */
export const accountTimezoneAnswer = z.object({ timezone: z.string().nullable() });

/** A credential as printed after a signer's name: letters, digits, spaces and . , - ( ) / & ', up to 80 characters. */
export const credentialSchema = storableString()
  .trim()
  .min(2, "must be at least 2 characters")
  .max(80, "must be at most 80 characters")
  .regex(/^[\p{L}\p{N} .,\-()/&']+$/u, "may hold letters, digits, spaces and . , - ( ) / & ' only");

/** PUT /api/account/credential: the credential, or null to clear it. */
export const accountCredentialSchema = z.object({ credential: credentialSchema.nullable() }).strict();
/** PUT /api/account/credential's (and an admin's PUT /api/admin/accounts/{id}/credential's) answer: the credential set (null: none). */
export const accountCredentialAnswer = z.object({ credential: z.string().nullable() });

export const newUserSchema = z
  .object({
    email: z.email().transform((e) => e.toLowerCase()),
    password: z.string().min(10, "must be at least 10 characters").max(256),
    role: z.enum(["patient", "clinician", "admin"]),
    name: personNameSchema.optional(),
    asleepUserId: storableString().trim().min(1).max(128).optional(),
    clinician: z.email().transform((e) => e.toLowerCase()).optional(),
    timezone: timezoneSchema.optional(),
    /** The patient's enrolment day (lib/sleep/enrolment.ts); by default the day the account is made, in its zone. */
    enrolledOn: dayParam.optional(),
    /** A clinician's credential, printed under their signature on a study report ("MD, RPSGT"). */
    credential: credentialSchema.optional(),
  })
  .superRefine((u, ctx) => {
    if (u.role === "patient" && !u.asleepUserId) {
      ctx.addIssue({ code: "custom", path: ["asleepUserId"], message: "a patient needs --asleep-user-id (the Asleep user whose nights are theirs)" });
    }
    if (u.role !== "patient" && u.asleepUserId) ctx.addIssue({ code: "custom", path: ["asleepUserId"], message: "only a patient links to an Asleep user" });
    if (u.role !== "patient" && u.timezone) ctx.addIssue({ code: "custom", path: ["timezone"], message: "only a patient's account has a time zone for their nights" });
    if (u.role !== "patient" && u.enrolledOn) ctx.addIssue({ code: "custom", path: ["enrolledOn"], message: "only a patient is enrolled" });
    if (u.role === "patient" && u.credential) ctx.addIssue({ code: "custom", path: ["credential"], message: "only a clinician or an admin signs with a credential" });
    if (u.role !== "patient" && u.clinician) ctx.addIssue({ code: "custom", path: ["clinician"], message: "only a patient is assigned to a clinician" });
  });
export type NewUser = z.input<typeof newUserSchema>;

export interface UserSummary {
  email: string;
  name: string;
  role: string;
  asleepUserId: string | null;
  timezone: string | null;
  /** Patients: the enrolment day, YYYY-MM-DD (null for other roles). */
  enrolledOn: string | null;
  clinicians: string[];
  patients: string[];
  createdAt: string;
}

export class UserInputError extends Error {}
/** What the account would take is taken: its e-mail, or its Asleep user (a 409). */
export class UserConflictError extends UserInputError {}

/** The e-mail or the Asleep user already taken, if one is. */
async function taken(db: Db, u: { email: string; asleepUserId?: string }): Promise<UserConflictError | null> {
  if (await db.user.findUnique({ where: { email: u.email }, select: { id: true } })) return new UserConflictError(`${u.email} already has an account`);
  if (u.asleepUserId && (await db.user.findUnique({ where: { asleepUserId: u.asleepUserId }, select: { id: true } }))) {
    return new UserConflictError(`Asleep user ${u.asleepUserId} is already linked to another account`);
  }
  return null;
}

/**
 * Makes an account. A patient made with their clinician is a change of who may see whom: the
 * clinician's open live connections start receiving the patient's nights at once (changeAccess).
 */
export async function addUser(db: Db, auth: Auth, access: AccessFollower, input: NewUser): Promise<UserSummary> {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) throw new UserInputError(parsed.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; "));
  const u = parsed.data;
  const conflict = await taken(db, u);
  if (conflict) throw conflict;
  const clinician = u.clinician ? await db.user.findUnique({ where: { email: u.clinician } }) : null;
  if (u.clinician && clinician?.role !== "clinician") throw new UserInputError(`${u.clinician} is not a clinician's account`);

  const hash = await (await auth.$context).password.hash(u.password);
  const id = randomUUID();
  try {
    await changeAccess(db, access, async (tx) => {
      await tx.user.create({
        data: { id, email: u.email, name: u.name ?? u.email.split("@")[0]!, emailVerified: true, role: u.role, asleepUserId: u.asleepUserId ?? null, timezone: u.timezone ?? null, credential: u.credential ?? null, enrolledOn: dateOfDay(u.enrolledOn ?? enrolmentDayOf(Date.now(), zoneOrUtc(u.timezone))) },
      });
      await tx.authAccount.create({ data: { id: randomUUID(), accountId: id, providerId: "credential", userId: id, password: hash } });
      if (clinician) await tx.careAssignment.create({ data: { clinicianId: clinician.id, patientId: id } });
      // Only gained sight: nothing to revoke first.
      return { value: undefined, change: { accountIds: clinician ? [clinician.id] : [], losing: [] } };
    });
  } catch (error) {
    // The check above passed, then another request made the same account first (the unique key
    // decides): say what is taken, as the check would have.
    if (isUniqueViolation(error)) throw (await taken(db, u)) ?? new UserConflictError(`${u.email} was created at the same moment by another request`);
    throw error;
  }
  return (await listUsers(db)).find((x) => x.email === u.email)!;
}

export async function listUsers(db: Db): Promise<UserSummary[]> {
  const users = await db.user.findMany({
    orderBy: [{ role: "asc" }, { email: "asc" }],
    include: {
      clinicians: { select: { clinician: { select: { email: true } } } },
      patients: { select: { patient: { select: { email: true } } } },
    },
  });
  return users.map((u) => ({
    email: u.email,
    name: u.name,
    role: u.role,
    asleepUserId: u.asleepUserId,
    timezone: u.timezone,
    enrolledOn: u.role === "patient" ? dayOfDate(u.enrolledOn) : null,
    clinicians: u.clinicians.map((c) => c.clinician.email),
    patients: u.patients.map((p) => p.patient.email),
    createdAt: u.createdAt.toISOString(),
  }));
}

/**
 * Sets the zone on the viewer's own account (null clears it). Only a sleeper's account has one: it is
 * the zone their nights are drawn in while being recorded. False for anyone else.
 */
export async function setOwnTimezone(db: Db, viewer: Viewer, timezone: string | null): Promise<boolean> {
  if (viewer.role !== "patient") return false;
  await db.user.update({ where: { id: viewer.accountId }, data: { timezone, updatedAt: new Date() } });
  return true;
}

/** PUT /api/account/locale: the account's language, or null to follow the browser's. */
export const accountLocaleSchema = z.object({ locale: z.enum(LOCALES).nullable() });
/** PUT /api/account/locale's answer: the language set (null: the browser's). */
export const accountLocaleAnswer = z.object({ locale: z.enum(LOCALES).nullable() });

/** Sets the language of one's own account (any role): its pages, e-mails, notifications and PDFs. */
export async function setOwnLocale(db: Db, viewer: Viewer, locale: Locale | null): Promise<void> {
  await db.user.update({ where: { id: viewer.accountId }, data: { locale, updatedAt: new Date() } });
}

/** Sets the credential on a clinician's or an admin's own account (null clears it); false for a sleeper. */
export async function setOwnCredential(db: Db, viewer: Viewer, credential: string | null): Promise<boolean> {
  if (viewer.role === "patient") return false;
  await db.user.update({ where: { id: viewer.accountId }, data: { credential, updatedAt: new Date() } });
  return true;
}

/** An admin sets a clinician's credential; false when there is no such clinician or admin account. */
export async function setCredentialOf(db: Db, accountId: string, credential: string | null): Promise<boolean> {
  const done = await db.user.updateMany({ where: { id: accountId, role: { in: ["clinician", "admin"] } }, data: { credential, updatedAt: new Date() } });
  return done.count === 1;
}

/** The credential on the viewer's own account, or null. */
export async function ownCredential(db: Db, viewer: Viewer): Promise<string | null> {
  return (await db.user.findUnique({ where: { id: viewer.accountId }, select: { credential: true } }))?.credential ?? null;
}

/** A sleeper's nightly sleep need: whole minutes from 4 to 12 hours, or null for the default. */
export const sleepNeedSchema = z.object({ minutes: z.number().int().min(240).max(720).nullable() });
/** PUT /api/account/sleep-need's answer: the need set (null: the default, 8 hours). */
export const sleepNeedAnswer = z.object({ minutes: z.number().int().nullable() });

/** Sets the sleeper's own sleep need (minutes, null: the default); false for anyone but a sleeper. */
export async function setOwnSleepNeed(db: Db, viewer: Viewer, minutes: number | null): Promise<boolean> {
  if (viewer.role !== "patient") return false;
  await db.user.update({ where: { id: viewer.accountId }, data: { sleepNeedMinutes: minutes, updatedAt: new Date() } });
  return true;
}

/** The sleep need on a sleeper's account (by their Asleep user id), or null for the default. */
export async function sleepNeedOf(db: Db, asleepUserId: string): Promise<number | null> {
  return (await db.user.findUnique({ where: { asleepUserId }, select: { sleepNeedMinutes: true } }))?.sleepNeedMinutes ?? null;
}

/** The zone on the viewer's own account, if any. */
export async function ownTimezone(db: Db, viewer: Viewer): Promise<string | null> {
  return (await db.user.findUnique({ where: { id: viewer.accountId }, select: { timezone: true } }))?.timezone ?? null;
}
