// GET /api/board and /api/board.csv read a request the same way: the view from the query (400 naming
// the parameter otherwise), the viewer's board from server/data/board.ts, or 404 for a patient, who
// has no board.

import { boardQuerySchema, type BoardQuery } from "@/lib/board/query";
import type { Viewer } from "../auth/viewer";
import { clinicAdherenceRule } from "../data/alert-settings";
import { BoardQueryRefused } from "../data/board";
import type { Db } from "../db/client";
import { countingDb, measure, serverTiming } from "../db/query-count";
import { parseQuery } from "../http/parse-request";
import { badRequest, notFound } from "../http/responses";
import { forViewer } from "../http/viewer";
import { getRuntime } from "../runtime";
import type { AdherenceRule } from "@/lib/sleep/adherence";

export interface BoardRequest {
  db: Db;
  viewer: Viewer;
  query: BoardQuery;
  rule: AdherenceRule;
}

export async function forBoard(request: Request, route: string, respond: (board: BoardRequest) => Promise<Response>): Promise<Response> {
  const query = parseQuery(request, boardQuerySchema);
  if (!query.ok) return query.response;
  return forViewer(request, route, async ({ viewer }) => {
    if (viewer.role === "patient") return notFound();
    const { db, config } = getRuntime();
    try {
      // The clinic's rule as an admin set it (else ADHERENCE_RULE), read before the page's measured queries.
      const rule = await clinicAdherenceRule(db, config.adherenceRule);
      const m = await measure(() => respond({ db: countingDb(db), viewer, query: query.query, rule }));
      m.result.headers.set("server-timing", serverTiming("board", m));
      return m.result;
    } catch (error) {
      if (error instanceof BoardQueryRefused) return badRequest("Invalid query", [{ path: error.parameter, message: error.message }]);
      throw error;
    }
  });
}
