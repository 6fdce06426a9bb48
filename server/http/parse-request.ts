// Reads a request body as JSON with a hard size limit, then validates it. Every route that takes a
// body goes through here: parse → (caller) call → respond.

import { z } from "zod";
import { storableString } from "@/lib/text/storable";
import { badRequest, payloadTooLarge, type Issue } from "./responses";

export const MAX_BODY_BYTES = 1024 * 1024;

export type ParsedBody = { ok: true; body: unknown } | { ok: false; response: Response };

/** JSON body, at most `maxBytes`; anything else answers 400 or 413 before any work is done. */
export async function readJsonBody(request: Request, maxBytes = MAX_BODY_BYTES, headers?: HeadersInit): Promise<ParsedBody> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) return { ok: false, response: payloadTooLarge(maxBytes, headers) };

  const text = await readTextWithin(request, maxBytes);
  if (text === null) return { ok: false, response: payloadTooLarge(maxBytes, headers) };
  if (text.trim() === "") return { ok: false, response: badRequest("Empty body: expected JSON", [{ path: "", message: "body is empty" }], headers) };
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch (error) {
    const issue: Issue = { path: "", message: `malformed JSON: ${(error as Error).message}` };
    return { ok: false, response: badRequest("Malformed JSON", [issue], headers) };
  }
}

/**
 * A request's or response's body as text, or null once it exceeds `maxBytes` (a lying or absent
 * content-length included): read no further than that, whatever the sender claims.
 */
export async function readTextWithin(message: { body: ReadableStream<Uint8Array> | null }, maxBytes: number): Promise<string | null> {
  if (!message.body) return "";
  const reader = message.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * An id in a path or a query (a night, an Asleep user): 1–128 characters, as the webhook accepts, and
 * storable (lib/text/storable.ts): no stored id holds U+0000 (PostgreSQL would fail the query, not
 * find nothing) or a lone surrogate.
 */
export const idParam = storableString().min(1).max(128);

/** The path parameters of /api/sessions/{id} and what lies under it (handlers get them decoded once). */
export const sessionParams = z.object({ id: idParam });

/** Validates a request's query string against a zod schema; a violation answers 400 naming the field. */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): { ok: true; query: z.infer<S> } | { ok: false; response: Response } {
  const parsed = validate(Object.fromEntries(new URL(request.url).searchParams), schema, "Invalid query");
  return parsed.ok ? { ok: true, query: parsed.value } : parsed;
}

/** Validates a route's path parameters; a violation answers 400 naming the parameter. */
export function parseParams<S extends z.ZodType>(params: unknown, schema: S): { ok: true; params: z.infer<S> } | { ok: false; response: Response } {
  const parsed = validate(params, schema, "Invalid path");
  return parsed.ok ? { ok: true, params: parsed.value } : parsed;
}

function validate<S extends z.ZodType>(value: unknown, schema: S, title: string): { ok: true; value: z.infer<S> } | { ok: false; response: Response } {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
  return { ok: false, response: badRequest(title, issues) };
}
