// What text the database can hold. PostgreSQL's text and jsonb refuse U+0000, and a lone UTF-16
// surrogate is not Unicode text at all (the driver would store U+FFFD in its place, or fail): a value
// holding either can never be stored, however often it is sent, so every input that becomes a stored
// string is refused at the edge with a 400 naming the field, never a 503 from the database.

import { z } from "zod";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` can never be stored, or null when it can. */
export function unstorableTextProblem(text: string): string | null {
  if (text.includes("\u0000")) return "contains U+0000 (NUL), which cannot be stored";
  if (LONE_SURROGATE.test(text)) return "contains a lone UTF-16 surrogate, which is not Unicode text";
  return null;
}

/** A string the database can store: the start of every user-text schema (`storableString().trim().max(n)`). */
export const storableString = (params?: Parameters<typeof z.string>[0]) =>
  z.string(params).check((ctx) => {
    const problem = unstorableTextProblem(ctx.value);
    if (problem) ctx.issues.push({ code: "custom", message: problem, input: ctx.value });
  });

/** The first string in `value` (object keys included, nested a few levels) that cannot be stored, and where. */
export function firstUnstorable(value: unknown, path: string[] = [], depth = 0): { path: string; problem: string } | null {
  if (typeof value === "string") {
    const problem = unstorableTextProblem(value);
    return problem ? { path: path.join("."), problem } : null;
  }
  if (depth > 8 || value === null || typeof value !== "object") return null;
  for (const [key, inner] of Object.entries(value)) {
    const keyProblem = unstorableTextProblem(key);
    if (keyProblem) return { path: [...path, key].join("."), problem: keyProblem };
    const found = firstUnstorable(inner, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}
