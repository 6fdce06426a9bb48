// The finished night: what we derive from the final hypnogram, then the report exactly as Asleep sent
// it, kept apart so a clinician knows which is which.

import type { SessionDetail } from "@/lib/live/events";
import { clockTime, dateTime, duration } from "@/lib/format";
import { describeIncomplete, isShortRecording } from "@/lib/sleep/incomplete";
import { zoneLabel } from "@/lib/time/zone";
import { efficiencyPercent, nightReport } from "@/lib/sleep/report";
import { explainPeculiarity } from "@/lib/sleep/peculiarities";
import { provenanceLine } from "@/lib/sleep/provenance";
import { REPORT_FIGURES } from "@/lib/sleep/definitions";
import { EPOCH_SECONDS } from "@/lib/sleep/stages";
import type { StagePlan } from "@/lib/sleep/plan";
import { ASLEEP_MEASURE_TEXT, asleepMeasures, sleepScoreText } from "@/lib/sleep/asleep-measures";
import { Definitions } from "./Definitions";
import { NightExportLinks } from "./ExportLinks";
import ui from "./ui.module.css";
import styles from "./NightReport.module.css";

const VERDICT_TEXT = { below: "below typical", within: "typical", above: "above typical" } as const;
const percent = (whole: number | null) => (whole === null ? "—" : `${whole}%`);
/** Whole minutes as shown; an awakening of 30 s that the split left at 0 reads as what it is. */
const minutes = (shown: number, exactSeconds: number) => (shown === 0 && exactSeconds > 0 ? "under 1 min" : duration(shown * 60));

/**
 * `plan`: a 2-stage night (lib/sleep/plan.ts) shows sleep and wake only: no stage shares, ranges, REM or cycles.
 * `plain`: the sleeper's own night, in plain words (no operations vocabulary; exports under "Download my data").
 */
export function NightReport({ night, plan, startMs, timezone, plain = false }: { night: SessionDetail; plan: StagePlan; startMs: number; timezone: string; plain?: boolean }) {
  const r = nightReport(night.sleepStages, night.snoringStages, plan);
  const twoStage = plan === "2-stage";
  // Asleep's own measures, only those its plan included (nothing shown for the others).
  const asleep = asleepMeasures(night.stat, { peculiarities: night.peculiarities, missingDataRatio: night.missingDataRatio });
  const anyAsleep = asleep.sleepIndex !== null || asleep.breathing !== null || asleep.snoring !== null || asleep.wakeupLatencySeconds !== null || asleep.missingDataPercent !== null;
  const at = (epoch: number) => clockTime(startMs + epoch * EPOCH_SECONDS * 1000, timezone);
  const fromAsleep = efficiencyPercent(night.stat?.sleep_efficiency);
  const incomplete = night.state === "INCOMPLETE";
  // Under 3 hours there is too little night to hold its stages against a whole adult night's ranges.
  const short = isShortRecording(night.sleepStages.length);
  // Every minute figure below is a part (or a sum of parts) of one split of the time in bed.
  const bed = r.shown;
  const dataEnd = startMs + night.sleepStages.length * EPOCH_SECONDS * 1000;

  return (
    <section className={`${ui.panel} ${styles.report}`} aria-labelledby="report-heading">
      <h2 id="report-heading">{incomplete ? "Partial night report" : "Night report"}</h2>
      {night.provenance && (
        <p className={`${ui.muted} ${styles.clinical}`} data-testid="provenance">
          {provenanceLine(night.provenance, plan, plain)}
        </p>
      )}
      {incomplete && (
        <p className={ui.staleNote} role="note" data-testid="incomplete-note">
          {describeIncomplete(night.incompleteReason, night.sleepStages.length > 0 ? `${dateTime(dataEnd, timezone)} ${zoneLabel(timezone)}` : null, plain)}
        </p>
      )}
      {twoStage && (
        <p className={ui.muted} role="note" data-testid="two-stage-note">
          Asleep scored this night in 2 stages, Wake and Sleep (its basic plan): there are no light, deep or REM figures for it.
        </p>
      )}
      {short && !twoStage && night.sleepStages.length > 0 && (
        <p className={ui.muted} role="note" data-testid="short-recording">
          This recording is {duration(night.sleepStages.length * EPOCH_SECONDS)} long, under 3 hours: too short to compare its stages
          with the typical ranges of a whole adult night, so no comparison is made.
        </p>
      )}
      {night.peculiarities.length > 0 && (
        <ul className={ui.notes} aria-label="Notes from Asleep">
          {night.peculiarities.map(explainPeculiarity).map((p) => (
            <li key={p.code} data-testid="peculiarity" data-code={p.code}>
              {p.plain}
              <span className={styles.clinical}>
                <span className={ui.muted}>For clinicians: </span>
                {p.clinical}
              </span>
            </li>
          ))}
        </ul>
      )}
      <dl className={ui.figures} data-testid="report-figures">
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
        {!twoStage && (
          <div>
            <dt>First REM after</dt>
            <dd data-testid="rem-latency">{r.remLatencySeconds === null ? "no REM" : duration(r.remLatencySeconds)}</dd>
          </div>
        )}
        <div>
          <dt>Awakenings</dt>
          <dd data-testid="awakenings">
            {r.wasoCount}× · {minutes(bed.waso, r.wasoSeconds)}
            {r.wasoCount > 0 && <span className={ui.muted}> (longest {minutes(bed.longestAwakening, r.longestWasoSeconds)})</span>}
          </dd>
        </div>
        {!twoStage && (
          <div>
            <dt>Sleep cycles</dt>
            <dd>{r.cycles.length}</dd>
          </div>
        )}
        <div>
          <dt>Snoring</dt>
          <dd>
            {duration(r.snoringSeconds)}
            {r.snoringPercent !== null && <span className={ui.muted}> ({Math.round(r.snoringPercent)}% of sleep)</span>}
          </dd>
        </div>
      </dl>
      {twoStage ? (
        <table data-testid="sleep-wake">
          <caption>Sleep and wake (2 stages)</caption>
          <tbody>
            <tr>
              <th scope="row">Sleep</th>
              <td>{duration(r.totalSleepMinutes * 60)}</td>
            </tr>
            <tr data-testid="wake-row">
              <th scope="row">
                Wake <span className={`${ui.muted} ${ui.small}`}>(all in bed, WASO included)</span>
              </th>
              <td>{duration(bed.wake * 60)}</td>
            </tr>
            <tr data-testid="no-data-row">
              <th scope="row">No data</th>
              <td>{duration(bed.noData * 60)}</td>
            </tr>
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Time in bed</th>
              <td>{duration(bed.timeInBed * 60)}</td>
            </tr>
          </tfoot>
        </table>
      ) : (
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
                Wake <span className={`${ui.muted} ${ui.small}`}>(all in bed, WASO included)</span>
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
      )}
      {anyAsleep && (
        <section aria-labelledby="asleep-measures-heading" data-testid="asleep-measures">
          <h3 id="asleep-measures-heading">Measured by Asleep</h3>
          <p className={`${ui.muted} ${ui.small}`}>Asleep&apos;s own figures, computed by Asleep with its own formulas (not from the hypnogram above).</p>
          <dl className={ui.figures}>
            {asleep.sleepIndex !== null && (
              <div>
                <dt>Asleep&apos;s sleep score</dt>
                <dd data-testid="asleep-sleep-index">{sleepScoreText(asleep.sleepIndex)}</dd>
              </div>
            )}
            {asleep.breathing !== null && (
              <div>
                <dt>Breathing stability (Asleep)</dt>
                <dd data-testid="asleep-breathing">
                  {[
                    asleep.breathing.unstablePercent !== null ? `unstable ${asleep.breathing.unstablePercent}% of the night` : null,
                    asleep.breathing.unstableSeconds !== null ? `${duration(asleep.breathing.unstableSeconds)} unstable` : null,
                    asleep.breathing.stableSeconds !== null ? `${duration(asleep.breathing.stableSeconds)} stable` : null,
                    asleep.breathing.index !== null ? `breathing index ${asleep.breathing.index}` : null,
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </dd>
              </div>
            )}
            {asleep.snoring !== null && (
              <div>
                <dt>Snoring (Asleep)</dt>
                <dd data-testid="asleep-snoring">
                  {[
                    asleep.snoring.count !== null ? `${asleep.snoring.count} ${asleep.snoring.count === 1 ? "event" : "events"}` : null,
                    asleep.snoring.seconds !== null ? duration(asleep.snoring.seconds) : null,
                    asleep.snoring.percent !== null ? `${asleep.snoring.percent}% of the night` : null,
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </dd>
              </div>
            )}
            {asleep.wakeupLatencySeconds !== null && (
              <div>
                <dt>Wake-up latency (Asleep)</dt>
                <dd data-testid="asleep-wakeup-latency">{duration(asleep.wakeupLatencySeconds)}</dd>
              </div>
            )}
            {asleep.missingDataPercent !== null && (
              <div>
                <dt>Not analysable (Asleep)</dt>
                <dd data-testid="asleep-missing-data">{asleep.missingDataPercent}% of the recording</dd>
              </div>
            )}
          </dl>
          <details className={ui.definitions}>
            <summary>What Asleep says these mean</summary>
            <dl>
              {asleep.sleepIndex !== null && (
                <div>
                  <dt>Sleep score</dt>
                  <dd>{ASLEEP_MEASURE_TEXT.sleepIndex}</dd>
                </div>
              )}
              {asleep.breathing !== null && (
                <div>
                  <dt>Breathing stability</dt>
                  <dd>{ASLEEP_MEASURE_TEXT.breathing}</dd>
                </div>
              )}
              {asleep.snoring !== null && (
                <div>
                  <dt>Snoring</dt>
                  <dd>{ASLEEP_MEASURE_TEXT.snoring}</dd>
                </div>
              )}
              {asleep.wakeupLatencySeconds !== null && (
                <div>
                  <dt>Wake-up latency</dt>
                  <dd>{ASLEEP_MEASURE_TEXT.wakeupLatency}</dd>
                </div>
              )}
              {asleep.missingDataPercent !== null && (
                <div>
                  <dt>Not analysable</dt>
                  <dd>{ASLEEP_MEASURE_TEXT.missingData}</dd>
                </div>
              )}
            </dl>
          </details>
        </section>
      )}
      <Definitions keys={REPORT_FIGURES} plan={plan} testId="report-definitions" />
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
          <p className={ui.muted}>Asleep sent no statistics for this night.</p>
        )}
      </details>
      <NightExportLinks sessionId={night.id} plain={plain} />
    </section>
  );
}
