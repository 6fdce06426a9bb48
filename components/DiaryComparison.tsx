// What the sleeper reported in their diary against what was measured, per night and on average
// (lib/sleep/diary.ts compareDiary: the one function the patient page and the study report use).

import { diaryFigureCells, type AverageFigures, type DiaryComparison as Comparison, type SleepFigures } from "@/lib/sleep/diary";
import { dayLabel } from "@/lib/time/day";
import ui from "./ui.module.css";
import styles from "./DiaryComparison.module.css";

/** The figures' names for the tests: the three total-sleep cells, where a test compares values. */
const FIGURE_NAMES = ["reported-total-sleep", "measured-total-sleep", "total-sleep-difference"];

function cells(reported: SleepFigures | AverageFigures | null, measured: SleepFigures | AverageFigures | null, difference: number | null) {
  return diaryFigureCells(reported, measured, difference).map((text, i) => (
    <td key={i} data-figure={FIGURE_NAMES[i]}>
      {text}
    </td>
  ));
}

export function DiaryComparison({ comparison, from, to }: { comparison: Comparison; from: string; to: string }) {
  if (comparison.rows.length === 0) return <p className={ui.muted}>No diary entries or complete nights from {dayLabel(from)} to {dayLabel(to)}.</p>;
  return (
    <>
      <p className={`${ui.muted} ${ui.small}`}>
        Nights from {dayLabel(from)} to {dayLabel(to)}, each dated the day it began. Reported: the sleeper&apos;s morning diary (Consensus Sleep Diary). Measured: the
        recording. Difference: reported minus measured total sleep.
      </p>
      <div className={ui.tableScroll} role="region" aria-label="Diary against measured, table" tabIndex={0}>
        <table className={styles.table} data-testid="diary-comparison">
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>
                Night
              </th>
              <th scope="colgroup" colSpan={3} className={styles.group}>
                Total sleep
              </th>
              <th scope="colgroup" colSpan={2} className={styles.group}>
                Sleep onset latency
              </th>
              <th scope="colgroup" colSpan={2} className={styles.group}>
                WASO
              </th>
              <th scope="colgroup" colSpan={2} className={styles.group}>
                Efficiency
              </th>
            </tr>
            <tr>
              <th scope="col">Reported</th>
              <th scope="col">Measured</th>
              <th scope="col">Difference</th>
              <th scope="col">Reported</th>
              <th scope="col">Measured</th>
              <th scope="col">Reported</th>
              <th scope="col">Measured</th>
              <th scope="col">Reported</th>
              <th scope="col">Measured</th>
            </tr>
          </thead>
          <tbody>
            {comparison.rows.map((r) => (
              <tr key={r.night} data-testid="diary-comparison-row" data-night={r.night}>
                <th scope="row">{dayLabel(r.night)}</th>
                {cells(r.reported, r.measured, r.totalSleepDifferenceMinutes)}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-testid="diary-comparison-average">
              <th scope="row">
                Average ({comparison.pairedNights} {comparison.pairedNights === 1 ? "night" : "nights"} with both)
              </th>
              {cells(comparison.reported, comparison.measured, comparison.totalSleepDifferenceMinutes)}
            </tr>
          </tfoot>
        </table>
      </div>
    </>
  );
}
