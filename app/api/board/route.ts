// GET /api/board?q=&sort=&dir=&flag=&days=&clinician=&page=&size=: the clinician board's rows as JSON,
// as the page shows them (server/data/board.ts), what is new since the viewer's last visit to the board
// page marked (reading the API is not a visit). 400 naming a parameter it cannot read; 404 for a patient.

import { boardAnswer, forBoard } from "@/server/board/request";
import { answerOf } from "@/server/http/api-schema";
import { boardLastVisit, boardPage } from "@/server/data/board";
import { json } from "@/server/http/responses";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  return forBoard(request, "GET /api/board", async ({ db, viewer, query, rule }) =>
    json(answerOf(boardAnswer, await boardPage(db, viewer, query, { rule, since: await boardLastVisit(db, viewer) })), 200, { "cache-control": "no-store" }),
  );
}
