// Creating and listing accounts (what `npm run users` does). Passwords are hashed by better-auth's
// own hasher (scrypt), so accounts made here sign in like any other.

import { randomUUID } from "node:crypto";
import { z } from "zod";
import { storableString } from "@/lib/text/storable";
import { normaliseZone } from "@/lib/time/zone";
import type { Auth } from "../auth/auth";
import type { Viewer } from "../auth/viewer";
import type { Db } from "../db/client";

/** A zone as a person types it, in lib/time/zone.ts's normal form. */
const timezoneSchema = z
  .string()
  .max(64)
  .transform((zone, ctx) => normaliseZone(zone) ?? (ctx.addIssue({ code: "custom", message: `${zone} is not a time zone (an IANA name such as Europe/Paris, or an offset such as +09:00)` }), z.NEVER));

/** PUT /api/account/timezone: a zone, or null to clear it. */
export const accountTimezoneSchema = z.object({ timezone: timezoneSchema.nullable() });

export const newUserSchema = z
  .object({
    email: z.email().transform((e) => e.toLowerCase()),
    password: z.string().min(10, "must be at least 10 characters").max(256),
    role: z.enum(["patient", "clinician", "admin"]),
    name: storableString().trim().min(1).max(120).optional(),
    asleepUserId: storableString().trim().min(1).max(128).optional(),
    clinician: z.email().transform((e) => e.toLowerCase()).optional(),
    timezone: timezoneSchema.optional(),
  })
  .superRefine((u, ctx) => {
    if (u.role === "patient" && !u.asleepUserId) {
      ctx.addIssue({ code: "custom", path: ["asleepUserId"], message: "a patient needs --asleep-user-id (the Asleep user whose nights are theirs)" });
    }
    if (u.role !== "patient" && u.asleepUserId) ctx.addIssue({ code: "custom", path: ["asleepUserId"], message: "only a patient links to an Asleep user" });
    if (u.role !== "patient" && u.timezone) ctx.addIssue({ code: "custom", path: ["timezone"], message: "only a patient's account has a time zone for their nights" });
    if (u.role !== "patient" && u.clinician) ctx.addIssue({ code: "custom", path: ["clinician"], message: "only a patient is assigned to a clinician" });
  });
export type NewUser = z.input<typeof newUserSchema>;

export interface UserSummary {
  email: string;
  name: string;
  role: string;
  asleepUserId: string | null;
  timezone: string | null;
  clinicians: string[];
  patients: string[];
  createdAt: string;
}

export class UserInputError extends Error {}

export async function addUser(db: Db, auth: Auth, input: NewUser): Promise<UserSummary> {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) throw new UserInputError(parsed.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; "));
  const u = parsed.data;
  if (await db.user.findUnique({ where: { email: u.email } })) throw new UserInputError(`${u.email} already has an account`);
  if (u.asleepUserId && (await db.user.findUnique({ where: { asleepUserId: u.asleepUserId } }))) {
    throw new UserInputError(`Asleep user ${u.asleepUserId} is already linked to another account`);
  }
  const clinician = u.clinician ? await db.user.findUnique({ where: { email: u.clinician } }) : null;
  if (u.clinician && clinician?.role !== "clinician") throw new UserInputError(`${u.clinician} is not a clinician's account`);

  const hash = await (await auth.$context).password.hash(u.password);
  const id = randomUUID();
  await db.$transaction([
    db.user.create({
      data: { id, email: u.email, name: u.name ?? u.email.split("@")[0]!, emailVerified: true, role: u.role, asleepUserId: u.asleepUserId ?? null, timezone: u.timezone ?? null },
    }),
    db.authAccount.create({ data: { id: randomUUID(), accountId: id, providerId: "credential", userId: id, password: hash } }),
    ...(clinician ? [db.careAssignment.create({ data: { clinicianId: clinician.id, patientId: id } })] : []),
  ]);
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

/** The zone on the viewer's own account, if any. */
export async function ownTimezone(db: Db, viewer: Viewer): Promise<string | null> {
  return (await db.user.findUnique({ where: { id: viewer.accountId }, select: { timezone: true } }))?.timezone ?? null;
}
