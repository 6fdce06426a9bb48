// Clinicians' minutes on a patient (lib/sleep/clinician-time.ts): written by the patient's clinicians and
// admins, read by them; the patient and anyone else find nothing (404), decided here next to the data.

import { randomUUID } from "node:crypto";
import { monthTime, type MonthTime } from "@/lib/sleep/clinician-time";
import { addDays, type Day } from "@/lib/sleep/days";
import { dateOfDay, dayOfDate } from "@/lib/sleep/enrolment";
import type { Viewer } from "../auth/viewer";
import type { Db } from "../db/client";
import { canSee, type Audience } from "./access";

export interface ClinicianTimeEntry {
  id: string;
  asleepUserId: string;
  day: Day;
  minutes: number;
  kind: string;
  interactiveContact: boolean;
  note: string;
  /** The account of the clinician (or admin) who spent the time; null once that account is deleted. */
  clinicianId: string | null;
  clinicianName: string;
  clinicianEmail: string;
  createdAt: string;
}

export interface NewClinicianTime {
  day: Day;
  minutes: number;
  kind: string;
  interactiveContact: boolean;
  note: string;
}

/** The first and last day of "YYYY-MM". */
export function monthDays(month: string): { from: Day; to: Day } {
  const from = `${month}-01`;
  const [y, m] = month.split("-").map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
  return { from, to: addDays(next, -1) };
}

const mayWork = async (db: Db, viewer: Viewer, audience: Audience, asleepUserId: string) => {
  if (viewer.role === "patient" || !canSee(audience, asleepUserId)) return false;
  const row = await db.user.findUnique({ where: { asleepUserId }, select: { role: true } });
  return row?.role === "patient";
};

type Row = { id: string; asleepUserId: string; day: Date; minutes: number; kind: string; interactiveContact: boolean; note: string; clinicianId: string | null; clinicianName: string; clinicianEmail: string; createdAt: Date };
const asEntry = (r: Row): ClinicianTimeEntry => ({ ...r, day: dayOfDate(r.day), createdAt: r.createdAt.toISOString() });

/** Records minutes; null when the viewer may not (the route answers 404). */
export async function addClinicianTime(db: Db, viewer: Viewer, audience: Audience, asleepUserId: string, entry: NewClinicianTime): Promise<ClinicianTimeEntry | null> {
  if (!(await mayWork(db, viewer, audience, asleepUserId))) return null;
  const row = await db.clinicianTime.create({
    data: { id: randomUUID(), asleepUserId, clinicianId: viewer.accountId, clinicianName: viewer.name, clinicianEmail: viewer.email, day: dateOfDay(entry.day), minutes: entry.minutes, kind: entry.kind, interactiveContact: entry.interactiveContact, note: entry.note },
  });
  return asEntry(row);
}

/** The month's entries (oldest first) and their total against the steps; null when the viewer may not see them. */
export async function clinicianTimeOfMonth(db: Db, viewer: Viewer, audience: Audience, asleepUserId: string, month: string): Promise<{ entries: ClinicianTimeEntry[]; total: MonthTime } | null> {
  if (!(await mayWork(db, viewer, audience, asleepUserId))) return null;
  const { from, to } = monthDays(month);
  const rows = await db.clinicianTime.findMany({ where: { asleepUserId, day: { gte: dateOfDay(from), lte: dateOfDay(to) } }, orderBy: [{ day: "asc" }, { createdAt: "asc" }] });
  const entries = rows.map(asEntry);
  return { entries, total: monthTime(entries) };
}

/** Each patient's month total, for the billing CSV: by Asleep user id. */
export async function monthTotals(db: Db, asleepUserIds: string[], month: string): Promise<Map<string, MonthTime>> {
  const { from, to } = monthDays(month);
  const rows = await db.clinicianTime.findMany({ where: { asleepUserId: { in: asleepUserIds }, day: { gte: dateOfDay(from), lte: dateOfDay(to) } }, select: { asleepUserId: true, minutes: true, interactiveContact: true } });
  return new Map(asleepUserIds.map((id) => [id, monthTime(rows.filter((r) => r.asleepUserId === id))]));
}
