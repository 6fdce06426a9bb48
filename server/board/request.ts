// GET /api/board and /api/board.csv read a request the same way: the view from the query (400 naming
// the parameter otherwise), the viewer's board from server/data/board.ts, or 404 for a patient, who
// has no board.

import { z } from "zod";
import { SEVERITY_ORDER } from "@/lib/board/flags";
import { BOARD_FLAGS, BOARD_SORTS, boardQuerySchema, type BoardQuery } from "@/lib/board/query";
import type { Viewer } from "../auth/viewer";
import { clinicAdherenceRule } from "../data/alert-settings";
import { BoardQueryRefused } from "../data/board";
import type { Db } from "../db/client";
import { countingDb, measure, serverTiming } from "../db/query-count";
import { dayAnswer, instant } from "../http/api-schema";
import { parseQuery } from "../http/parse-request";
import { badRequest, notFound } from "../http/responses";
import { zoneAnswer } from "../http/sessions";
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

const adherenceRuleAnswer = z.object({ minSleepHours: z.number(), targetPercent: z.number(), windowDays: z.number().int() });

/** One patient's row on the board (docs/API.md, "The clinician board"). */
/**
 * The board's own finding as a message (lib/board/flags.ts BoardFlagWords), for a reader in another
 * language; null for an open alert's item, whose words are the alert's `reason`.
 */
const flagWordsAnswer = z.discriminatedUnion("key", [
  z.object({ key: z.literal("stale"), clock: z.string(), zone: z.string(), day: dayAnswer }),
  z.object({ key: z.literal("staleNoAnalysis"), day: dayAnswer }),
  z.object({ key: z.literal("noData"), count: z.number().int(), since: dayAnswer }),
  z.object({ key: z.literal("noNightYet") }),
  z.object({ key: z.literal("newPatient") }),
]);

export const boardRowAnswer = z.object({
  name: z.string(),
  email: z.string(),
  asleepUserId: z.string(),
  /** Tonight's night while it is being recorded, else null. */
  open: z
    .object({
      id: z.string(),
      state: z.enum(["OPEN", "COMPLETE", "INCOMPLETE"]),
      startTime: instant.nullable(),
      endTime: instant.nullable(),
      timezone: z.string().nullable(),
      zone: zoneAnswer.nullable(),
      sleepStages: z.array(z.number().int()),
      snoringStages: z.array(z.number().int()),
      updatedAt: instant,
      lastDeliveryAt: instant.nullable(),
      cadenceMs: z.number(),
      stale: z.boolean(),
      asleepUnreachableSince: instant.nullable(),
      asleepHasNoRecord: z.boolean(),
      stagePlanSetting: z.enum(["4-stage", "2-stage"]),
    })
    .nullable(),
  /** The newest COMPLETE or INCOMPLETE night by start, else null. */
  lastNight: z
    .object({
      id: z.string(),
      state: z.enum(["COMPLETE", "INCOMPLETE"]),
      startTime: instant.nullable(),
      endTime: instant.nullable(),
      timezone: z.string().nullable(),
      zone: zoneAnswer.nullable(),
      day: dayAnswer.nullable(),
      totalSleepSeconds: z.number(),
      timeInBedSeconds: z.number(),
      efficiencyPercent: z.number().nullable(),
      /** The whole percent the pages show. */
      efficiencyShownPercent: z.number().int().nullable(),
      tags: z.array(z.string()),
    })
    .nullable(),
  adherence: z.object({ adherentDays: z.number().int(), days: z.number().int(), percent: z.number(), meets: z.boolean(), lastDay: dayAnswer, tooEarly: z.boolean() }),
  enrolledOn: dayAnswer,
  openAlerts: z.number().int(),
  /** Each fact once, most severe first. */
  flags: z.array(z.object({ kind: z.enum(SEVERITY_ORDER), reason: z.string(), words: flagWordsAnswer.nullable(), alertId: z.string().nullable(), sessionId: z.string().nullable(), isNew: z.boolean() })),
  lastNote: z.object({ text: z.string(), at: instant, author: z.string() }).nullable(),
});

/** GET /api/board: a page of the board, the view it is, and the adherence rule it was judged by. */
export const boardAnswer = z.object({
  rows: z.array(boardRowAnswer),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  pages: z.number().int(),
  query: z.object({
    q: z.string(),
    sort: z.enum(BOARD_SORTS),
    dir: z.enum(["asc", "desc"]),
    flag: z.enum(BOARD_FLAGS),
    days: z.number().int(),
    clinician: z.string(),
    page: z.number().int(),
    size: z.number().int(),
  }),
  asOf: instant,
  adherenceRule: adherenceRuleAnswer,
});
