// GET /api/patients/{asleepUserId}/notes?about=all|patient&limit=&before=: the notes on a patient and
// their nights (`about=patient`: on the patient only), newest first, a page at a time (`before`: the
// previous page's nextCursor), with the name of each night a note is about (a sleeper: only those shared
// with them). POST {text, shared?}: a clinician or admin writes a note on the patient. 404 for a patient
// the viewer may not see or write about.

import { recordAccess } from "@/server/data/access-log";
import { addPatientNote, newNoteSchema, noteAnswer, notesOfPatient, patientNotesAnswer, patientNotesPageQuery } from "@/server/data/notes";
import { personParams } from "@/server/http/admin";
import { answerOf } from "@/server/http/api-schema";
import { forViewerChange } from "@/server/http/changes";
import { pagedOk } from "@/server/http/paging";
import { parseParams, parseQuery } from "@/server/http/parse-request";
import { json, notFound } from "@/server/http/responses";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ asleepUserId: string }> }) {
  const parsed = parseParams(await params, personParams);
  if (!parsed.ok) return parsed.response;
  const query = parseQuery(request, patientNotesPageQuery);
  if (!query.ok) return query.response;
  return forViewer(request, "GET /api/patients/{asleepUserId}/notes", async ({ viewer, audience }) => {
    const { db } = getRuntime();
    const page = await notesOfPatient(db, viewer, audience, parsed.params.asleepUserId, query.query);
    if (!page) return notFound();
    await recordAccess(db, viewer, { asleepUserId: parsed.params.asleepUserId, action: "view", resource: "patient notes (API)" });
    return pagedOk(request, answerOf(patientNotesAnswer.omit({ nextCursor: true, next: true }), { notes: page.notes, nightLabels: page.nightLabels }), page.nextCursor);
  });
}

export async function POST(request: Request, { params }: { params: Promise<{ asleepUserId: string }> }) {
  const parsed = parseParams(await params, personParams);
  if (!parsed.ok) return parsed.response;
  return forViewerChange(request, "POST /api/patients/{asleepUserId}/notes", newNoteSchema, async ({ viewer, audience }, note) => {
    const created = await addPatientNote(getRuntime().db, viewer, audience, parsed.params.asleepUserId, note);
    return created ? json(answerOf(noteAnswer, created), 201) : notFound();
  });
}
