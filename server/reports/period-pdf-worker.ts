// A worker thread of server/reports/pdf-pool.ts: draws one period PDF at a time, off the main thread's
// event loop, and hands the bytes back (transferred, not copied).

import { parentPort } from "node:worker_threads";
import type { RenderJob, RenderReply } from "./pdf-pool";
import { tooManyNights } from "./report-limits";
import { reportFromSource } from "./report-source";
import { renderPeriodPdf } from "./period-pdf";
import { renderStudyPdf } from "./study-pdf";
import { lowerThisThreadPriority } from "./thread-priority";

const port = parentPort;
if (!port) throw new Error("period-pdf-worker.ts runs as a worker thread (server/reports/pdf-pool.ts)");
// Drawing a year takes seconds of a core: where cores are contended, webhooks and sockets go first.
lowerThisThreadPriority();

port.on("message", (job: RenderJob) => {
  void (async () => {
    let reply: RenderReply;
    let transfer: ArrayBuffer[] = [];
    try {
      if (job.kind === "study") {
        const pdf = new Uint8Array(await renderStudyPdf(job.study));
        port.postMessage({ id: job.id, pdf } satisfies RenderReply, [pdf.buffer]);
        return;
      }
      const report = reportFromSource(job.source);
      // A worker lays out no more than a year of nights, whoever asks.
      if (tooManyNights(report)) {
        port.postMessage({ id: job.id, error: "too many nights", tooManyNights: report.figures.nights.length } satisfies RenderReply);
        return;
      }
      // A copy of its own: pdfkit's chunks may share a pooled buffer, which cannot be transferred.
      const pdf = new Uint8Array(await renderPeriodPdf(report, job.generatedAt, job.signed, job.locale));
      reply = { id: job.id, pdf };
      transfer = [pdf.buffer];
    } catch (error) {
      reply = { id: job.id, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply, transfer);
  })();
});
