// While a night is recording: the minutes so far in each stage, with Wake and No data, adding up to the
// time recorded so far (the closed night's report has the full table; this is its provisional part).
// The split is lib/sleep's: stage minutes rounded to add up to the sleep shown (report.ts), the rest
// shared between wake and no data (shown.ts minutesShown, as on the closed night's report).

import { useLocale, useTranslations } from "next-intl";
import { duration as durationIn } from "@/lib/format";
import { isLocale } from "@/lib/i18n/locales";
import { stageRowLabel } from "@/lib/sleep/hypnogram";
import type { StagePlan } from "@/lib/sleep/plan";
import { nightReport } from "@/lib/sleep/report";

export function StageMinutesSoFar({ stages, snoring, plan }: { stages: readonly number[]; snoring: readonly number[]; plan: StagePlan }) {
  const t = useTranslations("StageMinutesSoFar");
  const sleep = useTranslations("Sleep");
  const locale = useLocale();
  const duration = (seconds: number) => durationIn(seconds, isLocale(locale) ? locale : "en");
  const r = nightReport(stages, snoring, plan);
  const bed = r.shown;
  return (
    <table data-testid="stage-minutes-so-far">
      <caption>{t("caption")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("stage")}</th>
          <th scope="col">{t("soFar")}</th>
        </tr>
      </thead>
      <tbody>
        {r.stageShares.map((s) => (
          <tr key={s.stage}>
            <th scope="row">{stageRowLabel(s.stage, sleep(`stage.${s.stage}`))}</th>
            <td>{duration(s.minutes * 60)}</td>
          </tr>
        ))}
        {/* A 2-stage night has no stages within sleep: one Sleep row. */}
        {plan === "2-stage" && (
          <tr>
            <th scope="row">{sleep("stage.sleep")}</th>
            <td>{duration(r.totalSleepMinutes * 60)}</td>
          </tr>
        )}
        <tr>
          <th scope="row">{sleep("stage.wake")}</th>
          <td>{duration(bed.wake * 60)}</td>
        </tr>
        <tr>
          <th scope="row">{t("noData")}</th>
          <td>{duration(bed.noData * 60)}</td>
        </tr>
      </tbody>
      <tfoot>
        {/* The rows above are rounded to add up to exactly this. */}
        <tr>
          <th scope="row">{t("recordedSoFar")}</th>
          <td>{duration(bed.timeInBed * 60)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
