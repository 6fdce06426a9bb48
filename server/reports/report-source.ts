// The period report from what periodSource read (server/data/period.ts), in the PDF's worker thread:
// the epochs parsed, the figures computed, the notes and tags kept for the range's nights.

import { periodFigures, type PeriodNightInput } from "@/lib/report/period";
import type { PeriodReport, PeriodSource } from "../data/period";

export function reportFromSource(source: PeriodSource): PeriodReport {
  const epochs = (text: string) => (text === "" ? [] : text.split(",").map(Number));
  const inputs = source.nights.map((n): PeriodNightInput => ({ ...n, sleepStages: epochs(n.sleepStages), snoringStages: epochs(n.snoringStages) }));
  const figures = periodFigures(inputs, source.range, source.rule, source.enrolledOn);
  const inRange = new Set(figures.nights.map((n) => n.id));
  return {
    asleepUserId: source.asleepUserId,
    patient: source.patient,
    clinicians: source.clinicians,
    figures,
    notes: source.notes.filter((n) => n.sessionId === null || inRange.has(n.sessionId)),
    tags: new Map([...source.tags].filter(([id]) => inRange.has(id))),
    compliance: source.compliance,
    provenance: new Map([...source.provenance].filter(([id]) => inRange.has(id))),
  };
}
