// GET /api/patients/{asleepUserId}/notes: the notes on a patient and their nights, newest first (a
// sleeper: only those shared with them). POST {text, shared?}: a clinician or admin writes a note on
// the patient. 404 for a patient the viewer may not see or write about.

import { z } from "zod";
import { recordAccess } from "@/server/data/access-log";
import { addPatientNote, newNoteSchema, notesOfPatient } from "@/server/data/notes";
import { forViewerChange } from "@/server/http/changes";
import { idParam, parseParams } from "@/server/http/parse-request";
import { json, notFound, ok } from "@/server/http/responses";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

const patientParams = z.object({ asleepUserId: idParam });

export async function GET(request: Request, { params }: { params: Promise<{ asleepUserId: string }> }) {
  const parsed = parseParams(await params, patientParams);
  if (!parsed.ok) return parsed.response;
  return forViewer(request, "GET /api/patients/{asleepUserId}/notes", async ({ viewer, audience }) => {
    const { db } = getRuntime();
    const notes = await notesOfPatient(db, viewer, audience, parsed.params.asleepUserId);
    if (!notes) return notFound();
    await recordAccess(db, viewer, { asleepUserId: parsed.params.asleepUserId, action: "view", resource: "patient notes (API)" });
    return ok({ notes });
  });
}

export async function POST(request: Request, { params }: { params: Promise<{ asleepUserId: string }> }) {
  const parsed = parseParams(await params, patientParams);
  if (!parsed.ok) return parsed.response;
  return forViewerChange(request, "POST /api/patients/{asleepUserId}/notes", newNoteSchema, async ({ viewer, audience }, note) => {
    const created = await addPatientNote(getRuntime().db, viewer, audience, parsed.params.asleepUserId, note);
    return created ? json(created, 201) : notFound();
  });
}
