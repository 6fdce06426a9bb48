// The signed-in viewer of an API request, or the 401 to answer.

import { audienceOf, type Audience } from "../data/access";
import { viewerFromHeaders, type Viewer } from "../auth/viewer";
import { getRuntime } from "../runtime";
import { json } from "./responses";

export type ViewerResult = { ok: true; viewer: Viewer; audience: Audience } | { ok: false; response: Response };

export async function requireViewer(request: Request): Promise<ViewerResult> {
  const { auth, db } = getRuntime();
  const viewer = await viewerFromHeaders(auth, request.headers);
  if (!viewer) return { ok: false, response: json({ error: "Sign in required" }, 401) };
  return { ok: true, viewer, audience: await audienceOf(db, viewer) };
}
