// GET /api/board?q=&sort=&dir=&flag=&days=&clinician=&page=&size=: the clinician board's rows as JSON,
// as the page shows them (server/data/board.ts). 400 naming a parameter it cannot read; 404 for a patient.

import { forBoard } from "@/server/board/request";
import { boardPage } from "@/server/data/board";
import { json } from "@/server/http/responses";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  return forBoard(request, "GET /api/board", async ({ db, viewer, query, rule }) =>
    json(await boardPage(db, viewer, query, { rule }), 200, { "cache-control": "no-store" }),
  );
}
