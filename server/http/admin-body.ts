// An admin change with a JSON body: the Origin check and admin gate (forAdminChange), then the body
// validated against its schema (400 naming the field), then the caller's work.

import type { z } from "zod";
import { forAdminChange } from "./admin";
import { readJsonBody } from "./parse-request";
import { badRequest } from "./responses";
import type { Who } from "./viewer";

export function forAdminChangeWith<S extends z.ZodType>(request: Request, route: string, schema: S, respond: (who: Who, body: z.infer<S>) => Promise<Response>): Promise<Response> {
  return forAdminChange(request, route, async (who) => {
    const body = await readJsonBody(request, 16 * 1024);
    if (!body.ok) return body.response;
    const parsed = schema.safeParse(body.body);
    if (!parsed.success) return badRequest("Invalid request", parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })));
    return respond(who, parsed.data);
  });
}
