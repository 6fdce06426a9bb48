// Who is asking, for every signed-in route and page: the viewer and whose nights they may see.

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { loginHref } from "@/lib/navigation/return-to";
import { audienceOf, type Audience } from "../data/access";
import { viewerFromHeaders, type Viewer } from "../auth/viewer";
import { getRuntime } from "../runtime";
import { failureResponse } from "./failure";
import { json } from "./responses";

export interface Who {
  viewer: Viewer;
  audience: Audience;
}

async function who(requestHeaders: Headers): Promise<Who | null> {
  const { auth, db } = getRuntime();
  const viewer = await viewerFromHeaders(auth, requestHeaders);
  return viewer && { viewer, audience: await audienceOf(db, viewer) };
}

/**
 * Every signed-in API route: 401 without a session, the route's own answer with one, and never a stack
 * trace when the database fails underneath: 503 only for what a retry can fix (server/db/errors.ts),
 * 400 for a value the database will never take (the route's schema should have refused it), else 500.
 */
export async function forViewer(request: Request, route: string, respond: (who: Who) => Promise<Response>): Promise<Response> {
  try {
    const found = await who(request.headers);
    return found ? await respond(found) : json({ error: "Sign in required" }, 401);
  } catch (error) {
    return failureResponse(route, error, getRuntime().logger);
  }
}

/**
 * The signed-in viewer of the page being rendered, or null: looked up once per request however many
 * parts ask (the page, and next-intl's request config for the account's language).
 */
export const currentViewer = cache(async (): Promise<Viewer | null> => viewerFromHeaders(getRuntime().auth, await headers()));

/** Every signed-in page: the viewer, or off to /login, which comes back to this page after signing in. */
export async function viewerForPage(): Promise<Who> {
  const requestHeaders = await headers();
  const viewer = await currentViewer();
  if (!viewer) redirect(loginHref(requestHeaders.get("x-return-to")));
  return { viewer, audience: await audienceOf(getRuntime().db, viewer) };
}
