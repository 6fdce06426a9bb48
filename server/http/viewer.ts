// The signed-in viewer of an API request, or the 401 to answer.

import { audienceOf, type Audience } from "../data/access";
import { viewerFromHeaders, type Viewer } from "../auth/viewer";
import { getRuntime } from "../runtime";
import { json, serviceUnavailable } from "./responses";

export interface Who {
  viewer: Viewer;
  audience: Audience;
}

export type ViewerResult = ({ ok: true } & Who) | { ok: false; response: Response };

export async function requireViewer(request: Request): Promise<ViewerResult> {
  const { auth, db } = getRuntime();
  const viewer = await viewerFromHeaders(auth, request.headers);
  if (!viewer) return { ok: false, response: json({ error: "Sign in required" }, 401) };
  return { ok: true, viewer, audience: await audienceOf(db, viewer) };
}

/**
 * Every signed-in API route: 401 without a session, the route's own answer with one, and 503 (never a
 * stack trace) when the database fails underneath.
 */
export async function forViewer(request: Request, route: string, respond: (who: Who) => Promise<Response>): Promise<Response> {
  try {
    const who = await requireViewer(request);
    return who.ok ? await respond(who) : who.response;
  } catch (error) {
    getRuntime().logger.error({ route, err: (error as Error).message }, "request failed: database unavailable");
    return serviceUnavailable();
  }
}
