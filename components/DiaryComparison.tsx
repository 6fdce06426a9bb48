// What the sleeper reported in their diary against what was measured, per night and on average
// (lib/sleep/diary.ts compareDiary: the one function the patient page and the study report use).

import { useLocale, useTranslations } from "next-intl";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { diaryFigureCells, type AverageFigures, type DiaryComparison as Comparison, type SleepFigures } from "@/lib/sleep/diary";
import { dayText } from "@/lib/time/day-words";
import ui from "./ui.module.css";
import styles from "./DiaryComparison.module.css";

/** The figures' names for the tests: the three total-sleep cells, where a test compares values. */
const FIGURE_NAMES = ["reported-total-sleep", "measured-total-sleep", "total-sleep-difference"];

function cells(reported: SleepFigures | AverageFigures | null, measured: SleepFigures | AverageFigures | null, difference: number | null, locale: Locale) {
  return diaryFigureCells(reported, measured, difference, locale).map((text, i) => (
    <td key={i} data-figure={FIGURE_NAMES[i]}>
      {text}
    </td>
  ));
}

export function DiaryComparison({ comparison, from, to }: { comparison: Comparison; from: string; to: string }) {
  const t = useTranslations("DiaryComparison");
  const pageLocale = useLocale();
  const locale = isLocale(pageLocale) ? pageLocale : "en";
  const day = (d: string) => dayText(d, locale);
  if (comparison.rows.length === 0) return <p className={ui.muted}>{t("empty", { from: day(from), to: day(to) })}</p>;
  return (
    <>
      <p className={`${ui.muted} ${ui.small}`}>{t("intro", { from: day(from), to: day(to) })}</p>
      <div className={ui.tableScroll} role="region" aria-label={t("tableLabel")} tabIndex={0}>
        <table className={styles.table} data-testid="diary-comparison">
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>
                {t("columns.night")}
              </th>
              <th scope="colgroup" colSpan={3} className={styles.group}>
                {t("columns.totalSleep")}
              </th>
              <th scope="colgroup" colSpan={2} className={styles.group}>
                {t("columns.latency")}
              </th>
              <th scope="colgroup" colSpan={2} className={styles.group}>
                {t("columns.waso")}
              </th>
              <th scope="colgroup" colSpan={2} className={styles.group}>
                {t("columns.efficiency")}
              </th>
            </tr>
            <tr>
              <th scope="col">{t("columns.reported")}</th>
              <th scope="col">{t("columns.measured")}</th>
              <th scope="col">{t("columns.difference")}</th>
              <th scope="col">{t("columns.reported")}</th>
              <th scope="col">{t("columns.measured")}</th>
              <th scope="col">{t("columns.reported")}</th>
              <th scope="col">{t("columns.measured")}</th>
              <th scope="col">{t("columns.reported")}</th>
              <th scope="col">{t("columns.measured")}</th>
            </tr>
          </thead>
          <tbody>
            {comparison.rows.map((r) => (
              <tr key={r.night} data-testid="diary-comparison-row" data-night={r.night}>
                <th scope="row">{day(r.night)}</th>
                {cells(r.reported, r.measured, r.totalSleepDifferenceMinutes, locale)}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-testid="diary-comparison-average">
              <th scope="row">{t("average", { nights: comparison.pairedNights })}</th>
              {cells(comparison.reported, comparison.measured, comparison.totalSleepDifferenceMinutes, locale)}
            </tr>
          </tfoot>
        </table>
      </div>
    </>
  );
}
