// Where a night came from (issue 23 §6): how Asleep delivered it (webhook or back-fill from its REST
// API; payload version V1/V2/V3; flat or envelope; which of its documented spellings), how often it was
// analysed while being recorded, and the share of data Asleep says was missing. One line says it on the
// night report, in the period PDF and in the exports.

import type { StagePlan } from "./plan";
import { usualCadenceMs, type AnalysisShape, type CadenceBounds } from "./cadence";

/** How one delivery came, as stored beside it (inference.delivery_form, sleep_report.delivery_form). */
export interface DeliveryForm {
  via: "webhook" | "backfill";
  version: "V1" | "V2" | "V3" | null;
  shape: "flat" | "envelope";
  /** `event`/`version`/`data` or `callback_event`/`callback_version`/`callback_data`. */
  names: "event" | "callback";
  /** Documented alternative names met inside the data (`stage_list`, `sleep_data`). */
  aliases: string[];
}

export interface NightProvenance {
  /** The distinct forms its deliveries came in, the final report's first. */
  forms: DeliveryForm[];
  /** The usual interval between its webhook analyses (ms), or null when none came by webhook. */
  cadenceMs: number | null;
  /** Asleep's `missing_data_ratio` (0–1), when its report gave one. */
  missingDataRatio: number | null;
}

/** A stored form read back leniently: anything not a form (rows stored before, by hand) is left out. */
export function readDeliveryForm(value: unknown): DeliveryForm | null {
  if (typeof value !== "object" || value === null) return null;
  const v = value as Record<string, unknown>;
  const via = v.via === "backfill" ? "backfill" : v.via === "webhook" ? "webhook" : null;
  const shape = v.shape === "flat" || v.shape === "envelope" ? v.shape : null;
  if (!via || !shape) return null;
  const version = v.version === "V1" || v.version === "V2" || v.version === "V3" ? v.version : null;
  const names = v.names === "callback" ? "callback" : "event";
  const aliases = Array.isArray(v.aliases) ? v.aliases.filter((a): a is string => typeof a === "string") : [];
  return { via, version, shape, names, aliases };
}

export interface AnalysisRecord extends AnalysisShape {
  arrivedAt: number;
  form: DeliveryForm | null;
}

/** The night's provenance from its stored analyses and report. */
export function nightProvenance(
  analyses: readonly AnalysisRecord[],
  report: { form: DeliveryForm | null; missingDataRatio: number | null } | null,
  bounds?: CadenceBounds,
): NightProvenance {
  const forms: DeliveryForm[] = [];
  const seen = new Set<string>();
  for (const form of [report?.form ?? null, ...analyses.map((a) => a.form)]) {
    if (!form) continue;
    const key = JSON.stringify([form.via, form.version, form.shape, form.names, [...form.aliases].sort()]);
    if (seen.has(key)) continue;
    seen.add(key);
    forms.push(form);
  }
  const byWebhook = analyses.filter((a) => a.form?.via !== "backfill");
  const cadenceMs = byWebhook.length === 0 ? null : usualCadenceMs(byWebhook.map((a) => a.arrivedAt), bounds, byWebhook);
  return { forms, cadenceMs, missingDataRatio: report?.missingDataRatio ?? null };
}

/** One form in words: "webhook V3, envelope, callback_* names, stage_list". */
export function describeForm(form: DeliveryForm): string {
  const parts = [form.via === "backfill" ? "Asleep's REST API" : `webhook ${form.version ?? "(no version)"}`, form.shape];
  if (form.names === "callback") parts.push("callback_* names");
  parts.push(...form.aliases);
  return parts.join(", ");
}

/**
 * The one line shown on the report, in the PDF and in the exports:
 * "Measured by Asleep from sound · 4 stages · webhook V3, envelope · analysed every 5 min · 2% of data missing".
 */
export function provenanceLine(p: NightProvenance, plan?: StagePlan, plain = false): string {
  const parts = ["Measured by Asleep from sound"];
  // How many stages Asleep scored it in (lib/sleep/plan.ts), where the caller knows the night's plan.
  if (plan) parts.push(plan === "2-stage" ? "2 stages (wake, sleep)" : "4 stages");
  // How it was delivered is for the clinic; the sleeper's own pages keep to plain words.
  if (p.forms.length > 0 && !plain) parts.push(p.forms.map(describeForm).join("; "));
  if (p.cadenceMs !== null) parts.push(`analysed every ${Math.round(p.cadenceMs / 60_000)} min`);
  else if (p.forms.length > 0) parts.push("no analyses while recording");
  if (p.missingDataRatio !== null) parts.push(`${formatShare(p.missingDataRatio)} of data missing (Asleep)`);
  return parts.join(" · ");
}

function formatShare(ratio: number): string {
  const percent = ratio * 100;
  if (percent > 0 && percent < 1) return "under 1%";
  return `${Math.round(percent)}%`;
}
