// Every admin route goes through here: 401 without a session, 404 for anyone but an admin (like the
// rest of the app, an admin page does not admit it exists), failures as forViewer answers them. Routes that
// change something also need a same-origin Origin (403), checked before anything is read or written.

import { z } from "zod";
import { isSameOrigin } from "./origin";
import { idParam } from "./parse-request";
import { forbidden, notFound } from "./responses";
import { forViewer, type Who } from "./viewer";
import { getRuntime } from "../runtime";

/** The path parameters of /api/admin/people/{asleepUserId} and what lies under it. */
export const personParams = z.object({ asleepUserId: idParam });

export function forAdmin(request: Request, route: string, respond: (who: Who) => Promise<Response>): Promise<Response> {
  return forViewer(request, route, (who) => (who.viewer.role === "admin" ? respond(who) : Promise.resolve(notFound())));
}

/** POST, PUT, PATCH, DELETE under /api/admin: the Origin check (CSRF), then as forAdmin. */
export async function forAdminChange(request: Request, route: string, respond: (who: Who) => Promise<Response>): Promise<Response> {
  if (!isSameOrigin(request, getRuntime().config.publicUrl)) {
    getRuntime().logger.warn({ route, status: 403 }, "admin request refused: not from the app's own origin");
    return forbidden("Forbidden: this request must come from the app's own pages");
  }
  return forAdmin(request, route, respond);
}
