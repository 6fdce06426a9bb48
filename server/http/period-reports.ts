// The edge of the signed period report routes (issue 26 §3): what a signature and an amendment may say,
// and what the API answers. The interpretation's fields are the study's (server/http/studies.ts).

import { z } from "zod";
import { dayParam } from "@/lib/time/range";
import { withinLimits } from "../reports/period-request";
import { dayAnswer, instant } from "./api-schema";
import { studyAmendSchema, studyParams, studyReportVersionAnswer, studySignSchema, studyVersionParams } from "./studies";

/** POST /api/patients/{asleepUserId}/period-reports: sign the period report over [from, to] (at most 366 days). */
export const periodSignSchema = z
  .object({ from: dayParam, to: dayParam, ...studySignSchema.shape })
  .strict()
  .superRefine(withinLimits);

/** POST /api/period-reports/{id}/amend: a new version, with why (the same fields as a study's amendment). */
export const periodAmendSchema = studyAmendSchema;

export const periodReportParams = studyParams;
export const periodReportVersionParams = studyVersionParams;

/** One signed period report as the API answers it. */
export const periodReportAnswer = z.object({
  id: z.string(),
  asleepUserId: z.string(),
  from: dayAnswer,
  to: dayAnswer,
  createdByName: z.string(),
  createdAt: instant,
  /** Signed versions, newest first. */
  reports: z.array(studyReportVersionAnswer),
  /** The newest version as a FHIR DiagnosticReport. */
  fhirUrl: z.string(),
});

/** GET /api/patients/{asleepUserId}/period-reports */
export const periodReportListAnswer = z.object({ periodReports: z.array(periodReportAnswer) });
