// The finished night: what we derive from the final hypnogram, then the report exactly as Asleep sent
// it, kept apart so a clinician knows which is which.

import { useLocale, useTranslations } from "next-intl";
import type { SessionDetail } from "@/lib/live/events";
import { clockTime, dateTime, duration as durationIn } from "@/lib/format";
import { isLocale } from "@/lib/i18n/locales";
import { describeIncomplete, isShortRecording } from "@/lib/sleep/incomplete";
import { zoneLabel } from "@/lib/time/zone";
import { efficiencyPercent, nightReport } from "@/lib/sleep/report";
import { explainPeculiarity } from "@/lib/sleep/peculiarities";
import { REPORT_FIGURES } from "@/lib/sleep/definitions";
import { EPOCH_SECONDS } from "@/lib/sleep/stages";
import { stageRowLabel } from "@/lib/sleep/hypnogram";
import type { StagePlan } from "@/lib/sleep/plan";
import { asleepMeasures, sleepScoreText } from "@/lib/sleep/asleep-measures";
import { Definitions } from "./Definitions";
import { NightExportLinks } from "./ExportLinks";
import { provenanceText } from "./night-words";
import ui from "./ui.module.css";
import styles from "./NightReport.module.css";

const percent = (whole: number | null) => (whole === null ? "—" : `${whole}%`);

/**
 * `plan`: a 2-stage night (lib/sleep/plan.ts) shows sleep and wake only: no stage shares, ranges, REM or cycles.
 * `plain`: the sleeper's own night, in plain words (no operations vocabulary; exports under "Download my data").
 */
export function NightReport({ night, plan, startMs, timezone, plain = false }: { night: SessionDetail; plan: StagePlan; startMs: number; timezone: string; plain?: boolean }) {
  const t = useTranslations("NightReport");
  const sleep = useTranslations("Sleep");
  const intlLocale = useLocale();
  const locale = isLocale(intlLocale) ? intlLocale : "en";
  const duration = (seconds: number) => durationIn(seconds, locale);
  /** Whole minutes as shown; an awakening of 30 s that the split left at 0 reads as what it is. */
  const minutes = (shown: number, exactSeconds: number) => (shown === 0 && exactSeconds > 0 ? t("figures.underOneMinute") : duration(shown * 60));
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
      <h2 id="report-heading">{incomplete ? t("headingPartial") : t("heading")}</h2>
      {night.provenance && (
        <p className={`${ui.muted} ${styles.clinical}`} data-testid="provenance">
          {provenanceText(night.provenance, plan, plain, t)}
        </p>
      )}
      {incomplete && (
        <p className={ui.staleNote} role="note" data-testid="incomplete-note">
          {describeIncomplete(night.incompleteReason, night.sleepStages.length > 0 ? `${dateTime(dataEnd, timezone, locale)} ${zoneLabel(timezone)}` : null, plain, t)}
        </p>
      )}
      {twoStage && (
        <p className={ui.muted} role="note" data-testid="two-stage-note">
          {t("twoStageNote")}
        </p>
      )}
      {short && !twoStage && night.sleepStages.length > 0 && (
        <p className={ui.muted} role="note" data-testid="short-recording">
          {t("shortRecording", { duration: duration(night.sleepStages.length * EPOCH_SECONDS) })}
        </p>
      )}
      {night.peculiarities.length > 0 && (
        <ul className={ui.notes} aria-label={t("notesFromAsleep")}>
          {night.peculiarities.map((code) => explainPeculiarity(code, t)).map((p) => (
            <li key={p.code} data-testid="peculiarity" data-code={p.code}>
              {p.plain}
              <span className={styles.clinical}>
                <span className={ui.muted}>{t("forClinicians")} </span>
                {p.clinical}
              </span>
            </li>
          ))}
        </ul>
      )}
      <dl className={ui.figures} data-testid="report-figures">
        <div>
          <dt>{t("figures.totalSleep")}</dt>
          <dd data-testid="total-sleep">{duration(r.totalSleepMinutes * 60)}</dd>
        </div>
        <div>
          <dt>{t("figures.timeInBed")}</dt>
          <dd>{duration(bed.timeInBed * 60)}</dd>
        </div>
        <div>
          <dt>{t("figures.sleepPeriod")}</dt>
          <dd data-testid="sleep-period">{duration(bed.sleepPeriod * 60)}</dd>
        </div>
        <div>
          <dt>{t("figures.sleepEfficiency")}</dt>
          <dd data-testid="efficiency">{percent(r.sleepEfficiencyPercent)}</dd>
        </div>
        <div>
          <dt>{t("figures.sleepMaintenanceEfficiency")}</dt>
          <dd data-testid="maintenance-efficiency">{percent(r.sleepMaintenanceEfficiencyPercent)}</dd>
        </div>
        <div>
          <dt>{t("figures.fellAsleepAfter")}</dt>
          <dd data-testid="sleep-latency">{r.sleepLatencySeconds === null ? t("figures.never") : `${duration(r.sleepLatencySeconds)} (${at(r.sleepOnsetEpoch!)})`}</dd>
        </div>
        <div>
          <dt>{t("figures.persistentSleepAfter")}</dt>
          <dd data-testid="persistent-sleep-latency">{r.persistentSleepLatencySeconds === null ? t("figures.none") : `${duration(r.persistentSleepLatencySeconds)} (${at(r.persistentSleepLatencySeconds / EPOCH_SECONDS)})`}</dd>
        </div>
        {!twoStage && (
          <div>
            <dt>{t("figures.firstRemAfter")}</dt>
            <dd data-testid="rem-latency">{r.remLatencySeconds === null ? t("figures.noRem") : duration(r.remLatencySeconds)}</dd>
          </div>
        )}
        <div>
          <dt>{t("figures.awakenings")}</dt>
          <dd data-testid="awakenings">
            {t("figures.awakeningsValue", { count: r.wasoCount, duration: minutes(bed.waso, r.wasoSeconds) })}
            {r.wasoCount > 0 && <span className={ui.muted}> {t("figures.longest", { duration: minutes(bed.longestAwakening, r.longestWasoSeconds) })}</span>}
          </dd>
        </div>
        {!twoStage && (
          <div>
            <dt>{t("figures.sleepCycles")}</dt>
            <dd>{r.cycles.length}</dd>
          </div>
        )}
        <div>
          <dt>{t("figures.snoring")}</dt>
          <dd>
            {duration(r.snoringSeconds)}
            {r.snoringPercent !== null && <span className={ui.muted}> {t("figures.snoringShare", { percent: Math.round(r.snoringPercent) })}</span>}
          </dd>
        </div>
      </dl>
      {twoStage ? (
        <table data-testid="sleep-wake">
          <caption>{t("sleepWake.caption")}</caption>
          <tbody>
            <tr>
              <th scope="row">{sleep("stage.sleep")}</th>
              <td>{duration(r.totalSleepMinutes * 60)}</td>
            </tr>
            <tr data-testid="wake-row">
              <th scope="row">
                {sleep("stage.wake")} <span className={`${ui.muted} ${ui.small}`}>{t("rows.wakeAllInBed")}</span>
              </th>
              <td>{duration(bed.wake * 60)}</td>
            </tr>
            <tr data-testid="no-data-row">
              <th scope="row">{t("rows.noData")}</th>
              <td>{duration(bed.noData * 60)}</td>
            </tr>
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("rows.timeInBed")}</th>
              <td>{duration(bed.timeInBed * 60)}</td>
            </tr>
          </tfoot>
        </table>
      ) : (
        <table data-testid="stage-shares">
          <caption>{short ? t("stages.caption") : t("stages.captionWithRanges")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("stages.stage")}</th>
              <th scope="col">{t("stages.time")}</th>
              <th scope="col">{t("stages.share")}</th>
              <th scope="col">{t("stages.typical")}</th>
              <th scope="col">{t("stages.compared")}</th>
            </tr>
          </thead>
          <tbody>
            {r.stageShares.map((s) => (
              <tr key={s.stage}>
                <th scope="row">{stageRowLabel(s.stage, sleep(`stage.${s.stage}`))}</th>
                <td>{duration(s.minutes * 60)}</td>
                <td>{s.percent === null ? "—" : `${s.percent}%`}</td>
                <td>
                  {s.typical.min}–{s.typical.max}%
                </td>
                <td>{s.verdict && !short ? t(`stages.verdict.${s.verdict}`) : "—"}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            {/* The parts above are rounded to add up to exactly these. */}
            <tr>
              <th scope="row">{t("rows.totalSleep")}</th>
              <td>{duration(r.totalSleepMinutes * 60)}</td>
              <td>{r.totalSleepMinutes > 0 ? "100%" : "—"}</td>
              <td colSpan={2} />
            </tr>
            {/* Not sleep, so not in the shares; with total sleep they add up to the time in bed shown. */}
            <tr data-testid="wake-row">
              <th scope="row">
                {sleep("stage.wake")} <span className={`${ui.muted} ${ui.small}`}>{t("rows.wakeAllInBed")}</span>
              </th>
              <td>{duration(bed.wake * 60)}</td>
              <td colSpan={3} />
            </tr>
            <tr data-testid="no-data-row">
              <th scope="row">{t("rows.noData")}</th>
              <td>{duration(bed.noData * 60)}</td>
              <td colSpan={3} />
            </tr>
            <tr>
              <th scope="row">{t("rows.timeInBed")}</th>
              <td>{duration(bed.timeInBed * 60)}</td>
              <td colSpan={3} />
            </tr>
          </tfoot>
        </table>
      )}
      {anyAsleep && (
        <section aria-labelledby="asleep-measures-heading" data-testid="asleep-measures">
          <h3 id="asleep-measures-heading">{t("asleep.heading")}</h3>
          <p className={`${ui.muted} ${ui.small}`}>{t("asleep.intro")}</p>
          <dl className={ui.figures}>
            {asleep.sleepIndex !== null && (
              <div>
                <dt>{t("asleep.sleepScore")}</dt>
                <dd data-testid="asleep-sleep-index">{sleepScoreText(asleep.sleepIndex)}</dd>
              </div>
            )}
            {asleep.breathing !== null && (
              <div>
                <dt>{t("asleep.breathing")}</dt>
                <dd data-testid="asleep-breathing">
                  {[
                    asleep.breathing.unstablePercent !== null ? t("asleep.breathingUnstableShare", { percent: asleep.breathing.unstablePercent }) : null,
                    asleep.breathing.unstableSeconds !== null ? t("asleep.breathingUnstable", { duration: duration(asleep.breathing.unstableSeconds) }) : null,
                    asleep.breathing.stableSeconds !== null ? t("asleep.breathingStable", { duration: duration(asleep.breathing.stableSeconds) }) : null,
                    asleep.breathing.index !== null ? t("asleep.breathingIndex", { index: asleep.breathing.index }) : null,
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </dd>
              </div>
            )}
            {asleep.snoring !== null && (
              <div>
                <dt>{t("asleep.snoring")}</dt>
                <dd data-testid="asleep-snoring">
                  {[
                    asleep.snoring.count !== null ? t("asleep.snoringEvents", { count: asleep.snoring.count }) : null,
                    asleep.snoring.seconds !== null ? duration(asleep.snoring.seconds) : null,
                    asleep.snoring.percent !== null ? t("asleep.nightShare", { percent: asleep.snoring.percent }) : null,
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </dd>
              </div>
            )}
            {asleep.wakeupLatencySeconds !== null && (
              <div>
                <dt>{t("asleep.wakeupLatency")}</dt>
                <dd data-testid="asleep-wakeup-latency">{duration(asleep.wakeupLatencySeconds)}</dd>
              </div>
            )}
            {asleep.missingDataPercent !== null && (
              <div>
                <dt>{t("asleep.missingData")}</dt>
                <dd data-testid="asleep-missing-data">{t("asleep.recordingShare", { percent: asleep.missingDataPercent })}</dd>
              </div>
            )}
          </dl>
          <details className={ui.definitions}>
            <summary>{t("asleep.meaning")}</summary>
            <dl>
              {asleep.sleepIndex !== null && (
                <div>
                  <dt>{t("asleep.terms.sleepIndex")}</dt>
                  <dd>{t("asleep.text.sleepIndex")}</dd>
                </div>
              )}
              {asleep.breathing !== null && (
                <div>
                  <dt>{t("asleep.terms.breathing")}</dt>
                  <dd>{t("asleep.text.breathing")}</dd>
                </div>
              )}
              {asleep.snoring !== null && (
                <div>
                  <dt>{t("asleep.terms.snoring")}</dt>
                  <dd>{t("asleep.text.snoring")}</dd>
                </div>
              )}
              {asleep.wakeupLatencySeconds !== null && (
                <div>
                  <dt>{t("asleep.terms.wakeupLatency")}</dt>
                  <dd>{t("asleep.text.wakeupLatency")}</dd>
                </div>
              )}
              {asleep.missingDataPercent !== null && (
                <div>
                  <dt>{t("asleep.terms.missingData")}</dt>
                  <dd>{t("asleep.text.missingData")}</dd>
                </div>
              )}
            </dl>
          </details>
        </section>
      )}
      <Definitions keys={REPORT_FIGURES} plan={plan} testId="report-definitions" />
      <details>
        <summary>{fromAsleep !== null ? t("asleepReportEfficiency", { percent: Math.round(fromAsleep) }) : t("asleepReport")}</summary>
        {night.stat ? (
          <table data-testid="asleep-stat">
            <tbody>
              {Object.entries(night.stat).map(([k, v]) => (
                <tr key={k}>
                  {/* Asleep's own field names and values, as it sent them: data, in no reader's language. */}
                  <th scope="row">
                    <code>{k}</code>
                  </th>
                  <td>
                    <code>{typeof v === "object" && v !== null ? JSON.stringify(v) : String(v)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className={ui.muted}>{t("noStatistics")}</p>
        )}
      </details>
      <NightExportLinks sessionId={night.id} plain={plain} />
    </section>
  );
}
