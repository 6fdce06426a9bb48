// GET /api/admin/access-log?asleepUserId=&limit=&before=: who viewed or exported which patient's data,
// newest first (admins; 404 for anyone else). `before` pages: entries older than that id.

import { z } from "zod";
import { listAccess } from "@/server/data/access-log";
import { forAdmin } from "@/server/http/admin";
import { idParam, parseQuery } from "@/server/http/parse-request";
import { notFound, ok } from "@/server/http/responses";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

const accessLogQuery = z.object({
  asleepUserId: idParam.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z
    .string()
    .regex(/^[1-9][0-9]{0,18}$/, "must be an entry id")
    .transform((v) => BigInt(v))
    .optional(),
});

export async function GET(request: Request) {
  const query = parseQuery(request, accessLogQuery);
  if (!query.ok) return query.response;
  return forAdmin(request, "GET /api/admin/access-log", async ({ viewer }) => {
    const entries = await listAccess(getRuntime().db, viewer, query.query);
    return entries ? ok({ entries: entries.map((e) => ({ ...e, id: e.id.toString() })) }) : notFound();
  });
}
