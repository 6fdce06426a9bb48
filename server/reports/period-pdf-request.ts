// GET report.pdf: admitted first (one report at a time per account, a few per instance: else 429 with
// Retry-After), then the period read on the main thread (the epochs as text: server/data/period.ts
// periodSource) and handed to a worker thread, which computes the figures and draws the PDF
// (server/reports/pdf-pool.ts). The access log records the download once the PDF exists.

import { recordAccess } from "../data/access-log";
import { clinicAdherenceRule } from "../data/alert-settings";
import { periodSource } from "../data/period";
import { parseParams, parseQuery } from "../http/parse-request";
import { badRequest, notFound, tooManyRequests } from "../http/responses";
import { forViewer } from "../http/viewer";
import { getRuntime } from "../runtime";
import { TooManyNightsError } from "./report-limits";
import { downloadName, patientParams, periodQuery } from "./period-request";
import { reportLocale } from "./report-locale";

const ROUTE = "GET /api/patients/{asleepUserId}/report.pdf";

export const REFUSED = {
  account: "Your previous report is still being prepared: this one can be asked for when it is done",
  instance: "Several reports are being prepared: please try again in a few seconds",
} as const;

export async function periodPdfResponse(request: Request, params: Promise<{ asleepUserId: string }>): Promise<Response> {
  const path = parseParams(await params, patientParams);
  if (!path.ok) return path.response;
  const query = parseQuery(request, periodQuery);
  if (!query.ok) return query.response;
  return forViewer(request, ROUTE, async ({ viewer, audience }) => {
    const { db, config, reports } = getRuntime();
    // Before the database is read: a refused request costs nothing.
    const admission = reports.admit(viewer.accountId);
    if (!admission.ok) return tooManyRequests(REFUSED[admission.reason], admission.retryAfterSeconds);
    const { ticket } = admission;
    try {
      const source = await periodSource(db, audience, path.params.asleepUserId, query.query, await clinicAdherenceRule(db, config.adherenceRule), viewer.role === "patient");
      if (!source) return notFound();
      let pdf: Buffer;
      try {
        // In the language of whoever downloads it (their account's, else their page's).
        pdf = await ticket.render(source, new Date(), null, reportLocale(request, viewer));
      } catch (error) {
        if (error instanceof TooManyNightsError) return badRequest("Too many nights for one report", [{ path: "to", message: `${error.message}: choose a shorter period` }]);
        throw error;
      }
      const named = { asleepUserId: source.asleepUserId, figures: source.range };
      await recordAccess(db, viewer, { asleepUserId: source.asleepUserId, action: "export", resource: `period report PDF ${source.range.from} to ${source.range.to}` });
      return new Response(new Uint8Array(pdf), {
        headers: { "content-type": "application/pdf", "content-disposition": `attachment; filename="${downloadName(named, "sleep-report", "pdf")}"`, "cache-control": "no-store" },
      });
    } finally {
      ticket.release();
    }
  });
}
