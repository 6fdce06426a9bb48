// The answer of a list route paged by keyset (lib/navigation/cursor.ts): the rows under their key, the
// next page's cursor and URL (null on the last page), and the same URL in a `Link: rel="next"` header.

import { nextLinkHeader, nextPageUrl } from "@/lib/navigation/cursor";
import { ok } from "./responses";

export function pagedOk(request: Request, body: Record<string, unknown>, nextCursor: string | null): Response {
  const next = nextPageUrl(request.url, nextCursor);
  return ok({ ...body, nextCursor, next }, nextLinkHeader(next));
}
