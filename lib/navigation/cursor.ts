// Paging an API list by keyset: each page answers `nextCursor` (and the `next` URL, and a
// `Link: <…>; rel="next"` header, RFC 8288) until the last page, where they are null. A client passes
// the cursor back as `before=` and gets the rows after that one in the list's order, so nothing is
// skipped or repeated when rows are added in between, as they would be with an offset.
//
// A cursor is opaque to clients: base64url of the JSON keys of the page's last row. Lists keyed by a
// bigint id alone (the access log, outbound deliveries) use the id's digits, as the access log did first.
//
// Every paged route reads its cursor here, and anything that is not the nextCursor of an earlier page
// is a 400 naming `before`, never a 500 from the database: each key is one of `cursorKey`'s bounded
// kinds (an instant a night can have, a storable id, a bigint PostgreSQL can hold), and no string in a
// cursor may hold U+0000 or a lone surrogate, whatever its key schema says.

import { z } from "zod";
import { firstUnstorable, storableString } from "../text/storable";
import { instantKey } from "../time/range";

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
      if (firstUnstorable(decoded)) {
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

/** PostgreSQL's largest bigint: an id past it is no id (and the query would fail, not find nothing). */
export const MAX_BIGINT_ID = 9223372036854775807n;

/** A bigint row id as digits, 1 to MAX_BIGINT_ID. */
const bigintIdText = (message: string) => z.string().refine((v) => /^[1-9][0-9]{0,18}$/.test(v) && BigInt(v) <= MAX_BIGINT_ID, message);

/** The kinds of key a cursor may hold: each bounded to what the database can compare against. */
export const cursorKey = {
  /** A row's time (ISO 8601, UTC), within lib/time/range.ts's years. */
  instant: instantKey,
  /** A text id (a night's, an Asleep user's): as the edge accepts them. */
  id: storableString().min(1).max(128),
  /** A bigint id, as digits. */
  bigintId: bigintIdText("must be an entry id"),
  uuid: z.uuid(),
} as const;

/** A `before=` query parameter holding a row id (a positive bigint). */
export const idCursorParam = bigintIdText("must be an entry id").transform((v) => BigInt(v));

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
