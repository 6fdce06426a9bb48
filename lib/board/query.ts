// What a board view is: search, sort, filter and page, as the URL and GET /api/board carry them. One
// schema for both, so a bookmarked page and the API read the same address the same way.

import { z } from "zod";
import { MAX_PAGE } from "../navigation/paging";
import { storableString } from "../text/storable";

/** Patients per page of the board. */
export const BOARD_PAGE_SIZE = 50;
/** "No data for N days": N when the view does not say. */
export const DEFAULT_NO_DATA_DAYS = 3;

export const BOARD_SORTS = ["flags", "name", "tonight", "last-night", "total-sleep", "efficiency", "adherence", "alerts", "last-note"] as const;
export type BoardSort = (typeof BOARD_SORTS)[number];

export const BOARD_FLAGS = ["all", "flagged", "recording", "no-data", "below-adherence", "awaiting-signature"] as const;
export type BoardFlagFilter = (typeof BOARD_FLAGS)[number];

/** Each sort's direction when its header is first chosen: what needs attention first. */
export const FIRST_DIRECTION: Record<BoardSort, "asc" | "desc"> = {
  flags: "desc",
  name: "asc",
  tonight: "desc",
  "last-night": "desc",
  "total-sleep": "asc",
  efficiency: "asc",
  adherence: "asc",
  alerts: "desc",
  "last-note": "desc",
};

const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(", ")}` });

/** The query of GET /api/board and /api/board.csv, and of the board's page. */
export const boardQuerySchema = z
  .object({
    q: storableString().trim().max(200, "must be at most 200 characters").optional().default(""),
    sort: oneOf(BOARD_SORTS).optional().default("flags"),
    dir: oneOf(["asc", "desc"] as const).optional(),
    flag: oneOf(BOARD_FLAGS).optional().default("all"),
    days: z.coerce.number({ error: "must be a whole number of days" }).int("must be a whole number of days").min(1, "must be at least 1").max(365, "must be at most 365").optional().default(DEFAULT_NO_DATA_DAYS),
    clinician: storableString().trim().max(320).optional().default(""),
    page: z.coerce.number({ error: "must be a page number" }).int("must be a whole number").min(1, "must be at least 1").max(MAX_PAGE, `must be at most ${MAX_PAGE}`).optional().default(1),
    /** Patients per page: BOARD_PAGE_SIZE unless a script asks for fewer or more (10 to 200). */
    size: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(10, "must be at least 10").max(200, "must be at most 200").optional().default(BOARD_PAGE_SIZE),
  })
  .strict()
  .transform((q) => ({ ...q, dir: q.dir ?? FIRST_DIRECTION[q.sort] }));

export type BoardQuery = z.output<typeof boardQuerySchema>;

export const DEFAULT_BOARD_QUERY: BoardQuery = boardQuerySchema.parse({});

/**
 * A page's search parameters as a board view. A page never answers 400: what does not read as a view
 * is left out (and the page says so), the rest is kept.
 */
export function boardQueryFromSearch(search: Record<string, string | string[] | undefined>): { query: BoardQuery; ignored: string[] } {
  const known = Object.keys(boardQuerySchema.in.shape) as string[];
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(search)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (known.includes(key) && first !== undefined) raw[key] = first;
  }
  const ignored: string[] = [];
  for (;;) {
    const parsed = boardQuerySchema.safeParse(raw);
    if (parsed.success) return { query: parsed.data, ignored };
    const bad = parsed.error.issues.map((i) => String(i.path[0] ?? "")).filter((k) => k in raw);
    if (bad.length === 0) return { query: DEFAULT_BOARD_QUERY, ignored: Object.keys(raw) };
    for (const key of bad) {
      delete raw[key];
      ignored.push(key);
    }
  }
}

/**
 * The search parameters of a view, leaving out what equals the default, so the plain board is "/" and
 * a shared address says only what was chosen.
 */
export function boardSearchParams(query: BoardQuery, { withPage = true } = {}): URLSearchParams {
  const params = new URLSearchParams();
  const d = DEFAULT_BOARD_QUERY;
  if (query.q) params.set("q", query.q);
  if (query.sort !== d.sort) params.set("sort", query.sort);
  if (query.dir !== FIRST_DIRECTION[query.sort]) params.set("dir", query.dir);
  if (query.flag !== d.flag) params.set("flag", query.flag);
  if (query.days !== d.days) params.set("days", String(query.days));
  if (query.clinician) params.set("clinician", query.clinician);
  if (withPage && query.page !== 1) params.set("page", String(query.page));
  if (query.size !== d.size) params.set("size", String(query.size));
  return params;
}

/** `path` showing `query` changed by `change`; any change but the page goes back to page 1. */
export function boardHref(path: string, query: BoardQuery, change: Partial<BoardQuery> = {}): string {
  const next = { ...query, ...change };
  if (!("page" in change)) next.page = 1;
  const search = boardSearchParams(next).toString();
  return search ? `${path}?${search}` : path;
}

/** The view sorted by `sort`: the same column again flips its direction, a new one starts with its first. */
export function sortedBy(query: BoardQuery, sort: BoardSort): Partial<BoardQuery> {
  if (query.sort === sort) return { sort, dir: query.dir === "asc" ? "desc" : "asc" };
  return { sort, dir: FIRST_DIRECTION[sort] };
}

/** Pages of `total` rows at `size` a page (one, when empty). */
export const pageCount = (total: number, size: number) => Math.max(1, Math.ceil(total / size));
