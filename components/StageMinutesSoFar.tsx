// While a night is recording: the minutes so far in each stage, with Wake and No data, adding up to the
// time recorded so far (the closed night's report has the full table; this is its provisional part).
// The split is lib/sleep's: stage minutes rounded to add up to the sleep shown (report.ts), the rest
// shared between wake and no data (shown.ts minutesShown, as on the closed night's report).

import { duration } from "@/lib/format";
import type { StagePlan } from "@/lib/sleep/plan";
import { nightReport } from "@/lib/sleep/report";

export function StageMinutesSoFar({ stages, snoring, plan }: { stages: readonly number[]; snoring: readonly number[]; plan: StagePlan }) {
  const r = nightReport(stages, snoring, plan);
  const bed = r.shown;
  return (
    <table data-testid="stage-minutes-so-far">
      <caption>Minutes in each stage so far (provisional: the night is still being recorded)</caption>
      <thead>
        <tr>
          <th scope="col">Stage</th>
          <th scope="col">So far</th>
        </tr>
      </thead>
      <tbody>
        {r.stageShares.map((s) => (
          <tr key={s.stage}>
            <th scope="row">{s.label}</th>
            <td>{duration(s.minutes * 60)}</td>
          </tr>
        ))}
        {/* A 2-stage night has no stages within sleep: one Sleep row. */}
        {plan === "2-stage" && (
          <tr>
            <th scope="row">Sleep</th>
            <td>{duration(r.totalSleepMinutes * 60)}</td>
          </tr>
        )}
        <tr>
          <th scope="row">Wake</th>
          <td>{duration(bed.wake * 60)}</td>
        </tr>
        <tr>
          <th scope="row">No data</th>
          <td>{duration(bed.noData * 60)}</td>
        </tr>
      </tbody>
      <tfoot>
        {/* The rows above are rounded to add up to exactly this. */}
        <tr>
          <th scope="row">Recorded so far</th>
          <td>{duration(bed.timeInBed * 60)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
