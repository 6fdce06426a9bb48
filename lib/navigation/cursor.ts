// Paging an API list by keyset: each page answers `nextCursor` (and the `next` URL, and a
// `Link: <…>; rel="next"` header, RFC 8288) until the last page, where they are null. A client passes
// the cursor back as `before=` and gets the rows after that one in the list's order, so nothing is
// skipped or repeated when rows are added in between, as they would be with an offset.
//
// A cursor is opaque to clients: base64url of the JSON keys of the page's last row. Lists keyed by a
// bigint id alone (the access log, outbound deliveries) use the id's digits, as the access log did first.

import { z } from "zod";

export type CursorKey = string | number | null;

export function encodeCursor(keys: readonly CursorKey[]): string {
  return Buffer.from(JSON.stringify(keys), "utf8").toString("base64url");
}

const NOT_A_CURSOR = "must be the nextCursor of an earlier page";

/** A `before=` query parameter holding an encoded cursor whose keys `keys` validates. */
export function cursorParam<T>(keys: z.ZodType<T>) {
  return z
    .string()
    .max(1024, NOT_A_CURSOR)
    .transform((raw, ctx): T => {
      let decoded: unknown;
      try {
        if (!/^[A-Za-z0-9_-]+$/.test(raw)) throw new Error("not base64url");
        decoded = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
      } catch {
        ctx.addIssue({ code: "custom", message: NOT_A_CURSOR });
        return z.NEVER;
      }
      const parsed = keys.safeParse(decoded);
      if (!parsed.success) {
        ctx.addIssue({ code: "custom", message: NOT_A_CURSOR });
        return z.NEVER;
      }
      return parsed.data;
    });
}

/** A `before=` query parameter holding a row id (a positive bigint). */
export const idCursorParam = z
  .string()
  .regex(/^[1-9][0-9]{0,18}$/, "must be an entry id")
  .transform((v) => BigInt(v));

/** The page's rows (at most `limit` of the `limit + 1` asked for), and the cursor of the next page, if any. */
export function keysetPage<T>(rows: T[], limit: number, cursorOf: (last: T) => string): { rows: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: cursorOf(page[page.length - 1]!) };
}

/** The request's own path and query with `before` set to the cursor: the next page (null: there is none). */
export function nextPageUrl(requestUrl: string, nextCursor: string | null): string | null {
  if (nextCursor === null) return null;
  const url = new URL(requestUrl);
  url.searchParams.set("before", nextCursor);
  return `${url.pathname}?${url.searchParams.toString()}`;
}

/** The RFC 8288 header for the next page, when there is one. */
export function nextLinkHeader(next: string | null): Record<string, string> {
  return next === null ? {} : { link: `<${next}>; rel="next"` };
}
