// Period PDFs are laid out off the event loop. A year of nights took 1.9–3.8 s of pdfkit and fontkit on
// the main thread, and every webhook, socket and health check waited behind it. Here the layout runs
// in worker threads (node:worker_threads): the route reads the data on the main thread (the epochs as
// text), a worker parses them, computes the figures and draws the PDF, the bytes come back. Admission is bounded before any of that work starts:
// - one report in flight per account (a second answers 429 with Retry-After: the first is still coming);
// - a few in flight per instance (MAX_IN_FLIGHT: those beyond the workers wait their turn in order;
//   beyond that 429), so requests for reports cannot pile up work or memory without end.
// Built by server/index.ts (run by tsx, not bundled by Next.js), so the worker's file is found beside
// this one; route handlers reach it through the runtime.

import { availableParallelism } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { Locale } from "@/lib/i18n/locales";
import type { PeriodSource } from "../data/period";
import type { SignedPeriod } from "./period-pdf";
import type { StudyPdfInput } from "./study-pdf";
import type { Logger } from "../logger";
import { RETRY_AFTER_SECONDS, TooManyNightsError, type ReportPool } from "./report-limits";

export { MAX_REPORT_NIGHTS, type ReportPool } from "./report-limits";

/** Reports being read or drawn at once on one instance, all accounts together. */
export const MAX_IN_FLIGHT = 3;

/** A worker that takes longer than this is ended (and replaced): the report answers 500. */
const RENDER_TIMEOUT_MS = 120_000;

/** Each worker's heap: a year's report needs well under this. */
const WORKER_HEAP_MB = 512;

/** A period report (from what periodSource read; signed, with its interpretation; in its reader's language), or a study report being signed (server/reports/study-pdf.ts). */
export type RenderJob = { id: number; kind: "period"; source: PeriodSource; generatedAt: Date; signed: SignedPeriod | null; locale: Locale } | { id: number; kind: "study"; study: StudyPdfInput };

export type RenderReply = { id: number; pdf: Uint8Array } | { id: number; error: string; tooManyNights?: number };

interface Slot {
  worker: Worker;
  job: { id: number; resolve: (pdf: Buffer) => void; reject: (error: Error) => void; timer: NodeJS.Timeout } | null;
}

export interface PoolOptions {
  logger: Logger;
  /** Worker threads (default: 1, or 2 where there are 4 cores or more, so the event loop keeps a core). */
  workers?: number;
  maxInFlight?: number;
}

export function createReportPool(options: PoolOptions): ReportPool {
  const { logger } = options;
  const size = options.workers ?? (availableParallelism() >= 4 ? 2 : 1);
  const maxInFlight = options.maxInFlight ?? MAX_IN_FLIGHT;
  const accounts = new Set<string>();
  const slots: Slot[] = [];
  const waiting: Array<{ job: RenderJob; resolve: (pdf: Buffer) => void; reject: (error: Error) => void }> = [];
  let nextId = 1;
  let closed = false;

  // Beside this file, as server/index.ts loads it (tsx); never bundled into a route.
  const file = path.join(__dirname, "period-pdf-worker.cjs");
  const spawn = (): Slot => {
    // Inherits the process's execArgv (tsx's loader), so the worker reads TypeScript as the server does.
    const worker = new Worker(file, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    const slot: Slot = { worker, job: null };
    worker.on("message", (reply: RenderReply) => {
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      clearTimeout(job.timer);
      slot.job = null;
      if ("pdf" in reply) job.resolve(Buffer.from(reply.pdf.buffer, reply.pdf.byteOffset, reply.pdf.byteLength));
      else job.reject(reply.tooManyNights !== undefined ? new TooManyNightsError(reply.tooManyNights) : new Error(`period PDF: ${reply.error}`));
      next();
    });
    worker.on("error", (error) => logger.error({ err: error }, "period PDF worker failed"));
    worker.on("exit", (code) => {
      const at = slots.indexOf(slot);
      if (at >= 0) slots.splice(at, 1);
      if (slot.job) {
        clearTimeout(slot.job.timer);
        slot.job.reject(new Error(`period PDF worker exited (${code}) while drawing a report`));
        slot.job = null;
      }
      if (!closed) next();
    });
    // An idle worker does not keep the process alive.
    worker.unref();
    return slot;
  };

  const next = () => {
    // Workers start when there is a report to draw, not with the server: each loads the PDF libraries
    // (seconds of CPU), which most instances' starts, and every test server's, would pay for nothing.
    while (!closed && slots.length < size && waiting.length > slots.filter((s) => !s.job).length) slots.push(spawn());
    for (const slot of slots) {
      if (slot.job || waiting.length === 0) continue;
      const { job, resolve, reject } = waiting.shift()!;
      const timer = setTimeout(() => {
        logger.error({ nights: job.kind === "period" ? job.source.nights.length : job.study.nights.length, kind: job.kind }, "PDF took too long: worker ended");
        void slot.worker.terminate();
      }, RENDER_TIMEOUT_MS);
      slot.job = { id: job.id, resolve, reject, timer };
      slot.worker.ref();
      slot.worker.postMessage(job);
    }
    for (const slot of slots) if (!slot.job) slot.worker.unref();
  };

  const render = (job: { kind: "period"; source: PeriodSource; generatedAt: Date; signed: SignedPeriod | null; locale: Locale } | { kind: "study"; study: StudyPdfInput }) =>
    new Promise<Buffer>((resolve, reject) => {
      if (closed) return reject(new Error("period PDF workers are closed"));
      waiting.push({ job: { id: nextId++, ...job }, resolve, reject });
      next();
    });

  let admitted = 0;
  return {
    admit(accountId) {
      if (accounts.has(accountId)) return { ok: false, reason: "account", retryAfterSeconds: RETRY_AFTER_SECONDS };
      if (admitted >= maxInFlight) return { ok: false, reason: "instance", retryAfterSeconds: RETRY_AFTER_SECONDS };
      accounts.add(accountId);
      admitted++;
      let released = false;
      let rendered = false;
      return {
        ok: true,
        ticket: {
          render(source, generatedAt, signed = null, locale = "en") {
            if (rendered) return Promise.reject(new Error("a ticket renders one report"));
            rendered = true;
            return render({ kind: "period", source, generatedAt, signed, locale });
          },
          renderStudy(study) {
            if (rendered) return Promise.reject(new Error("a ticket renders one report"));
            rendered = true;
            return render({ kind: "study", study });
          },
          release() {
            if (released) return;
            released = true;
            accounts.delete(accountId);
            admitted--;
          },
        },
      };
    },
    inFlight: () => admitted,
    async close() {
      closed = true;
      for (const w of waiting.splice(0)) w.reject(new Error("period PDF workers are closed"));
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
