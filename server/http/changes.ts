// A signed-in change from the app's own pages (POST, PATCH): the Origin check (CSRF, 403) before
// anything is read, then the JSON body validated against its schema (400 naming the field), then the
// caller's own work with the viewer.

import type { z } from "zod";
import { isSameOrigin } from "./origin";
import { readJsonBody } from "./parse-request";
import { badRequest, forbidden } from "./responses";
import { forViewer, type Who } from "./viewer";
import { getRuntime } from "../runtime";

export async function forViewerChange<S extends z.ZodType>(
  request: Request,
  route: string,
  schema: S,
  respond: (who: Who, body: z.infer<S>) => Promise<Response>,
  maxBytes = 64 * 1024,
): Promise<Response> {
  if (!isSameOrigin(request, getRuntime().config.publicUrl)) return forbidden("Forbidden: this request must come from the app's own pages");
  return forViewer(request, route, async (who) => {
    const body = await readJsonBody(request, maxBytes);
    if (!body.ok) return body.response;
    const parsed = schema.safeParse(body.body);
    if (!parsed.success) return badRequest("Invalid request", parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })));
    return respond(who, parsed.data);
  });
}
