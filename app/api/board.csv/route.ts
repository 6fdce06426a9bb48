// GET /api/board.csv with the board's query: every patient of the view (all its pages, in the board's
// order) as CSV, with each time in UTC and as local time in its zone (lib/board/csv.ts).

import { boardCsv } from "@/lib/board/csv";
import { forBoard } from "@/server/board/request";
import { recordExports } from "@/server/data/access-log";
import { wholeBoard } from "@/server/data/board";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  return forBoard(request, "GET /api/board.csv", async ({ db, viewer, query, rule }) => {
    const board = await wholeBoard(db, viewer, query, { rule });
    await recordExports(db, viewer, board.rows.map((r) => r.asleepUserId), "board CSV");
    const stamp = board.asOf.toISOString().slice(0, 16).replace(/[:]/g, "").replace("T", "-");
    return new Response(boardCsv(board.rows), {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="board-${stamp}.csv"`, "cache-control": "no-store" },
    });
  });
}
