// GET /api/sessions/{id}/tags: the night's tags, whether the viewer may change them, and the choices a
// picker offers. PUT with {"tags": [...]}: the night's whole set, by its own sleeper only (from the
// app's own pages). 404 for a night the viewer may not see; 403 for one they may see but not tag.

import { recordNightRead } from "@/server/data/access-log";
import { nightTags, nightTagsBodySchema, setNightTags } from "@/server/data/tags";
import { isSameOrigin } from "@/server/http/origin";
import { parseParams, readJsonBody, sessionParams } from "@/server/http/parse-request";
import { badRequest, forbidden, notFound, ok } from "@/server/http/responses";
import { forViewer } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";
import { answerOf } from "@/server/http/api-schema";
import { nightTagsAnswer } from "@/server/http/sessions";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = parseParams(await params, sessionParams);
  if (!parsed.ok) return parsed.response;
  return forViewer(request, "GET /api/sessions/{id}/tags", async ({ viewer, audience }) => {
    const { db } = getRuntime();
    const tags = await nightTags(db, viewer, audience, parsed.params.id);
    if (!tags) return notFound();
    await recordNightRead(db, viewer, parsed.params.id, "tags");
    return ok(answerOf(nightTagsAnswer, tags));
  });
}

export async function PUT(request: Request, { params }: { params: Promise<{ id: string }> }) {
  if (!isSameOrigin(request, getRuntime().config.publicUrl)) return forbidden("Forbidden: this request must come from the app's own pages");
  const parsed = parseParams(await params, sessionParams);
  if (!parsed.ok) return parsed.response;
  return forViewer(request, "PUT /api/sessions/{id}/tags", async ({ viewer, audience }) => {
    const body = await readJsonBody(request, 16 * 1024);
    if (!body.ok) return body.response;
    const tags = nightTagsBodySchema.safeParse(body.body);
    if (!tags.success) return badRequest("Invalid tags", tags.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
    const result = await setNightTags(getRuntime().db, viewer, audience, parsed.params.id, tags.data.tags);
    if (result.ok) return ok(answerOf(nightTagsAnswer, result.tags));
    return result.reason === "not-found" ? notFound() : forbidden("Only the night's own sleeper tags it");
  });
}
