// GET /api/sessions/{id}/notes?limit=&before=: the notes on one night, newest first, a page at a time
// (`before`: the previous page's nextCursor; a sleeper: only those shared with them). POST {text, shared?}: a clinician or admin writes a note on the night. 404 for a night
// the viewer may not see or write about.

import { recordNightRead } from "@/server/data/access-log";
import { addNightNote, newNoteSchema, nightNotesAnswer, noteAnswer, notesOfNight, notesPageQuery } from "@/server/data/notes";
import { answerOf } from "@/server/http/api-schema";
import { forViewerChange } from "@/server/http/changes";
import { pagedOk } from "@/server/http/paging";
import { parseParams, parseQuery, sessionParams } from "@/server/http/parse-request";
import { json, notFound } from "@/server/http/responses";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = parseParams(await params, sessionParams);
  if (!parsed.ok) return parsed.response;
  const query = parseQuery(request, notesPageQuery);
  if (!query.ok) return query.response;
  return forViewer(request, "GET /api/sessions/{id}/notes", async ({ viewer, audience }) => {
    const { db } = getRuntime();
    const page = await notesOfNight(db, viewer, audience, parsed.params.id, query.query);
    if (!page) return notFound();
    await recordNightRead(db, viewer, parsed.params.id, "notes");
    return pagedOk(request, answerOf(nightNotesAnswer.omit({ nextCursor: true, next: true }), { notes: page.notes }), page.nextCursor);
  });
}

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = parseParams(await params, sessionParams);
  if (!parsed.ok) return parsed.response;
  return forViewerChange(request, "POST /api/sessions/{id}/notes", newNoteSchema, async ({ viewer, audience }, note) => {
    const created = await addNightNote(getRuntime().db, viewer, audience, parsed.params.id, note);
    return created ? json(answerOf(noteAnswer, created), 201) : notFound();
  });
}
