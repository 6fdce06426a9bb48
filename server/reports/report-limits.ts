// What one period PDF may hold and what a refused request is told, shared by the route (bundled by
// Next.js), the worker pool and its workers. Nothing here starts a worker: a route that imported
// the pool's module would have the bundler follow the worker's file into tsx and esbuild.

import type { PeriodReport, PeriodSource } from "../data/period";
import type { SignedPeriod } from "./period-pdf";
import type { StudyPdfInput } from "./study-pdf";
import type { Locale } from "@/lib/i18n/locales";

/** The most nights one report lays out: a night a day over the longest period (MAX_PERIOD_DAYS). */
export const MAX_REPORT_NIGHTS = 366;

/** Whether a report holds more than one PDF lays out (the route refuses it with a 400). */
export const tooManyNights = (report: PeriodReport) => report.figures.nights.length > MAX_REPORT_NIGHTS;

/** What a refused request is told to wait (s): about the time a year's report takes. */
export const RETRY_AFTER_SECONDS = 5;

export type Admission =
  | { ok: true; ticket: ReportTicket }
  | { ok: false; reason: "account" | "instance"; retryAfterSeconds: number };

/** A report with more nights than one PDF lays out: the route answers 400. */
export class TooManyNightsError extends Error {
  constructor(readonly nights: number) {
    super(`the period holds ${nights} nights; one report lays out at most ${MAX_REPORT_NIGHTS}`);
  }
}

/** One admitted report: render it (at most once) from what was read, and release it whatever happens. */
export interface ReportTicket {
  /** The PDF, or TooManyNightsError; with `signed`, the signed period report (server/data/period-reports.ts), drawn once. */
  render(source: PeriodSource, generatedAt: Date, signed?: SignedPeriod | null, locale?: Locale): Promise<Buffer>;
  /** A study report's PDF (server/reports/study-pdf.ts), drawn once, when it is signed. */
  renderStudy(study: StudyPdfInput): Promise<Buffer>;
  release(): void;
}

export interface ReportPool {
  /** A place for `accountId`'s report, or why not. */
  admit(accountId: string): Admission;
  /** Reports admitted and not yet released (for tests and logs). */
  inFlight(): number;
  close(): Promise<void>;
}
