// What Asleep's Get Session answer means for a night we hold, as the webhook deliveries that went
// missing: a SESSION_COMPLETE when Asleep has finished the night, else the 5-minute blocks of the
// stages analysed so far that we have not stored. They are webhook-shaped bodies on purpose: they pass
// through the webhook's own schema and ingest, so a back-filled night is stored exactly like a
// delivered one (and a block that arrives by webhook later is simply a duplicate).

import { EPOCH_SECONDS, EPOCHS_PER_INFERENCE, SleepStage } from "@/lib/sleep/stages";
import type { AsleepSessionReport } from "./asleep-api";

export type MissingDeliveries =
  | { kind: "complete"; body: Record<string, unknown> }
  | { kind: "blocks"; bodies: Array<Record<string, unknown>> }
  /** Asleep has closed the night but its final timeline is not ready yet: try again later. */
  | { kind: "not-ready" };

export function missingDeliveries(
  report: AsleepSessionReport,
  night: { id: string; userId: string; storedBlocks: readonly number[] },
): MissingDeliveries {
  const session = report.session;
  const state = session.state?.toUpperCase();
  const common = { version: "V3", user_id: night.userId, session_id: night.id };

  if (state === "COMPLETE" || (state === "CLOSED" && session.sleep_stages?.length)) {
    return {
      kind: "complete",
      body: {
        event: "SESSION_COMPLETE",
        ...common,
        session: { ...session, id: session.id ?? night.id },
        stat: report.stat ?? null,
        peculiarities: report.peculiarities ?? [],
        missing_data_ratio: report.missing_data_ratio ?? null,
      },
    };
  }
  if (state === "CLOSED") return { kind: "not-ready" };

  // Still OPEN: inference_seq_num k is the block of epochs 10k … 10k+9. Only whole blocks (a partial one
  // is still being analysed), and not blocks Asleep has nothing for: storing those would make the real
  // delivery of that block, should it still come, a duplicate.
  const stages = session.sleep_stages ?? [];
  const snoring = session.snoring_stages ?? [];
  const stored = new Set(night.storedBlocks);
  const start = session.start_time ? Date.parse(session.start_time) : NaN;
  const bodies: Array<Record<string, unknown>> = [];
  for (let k = 0; (k + 1) * EPOCHS_PER_INFERENCE <= stages.length; k++) {
    if (stored.has(k)) continue;
    const first = k * EPOCHS_PER_INFERENCE;
    const block = stages.slice(first, first + EPOCHS_PER_INFERENCE);
    if (block.every((s) => s === SleepStage.Unknown)) continue;
    const blockMs = EPOCHS_PER_INFERENCE * EPOCH_SECONDS * 1000;
    bodies.push({
      event: "INFERENCE_COMPLETE",
      ...common,
      inference_seq_num: k,
      sleep_stages: block,
      ...(snoring.length >= first + EPOCHS_PER_INFERENCE ? { snoring_stages: snoring.slice(first, first + EPOCHS_PER_INFERENCE) } : {}),
      // With the night's start known, each block's window is too (and the start estimate stays right).
      ...(Number.isFinite(start)
        ? { time_window: { start: new Date(start + k * blockMs).toISOString(), end: new Date(start + (k + 1) * blockMs).toISOString() } }
        : {}),
    });
  }
  return { kind: "blocks", bodies };
}
