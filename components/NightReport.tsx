// The finished night: what we derive from the final hypnogram, then the report exactly as Asleep sent
// it, kept apart so a clinician knows which is which.

import type { SessionDetail } from "@/lib/live/events";
import { clockTime, dateTime, duration } from "@/lib/format";
import { describeIncomplete, isShortRecording } from "@/lib/sleep/incomplete";
import { zoneLabel } from "@/lib/time/zone";
import { efficiencyPercent, explainPeculiarity, nightReport } from "@/lib/sleep/report";
import { REPORT_FIGURES } from "@/lib/sleep/definitions";
import { EPOCH_SECONDS } from "@/lib/sleep/stages";
import { Definitions } from "./Definitions";
import { NightExportLinks } from "./ExportLinks";

const VERDICT_TEXT = { below: "below typical", within: "typical", above: "above typical" } as const;
const percent = (whole: number | null) => (whole === null ? "—" : `${whole}%`);
/** Whole minutes as shown; an awakening of 30 s that the split left at 0 reads as what it is. */
const minutes = (shown: number, exactSeconds: number) => (shown === 0 && exactSeconds > 0 ? "under 1 min" : duration(shown * 60));

export function NightReport({ night, startMs, timezone }: { night: SessionDetail; startMs: number; timezone: string }) {
  const r = nightReport(night.sleepStages, night.snoringStages);
  const at = (epoch: number) => clockTime(startMs + epoch * EPOCH_SECONDS * 1000, timezone);
  const fromAsleep = efficiencyPercent(night.stat?.sleep_efficiency);
  const incomplete = night.state === "INCOMPLETE";
  // Under 3 hours there is too little night to hold its stages against a whole adult night's ranges.
  const short = isShortRecording(night.sleepStages.length);
  // Every minute figure below is a part (or a sum of parts) of one split of the time in bed.
  const bed = r.shown;
  const dataEnd = startMs + night.sleepStages.length * EPOCH_SECONDS * 1000;

  return (
    <section className="panel report" aria-labelledby="report-heading">
      <h2 id="report-heading">{incomplete ? "Partial night report" : "Night report"}</h2>
      {incomplete && (
        <p className="stale-note" role="note" data-testid="incomplete-note">
          {describeIncomplete(night.incompleteReason ?? "NOTHING_MORE", night.sleepStages.length > 0 ? `${dateTime(dataEnd, timezone)} ${zoneLabel(timezone)}` : null)}
        </p>
      )}
      {short && night.sleepStages.length > 0 && (
        <p className="muted" role="note" data-testid="short-recording">
          This recording is {duration(night.sleepStages.length * EPOCH_SECONDS)} long, under 3 hours: too short to compare its stages
          with the typical ranges of a whole adult night, so no comparison is made.
        </p>
      )}
      {night.peculiarities.length > 0 && (
        <ul className="notes" aria-label="Notes from Asleep">
          {night.peculiarities.map((p) => (
            <li key={p}>{explainPeculiarity(p)}</li>
          ))}
        </ul>
      )}
      <dl className="figures" data-testid="report-figures">
        <div>
          <dt>Total sleep</dt>
          <dd data-testid="total-sleep">{duration(r.totalSleepMinutes * 60)}</dd>
        </div>
        <div>
          <dt>Time in bed</dt>
          <dd>{duration(bed.timeInBed * 60)}</dd>
        </div>
        <div>
          <dt>Sleep period</dt>
          <dd data-testid="sleep-period">{duration(bed.sleepPeriod * 60)}</dd>
        </div>
        <div>
          <dt>Sleep efficiency</dt>
          <dd data-testid="efficiency">{percent(r.sleepEfficiencyPercent)}</dd>
        </div>
        <div>
          <dt>Sleep maintenance efficiency</dt>
          <dd data-testid="maintenance-efficiency">{percent(r.sleepMaintenanceEfficiencyPercent)}</dd>
        </div>
        <div>
          <dt>Fell asleep after</dt>
          <dd data-testid="sleep-latency">{r.sleepLatencySeconds === null ? "never" : `${duration(r.sleepLatencySeconds)} (${at(r.sleepOnsetEpoch!)})`}</dd>
        </div>
        <div>
          <dt>Persistent sleep after</dt>
          <dd data-testid="persistent-sleep-latency">{r.persistentSleepLatencySeconds === null ? "none" : `${duration(r.persistentSleepLatencySeconds)} (${at(r.persistentSleepLatencySeconds / EPOCH_SECONDS)})`}</dd>
        </div>
        <div>
          <dt>First REM after</dt>
          <dd data-testid="rem-latency">{r.remLatencySeconds === null ? "no REM" : duration(r.remLatencySeconds)}</dd>
        </div>
        <div>
          <dt>Awakenings</dt>
          <dd data-testid="awakenings">
            {r.wasoCount}× · {minutes(bed.waso, r.wasoSeconds)}
            {r.wasoCount > 0 && <span className="muted"> (longest {minutes(bed.longestAwakening, r.longestWasoSeconds)})</span>}
          </dd>
        </div>
        <div>
          <dt>Sleep cycles</dt>
          <dd>{r.cycles.length}</dd>
        </div>
        <div>
          <dt>Snoring</dt>
          <dd>
            {duration(r.snoringSeconds)}
            {r.snoringPercent !== null && <span className="muted"> ({Math.round(r.snoringPercent)}% of sleep)</span>}
          </dd>
        </div>
      </dl>
      <table data-testid="stage-shares">
        <caption>{short ? "Stages, as a share of total sleep" : "Stages, as a share of total sleep, against typical adult ranges (sources under “Typical and Compared” below)"}</caption>
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col">Time</th>
            <th scope="col">Share</th>
            <th scope="col">Typical</th>
            <th scope="col">Compared</th>
          </tr>
        </thead>
        <tbody>
          {r.stageShares.map((s) => (
            <tr key={s.stage}>
              <th scope="row">{s.label}</th>
              <td>{duration(s.minutes * 60)}</td>
              <td>{s.percent === null ? "—" : `${s.percent}%`}</td>
              <td>
                {s.typical.min}–{s.typical.max}%
              </td>
              <td>{s.verdict && !short ? VERDICT_TEXT[s.verdict] : "—"}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          {/* The parts above are rounded to add up to exactly these. */}
          <tr>
            <th scope="row">Total sleep</th>
            <td>{duration(r.totalSleepMinutes * 60)}</td>
            <td>{r.totalSleepMinutes > 0 ? "100%" : "—"}</td>
            <td colSpan={2} />
          </tr>
          {/* Not sleep, so not in the shares; with total sleep they add up to the time in bed shown. */}
          <tr data-testid="wake-row">
            <th scope="row">
              Wake <span className="muted small">(all in bed, WASO included)</span>
            </th>
            <td>{duration(bed.wake * 60)}</td>
            <td colSpan={3} />
          </tr>
          <tr data-testid="no-data-row">
            <th scope="row">No data</th>
            <td>{duration(bed.noData * 60)}</td>
            <td colSpan={3} />
          </tr>
          <tr>
            <th scope="row">Time in bed</th>
            <td>{duration(bed.timeInBed * 60)}</td>
            <td colSpan={3} />
          </tr>
        </tfoot>
      </table>
      <Definitions keys={REPORT_FIGURES} testId="report-definitions" />
      <details>
        <summary>The report as Asleep sent it{fromAsleep !== null ? ` (efficiency ${Math.round(fromAsleep)}%)` : ""}</summary>
        {night.stat ? (
          <table data-testid="asleep-stat">
            <tbody>
              {Object.entries(night.stat).map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">{k}</th>
                  <td>{typeof v === "object" && v !== null ? JSON.stringify(v) : String(v)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">Asleep sent no statistics for this night.</p>
        )}
      </details>
      <NightExportLinks sessionId={night.id} />
    </section>
  );
}
