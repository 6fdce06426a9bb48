// Long lists on the pages come a page at a time, with a link to the next: nothing stops silently at
// the first 50. Pages are numbered from 1 in the URL (`?page=2`), validated, and bounded on the server.

import { z } from "zod";

export const PAGE_SIZE = 50;
/** Beyond this a list is a search problem, not a paging one; it also bounds the database's OFFSET. */
export const MAX_PAGE = 10_000;

const pageNumber = z.coerce.number().int().min(1).max(MAX_PAGE);

/** A page number from a search parameter: anything but a whole number in range reads as page 1. */
export function pageOf(raw: string | string[] | undefined): number {
  const parsed = pageNumber.safeParse(Array.isArray(raw) ? raw[0] : raw);
  return parsed.success ? parsed.data : 1;
}

/** What to ask the database for: one row more than a page, to know whether another page follows. */
export function pageWindow(page: number, size = PAGE_SIZE): { offset: number; limit: number } {
  return { offset: (page - 1) * size, limit: size + 1 };
}

/** The page's rows, and whether there are more after them. */
export function pageRows<T>(rows: T[], size = PAGE_SIZE): { rows: T[]; more: boolean } {
  return { rows: rows.slice(0, size), more: rows.length > size };
}

/** `path` at `page` of the list named `param`, keeping the page's other parameters. */
export function pageHref(path: string, search: Record<string, string | string[] | undefined>, param: string, page: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) {
    if (key === param || value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  }
  if (page > 1) params.set(param, String(page));
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
