// Every admin route goes through here: 401 without a session, 404 for anyone but an admin (like the
// rest of the app, an admin page does not admit it exists), failures as forViewer answers them. Routes that
// change something also need a same-origin Origin (403), checked before anything is read or written.

import { z } from "zod";
import { idCursorParam } from "@/lib/navigation/cursor";
import { deliveryCursor } from "../data/deliveries";
import { instant, pagedAnswer } from "./api-schema";
import { isSameOrigin } from "./origin";
import { idParam } from "./parse-request";
import { forbidden, notFound } from "./responses";
import { forViewer, type Who } from "./viewer";
import { getRuntime } from "../runtime";

/** The path parameters of /api/admin/people/{asleepUserId} and what lies under it. */
export const personParams = z.object({ asleepUserId: idParam });

export function forAdmin(request: Request, route: string, respond: (who: Who) => Promise<Response>): Promise<Response> {
  return forViewer(request, route, (who) => (who.viewer.role === "admin" ? respond(who) : Promise.resolve(notFound())));
}

/** POST, PUT, PATCH, DELETE under /api/admin: the Origin check (CSRF), then as forAdmin. */
export async function forAdminChange(request: Request, route: string, respond: (who: Who) => Promise<Response>): Promise<Response> {
  if (!isSameOrigin(request, getRuntime().config.publicUrl)) {
    getRuntime().logger.warn({ route, status: 403 }, "admin request refused: not from the app's own origin");
    return forbidden("Forbidden: this request must come from the app's own pages");
  }
  return forAdmin(request, route, respond);
}

/** GET /api/admin/access-log?asleepUserId=&limit=&before= */
export const accessLogQuery = z.object({
  asleepUserId: idParam.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: idCursorParam.optional(),
});

/** GET /api/admin/access-log.csv?asleepUserId= */
export const accessLogCsvQuery = accessLogQuery.pick({ asleepUserId: true });

/** One entry of the access log: who viewed or exported which patient's data, and when. */
export const accessEntryAnswer = z.object({
  id: z.string(),
  at: instant,
  viewerId: z.string().nullable(),
  viewerName: z.string().nullable(),
  viewerEmail: z.string(),
  viewerRole: z.string(),
  asleepUserId: z.string(),
  patientName: z.string().nullable(),
  patientEmail: z.string().nullable(),
  action: z.string(),
  resource: z.string(),
});
export const accessLogAnswer = pagedAnswer("entries", accessEntryAnswer);

/** GET /api/admin/deliveries?sessionId=&userId=&limit=&before= */
export const deliveryListQuery = z.object({
  sessionId: idParam.optional(),
  userId: idParam.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: deliveryCursor.optional(),
});

/** One webhook delivery in the audit log (no body). */
export const deliveryAnswer = z.object({
  id: z.string(),
  receivedAt: instant,
  requestId: z.string(),
  event: z.string(),
  version: z.string().nullable(),
  sessionId: z.string().nullable(),
  userId: z.string().nullable(),
  inferenceSeqNum: z.number().int().nullable(),
  outcome: z.enum(["STORED", "DUPLICATE", "LATE", "IGNORED"]),
});
export const deliveryListAnswer = pagedAnswer("deliveries", deliveryAnswer);

/** POST /api/admin/deliveries/{id}/replay: the audit entry's id. */
export const replayParams = z.object({ id: z.string().regex(/^[1-9][0-9]{0,17}$/, "must be an audit entry id (a positive integer)").transform(BigInt) });

/** What replaying a stored delivery did. */
export const replayAnswer = z.object({
  replayOf: z.string(),
  requestId: z.string(),
  outcome: z.enum(["STORED", "DUPLICATE", "LATE", "IGNORED"]),
  event: z.string(),
  sessionId: z.string().nullable(),
});

/** DELETE /api/admin/people/{asleepUserId}: how many rows of each kind were deleted. */
export const personDeletedAnswer = z.object({
  asleepUserId: z.string(),
  deleted: z.record(z.string(), z.number().int()),
});
