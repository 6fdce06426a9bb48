// The OpenAPI 3.1 document of the JSON API, served at /api/openapi.json. It is generated from the same
// zod schemas that validate the requests (path, query, body) and type the answers (api-schema.ts's
// answerOf), with zod's own z.toJSONSchema (JSON Schema 2020-12, OpenAPI 3.1's dialect), so the
// document cannot say something the routes do not. OPERATIONS lists every route under app/api; the
// few left out are in NOT_DOCUMENTED with the reason (server/http/openapi.test.ts checks both lists
// against the route files).

import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { boardQuerySchema } from "@/lib/board/query";
import { accountAnswer, accountChangeSchema, accountCreateSchema, accountListAnswer, accountParams, accountSearchQuery, passwordSetAnswer, passwordSetSchema, resetLinkAnswer } from "../accounts/admin";
import { accountCredentialAnswer, accountCredentialSchema, accountTimezoneAnswer, accountLocaleSchema, accountLocaleAnswer, accountTimezoneSchema, sleepNeedAnswer, sleepNeedSchema } from "../accounts/users";
import { boardAnswer } from "../board/request";
import { diaryAnswer, diaryAnswersSchema, diaryParams, diaryRangeQuery, diaryRecordAnswer } from "../data/diary";
import { nightNotesAnswer, newNoteSchema, noteAnswer, noteEditSchema, noteParams, notesPageQuery, patientNotesAnswer, patientNotesPageQuery } from "../data/notes";
import { pushStatusAnswer, pushStatusQuery, pushSubscribedAnswer, pushSubscriptionSchema, pushUnsubscribeSchema } from "../data/push-subscriptions";
import { nightTagsBodySchema } from "../data/tags";
import { fhirBundleAnswer, omhDataPointAnswer } from "../exports/night-request";
import { healthAnswer } from "../health";
import {
  endpointChangeAnswer,
  endpointChangeBody,
  endpointListAnswer,
  endpointParams,
  endpointSecretAnswer,
  newEndpointBody,
  outboundDeliveryListAnswer,
  outboundDeliveryParams,
  outboundDeliveryQuery,
  outboundReplayAnswer,
  testEventAnswer,
} from "../outbound/admin-input";
import { nightsQuery, periodQuery } from "../reports/period-request";
import { accessLogAnswer, accessLogCsvQuery, accessLogQuery, deliveryListAnswer, deliveryListQuery, personDeletedAnswer, personParams, replayAnswer, replayParams } from "./admin";
import {
  alertActionParams,
  alertAssignBody,
  alertBulkAnswer,
  alertBulkBody,
  alertChangeAnswer,
  alertCountAnswer,
  alertEmailAnswer,
  alertEmailBody,
  alertIdParams,
  alertListAnswer,
  alertListQuery,
  clinicRulesAnswer,
  clinicRulesBody,
  patientRulesAnswer,
  patientRulesBody,
} from "./alerts";
import { errorAnswer } from "./api-schema";
import { clinicianTimeEntryAnswer, clinicianTimeEntrySchema, clinicianTimeMonthAnswer, clinicianTimeQuerySchema } from "./clinician-time";
import { enrolmentAnswer, enrolmentChangeSchema } from "./enrolment";
import { sessionParams } from "./parse-request";
import { periodAmendSchema, periodReportAnswer, periodReportListAnswer, periodReportParams, periodReportVersionParams, periodSignSchema } from "./period-reports";
import { nightTagsAnswer, sessionDetailAnswer, sessionListAnswer, sessionListQuery } from "./sessions";
import {
  awaitingSignatureAnswer,
  awaitingSignatureQuery,
  studyAmendSchema,
  studyAnswer,
  signedDiagnosticReportAnswer,
  studyListAnswer,
  studyOrderSchema,
  studyParams,
  studyReportVersionAnswer,
  studySignSchema,
  studyVersionParams,
} from "./studies";

export type Method = "get" | "post" | "put" | "patch" | "delete";

export interface ApiAnswer {
  status: number;
  description: string;
  /** The answer's schema (JSON unless `contentType` says otherwise); none: no body (204). */
  schema?: z.ZodType;
  contentType?: string;
}

export interface ApiOperation {
  method: Method;
  /** As OpenAPI writes it: /api/sessions/{id}. */
  path: string;
  summary: string;
  tag: string;
  /** Answers without a sign-in (no 401). */
  open?: true;
  /** A change the app's own pages make: without their `Origin`, 403 before anything is read. */
  sameOrigin?: true;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** What it answers when it succeeds; none: it never does (a signed report's PUT, PATCH, DELETE: always 409). */
  answer?: ApiAnswer;
  /** Error statuses besides 400 (a bad parameter or body), 401 (signed out), 403 (other origin) and 503. */
  errors?: Partial<Record<number, string>>;
}

/** Route files under app/api left out of the document on purpose, by their OpenAPI path, and why. */
export const NOT_DOCUMENTED: Record<string, string> = {
  "/api/auth/{all}": "better-auth's own sign-in, sign-out and password-reset endpoints (https://www.better-auth.com/docs/api-reference); signing in is shown in docs/API.md",
  "/api/asleep-webhook": "the inbound webhook Asleep calls, with its API key: its contract is Asleep's, described in docs/ASLEEP.md",
  "/api/openapi.json": "this document itself",
};

// Destination rules only refine a URL; the document describes the shape, which is the same under both.
const documentedPolicy = { allowLoopback: false };

const NOT_YOURS = "Not found, or not yours to see";
const ADMINS = "Not found (anyone but an admin: the admin API does not admit it exists)";
const CSV = "text/csv; charset=utf-8";
const text = (description: string) => z.string().meta({ description });

export const OPERATIONS: ApiOperation[] = [
  // ── Nights ──
  { method: "get", path: "/api/sessions", tag: "Nights", summary: "The nights you may see, newest first, a page at a time", query: sessionListQuery, answer: { status: 200, description: "A page of nights", schema: sessionListAnswer } },
  { method: "get", path: "/api/sessions/{id}", tag: "Nights", summary: "One night, whole, as merged so far", params: sessionParams, answer: { status: 200, description: "The night", schema: sessionDetailAnswer }, errors: { 404: NOT_YOURS } },
  { method: "get", path: "/api/sessions/{id}/export.csv", tag: "Exports", summary: "The night's epochs as CSV: epoch,time,local_time,timezone,stage,stage_value,snoring", params: sessionParams, answer: { status: 200, description: "One row per epoch", contentType: CSV, schema: text("CSV") }, errors: { 404: NOT_YOURS } },
  { method: "get", path: "/api/sessions/{id}/fhir", tag: "Exports", summary: "The night as a FHIR R4 Bundle of Observations", params: sessionParams, answer: { status: 200, description: "A FHIR Bundle", contentType: "application/fhir+json", schema: fhirBundleAnswer }, errors: { 404: NOT_YOURS } },
  { method: "get", path: "/api/sessions/{id}/omh", tag: "Exports", summary: "The night as an Open mHealth sleep-episode data point", params: sessionParams, answer: { status: 200, description: "An Open mHealth data point", schema: omhDataPointAnswer }, errors: { 404: NOT_YOURS, 409: "The night is still being recorded" } },
  { method: "get", path: "/api/sessions/{id}/tags", tag: "Nights", summary: "The night's tags, whether you may change them, and the choices", params: sessionParams, answer: { status: 200, description: "The tags", schema: nightTagsAnswer }, errors: { 404: NOT_YOURS } },
  { method: "put", path: "/api/sessions/{id}/tags", tag: "Nights", sameOrigin: true, summary: "Replace the night's tags (its own sleeper only)", params: sessionParams, body: nightTagsBodySchema, answer: { status: 200, description: "The tags now", schema: nightTagsAnswer }, errors: { 403: "From another origin, or not the night's own sleeper", 404: NOT_YOURS } },
  // ── Notes ──
  { method: "get", path: "/api/sessions/{id}/notes", tag: "Notes", summary: "The notes on one night, newest first, a page at a time", params: sessionParams, query: notesPageQuery, answer: { status: 200, description: "A page of notes", schema: nightNotesAnswer }, errors: { 404: NOT_YOURS } },
  { method: "post", path: "/api/sessions/{id}/notes", tag: "Notes", sameOrigin: true, summary: "Write a note on the night (the patient's clinicians, admins)", params: sessionParams, body: newNoteSchema, answer: { status: 201, description: "The note", schema: noteAnswer }, errors: { 404: NOT_YOURS } },
  { method: "get", path: "/api/patients/{asleepUserId}/notes", tag: "Notes", summary: "The notes on a patient and their nights, newest first, a page at a time", params: personParams, query: patientNotesPageQuery, answer: { status: 200, description: "A page of notes", schema: patientNotesAnswer }, errors: { 404: NOT_YOURS } },
  { method: "post", path: "/api/patients/{asleepUserId}/notes", tag: "Notes", sameOrigin: true, summary: "Write a note on the patient (the patient's clinicians, admins)", params: personParams, body: newNoteSchema, answer: { status: 201, description: "The note", schema: noteAnswer }, errors: { 404: NOT_YOURS } },
  { method: "get", path: "/api/notes/{id}", tag: "Notes", summary: "One note with its whole history", params: noteParams, answer: { status: 200, description: "The note", schema: noteAnswer }, errors: { 404: NOT_YOURS } },
  { method: "patch", path: "/api/notes/{id}", tag: "Notes", sameOrigin: true, summary: "Edit a note or toggle its sharing; the version replaced joins its history", params: noteParams, body: noteEditSchema, answer: { status: 200, description: "The note", schema: noteAnswer }, errors: { 404: NOT_YOURS, 409: "The note changed since `version`: `note` is how it now is" } },
  // ── Patients ──
  { method: "get", path: "/api/patients/{asleepUserId}/enrolment", tag: "Patients", summary: "The patient's enrolment day", params: personParams, answer: { status: 200, description: "The enrolment", schema: enrolmentAnswer }, errors: { 404: NOT_YOURS } },
  { method: "put", path: "/api/patients/{asleepUserId}/enrolment", tag: "Patients", sameOrigin: true, summary: "Set the patient's enrolment day (their clinicians, admins)", params: personParams, body: enrolmentChangeSchema, answer: { status: 200, description: "The enrolment", schema: enrolmentAnswer }, errors: { 404: NOT_YOURS } },
  { method: "get", path: "/api/patients/{asleepUserId}/clinician-time", tag: "Patients", summary: "A month's clinician time and its total against the billing steps", params: personParams, query: clinicianTimeQuerySchema, answer: { status: 200, description: "The month", schema: clinicianTimeMonthAnswer }, errors: { 404: NOT_YOURS } },
  { method: "post", path: "/api/patients/{asleepUserId}/clinician-time", tag: "Patients", sameOrigin: true, summary: "Record minutes spent on the patient", params: personParams, body: clinicianTimeEntrySchema, answer: { status: 201, description: "The entry", schema: clinicianTimeEntryAnswer }, errors: { 404: NOT_YOURS } },
  { method: "get", path: "/api/patients/{asleepUserId}/alert-rules", tag: "Alerts", summary: "The patient's overrides of the clinic's alert thresholds", params: personParams, answer: { status: 200, description: "The rules", schema: patientRulesAnswer }, errors: { 404: NOT_YOURS } },
  { method: "put", path: "/api/patients/{asleepUserId}/alert-rules", tag: "Alerts", sameOrigin: true, summary: "Replace the patient's overrides ({} = the clinic's rules)", params: personParams, body: patientRulesBody, answer: { status: 200, description: "The rules", schema: patientRulesAnswer }, errors: { 404: NOT_YOURS } },
  { method: "get", path: "/api/patients/{asleepUserId}/fhir", tag: "Exports", summary: "The period's nights as one FHIR R4 Bundle (the last 30 days by default)", params: personParams, query: nightsQuery, answer: { status: 200, description: "A FHIR Bundle", contentType: "application/fhir+json", schema: fhirBundleAnswer }, errors: { 404: NOT_YOURS } },
  { method: "get", path: "/api/patients/{asleepUserId}/nights.csv", tag: "Exports", summary: "The period's nights as CSV, one row per night (the last 30 days by default)", params: personParams, query: nightsQuery, answer: { status: 200, description: "One row per night", contentType: CSV, schema: text("CSV") }, errors: { 404: NOT_YOURS } },
  { method: "get", path: "/api/patients/{asleepUserId}/report.csv", tag: "Exports", summary: "The period report's nights as CSV, with notes, compliance and enrolment", params: personParams, query: periodQuery, answer: { status: 200, description: "One row per night", contentType: CSV, schema: text("CSV") }, errors: { 404: NOT_YOURS } },
  { method: "get", path: "/api/patients/{asleepUserId}/report.pdf", tag: "Exports", summary: "The period report as a tagged PDF, drawn off the event loop", params: personParams, query: periodQuery, answer: { status: 200, description: "The PDF (an attachment)", contentType: "application/pdf", schema: z.string().meta({ contentMediaType: "application/pdf" }) }, errors: { 404: NOT_YOURS, 429: "Your previous report (or 3 others) is still being prepared: try again after Retry-After seconds" } },
  { method: "get", path: "/api/patients/{asleepUserId}/diary", tag: "Sleep diary", summary: "Today's diary (which night, until when, the entry if filled in) and reported against measured for nights from..to (default: the 30 ending with today's)", params: personParams, query: diaryRangeQuery, answer: { status: 200, description: "Today's diary and the comparison", schema: diaryAnswer }, errors: { 404: NOT_YOURS } },
  { method: "put", path: "/api/patients/{asleepUserId}/diary/{night}", tag: "Sleep diary", sameOrigin: true, summary: "The sleeper fills in or changes their diary for the night that ended this morning (clock times in their zone)", params: diaryParams, body: diaryAnswersSchema, answer: { status: 200, description: "The entry", schema: diaryRecordAnswer }, errors: { 403: "From another origin, or not the sleeper themself (their clinicians and admins read it)", 404: NOT_YOURS, 409: "Not the night that ended this morning: its day is over, or it has not ended" } },
  // ── Studies ──
  { method: "get", path: "/api/patients/{asleepUserId}/studies", tag: "Studies", summary: "The patient's multi-night studies with their status", params: personParams, answer: { status: 200, description: "The studies", schema: studyListAnswer }, errors: { 404: NOT_YOURS } },
  { method: "post", path: "/api/patients/{asleepUserId}/studies", tag: "Studies", sameOrigin: true, summary: "Order a multi-night study (the patient's clinicians, admins)", params: personParams, body: studyOrderSchema, answer: { status: 201, description: "The study", schema: studyAnswer }, errors: { 404: NOT_YOURS } },
  { method: "get", path: "/api/studies", tag: "Studies", summary: "The studies decided and not yet signed, of your patients (an admin: everyone's)", query: awaitingSignatureQuery, answer: { status: 200, description: "What awaits a signature", schema: awaitingSignatureAnswer } },
  { method: "get", path: "/api/studies/{id}", tag: "Studies", summary: "One study, its status and its signed versions (newest first)", params: studyParams, answer: { status: 200, description: "The study", schema: studyAnswer }, errors: { 404: NOT_YOURS } },
  { method: "post", path: "/api/studies/{id}/sign", tag: "Studies", sameOrigin: true, summary: "Sign the study's interpretation (a clinician of the patient); its PDF is drawn once and stored with its SHA-256", params: studyParams, body: studySignSchema, answer: { status: 201, description: "The study, with its signed version", schema: studyAnswer }, errors: { 403: "From another origin, or not a clinician of the patient", 404: NOT_YOURS, 409: "Signed already (amend it), still in progress, or you have no credential yet", 429: "Your previous report (or 3 others) is still being prepared: try again after Retry-After seconds" } },
  { method: "post", path: "/api/studies/{id}/amend", tag: "Studies", sameOrigin: true, summary: "Amend a signed report, with a reason: a new signed version; the earlier ones are kept", params: studyParams, body: studyAmendSchema, answer: { status: 201, description: "The study, with its new version first", schema: studyAnswer }, errors: { 403: "From another origin, or not a clinician of the patient", 404: NOT_YOURS, 409: "Nothing signed to amend yet, or you have no credential", 429: "Your previous report (or 3 others) is still being prepared: try again after Retry-After seconds" } },
  { method: "get", path: "/api/studies/{id}/reports/{version}", tag: "Studies", summary: "One signed version of the study's report", params: studyVersionParams, answer: { status: 200, description: "The version", schema: studyReportVersionAnswer }, errors: { 404: NOT_YOURS } },
  ...(["put", "patch", "delete"] as const).map(
    (method): ApiOperation => ({ method, path: "/api/studies/{id}/reports/{version}", tag: "Studies", sameOrigin: true, summary: "Refused: a signed version is final (amend it: POST /api/studies/{id}/amend)", params: studyVersionParams, errors: { 404: NOT_YOURS, 409: "Always, for whoever may see it: a signed report is final and cannot be changed" } }),
  ),
  { method: "get", path: "/api/studies/{id}/reports/{version}/report.pdf", tag: "Exports", summary: "A signed version's PDF exactly as stored, its SHA-256 in x-content-sha256", params: studyVersionParams, answer: { status: 200, description: "The PDF (an attachment)", contentType: "application/pdf", schema: z.string().meta({ contentMediaType: "application/pdf" }) }, errors: { 404: NOT_YOURS } },
  { method: "get", path: "/api/studies/{id}/fhir", tag: "Exports", summary: "The newest signed version as a FHIR R4 DiagnosticReport, its PDF inline", params: studyParams, answer: { status: 200, description: "A FHIR DiagnosticReport", contentType: "application/fhir+json", schema: signedDiagnosticReportAnswer }, errors: { 404: "Not found, not yours to see, or nothing signed yet" } },
  // ── Signed period reports ──
  { method: "get", path: "/api/patients/{asleepUserId}/period-reports", tag: "Studies", summary: "The patient's signed period reports, every version (newest first)", params: personParams, answer: { status: 200, description: "The signed period reports", schema: periodReportListAnswer }, errors: { 404: NOT_YOURS } },
  { method: "post", path: "/api/patients/{asleepUserId}/period-reports", tag: "Studies", sameOrigin: true, summary: "Sign the period report over from..to with an interpretation (a clinician of the patient); its PDF is drawn once and stored with its SHA-256", params: personParams, body: periodSignSchema, answer: { status: 201, description: "The period report, with its signed version", schema: periodReportAnswer }, errors: { 400: "A bad range, or more nights than one report lays out", 403: "From another origin, or not a clinician of the patient", 404: NOT_YOURS, 409: "That period is signed already (amend it), or you have no credential yet", 429: "Your previous report (or 3 others) is still being prepared: try again after Retry-After seconds" } },
  { method: "get", path: "/api/period-reports/{id}", tag: "Studies", summary: "One signed period report and its versions (newest first)", params: periodReportParams, answer: { status: 200, description: "The period report", schema: periodReportAnswer }, errors: { 404: NOT_YOURS } },
  { method: "post", path: "/api/period-reports/{id}/amend", tag: "Studies", sameOrigin: true, summary: "Amend a signed period report, with a reason: a new signed version; the earlier ones are kept", params: periodReportParams, body: periodAmendSchema, answer: { status: 201, description: "The period report, with its new version first", schema: periodReportAnswer }, errors: { 403: "From another origin, or not a clinician of the patient", 404: NOT_YOURS, 409: "You have no credential yet", 429: "Your previous report (or 3 others) is still being prepared: try again after Retry-After seconds" } },
  { method: "get", path: "/api/period-reports/{id}/reports/{version}", tag: "Studies", summary: "One signed version of the period report", params: periodReportVersionParams, answer: { status: 200, description: "The version", schema: studyReportVersionAnswer }, errors: { 404: NOT_YOURS } },
  ...(["put", "patch", "delete"] as const).map(
    (method): ApiOperation => ({ method, path: "/api/period-reports/{id}/reports/{version}", tag: "Studies", sameOrigin: true, summary: "Refused: a signed version is final (amend it: POST /api/period-reports/{id}/amend)", params: periodReportVersionParams, errors: { 404: NOT_YOURS, 409: "Always, for whoever may see it: a signed report is final and cannot be changed" } }),
  ),
  { method: "get", path: "/api/period-reports/{id}/reports/{version}/report.pdf", tag: "Exports", summary: "A signed period report's PDF exactly as stored, its SHA-256 in x-content-sha256", params: periodReportVersionParams, answer: { status: 200, description: "The PDF (an attachment)", contentType: "application/pdf", schema: z.string().meta({ contentMediaType: "application/pdf" }) }, errors: { 404: NOT_YOURS } },
  { method: "get", path: "/api/period-reports/{id}/fhir", tag: "Exports", summary: "The newest signed version of a period report as a FHIR R4 DiagnosticReport, its PDF inline", params: periodReportParams, answer: { status: 200, description: "A FHIR DiagnosticReport", contentType: "application/fhir+json", schema: signedDiagnosticReportAnswer }, errors: { 404: NOT_YOURS } },
  // ── Board ──
  { method: "get", path: "/api/board", tag: "Board", summary: "The clinician board, as the page shows it", query: boardQuerySchema, answer: { status: 200, description: "A page of the board", schema: boardAnswer }, errors: { 404: "A patient has no board" } },
  { method: "get", path: "/api/board.csv", tag: "Board", summary: "Every page of the board's view as CSV, one row per patient", query: boardQuerySchema, answer: { status: 200, description: "One row per patient", contentType: CSV, schema: text("CSV") }, errors: { 404: "A patient has no board" } },
  { method: "get", path: "/api/billing.csv", tag: "Patients", summary: "The month's monitoring and clinician-time counts as CSV, one row per patient", query: clinicianTimeQuerySchema, answer: { status: 200, description: "One row per patient", contentType: CSV, schema: text("CSV") }, errors: { 404: "A patient has no billing" } },
  // ── Alerts ──
  { method: "get", path: "/api/alerts", tag: "Alerts", summary: "Your alert inbox, newest first, a page at a time", query: alertListQuery, answer: { status: 200, description: "A page of alerts", schema: alertListAnswer }, errors: { 404: "A patient has no inbox" } },
  { method: "get", path: "/api/alerts/count", tag: "Alerts", summary: "How many of your alerts are not yet resolved", answer: { status: 200, description: "The count", schema: alertCountAnswer }, errors: { 404: "A patient has no inbox" } },
  { method: "post", path: "/api/alerts/{id}/{action}", tag: "Alerts", sameOrigin: true, summary: "Acknowledge or resolve an alert", params: alertActionParams, answer: { status: 200, description: "The alert, with who and when", schema: alertChangeAnswer }, errors: { 404: NOT_YOURS, 409: "Someone acted on it first: `alert` is how it now is" } },
  { method: "put", path: "/api/alerts/{id}/assignee", tag: "Alerts", sameOrigin: true, summary: "Give an alert to a clinician by a day, or to nobody", params: alertIdParams, body: alertAssignBody, answer: { status: 200, description: "The alert", schema: alertChangeAnswer }, errors: { 404: NOT_YOURS, 409: "The alert is resolved: `alert` is how it now is", 422: "That clinician may not take this patient's alerts" } },
  { method: "post", path: "/api/alerts/bulk", tag: "Alerts", sameOrigin: true, summary: "Acknowledge or resolve many alerts with one comment", body: alertBulkBody, answer: { status: 200, description: "Each alert's own outcome", schema: alertBulkAnswer }, errors: { 404: "A patient has no inbox" } },
  { method: "get", path: "/api/alerts/rules", tag: "Alerts", summary: "The clinic's alert thresholds and adherence rule (admins)", answer: { status: 200, description: "The rules", schema: clinicRulesAnswer }, errors: { 404: ADMINS } },
  { method: "put", path: "/api/alerts/rules", tag: "Alerts", sameOrigin: true, summary: "Set the clinic's alert thresholds and adherence rule (admins)", body: clinicRulesBody, answer: { status: 200, description: "The rules", schema: clinicRulesAnswer }, errors: { 404: ADMINS } },
  // ── Your account ──
  { method: "get", path: "/api/account/alert-email", tag: "Account", summary: "How you hear of alerts by e-mail (clinicians, admins)", answer: { status: 200, description: "The choice", schema: alertEmailAnswer }, errors: { 404: "A patient has no alerts" } },
  { method: "put", path: "/api/account/alert-email", tag: "Account", sameOrigin: true, summary: "Choose how you hear of alerts by e-mail", body: alertEmailBody, answer: { status: 200, description: "The choice", schema: alertEmailAnswer }, errors: { 404: "A patient has no alerts" } },
  { method: "put", path: "/api/account/sleep-need", tag: "Account", sameOrigin: true, summary: "A sleeper sets their nightly sleep need", body: sleepNeedSchema, answer: { status: 200, description: "The need set", schema: sleepNeedAnswer }, errors: { 403: "From another origin, or not a sleeper" } },
  { method: "put", path: "/api/account/timezone", tag: "Account", sameOrigin: true, summary: "A sleeper sets the zone their nights are drawn in", body: accountTimezoneSchema, answer: { status: 200, description: "The zone set, in its normal form", schema: accountTimezoneAnswer }, errors: { 403: "From another origin, or not a sleeper" } },
  { method: "put", path: "/api/account/locale", tag: "Account", sameOrigin: true, summary: "Choose the language of your pages, e-mails, notifications and PDFs (null: your browser's)", body: accountLocaleSchema, answer: { status: 200, description: "The language set", schema: accountLocaleAnswer }, errors: { 403: "From another origin" } },
  { method: "put", path: "/api/account/credential", tag: "Account", sameOrigin: true, summary: "A clinician (or an admin) sets the credential printed after their name when they sign a study report", body: accountCredentialSchema, answer: { status: 200, description: "The credential set", schema: accountCredentialAnswer }, errors: { 403: "From another origin, or a sleeper (who signs no report)" } },
  { method: "get", path: "/api/account/push", tag: "Account", summary: "The key to subscribe to the morning notification (Web Push) with, and whether this browser gets it (sleepers)", query: pushStatusQuery, answer: { status: 200, description: "The key, and whether subscribed", schema: pushStatusAnswer }, errors: { 404: "Anyone but a sleeper (no morning notification)" } },
  { method: "post", path: "/api/account/push", tag: "Account", sameOrigin: true, summary: "This browser gets the morning notification: its PushSubscription.toJSON() (sleepers)", body: pushSubscriptionSchema(documentedPolicy), answer: { status: 201, description: "Subscribed", schema: pushSubscribedAnswer }, errors: { 404: "Anyone but a sleeper (no morning notification)" } },
  { method: "delete", path: "/api/account/push", tag: "Account", sameOrigin: true, summary: "This browser (its subscription's endpoint) stops getting the morning notification", body: pushUnsubscribeSchema, answer: { status: 204, description: "Stopped" }, errors: { 404: "Anyone but a sleeper (no morning notification)" } },
  // ── Administration ──
  { method: "get", path: "/api/admin/accounts", tag: "Administration", summary: "Every account, or those matching q", query: accountSearchQuery, answer: { status: 200, description: "The accounts", schema: accountListAnswer }, errors: { 404: ADMINS } },
  { method: "post", path: "/api/admin/accounts", tag: "Administration", sameOrigin: true, summary: "Create an account, as `npm run users -- add` does", body: accountCreateSchema, answer: { status: 201, description: "The account", schema: accountAnswer }, errors: { 404: ADMINS, 409: "The e-mail or the Asleep user is taken" } },
  { method: "patch", path: "/api/admin/accounts/{id}", tag: "Administration", sameOrigin: true, summary: "Disable or re-enable an account; a patient's clinicians", params: accountParams, body: accountChangeSchema, answer: { status: 200, description: "The account", schema: accountAnswer }, errors: { 404: ADMINS, 409: "The change conflicts with the account as it is" } },
  { method: "put", path: "/api/admin/accounts/{id}/credential", tag: "Administration", sameOrigin: true, summary: "Set the credential a clinician (or admin) signs study reports with", params: accountParams, body: accountCredentialSchema, answer: { status: 200, description: "The credential set", schema: accountCredentialAnswer }, errors: { 404: ADMINS + "; or an account that is not a clinician's or an admin's" } },
  { method: "post", path: "/api/admin/accounts/{id}/password", tag: "Administration", sameOrigin: true, summary: "Set an account's password (its sessions end)", params: accountParams, body: passwordSetSchema, answer: { status: 200, description: "Done", schema: passwordSetAnswer }, errors: { 404: ADMINS } },
  { method: "post", path: "/api/admin/accounts/{id}/reset-link", tag: "Administration", sameOrigin: true, summary: "A one-time password reset link to give the person", params: accountParams, answer: { status: 201, description: "The link", schema: resetLinkAnswer }, errors: { 404: ADMINS } },
  { method: "get", path: "/api/admin/access-log", tag: "Administration", summary: "Who viewed or exported which patient's data, newest first, a page at a time", query: accessLogQuery, answer: { status: 200, description: "A page of the log", schema: accessLogAnswer }, errors: { 404: ADMINS } },
  { method: "get", path: "/api/admin/access-log.csv", tag: "Administration", summary: "The access log as CSV", query: accessLogCsvQuery, answer: { status: 200, description: "One row per entry", contentType: CSV, schema: text("CSV") }, errors: { 404: ADMINS } },
  { method: "get", path: "/api/admin/deliveries", tag: "Administration", summary: "The webhook deliveries received, newest first, without bodies", query: deliveryListQuery, answer: { status: 200, description: "A page of deliveries", schema: deliveryListAnswer }, errors: { 404: ADMINS } },
  { method: "post", path: "/api/admin/deliveries/{id}/replay", tag: "Administration", sameOrigin: true, summary: "Run a stored delivery through the webhook's parse and ingest again", params: replayParams, answer: { status: 200, description: "What the replay did", schema: replayAnswer }, errors: { 404: ADMINS, 409: "The stored delivery no longer passes the edge: nothing was written" } },
  { method: "get", path: "/api/admin/people/{asleepUserId}/export", tag: "Administration", summary: "Everything held about one Asleep user (data rights), as a JSON download", params: personParams, answer: { status: 200, description: "The whole record (no password hash, no session token)", schema: z.looseObject({ asleepUserId: z.string() }) }, errors: { 404: ADMINS } },
  { method: "delete", path: "/api/admin/people/{asleepUserId}", tag: "Administration", sameOrigin: true, summary: "Delete everything held about one Asleep user", params: personParams, answer: { status: 200, description: "How many rows of each kind were deleted", schema: personDeletedAnswer }, errors: { 404: ADMINS } },
  { method: "get", path: "/api/admin/webhooks", tag: "Outbound events", summary: "The outbound event endpoints (never their secrets)", answer: { status: 200, description: "The endpoints", schema: endpointListAnswer }, errors: { 404: ADMINS } },
  { method: "post", path: "/api/admin/webhooks", tag: "Outbound events", sameOrigin: true, summary: "Register an endpoint; the answer holds its signing secret, shown this once", body: newEndpointBody(documentedPolicy), answer: { status: 201, description: "The endpoint and its secret", schema: endpointSecretAnswer }, errors: { 404: ADMINS } },
  { method: "patch", path: "/api/admin/webhooks/{id}", tag: "Outbound events", sameOrigin: true, summary: "Change an endpoint", params: endpointParams, body: endpointChangeBody(documentedPolicy), answer: { status: 200, description: "The endpoint", schema: endpointChangeAnswer }, errors: { 404: ADMINS } },
  { method: "delete", path: "/api/admin/webhooks/{id}", tag: "Outbound events", sameOrigin: true, summary: "Delete an endpoint", params: endpointParams, answer: { status: 204, description: "Deleted" }, errors: { 404: ADMINS } },
  { method: "post", path: "/api/admin/webhooks/{id}/rotate", tag: "Outbound events", sameOrigin: true, summary: "A new signing secret; the old one signs too for a grace period", params: endpointParams, answer: { status: 200, description: "The endpoint and its new secret", schema: endpointSecretAnswer }, errors: { 404: ADMINS } },
  { method: "post", path: "/api/admin/webhooks/{id}/test", tag: "Outbound events", sameOrigin: true, summary: "Send the endpoint a test event and say what it answered", params: endpointParams, answer: { status: 200, description: "What the endpoint answered", schema: testEventAnswer }, errors: { 404: ADMINS } },
  { method: "get", path: "/api/admin/webhooks/deliveries", tag: "Outbound events", summary: "The outbound deliveries, newest first, a page at a time", query: outboundDeliveryQuery, answer: { status: 200, description: "A page of deliveries", schema: outboundDeliveryListAnswer }, errors: { 404: ADMINS } },
  { method: "post", path: "/api/admin/webhooks/deliveries/{id}/replay", tag: "Outbound events", sameOrigin: true, summary: "Send a delivery again, as a new one", params: outboundDeliveryParams, answer: { status: 202, description: "The new delivery, queued", schema: outboundReplayAnswer }, errors: { 404: ADMINS } },
  // ── Operations ──
  { method: "get", path: "/api/health", tag: "Operations", open: true, summary: "For load balancers: 200 while the database answers, 503 when it does not", answer: { status: 200, description: "Healthy (status `degraded` when Redis does not answer)", schema: healthAnswer } },
];

// ── The document ─────────────────────────────────────────────────────────────────────────────────

type JsonSchema = Record<string, unknown>;

/** A zod schema as JSON Schema 2020-12: what a request may send (`input`), or what an answer holds (`output`). */
export function jsonSchemaOf(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const json = z.toJSONSchema(schema, {
    io,
    target: "draft-2020-12",
    // A query's instants are read with z.coerce.date(): they are sent as ISO 8601 text.
    unrepresentable: "any",
    override: ({ zodSchema, jsonSchema }) => {
      const type = (zodSchema as { _zod: { def: { type: string } } })._zod.def.type;
      if (type === "date") Object.assign(jsonSchema, { type: "string", format: "date-time" });
    },
  }) as JsonSchema;
  delete json.$schema;
  return json;
}

/** The fields of an object schema, looking through a transform or refinement wrapped around it. */
function fieldsOf(schema: z.ZodType): Record<string, z.ZodType> {
  const def = (schema as unknown as { _zod: { def: { type: string; shape?: Record<string, z.ZodType>; in?: z.ZodType } } })._zod.def;
  if (def.shape) return def.shape;
  if (def.type === "pipe" && def.in) return fieldsOf(def.in);
  throw new Error(`not an object schema: ${def.type}`);
}

const optionalField = (field: z.ZodType) => (field as unknown as { _zod: { optin?: string } })._zod.optin === "optional" || field.safeParse(undefined).success;

function parameters(op: ApiOperation) {
  const out: Array<Record<string, unknown>> = [];
  for (const [where, schema] of [["path", op.params], ["query", op.query]] as const) {
    if (!schema) continue;
    for (const [name, field] of Object.entries(fieldsOf(schema))) {
      const json = jsonSchemaOf(field, "input");
      const description = json.description;
      delete json.description;
      out.push({ name, in: where, required: where === "path" || !optionalField(field), schema: json, ...(description ? { description } : {}) });
    }
  }
  return out;
}

const ERROR_REF = { $ref: "#/components/schemas/Error" };
const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: ERROR_REF } } });

function responses(op: ApiOperation) {
  const { answer } = op;
  const out: Record<string, unknown> = {};
  if (answer)
    out[answer.status] = answer.schema
      ? { description: answer.description, content: { [answer.contentType ?? "application/json"]: { schema: jsonSchemaOf(answer.schema, "output") } } }
      : { description: answer.description };
  if (op.params || op.query || op.body) out[400] = errorResponse("A parameter or the body it cannot read: `issues` names each (`path`, `message`)");
  if (!op.open) out[401] = errorResponse("Sign in required");
  if (op.sameOrigin) out[403] = errorResponse("Not from the app's own pages (`Origin`): checked before anything is read");
  if (op.body) out[413] = errorResponse("Body too large");
  for (const [status, description] of Object.entries(op.errors ?? {})) out[status] = errorResponse(description!);
  if (op.path === "/api/health") out[503] = { description: "The database does not answer", content: { "application/json": { schema: jsonSchemaOf(healthAnswer, "output") } } };
  else out[503] = errorResponse("Temporarily unavailable (the database): retry after Retry-After seconds");
  return out;
}

const VERSION = (JSON.parse(readFileSync(path.join(process.cwd(), "package.json"), "utf8")) as { version: string }).version;

let built: Record<string, unknown> | undefined;

/** The OpenAPI 3.1 document (built once per process). */
export function openApiDocument(): Record<string, unknown> {
  if (built) return built;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      operationId: `${op.method}${op.path.replace(/\{(\w+)\}/g, "By-$1").replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`,
      summary: op.summary,
      tags: [op.tag],
      ...(op.open ? { security: [] } : {}),
      ...(parameters(op).length ? { parameters: parameters(op) } : {}),
      ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchemaOf(op.body, "input") } } } } : {}),
      responses: responses(op),
    };
  }
  built = {
    openapi: "3.1.0",
    info: {
      title: "Asleep sleep dashboard API",
      version: VERSION,
      description:
        "The JSON API behind the dashboard's pages. Sign in with POST /api/auth/sign-in/email (better-auth) and send the session cookie it sets; changes must come with the app's own `Origin`. Every error answers `{\"error\", \"issues\"?}`. Paged lists answer `nextCursor` and `next` (also as `Link: rel=\"next\"`). Read with docs/API.md.",
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    servers: [{ url: "/" }],
    security: [{ session: [] }],
    tags: [...new Set(OPERATIONS.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "better-auth.session_token", description: "The session cookie POST /api/auth/sign-in/email sets (`__Secure-better-auth.session_token` over HTTPS)" },
      },
      schemas: { Error: jsonSchemaOf(errorAnswer, "output") },
    },
  };
  return built;
}
