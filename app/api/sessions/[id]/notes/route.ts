// GET /api/sessions/{id}/notes: the notes on one night, newest first (a sleeper: only those shared
// with them). POST {text, shared?}: a clinician or admin writes a note on the night. 404 for a night
// the viewer may not see or write about.

import { addNightNote, newNoteSchema, notesOfNight } from "@/server/data/notes";
import { forViewerChange } from "@/server/http/changes";
import { parseParams, sessionParams } from "@/server/http/parse-request";
import { json, notFound, ok } from "@/server/http/responses";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = parseParams(await params, sessionParams);
  if (!parsed.ok) return parsed.response;
  return forViewer(request, "GET /api/sessions/{id}/notes", async ({ viewer, audience }) => {
    const { db } = getRuntime();
    const notes = await notesOfNight(db, viewer, audience, parsed.params.id);
    return notes ? ok({ notes }) : notFound();
  });
}

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = parseParams(await params, sessionParams);
  if (!parsed.ok) return parsed.response;
  return forViewerChange(request, "POST /api/sessions/{id}/notes", newNoteSchema, async ({ viewer, audience }, note) => {
    const created = await addNightNote(getRuntime().db, viewer, audience, parsed.params.id, note);
    return created ? json(created, 201) : notFound();
  });
}
