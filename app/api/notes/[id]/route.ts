// GET /api/notes/{id}: one note with its whole history (earlier versions, newest first; a sleeper reads a
// shared note without its history). PATCH {text?, shared?, version}: a clinician or admin edits it or
// toggles sharing; the version replaced is kept in the history. `version` is the note's version the edit
// was based on: if the note has changed since, nothing is saved and the answer is 409 with the note as it
// now is ({error, note}). 404 for a note the viewer may not see or edit.

import { recordAccess, recordNightRead } from "@/server/data/access-log";
import { editNote, getNote, noteAnswer, noteEditSchema, noteParams } from "@/server/data/notes";
import { answerOf } from "@/server/http/api-schema";
import { forViewerChange } from "@/server/http/changes";
import { parseParams } from "@/server/http/parse-request";
import { json, notFound, ok } from "@/server/http/responses";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = parseParams(await params, noteParams);
  if (!parsed.ok) return parsed.response;
  return forViewer(request, "GET /api/notes/{id}", async ({ viewer, audience }) => {
    const { db } = getRuntime();
    const note = await getNote(db, viewer, audience, parsed.params.id);
    if (!note) return notFound();
    if (note.sessionId) await recordNightRead(db, viewer, note.sessionId, "a note");
    else await recordAccess(db, viewer, { asleepUserId: note.asleepUserId, action: "view", resource: "a patient note (API)" });
    return ok(answerOf(noteAnswer, note));
  });
}

export async function PATCH(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = parseParams(await params, noteParams);
  if (!parsed.ok) return parsed.response;
  return forViewerChange(request, "PATCH /api/notes/{id}", noteEditSchema, async ({ viewer, audience }, edit) => {
    const result = await editNote(getRuntime().db, viewer, audience, parsed.params.id, edit);
    if (!result) return notFound();
    if (!result.ok) return json({ error: `This note was changed by ${result.current.updatedBy} at ${result.current.updatedAt}`, note: result.current }, 409);
    return ok(answerOf(noteAnswer, result.note));
  });
}
