// GET /api/notes/{id}: one note with its history (earlier versions, newest first; a sleeper reads a
// shared note without its history). PATCH {text?, shared?}: a clinician or admin edits it or toggles
// sharing; the version replaced is kept in the history. 404 for a note the viewer may not see or edit.

import { z } from "zod";
import { editNote, getNote, noteEditSchema } from "@/server/data/notes";
import { forViewerChange } from "@/server/http/changes";
import { idParam, parseParams } from "@/server/http/parse-request";
import { notFound, ok } from "@/server/http/responses";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

const noteParams = z.object({ id: idParam });

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = parseParams(await params, noteParams);
  if (!parsed.ok) return parsed.response;
  return forViewer(request, "GET /api/notes/{id}", async ({ viewer, audience }) => {
    const note = await getNote(getRuntime().db, viewer, audience, parsed.params.id);
    return note ? ok(note) : notFound();
  });
}

export async function PATCH(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = parseParams(await params, noteParams);
  if (!parsed.ok) return parsed.response;
  return forViewerChange(request, "PATCH /api/notes/{id}", noteEditSchema, async ({ viewer, audience }, edit) => {
    const note = await editNote(getRuntime().db, viewer, audience, parsed.params.id, edit);
    return note ? ok(note) : notFound();
  });
}
