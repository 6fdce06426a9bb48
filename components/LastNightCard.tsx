// The sleeper's morning card: last night's figures against their own 7- and 30-night averages, a
// paragraph in plain words, and what each figure means. Thin: everything comes from lib/sleep/glance.

import Link from "next/link";
import { DIARY_PATH, nightPath, patientPath } from "@/lib/paths";
import { dayLabel } from "@/lib/time/day";
import { bedToWake, comparisonText, consistencyText, GLANCE_EXPLANATIONS, glanceHeading, glanceSummary, showFigure, windowsShown, type Glance, type GlanceMetric } from "@/lib/sleep/glance";
import type { SessionSummary } from "@/lib/live/events";
import { duration } from "@/lib/format";
import { lastNightsName, type LastNightsAverage } from "@/lib/sleep/trends";
import { ASLEEP_MEASURE_TEXT, sleepScoreText } from "@/lib/sleep/asleep-measures";
import { NightName } from "./NightName";
import { NightTags, type NightTagsState } from "./NightTags";
import ui from "./ui.module.css";
import styles from "./LastNightCard.module.css";

const ROWS: { metric: GlanceMetric; name: string }[] = [
  { metric: "bedtime", name: "Bed time" },
  { metric: "wake", name: "Wake time" },
  { metric: "totalSleep", name: "Total sleep" },
  { metric: "efficiency", name: "Sleep efficiency" },
  { metric: "awakenings", name: "Awakenings" },
  { metric: "deep", name: "Deep sleep" },
  { metric: "rem", name: "REM sleep" },
];

/**
 * `nowMs`: when the page was rendered (the heading says "Last night" only of last night). `tags`: the
 * card's night's tags, tagged right here. `incomplete`: a newer night closed as Incomplete, named so
 * the card is not taken for the latest night. `asleepScore`: Asleep's own sleep score for the card's
 * night (lib/sleep/asleep-measures.ts), when Asleep's plan sent one; null shows nothing.
 */
export function LastNightCard({ glance, asleepUserId, nowMs, tags, incomplete, averages = [], asleepScore = null, diary = null }: { glance: Glance | null; asleepUserId: string; nowMs: number; tags?: NightTagsState | null; incomplete?: SessionSummary | null; averages?: LastNightsAverage[]; asleepScore?: number | null; diary?: { night: string; filled: boolean; zone: string } | null }) {
  const heading = glance ? glanceHeading(glance, nowMs) : "Last night";
  return (
    <section className={ui.panel} aria-labelledby="last-night-heading" data-testid="last-night">
      <h2 id="last-night-heading">{heading}</h2>
      {/* The morning diary (lib/sleep/diary.ts): a reminder until this morning's is filled in. */}
      {diary &&
        (diary.filled ? (
          <p className={`${ui.muted} ${ui.small}`} data-testid="diary-done">
            Your diary for the night of {dayLabel(diary.night)} is filled in. <Link href={DIARY_PATH}>Change it</Link> until midnight tonight ({diary.zone}).
          </p>
        ) : (
          <p className={styles.diaryReminder} data-testid="diary-reminder">
            <Link href={DIARY_PATH}>How did you sleep? Fill in your diary</Link>{" "}
            <span className={`${ui.muted} ${ui.small}`}>for the night of {dayLabel(diary.night)}</span>
          </p>
        ))}
      {incomplete && (
        <p className={ui.staleNote} role="note" data-testid="glance-newer-incomplete">
          A newer night,{" "}
          <Link href={nightPath(incomplete.id)}>
            <NightName night={{ ...incomplete, open: false }} zone={incomplete.zone} />
          </Link>
          , was closed as Incomplete (the recording stopped without its final report), so it is not summed up here.
        </p>
      )}
      {glance === null ? (
        <div data-testid="first-night-welcome">
          <p>Welcome. No night has been recorded here yet; this is how to record your first.</p>
          <ol>
            <li>At bedtime, open the Asleep app on your phone and start a recording.</li>
            <li>Leave the phone charging, on or near your bed, with the app open.</li>
            <li>In the morning, stop the recording in the app when you get up.</li>
          </ol>
          <p>
            While it records, this page shows that your night is being recorded, and warns you if your phone goes quiet. The morning after, this card shows how
            long you slept, your bed and wake times, your sleep efficiency, how often you woke, your Deep and REM sleep, and, once you have a few nights, how
            each compares with your usual.
          </p>
        </div>
      ) : (
        <>
          <p className={ui.muted} data-testid="glance-when">
            {bedToWake(glance)} · <Link href={nightPath(glance.night.id)}>the night&apos;s report</Link>
          </p>
          <dl className={styles.glance}>
            {ROWS.map(({ metric, name }) => {
              const value = glance.figures[metric];
              return (
                <div key={metric} data-testid={`glance-${metric}`}>
                  <dt>{name}</dt>
                  <dd className={styles.glanceFigure} data-figure={`night-${metric}`}>{value === null ? "—" : showFigure(metric, value)}</dd>
                  {windowsShown(glance, metric).map((w) => (
                    <dd key={w} className={styles.glanceVs} data-testid={`glance-${metric}-${w}`}>
                      vs the {w} nights before: {comparisonText(metric, glance.against[w][metric])}
                    </dd>
                  ))}
                </div>
              );
            })}
          </dl>
          <p data-testid="glance-summary">{glanceSummary(glance)}</p>
          <p data-testid="glance-consistency">{consistencyText(glance.consistency)}</p>
          {asleepScore !== null && (
            <p data-testid="glance-asleep-score">
              Asleep&apos;s sleep score: <strong data-figure="night-asleep-score">{sleepScoreText(asleepScore)}</strong>{" "}
              <span className={`${ui.muted} ${ui.small}`}>{ASLEEP_MEASURE_TEXT.sleepIndex}</span>
            </p>
          )}
          {/* The same figures, by the same function, as the trends page's averages (lib/sleep/trends.ts lastNightsAverage). */}
          <ul className={styles.averages} data-testid="glance-averages">
            {averages.map((a) => (
              <li key={a.window} data-testid={`glance-last-${a.window}`}>
                {lastNightsName(a.window)}, this one included ({a.nights} {a.nights === 1 ? "night" : "nights"}):{" "}
                <span data-figure={`last-${a.window}-total-sleep`}>{a.totalSleepMinutes === null ? "—" : duration(a.totalSleepMinutes * 60)}</span> asleep on average,{" "}
                <span data-figure={`last-${a.window}-efficiency`}>{a.efficiencyPercent === null ? "—" : `${a.efficiencyPercent}%`}</span> efficiency
              </li>
            ))}
          </ul>
          {tags && <NightTags initial={tags} compact title={heading === "Last night" ? "Tag your last night" : "Tag this night"} />}
          <details className={ui.definitions} data-testid="glance-explanations">
            <summary>What these figures mean, and the usual adult ranges</summary>
            <dl>
              <div>
                <dt>Bed and wake times</dt>
                <dd>{GLANCE_EXPLANATIONS.times}</dd>
              </div>
              <div>
                <dt>Total sleep</dt>
                <dd>{GLANCE_EXPLANATIONS.totalSleep}</dd>
              </div>
              <div>
                <dt>Sleep efficiency</dt>
                <dd>{GLANCE_EXPLANATIONS.efficiency}</dd>
              </div>
              <div>
                <dt>Awakenings</dt>
                <dd>{GLANCE_EXPLANATIONS.awakenings}</dd>
              </div>
              <div>
                <dt>Deep and REM sleep</dt>
                <dd>{GLANCE_EXPLANATIONS.stages}</dd>
              </div>
              <div>
                <dt>Better, worse, usual</dt>
                <dd>{GLANCE_EXPLANATIONS.usual} These are your own figures, not a diagnosis.</dd>
              </div>
            </dl>
          </details>
        </>
      )}
      <p>
        <Link href={patientPath(asleepUserId)}>Your trends over 7, 30 and 90 nights →</Link>
      </p>
    </section>
  );
}
