// The edge of the study routes (issue 26): what an order, a signature and an amendment may say.

import { z } from "zod";
import { storableString } from "@/lib/text/storable";
import { dayParam } from "@/lib/time/range";
import { orderProblems } from "@/lib/sleep/study";
import { timezoneSchema } from "../accounts/users";
import { dayAnswer, instant } from "./api-schema";
import { idParam } from "./parse-request";

/** POST /api/patients/{asleepUserId}/studies */
export const studyOrderSchema = z
  .object({
    startDay: dayParam,
    windowDays: z.number().int().min(1).max(90),
    nightsWanted: z.number().int().min(1).max(90),
    minValidNights: z.number().int().min(1).max(90),
    /** Total sleep for a valid night, in minutes (30 min to 12 h). */
    minSleepMinutes: z.number().int().min(30).max(720),
  })
  .strict()
  .superRefine((order, ctx) => {
    for (const p of orderProblems(order)) ctx.addIssue({ code: "custom", path: [p.path], message: p.message });
  });

const text = (max: number) => storableString().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);

/** POST /api/studies/{id}/sign */
export const studySignSchema = z
  .object({
    impression: text(4000),
    recommendation: text(4000),
    /** The signer's zone (their browser's): the signing time is printed in it, with UTC. */
    zone: timezoneSchema,
  })
  .strict();

/** POST /api/studies/{id}/amend: a new version, with why. */
export const studyAmendSchema = z
  .object({
    impression: text(4000),
    recommendation: text(4000),
    zone: timezoneSchema,
    reason: text(1000),
  })
  .strict();

export const studyParams = z.object({ id: idParam });
export const studyVersionParams = z.object({ id: idParam, version: z.coerce.number().int().min(1).max(10_000) });

/** GET /api/studies?awaiting=signature */
export const awaitingSignatureQuery = z.object({ awaiting: z.literal("signature") }).strict();

/** A signed version of a study's or a period report's interpretation, as the API answers it (GET /api/studies/{id}/reports/{version}; a study's and a period report's `reports`). */
export const studyReportVersionAnswer = z.object({
  version: z.number().int(),
  impression: z.string(),
  recommendation: z.string(),
  /** Why it was amended; null for version 1. */
  amendmentReason: z.string().nullable(),
  signerName: z.string(),
  signerCredential: z.string(),
  signedAt: instant,
  /** The zone the signing time is printed in (with UTC). */
  signerZone: z.string(),
  /** The findings as printed: a study's adequacy line, a period report's nights. */
  findingsLine: z.string(),
  /** The stored PDF's SHA-256, hex. */
  pdfSha256: z.string(),
  /** Where its PDF is read back. */
  pdfUrl: z.string(),
});

/** One study as the API answers it (GET /api/studies/{id}; ordering, signing and amending answer it too). */
export const studyAnswer = z.object({
  id: z.string(),
  asleepUserId: z.string(),
  patientName: z.string(),
  startDay: dayAnswer,
  windowDays: z.number().int(),
  nightsWanted: z.number().int(),
  minValidNights: z.number().int(),
  minSleepMinutes: z.number().int(),
  lastDay: dayAnswer,
  orderedByName: z.string(),
  orderedAt: instant,
  /** The patient's zone, in which the days are counted. */
  zone: z.string(),
  status: z.object({
    from: dayAnswer,
    to: dayAnswer,
    /** The nights in the window, oldest first, valid or not. */
    nights: z.array(z.object({ id: z.string(), day: dayAnswer, state: z.enum(["COMPLETE", "INCOMPLETE"]), totalSleepSeconds: z.number(), valid: z.boolean(), why: z.string().nullable() })),
    recordedNights: z.number().int(),
    validNights: z.number().int(),
    daysLeft: z.number().int(),
    outcome: z.enum(["in-progress", "adequate", "failed"]),
    reason: z.string().nullable(),
  }),
  statusLine: z.string(),
  adequacyLine: z.string(),
  /** As the evaluation stored it (and raised its alert); null while undecided. */
  decided: z.object({ outcome: z.enum(["adequate", "failed"]), reason: z.string().nullable(), at: instant }).nullable(),
  /** Signed versions, newest first. */
  reports: z.array(studyReportVersionAnswer),
  /** Decided and not yet signed. */
  awaitingSignature: z.boolean(),
});

/** GET /api/patients/{asleepUserId}/studies */
export const studyListAnswer = z.object({ studies: z.array(studyAnswer) });

/** GET /api/studies?awaiting=signature: what awaits a signature, and how many. */
export const awaitingSignatureAnswer = z.object({
  count: z.number().int(),
  studies: z.array(z.object({ id: z.string(), asleepUserId: z.string(), patientName: z.string(), outcome: z.string(), decidedAt: instant })),
});

/** GET /api/studies/{id}/fhir and /api/period-reports/{id}/fhir: the newest signed version as a FHIR R4 DiagnosticReport, its PDF inline. */
export const signedDiagnosticReportAnswer = z
  .looseObject({
    resourceType: z.literal("DiagnosticReport"),
    status: z.enum(["final", "amended"]),
    presentedForm: z.array(z.looseObject({ contentType: z.literal("application/pdf"), data: z.string() })),
  })
  .meta({ description: "A FHIR R4 DiagnosticReport (https://hl7.org/fhir/R4/diagnosticreport.html) with the signed PDF as its presentedForm; docs/EXPORTS.md" });
