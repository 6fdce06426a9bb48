// Signing over HTTP, a study's report (POST /api/studies/{id}/sign, /amend) or a period report's
// (POST /api/patients/{asleepUserId}/period-reports, POST /api/period-reports/{id}/amend): same-origin only,
// the body checked, admitted to the report workers (server/reports/pdf-pool.ts) where the PDF is drawn once
// and stored with its SHA-256; a signed version is never drawn or changed again.

import type { z } from "zod";
import type { Viewer } from "../auth/viewer";
import type { Audience } from "../data/access";
import type { Refusal, SignedReportVersion } from "../data/signed-reports";
import { signStudy } from "../data/studies";
import { recordAccess } from "../data/access-log";
import { answerOf } from "../http/api-schema";
import { parseBody } from "../http/alerts";
import { isSameOrigin } from "../http/origin";
import { parseParams } from "../http/parse-request";
import { badRequest, conflict, forbidden, json, notFound, tooManyRequests } from "../http/responses";
import { studyAmendSchema, studyAnswer, studyParams, studySignSchema } from "../http/studies";
import { forViewer } from "../http/viewer";
import { getRuntime } from "../runtime";
import { REFUSED } from "../reports/period-pdf-request";
import { TooManyNightsError, type ReportTicket } from "../reports/report-limits";
import { reportLocale } from "../reports/report-locale";

/** What a signing answers once signed: the subject's answer, and what the log and the access log say. */
export interface Signed {
  body: unknown;
  asleepUserId: string;
  /** "study report {id}", "period report {id}". */
  what: string;
  version: SignedReportVersion;
}

/** What signing came to: refused (404, 403, 409), or signed. */
export type SignOutcome = Refusal | ({ kind: "signed" } & Signed);

/**
 * The common edge of every signature: origin, body, admission, the outcome as a status (201 with the
 * answer; 403, 404, 409 in words; 400 for a period too long to lay out), the log and the access log.
 */
export async function signingResponse<S extends z.ZodType>(
  request: Request,
  route: string,
  schema: S,
  sign: (who: { viewer: Viewer; audience: Audience }, body: z.infer<S>, ticket: ReportTicket) => Promise<SignOutcome>,
): Promise<Response> {
  if (!isSameOrigin(request, getRuntime().config.publicUrl)) return forbidden("Forbidden: this request must come from the app's own pages");
  return forViewer(request, route, async ({ viewer, audience }) => {
    const parsed = await parseBody(request, schema, route.endsWith("/amend") ? "Invalid amendment" : "Invalid signature");
    if (!parsed.ok) return parsed.response;
    const { db, reports, logger } = getRuntime();
    const admission = reports.admit(viewer.accountId);
    if (!admission.ok) return tooManyRequests(REFUSED[admission.reason], admission.retryAfterSeconds);
    try {
      const result = await sign({ viewer, audience }, parsed.body, admission.ticket);
      switch (result.kind) {
        case "not-found":
          return notFound();
        case "forbidden":
          return forbidden(result.error);
        case "conflict":
          return conflict(result.error);
        case "signed": {
          const amended = result.version.version > 1;
          logger.info({ by: viewer.accountId, report: result.what, version: result.version.version, sha256: result.version.pdfSha256 }, amended ? "report amended" : "report signed");
          await recordAccess(db, viewer, { asleepUserId: result.asleepUserId, action: "export", resource: `${result.what} version ${result.version.version} signed` });
          return json(result.body, 201);
        }
      }
    } catch (error) {
      if (error instanceof TooManyNightsError) return badRequest("Too many nights for one report", [{ path: "to", message: `${error.message}: choose a shorter period` }]);
      throw error;
    } finally {
      admission.ticket.release();
    }
  });
}

export async function signResponse(request: Request, params: Promise<{ id: string }>, amend: boolean): Promise<Response> {
  const path = parseParams(await params, studyParams);
  if (!path.ok) return path.response;
  const schema: z.ZodType<z.infer<typeof studySignSchema> & { reason?: string }> = amend ? studyAmendSchema : studySignSchema;
  return signingResponse(request, amend ? "POST /api/studies/{id}/amend" : "POST /api/studies/{id}/sign", schema, async ({ viewer, audience }, body, ticket) => {
    const reason = body.reason !== undefined ? { amendmentReason: body.reason } : {};
    const result = await signStudy(getRuntime().db, viewer, audience, path.params.id, { impression: body.impression, recommendation: body.recommendation, zone: body.zone, ...reason }, (pdf) => ticket.renderStudy({ ...pdf, locale: reportLocale(request, viewer) }));
    if (result.kind !== "signed") return result;
    return { kind: "signed", body: answerOf(studyAnswer, result.study), asleepUserId: result.study.asleepUserId, what: `study report ${result.study.id}`, version: result.version };
  });
}
