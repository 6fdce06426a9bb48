// Sentences of the night page built from lib/ facts whose English sentences other places also use (the
// period PDF, the exports, the board): the same words, from the page's catalogues in the reader's
// language. components/night-words.test.ts keeps the English here word for word what lib/ says.

import type { BackfillFacts } from "@/lib/live/backfill-note";
import type { Words } from "@/lib/i18n/words";
import type { StagePlan } from "@/lib/sleep/plan";
import type { DeliveryForm, NightProvenance } from "@/lib/sleep/provenance";

/** lib/sleep/provenance.ts describeForm, with `t` the "NightReport" translator. */
export function formText(form: DeliveryForm, t: Words): string {
  const parts = [form.via === "backfill" ? t("provenance.restApi") : t("provenance.webhook", { version: form.version ?? t("provenance.noVersion") }), t(`provenance.shape.${form.shape}`)];
  if (form.names === "callback") parts.push(t("provenance.callbackNames"));
  parts.push(...form.aliases);
  return parts.join(", ");
}

/** lib/sleep/provenance.ts provenanceLine, with `t` the "NightReport" translator. */
export function provenanceText(p: NightProvenance, plan: StagePlan | undefined, plain: boolean, t: Words): string {
  const parts = [t("provenance.measured")];
  if (plan) parts.push(plan === "2-stage" ? t("provenance.twoStages") : t("provenance.fourStages"));
  if (p.forms.length > 0 && !plain) parts.push(p.forms.map((f) => formText(f, t)).join("; "));
  if (p.cadenceMs !== null) parts.push(t("provenance.cadence", { minutes: Math.round(p.cadenceMs / 60_000) }));
  else if (p.forms.length > 0) parts.push(t("provenance.noAnalyses"));
  if (p.missingDataRatio !== null) {
    const percent = p.missingDataRatio * 100;
    const share = percent > 0 && percent < 1 ? t("provenance.underOnePercent") : t("provenance.percent", { percent: Math.round(percent) });
    parts.push(t("provenance.missing", { share }));
  }
  return parts.join(" · ");
}

/** lib/live/backfill-note.ts backfillNote, with `t` the "LiveNight" translator. */
export function backfillText(facts: BackfillFacts, since: (ms: number) => string, plain: boolean, t: Words): string {
  if (facts.asleepUnreachableSince) return t(plain ? "backfill.unreachablePlain" : "backfill.unreachable", { since: since(Date.parse(facts.asleepUnreachableSince)) });
  if (facts.asleepHasNoRecord) return t(plain ? "backfill.noRecordPlain" : "backfill.noRecord");
  return t(plain ? "backfill.askingPlain" : "backfill.asking");
}
