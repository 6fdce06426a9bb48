// Clinicians' notes on a patient or on one of their nights, with every earlier version kept. Who may
// see and write is decided here, next to the queries: a note is found only by someone who may see its
// patient; a sleeper finds only the notes their clinician shared with them, and never their history;
// only the patient's clinicians and admins write or edit (anyone else finds nothing to write to: 404).

import { randomUUID } from "node:crypto";
import { z } from "zod";
import { cursorKey, cursorParam, encodeCursor, keysetPage } from "@/lib/navigation/cursor";
import { storableString } from "@/lib/text/storable";
import { nightName } from "@/lib/time/night";
import type { NotesPage, NoteView } from "@/lib/live/events";
import type { Viewer } from "../auth/viewer";
import type { Db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { canSee, type Audience } from "./access";
import { nightLabels } from "./sessions";
import { instant, pagedAnswer } from "../http/api-schema";
import { idParam } from "../http/parse-request";

export const MAX_NOTE_CHARS = 5000;

/**
 * Notes come a page at a time, newest first: a patient with hundreds of long notes is not one
 * multi-megabyte page. The pages show the newest NOTES_PAGE_SIZE and fetch older ones on demand.
 */
export const NOTES_PAGE_SIZE = 20;
export const MAX_NOTES_PAGE_SIZE = 100;
/** The earlier versions a note carries in a list (newest first); GET /api/notes/{id} carries all. */
export const NOTE_HISTORY_IN_LISTS = 10;

/** A notes page's `before=`: the previous page's nextCursor (created at, id). */
export const noteCursor = cursorParam(z.tuple([cursorKey.instant, cursorKey.uuid]));
export type NoteCursor = z.infer<typeof noteCursor>;

/** GET /api/sessions/{id}/notes?limit=&before= */
export const notesPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_NOTES_PAGE_SIZE).default(NOTES_PAGE_SIZE),
  before: noteCursor.optional(),
});
/** GET /api/patients/{asleepUserId}/notes?about=&limit=&before=: `about=patient` leaves out the notes on nights. */
export const patientNotesPageQuery = notesPageQuery.extend({ about: z.enum(["all", "patient"]).default("all") });
export type NotesPageQuery = { limit: number; before?: NoteCursor; about?: "all" | "patient" };

/** POST /api/patients/{asleepUserId}/notes and /api/sessions/{id}/notes. */
export const newNoteSchema = z.object({
  text: storableString().trim().min(1, "a note needs some text").max(MAX_NOTE_CHARS, `at most ${MAX_NOTE_CHARS} characters`),
  shared: z.boolean().default(false),
});
export type NewNote = z.infer<typeof newNoteSchema>;

/**
 * PATCH /api/notes/{id}: new text, the share toggle, or both, and the version of the note the edit
 * was based on (its `version` as last read): an edit of an older version is refused with 409.
 */
export const noteEditSchema = z
  .object({
    text: storableString().trim().min(1, "a note needs some text").max(MAX_NOTE_CHARS, `at most ${MAX_NOTE_CHARS} characters`).optional(),
    shared: z.boolean().optional(),
    version: z.number({ error: "must be the version of the note this edit is based on (its version)" }).int().min(1),
  })
  .refine((e) => e.text !== undefined || e.shared !== undefined, "give text, shared, or both");
export type NoteEdit = z.infer<typeof noteEditSchema>;

/** The path of /api/notes/{id}. */
export const noteParams = z.object({ id: idParam });

/** A note as the API answers it (docs/API.md, "Notes"). */
export const noteAnswer = z.object({
  id: z.string(),
  asleepUserId: z.string(),
  /** null: on the patient, not on one night. */
  sessionId: z.string().nullable(),
  author: z.string(),
  createdAt: instant,
  text: z.string(),
  shared: z.boolean(),
  updatedAt: instant,
  updatedBy: z.string(),
  version: z.number().int(),
  /** Earlier versions, newest first (in a list, the newest NOTE_HISTORY_IN_LISTS; none for a sleeper). */
  history: z.array(z.object({ text: z.string(), shared: z.boolean(), at: instant, by: z.string() })),
  historyCount: z.number().int(),
  editable: z.boolean(),
});
/** GET /api/sessions/{id}/notes */
export const nightNotesAnswer = pagedAnswer("notes", noteAnswer);
/** GET /api/patients/{asleepUserId}/notes: with the name of each night a note is on, by night id. */
export const patientNotesAnswer = nightNotesAnswer.extend({ nightLabels: z.record(z.string(), z.string()) });

// The notes API's shapes are shared with the browser (components/Notes.tsx).
export type { NotesPage, NoteVersion, NoteView } from "@/lib/live/events";

const mayWrite = (viewer: Viewer) => viewer.role === "clinician" || viewer.role === "admin";

const WITH_HISTORY = { revisions: { orderBy: { id: "desc" } }, _count: { select: { revisions: true } } } as const satisfies Prisma.ClinicalNoteInclude;
const IN_LISTS = { revisions: { orderBy: { id: "desc" }, take: NOTE_HISTORY_IN_LISTS }, _count: { select: { revisions: true } } } as const satisfies Prisma.ClinicalNoteInclude;
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
    version: row.version,
    history: clinical ? row.revisions.map((r) => ({ text: r.text, shared: r.shared, at: r.writtenAt.toISOString(), by: r.writtenByName })) : [],
    historyCount: clinical ? row._count.revisions : 0,
    editable: clinical,
  };
}

/** What a viewer may read of one patient's notes: a sleeper, only the shared ones. */
const readable = (viewer: Viewer): Prisma.ClinicalNoteWhereInput => (mayWrite(viewer) ? {} : { shared: true });

type NotesPageOf = Omit<NotesPage, "nightLabels">;

/** One page of the notes `where` selects that the viewer may read, newest first (created at, then id). */
async function notesPage(db: Db, viewer: Viewer, where: Prisma.ClinicalNoteWhereInput, query: NotesPageQuery): Promise<NotesPageOf> {
  const before = query.before && { at: new Date(query.before[0]), id: query.before[1] };
  const rows = await db.clinicalNote.findMany({
    where: { AND: [where, readable(viewer), before ? { OR: [{ createdAt: { lt: before.at } }, { createdAt: before.at, id: { lt: before.id } }] } : {}] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    include: IN_LISTS,
  });
  const page = keysetPage(rows, query.limit, (r) => encodeCursor([r.createdAt.toISOString(), r.id]));
  return { notes: page.rows.map((r) => view(r, viewer)), nextCursor: page.nextCursor };
}

/**
 * A page of the notes on the patient and on each of their nights (or, `about: "patient"`, on the
 * patient only), newest first, with the name of each night a note is about; null if the viewer may
 * not see the patient.
 */
export async function notesOfPatient(db: Db, viewer: Viewer, audience: Audience, asleepUserId: string, query: NotesPageQuery): Promise<Required<NotesPage> | null> {
  if (!canSee(audience, asleepUserId)) return null;
  const page = await notesPage(db, viewer, { asleepUserId, ...(query.about === "patient" && { sessionId: null }) }, query);
  // A night is named in its own zone (UTC when it has none), as the patient page names its nights.
  const labels = await nightLabels(db, audience, page.notes.flatMap((n) => (n.sessionId ? [n.sessionId] : [])));
  return { ...page, nightLabels: Object.fromEntries([...labels].map(([id, n]) => [id, nightName(n, n.zone?.name ?? "UTC")])) };
}

/** A page of the notes on one night, newest first; null if the night is not the viewer's to see. */
export async function notesOfNight(db: Db, viewer: Viewer, audience: Audience, sessionId: string, query: NotesPageQuery): Promise<NotesPageOf | null> {
  const night = await db.sleepSession.findUnique({ where: { id: sessionId }, select: { userId: true } });
  if (!night || !canSee(audience, night.userId)) return null;
  return notesPage(db, viewer, { sessionId }, query);
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

/** An edit saved (the note as it now is), or refused because the note changed since it was read. */
export type EditResult = { ok: true; note: NoteView } | { ok: false; current: NoteView };

/**
 * Edits a note: the version it replaces is kept as a revision, in the same transaction, so the
 * history has no gap. An edit based on an older version than the note's is refused, with the note as
 * it now is (the route answers 409): two clinicians editing at once no longer overwrite each other
 * unseen. Null when the viewer may not edit it (404).
 */
export async function editNote(db: Db, viewer: Viewer, audience: Audience, id: string, edit: NoteEdit): Promise<EditResult | null> {
  if (!mayWrite(viewer)) return null;
  return db.$transaction(async (tx) => {
    // Row lock: of two edits of the same version, the second sees the first's and is refused.
    const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM clinical_note WHERE id = ${id} FOR UPDATE`;
    if (locked.length === 0) return null;
    const current = await tx.clinicalNote.findUniqueOrThrow({ where: { id }, include: WITH_HISTORY });
    if (!canSee(audience, current.asleepUserId)) return null;
    if (current.version !== edit.version) return { ok: false as const, current: view(current, viewer) };
    const text = edit.text ?? current.text;
    const shared = edit.shared ?? current.shared;
    if (text === current.text && shared === current.shared) return { ok: true as const, note: view(current, viewer) };
    await tx.clinicalNoteRevision.create({
      data: { noteId: id, text: current.text, shared: current.shared, writtenAt: current.updatedAt, writtenByName: current.updatedByName, writtenByEmail: current.updatedByEmail },
    });
    const row = await tx.clinicalNote.update({
      where: { id },
      data: { text, shared, version: { increment: 1 }, updatedAt: new Date(), updatedByName: viewer.name, updatedByEmail: viewer.email },
      include: WITH_HISTORY,
    });
    return { ok: true as const, note: view(row, viewer) };
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
