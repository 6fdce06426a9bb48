// The pieces every JSON answer's schema is built from (server/http/openapi.ts publishes them): an
// instant as the API writes it, the error answer every route shares, a paged list's envelope, and
// `answerOf`, which makes a route's answer type-check against its schema (so the two cannot drift).

import { z } from "zod";

/** An instant as the API writes it: ISO 8601, in UTC (`2026-11-21T22:00:00.000Z`). */
export const instant = z.iso.datetime({ offset: true });

/** A calendar day, `YYYY-MM-DD`. */
export const dayAnswer = z.iso.date();

/** A field the request got wrong, and why (server/http/responses.ts). */
export const issueAnswer = z.object({ path: z.string(), message: z.string() });

/**
 * Every error answer: `{"error": "...", "issues"?: [...]}`, never a stack trace. A 409 may add how the
 * thing now stands (the alert, the note), so other fields are allowed.
 */
export const errorAnswer = z.looseObject({ error: z.string(), issues: z.array(issueAnswer).optional() });

/** A page of a keyset-paged list (server/http/paging.ts): the rows under `key`, then the next page. */
export const pagedAnswer = <K extends string, R extends z.ZodType>(key: K, row: R) =>
  z.object({
    ...({ [key]: z.array(row) } as { [P in K]: z.ZodArray<R> }),
    /** The next page's `before`, null on the last page. */
    nextCursor: z.string().nullable(),
    /** This request with `before=<nextCursor>`, a path to fetch as is; null on the last page. */
    next: z.string().nullable(),
  });

/** What JSON.stringify makes of a value: instants become strings, bigints are refused (send them as strings). */
export type Json<T> = T extends Date ? string : T extends bigint ? never : T extends readonly (infer U)[] ? Json<U>[] : T extends object ? { [K in keyof T]: Json<T[K]> } : T;

/**
 * A route's answer, checked at compile time against its published schema: `ok(answerOf(schema, body))`.
 * Costs nothing at run time (the body is returned as is); a field renamed or retyped in the data layer
 * fails `tsc` until the schema, and so the OpenAPI document, says the same.
 */
export function answerOf<S extends z.ZodType, T>(_schema: S, body: T & (Json<T> extends z.input<S> ? unknown : { "answer does not match its schema": z.input<S> })): T {
  return body;
}
