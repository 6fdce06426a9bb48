// A patient's enrolment day (lib/sleep/enrolment.ts): read by whoever may see the patient, changed by
// the patient's clinicians and admins only. Decided here, next to the data: anyone else finds nothing.

import { dateOfDay, dayOfDate } from "@/lib/sleep/enrolment";
import type { Day } from "@/lib/sleep/days";
import type { Viewer } from "../auth/viewer";
import type { Db } from "../db/client";
import { canSee, type Audience } from "./access";

export interface Enrolment {
  asleepUserId: string;
  enrolledOn: Day;
}

/** The patient's enrolment day; null when the audience may not see the patient or there is no account. */
export async function enrolmentOf(db: Db, audience: Audience, asleepUserId: string): Promise<Enrolment | null> {
  if (!canSee(audience, asleepUserId)) return null;
  const row = await db.user.findUnique({ where: { asleepUserId }, select: { role: true, enrolledOn: true } });
  return row?.role === "patient" ? { asleepUserId, enrolledOn: dayOfDate(row.enrolledOn) } : null;
}

/**
 * Sets the enrolment day. Null when the viewer may not (a patient, a clinician not caring for them):
 * the route answers 404, as for anything one may not see. Returns the day it replaced, for the log.
 */
export async function setEnrolment(db: Db, viewer: Viewer, audience: Audience, asleepUserId: string, enrolledOn: Day): Promise<(Enrolment & { previous: Day }) | null> {
  if (viewer.role === "patient" || !canSee(audience, asleepUserId)) return null;
  const before = await db.user.findUnique({ where: { asleepUserId }, select: { id: true, role: true, enrolledOn: true } });
  if (!before || before.role !== "patient") return null;
  await db.user.update({ where: { id: before.id }, data: { enrolledOn: dateOfDay(enrolledOn), updatedAt: new Date() } });
  return { asleepUserId, enrolledOn, previous: dayOfDate(before.enrolledOn) };
}
