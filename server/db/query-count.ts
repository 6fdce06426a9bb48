// How many statements a piece of work sends to the database, and how long it takes: the board reports
// both in a Server-Timing header, so the bench (and a browser's devtools) can see that a page costs the
// same few queries whatever its size.

import { AsyncLocalStorage } from "node:async_hooks";
import type { Db } from "./client";

const counter = new AsyncLocalStorage<{ queries: number }>();
const counting = new WeakMap<Db, Db>();

/** `db`, counting every operation (model queries and raw SQL alike) made inside measure(). */
export function countingDb(db: Db): Db {
  let counted = counting.get(db);
  if (!counted) {
    counted = db.$extends({
      query: {
        async $allOperations({ args, query }) {
          const current = counter.getStore();
          if (current) current.queries++;
          return query(args);
        },
      },
    }) as unknown as Db;
    counting.set(db, counted);
  }
  return counted;
}

/** Runs `work`, with the queries it made through a countingDb and its duration in ms. */
export async function measure<T>(work: () => Promise<T>): Promise<{ result: T; queries: number; ms: number }> {
  const state = { queries: 0 };
  const started = performance.now();
  const result = await counter.run(state, work);
  return { result, queries: state.queries, ms: performance.now() - started };
}

/** The Server-Timing header for a measure() result. */
export const serverTiming = (name: string, m: { queries: number; ms: number }) => `${name};dur=${m.ms.toFixed(1)};desc="${m.queries} queries"`;
