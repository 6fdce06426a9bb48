// Clinicians' notes on a patient or on one of their nights, with every earlier version kept. Who may
// see and write is decided here, next to the queries: a note is found only by someone who may see its
// patient; a sleeper finds only the notes their clinician shared with them, and never their history;
// only the patient's clinicians and admins write or edit (anyone else finds nothing to write to: 404).

import { randomUUID } from "node:crypto";
import { z } from "zod";
import { storableString } from "@/lib/text/storable";
import type { NoteView } from "@/lib/live/events";
import type { Viewer } from "../auth/viewer";
import type { Db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { canSee, type Audience } from "./access";

export const MAX_NOTE_CHARS = 5000;

/** POST /api/patients/{asleepUserId}/notes and /api/sessions/{id}/notes. */
export const newNoteSchema = z.object({
  text: storableString().trim().min(1, "a note needs some text").max(MAX_NOTE_CHARS, `at most ${MAX_NOTE_CHARS} characters`),
  shared: z.boolean().default(false),
});
export type NewNote = z.infer<typeof newNoteSchema>;

/** PATCH /api/notes/{id}: new text, the share toggle, or both. */
export const noteEditSchema = z
  .object({
    text: storableString().trim().min(1, "a note needs some text").max(MAX_NOTE_CHARS, `at most ${MAX_NOTE_CHARS} characters`).optional(),
    shared: z.boolean().optional(),
  })
  .refine((e) => e.text !== undefined || e.shared !== undefined, "give text, shared, or both");
export type NoteEdit = z.infer<typeof noteEditSchema>;

// The notes API's shapes are shared with the browser (components/Notes.tsx).
export type { NoteVersion, NoteView } from "@/lib/live/events";

const mayWrite = (viewer: Viewer) => viewer.role === "clinician" || viewer.role === "admin";

const WITH_HISTORY = { revisions: { orderBy: { id: "desc" } } } as const satisfies Prisma.ClinicalNoteInclude;
type NoteRow = Prisma.ClinicalNoteGetPayload<{ include: typeof WITH_HISTORY }>;

function view(row: NoteRow, viewer: Viewer): NoteView {
  const clinical = mayWrite(viewer);
  return {
    id: row.id,
    asleepUserId: row.asleepUserId,
    sessionId: row.sessionId,
    author: row.authorName,
    createdAt: row.createdAt.toISOString(),
    text: row.text,
    shared: row.shared,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedByName,
    history: clinical ? row.revisions.map((r) => ({ text: r.text, shared: r.shared, at: r.writtenAt.toISOString(), by: r.writtenByName })) : [],
    editable: clinical,
  };
}

/** What a viewer may read of one patient's notes: a sleeper, only the shared ones. */
const readable = (viewer: Viewer): Prisma.ClinicalNoteWhereInput => (mayWrite(viewer) ? {} : { shared: true });

/** Notes on the patient and on each of their nights, newest first; null if the viewer may not see the patient. */
export async function notesOfPatient(db: Db, viewer: Viewer, audience: Audience, asleepUserId: string): Promise<NoteView[] | null> {
  if (!canSee(audience, asleepUserId)) return null;
  const rows = await db.clinicalNote.findMany({ where: { asleepUserId, ...readable(viewer) }, orderBy: { createdAt: "desc" }, include: WITH_HISTORY });
  return rows.map((r) => view(r, viewer));
}

/** Notes on one night, newest first; null if the night is not the viewer's to see. */
export async function notesOfNight(db: Db, viewer: Viewer, audience: Audience, sessionId: string): Promise<NoteView[] | null> {
  const night = await db.sleepSession.findUnique({ where: { id: sessionId }, select: { userId: true } });
  if (!night || !canSee(audience, night.userId)) return null;
  const rows = await db.clinicalNote.findMany({ where: { sessionId, ...readable(viewer) }, orderBy: { createdAt: "desc" }, include: WITH_HISTORY });
  return rows.map((r) => view(r, viewer));
}

async function create(db: Db, viewer: Viewer, asleepUserId: string, sessionId: string | null, note: NewNote): Promise<NoteView> {
  const row = await db.clinicalNote.create({
    data: {
      id: randomUUID(),
      asleepUserId,
      sessionId,
      authorId: viewer.accountId,
      authorName: viewer.name,
      authorEmail: viewer.email,
      text: note.text,
      shared: note.shared,
      updatedByName: viewer.name,
      updatedByEmail: viewer.email,
    },
    include: WITH_HISTORY,
  });
  return view(row, viewer);
}

/**
 * A note on the patient. Null when the viewer may not write one: not the patient's clinician nor an
 * admin, or a patient with no account and no nights (nothing to write about).
 */
export async function addPatientNote(db: Db, viewer: Viewer, audience: Audience, asleepUserId: string, note: NewNote): Promise<NoteView | null> {
  if (!mayWrite(viewer) || !canSee(audience, asleepUserId)) return null;
  const [account, night] = await Promise.all([
    db.user.findUnique({ where: { asleepUserId }, select: { id: true } }),
    db.sleepSession.findFirst({ where: { userId: asleepUserId }, select: { id: true } }),
  ]);
  if (!account && !night) return null;
  return create(db, viewer, asleepUserId, null, note);
}

/** A note on one night; null when the night is not the viewer's to write about. */
export async function addNightNote(db: Db, viewer: Viewer, audience: Audience, sessionId: string, note: NewNote): Promise<NoteView | null> {
  if (!mayWrite(viewer)) return null;
  const night = await db.sleepSession.findUnique({ where: { id: sessionId }, select: { userId: true } });
  if (!night || !canSee(audience, night.userId)) return null;
  return create(db, viewer, night.userId, sessionId, note);
}

/** One note with its history; null when the viewer may not read it. */
export async function getNote(db: Db, viewer: Viewer, audience: Audience, id: string): Promise<NoteView | null> {
  const row = await db.clinicalNote.findUnique({ where: { id }, include: WITH_HISTORY });
  if (!row || !canSee(audience, row.asleepUserId) || (!mayWrite(viewer) && !row.shared)) return null;
  return view(row, viewer);
}

/**
 * Edits a note: the version it replaces is kept as a revision, in the same transaction, so the
 * history has no gap. Null when the viewer may not edit it (404).
 */
export async function editNote(db: Db, viewer: Viewer, audience: Audience, id: string, edit: NoteEdit): Promise<NoteView | null> {
  if (!mayWrite(viewer)) return null;
  return db.$transaction(async (tx) => {
    // Row lock: two clinicians editing at once each keep the other's version in the history.
    const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM clinical_note WHERE id = ${id} FOR UPDATE`;
    if (locked.length === 0) return null;
    const current = await tx.clinicalNote.findUniqueOrThrow({ where: { id } });
    if (!canSee(audience, current.asleepUserId)) return null;
    const text = edit.text ?? current.text;
    const shared = edit.shared ?? current.shared;
    if (text === current.text && shared === current.shared) {
      return view(await tx.clinicalNote.findUniqueOrThrow({ where: { id }, include: WITH_HISTORY }), viewer);
    }
    await tx.clinicalNoteRevision.create({
      data: { noteId: id, text: current.text, shared: current.shared, writtenAt: current.updatedAt, writtenByName: current.updatedByName, writtenByEmail: current.updatedByEmail },
    });
    const row = await tx.clinicalNote.update({
      where: { id },
      data: { text, shared, updatedAt: new Date(), updatedByName: viewer.name, updatedByEmail: viewer.email },
      include: WITH_HISTORY,
    });
    return view(row, viewer);
  });
}

/**
 * The newest note (on the patient or one of their nights) of each patient, by account id (app_user.id),
 * for the board's "last note" column. Two queries whatever the number of patients. The caller has
 * already narrowed `patientIds` to the viewer's patients.
 */
export async function lastNotesFor(db: Db, patientIds: string[]): Promise<Map<string, { text: string; at: Date; author: string }>> {
  const found = new Map<string, { text: string; at: Date; author: string }>();
  if (patientIds.length === 0) return found;
  const accounts = await db.user.findMany({ where: { id: { in: patientIds }, asleepUserId: { not: null } }, select: { id: true, asleepUserId: true } });
  const accountOf = new Map(accounts.map((a) => [a.asleepUserId!, a.id]));
  if (accountOf.size === 0) return found;
  // DISTINCT ON in the database: Prisma's `distinct` would fetch every note and pick in memory.
  const rows = await db.$queryRaw<Array<{ asleepUserId: string; text: string; updatedAt: Date; updatedByName: string }>>`
    SELECT DISTINCT ON (asleep_user_id) asleep_user_id AS "asleepUserId", text, updated_at AS "updatedAt", updated_by_name AS "updatedByName"
    FROM clinical_note WHERE asleep_user_id = ANY(${[...accountOf.keys()]}::text[])
    ORDER BY asleep_user_id, updated_at DESC, id`;
  for (const r of rows) found.set(accountOf.get(r.asleepUserId)!, { text: r.text, at: r.updatedAt, author: r.updatedByName });
  return found;
}

/**
 * The notes a period report prints: those on the report's nights, and those on the patient written
 * during the period (its days taken in UTC, a day either side, as the nights' own zones may be). A
 * sleeper's own report holds only the notes shared with them.
 */
export async function notesForReport(
  db: Db,
  asleepUserId: string,
  nightIds: string[],
  range: { from: string; to: string },
  sharedOnly: boolean,
): Promise<Array<{ author: string; at: Date; sessionId: string | null; text: string; shared: boolean }>> {
  const dayMs = 86_400_000;
  const rows = await db.clinicalNote.findMany({
    where: {
      asleepUserId,
      ...(sharedOnly ? { shared: true } : {}),
      OR: [
        ...(nightIds.length ? [{ sessionId: { in: nightIds } }] : []),
        { sessionId: null, createdAt: { gte: new Date(Date.parse(`${range.from}T00:00:00Z`) - dayMs), lt: new Date(Date.parse(`${range.to}T00:00:00Z`) + 2 * dayMs) } },
      ],
    },
    orderBy: { createdAt: "asc" },
    select: { authorName: true, updatedByName: true, updatedAt: true, createdAt: true, sessionId: true, text: true, shared: true },
  });
  return rows.map((r) => ({
    author: r.updatedByName === r.authorName ? r.authorName : `${r.authorName} (edited by ${r.updatedByName})`,
    at: r.updatedAt,
    sessionId: r.sessionId,
    text: r.text,
    shared: r.shared,
  }));
}
