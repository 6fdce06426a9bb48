// The period routes (report.pdf, report.csv, nights.csv, the patient's FHIR bundle) read a request the
// same way: the patient from the path, the days from the query (each from 1970 to 2199, at most
// MAX_PERIOD_DAYS of them); then find the report for whoever asks, or 404.

import { z } from "zod";
import { addDays, daysBetween, type Day } from "@/lib/sleep/adherence";
import { dayParam } from "@/lib/time/range";
import { recordAccess } from "../data/access-log";
import { clinicAdherenceRule } from "../data/alert-settings";
import { periodReport, type PeriodReport } from "../data/period";
import { idParam, parseParams, parseQuery } from "../http/parse-request";
import { notFound } from "../http/responses";
import { forViewer } from "../http/viewer";
import { getRuntime } from "../runtime";

/** The longest period one report covers. */
export const MAX_PERIOD_DAYS = 366;

export const withinLimits = (q: { from: Day; to: Day }, ctx: z.RefinementCtx) => {
  if (q.from > q.to) ctx.addIssue({ code: "custom", path: ["to"], message: "must not be before from" });
  else if (daysBetween(q.from, q.to) > MAX_PERIOD_DAYS) ctx.addIssue({ code: "custom", path: ["to"], message: `the period may be at most ${MAX_PERIOD_DAYS} days` });
};

export const periodQuery = z.object({ from: dayParam, to: dayParam }).superRefine(withinLimits);

/** nights.csv: the same, with the last 30 days (ending today, UTC) when the days are left out. */
export const nightsQuery = z
  .object({ from: dayParam.optional(), to: dayParam.optional() })
  .transform((q) => {
    const to = q.to ?? (q.from && addDays(q.from, 29) < today() ? addDays(q.from, 29) : today());
    return { from: q.from ?? addDays(to, -29), to };
  })
  .superRefine(withinLimits);

const today = () => new Date().toISOString().slice(0, 10);

export const patientParams = z.object({ asleepUserId: idParam });

export async function forPeriod(
  request: Request,
  route: string,
  params: Promise<{ asleepUserId: string }>,
  schema: typeof periodQuery | typeof nightsQuery,
  respond: (report: PeriodReport) => Promise<Response> | Response,
  /** What the access log calls this download ("period report PDF"). */
  what: string,
): Promise<Response> {
  const path = parseParams(await params, patientParams);
  if (!path.ok) return path.response;
  const query = parseQuery(request, schema);
  if (!query.ok) return query.response;
  return forViewer(request, route, async ({ viewer, audience }) => {
    const { db, config } = getRuntime();
    const report = await periodReport(db, audience, path.params.asleepUserId, query.query, await clinicAdherenceRule(db, config.adherenceRule), viewer.role === "patient");
    if (!report) return notFound();
    await recordAccess(db, viewer, { asleepUserId: report.asleepUserId, action: "export", resource: `${what} ${report.figures.from} to ${report.figures.to}` });
    return respond(report);
  });
}

/** A download's name: the patient and the days, in characters every file system takes. */
export const downloadName = (report: { asleepUserId: string; figures: { from: string; to: string } }, kind: string, extension: string) =>
  `${kind}-${report.asleepUserId.replace(/[^A-Za-z0-9_.-]/g, "_")}-${report.figures.from}-to-${report.figures.to}.${extension}`;
