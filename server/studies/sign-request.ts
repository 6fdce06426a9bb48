// POST /api/studies/{id}/sign and /amend: the interpretation signed (or amended) by a clinician of the
// patient. The PDF is drawn once, in the report workers (server/reports/pdf-pool.ts), and stored with its
// SHA-256; a signed version is never drawn or changed again.

import type { z } from "zod";
import { signStudy } from "../data/studies";
import { recordAccess } from "../data/access-log";
import { answerOf } from "../http/api-schema";
import { parseBody } from "../http/alerts";
import { isSameOrigin } from "../http/origin";
import { parseParams } from "../http/parse-request";
import { conflict, forbidden, json, notFound, tooManyRequests } from "../http/responses";
import { studyAmendSchema, studyAnswer, studyParams, studySignSchema } from "../http/studies";
import { forViewer } from "../http/viewer";
import { getRuntime } from "../runtime";
import { REFUSED } from "../reports/period-pdf-request";

export async function signResponse(request: Request, params: Promise<{ id: string }>, amend: boolean): Promise<Response> {
  const path = parseParams(await params, studyParams);
  if (!path.ok) return path.response;
  if (!isSameOrigin(request, getRuntime().config.publicUrl)) return forbidden("Forbidden: this request must come from the app's own pages");
  const route = amend ? "POST /api/studies/{id}/amend" : "POST /api/studies/{id}/sign";
  return forViewer(request, route, async ({ viewer, audience }) => {
    const parsed = amend ? await parseBody(request, studyAmendSchema, "Invalid amendment") : await parseBody(request, studySignSchema, "Invalid signature");
    if (!parsed.ok) return parsed.response;
    const body = parsed.body as z.infer<typeof studySignSchema> & { reason?: string };
    const { db, reports, logger } = getRuntime();
    const admission = reports.admit(viewer.accountId);
    if (!admission.ok) return tooManyRequests(REFUSED[admission.reason], admission.retryAfterSeconds);
    try {
      const result = await signStudy(
        db,
        viewer,
        audience,
        path.params.id,
        { impression: body.impression, recommendation: body.recommendation, zone: body.zone, ...(amend ? { amendmentReason: body.reason! } : {}) },
        (pdf) => admission.ticket.renderStudy(pdf),
      );
      switch (result.kind) {
        case "not-found":
          return notFound();
        case "forbidden":
          return forbidden(result.error);
        case "conflict":
          return conflict(result.error);
        case "signed":
          logger.info({ by: viewer.accountId, studyId: result.study.id, version: result.version.version, sha256: result.version.pdfSha256 }, amend ? "study report amended" : "study report signed");
          await recordAccess(db, viewer, { asleepUserId: result.study.asleepUserId, action: "export", resource: `study report ${result.study.id} version ${result.version.version} signed` });
          return json(answerOf(studyAnswer, result.study), 201);
      }
    } finally {
      admission.ticket.release();
    }
  });
}
