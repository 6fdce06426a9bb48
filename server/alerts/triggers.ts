// What requests and the back-fill call to have alert rules evaluated: each only enqueues a job (service.ts runs
// them), so nothing waits for the rules. Light on purpose: the webhook route (bundled by Next.js) imports it.

import type { JobQueue } from "../jobs/queue";
import type { IngestResult } from "../webhook/ingest";

export const ALERT_JOBS = {
  night: "alerts-evaluate-night",
  stale: "alerts-stale-night",
  schedule: "alerts-schedule",
  mail: "alerts-mail",
  digest: "alerts-digest",
  studies: "alerts-studies",
} as const;

/** A study was ordered (or changed): judge the patient's undecided studies now, off the request. */
export async function enqueueStudyEvaluation(jobs: Pick<JobQueue, "send">, asleepUserId: string): Promise<void> {
  await jobs.send(ALERT_JOBS.studies, { asleepUserId }, { singletonKey: asleepUserId });
}

/** A night that completed or went Incomplete: evaluate its rules (off the request; at most one queued per night). */
export async function enqueueNightEvaluation(jobs: Pick<JobQueue, "send">, sessionId: string): Promise<void> {
  await jobs.send(ALERT_JOBS.night, { sessionId }, { singletonKey: sessionId });
}

/** After a delivery was stored: enqueues the night's evaluation when the delivery completed it. */
export async function afterIngest(jobs: Pick<JobQueue, "send">, result: IngestResult): Promise<void> {
  const night = result.night;
  if (result.outcome !== "STORED" || !night || night.night.state === "OPEN") return;
  await enqueueNightEvaluation(jobs, night.sessionId);
}

/** A night still recording went stale (the back-fill found it): "stale tonight". */
export async function enqueueStaleNight(jobs: Pick<JobQueue, "send">, sessionId: string): Promise<void> {
  await jobs.send(ALERT_JOBS.stale, { sessionId }, { singletonKey: sessionId });
}

