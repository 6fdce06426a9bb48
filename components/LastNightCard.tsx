// The sleeper's morning card: last night's figures against their own 7- and 30-night averages, a
// paragraph in plain words, and what each figure means. Thin: everything comes from lib/sleep/glance.

import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { DIARY_PATH, nightPath, patientPath } from "@/lib/paths";
import { dayText } from "@/lib/time/day-words";
import { bedToWake, comparisonText, consistencyText, glanceExplanations, glanceHeading, glanceSummary, glanceWhen, showFigure, windowsShown, type Glance, type GlanceMetric } from "@/lib/sleep/glance";
import type { SessionSummary } from "@/lib/live/events";
import { duration } from "@/lib/format";
import { isLocale } from "@/lib/i18n/locales";
import type { LastNightsAverage } from "@/lib/sleep/trends";
import { sleepScoreText } from "@/lib/sleep/asleep-measures";
import { NightName } from "./NightName";
import { NightTags, type NightTagsState } from "./NightTags";
import ui from "./ui.module.css";
import styles from "./LastNightCard.module.css";

/** The card's figures, in order (each named by LastNightCard.rows.<metric>). */
const ROWS: GlanceMetric[] = ["bedtime", "wake", "totalSleep", "efficiency", "awakenings", "deep", "rem"];

/**
 * `nowMs`: when the page was rendered (the heading says "Last night" only of last night). `tags`: the
 * card's night's tags, tagged right here. `incomplete`: a newer night closed as Incomplete, named so
 * the card is not taken for the latest night. `asleepScore`: Asleep's own sleep score for the card's
 * night (lib/sleep/asleep-measures.ts), when Asleep's plan sent one; null shows nothing.
 */
export function LastNightCard({ glance, asleepUserId, nowMs, tags, incomplete, averages = [], asleepScore = null, diary = null }: { glance: Glance | null; asleepUserId: string; nowMs: number; tags?: NightTagsState | null; incomplete?: SessionSummary | null; averages?: LastNightsAverage[]; asleepScore?: number | null; diary?: { night: string; filled: boolean; zone: string } | null }) {
  const t = useTranslations("LastNightCard");
  const current = useLocale();
  const locale = isLocale(current) ? current : "en";
  const heading = glance ? glanceHeading(glance, nowMs, t, locale) : t("heading.last");
  const isLastNight = !glance || glanceWhen(glance, nowMs).kind === "last";
  const explanations = glanceExplanations(t);
  return (
    <section className={ui.panel} aria-labelledby="last-night-heading" data-testid="last-night">
      <h2 id="last-night-heading">{heading}</h2>
      {/* The morning diary (lib/sleep/diary.ts): a reminder until this morning's is filled in. */}
      {diary &&
        (diary.filled ? (
          <p className={`${ui.muted} ${ui.small}`} data-testid="diary-done">
            {t.rich("diary.done", { day: dayText(diary.night, locale), zone: diary.zone, change: (chunks) => <Link href={DIARY_PATH}>{chunks}</Link> })}
          </p>
        ) : (
          <p className={styles.diaryReminder} data-testid="diary-reminder">
            <Link href={DIARY_PATH}>{t("diary.remind")}</Link>{" "}
            <span className={`${ui.muted} ${ui.small}`}>{t("diary.remindFor", { day: dayText(diary.night, locale) })}</span>
          </p>
        ))}
      {incomplete && (
        <p className={ui.staleNote} role="note" data-testid="glance-newer-incomplete">
          {t.rich("newerIncomplete", {
            night: () => (
              <Link href={nightPath(incomplete.id)}>
                <NightName night={{ ...incomplete, open: false }} zone={incomplete.zone} />
              </Link>
            ),
          })}
        </p>
      )}
      {glance === null ? (
        <div data-testid="first-night-welcome">
          <p>{t("welcome.intro")}</p>
          <ol>
            <li>{t("welcome.step1")}</li>
            <li>{t("welcome.step2")}</li>
            <li>{t("welcome.step3")}</li>
          </ol>
          <p>{t("welcome.after")}</p>
        </div>
      ) : (
        <>
          <p className={ui.muted} data-testid="glance-when">
            {bedToWake(glance, t, locale)} · <Link href={nightPath(glance.night.id)}>{t("report")}</Link>
          </p>
          <dl className={styles.glance}>
            {ROWS.map((metric) => {
              const value = glance.figures[metric];
              return (
                <div key={metric} data-testid={`glance-${metric}`}>
                  <dt>{t(`rows.${metric}`)}</dt>
                  <dd className={styles.glanceFigure} data-figure={`night-${metric}`}>{value === null ? "—" : showFigure(metric, value, locale)}</dd>
                  {windowsShown(glance, metric).map((w) => (
                    <dd key={w} className={styles.glanceVs} data-testid={`glance-${metric}-${w}`}>
                      {t("against", { window: w, comparison: comparisonText(metric, glance.against[w][metric], t, locale) })}
                    </dd>
                  ))}
                </div>
              );
            })}
          </dl>
          <p data-testid="glance-summary">{glanceSummary(glance, t, locale)}</p>
          <p data-testid="glance-consistency">{consistencyText(glance.consistency, t, locale)}</p>
          {asleepScore !== null && (
            <p data-testid="glance-asleep-score">
              {t("asleepScore")} <strong data-figure="night-asleep-score">{sleepScoreText(asleepScore)}</strong>{" "}
              <span className={`${ui.muted} ${ui.small}`}>{t("asleepScoreNote")}</span>
            </p>
          )}
          {/* The same figures, by the same function, as the trends page's averages (lib/sleep/trends.ts lastNightsAverage). */}
          <ul className={styles.averages} data-testid="glance-averages">
            {averages.map((a) => (
              <li key={a.window} data-testid={`glance-last-${a.window}`}>
                {t.rich("average", {
                  window: a.window,
                  count: a.nights,
                  totalSleep: a.totalSleepMinutes === null ? "—" : duration(a.totalSleepMinutes * 60, locale),
                  efficiency: a.efficiencyPercent === null ? "—" : `${a.efficiencyPercent}%`,
                  sleepFigure: (chunks) => <span data-figure={`last-${a.window}-total-sleep`}>{chunks}</span>,
                  efficiencyFigure: (chunks) => <span data-figure={`last-${a.window}-efficiency`}>{chunks}</span>,
                })}
              </li>
            ))}
          </ul>
          {tags && <NightTags initial={tags} compact title={isLastNight ? t("tagLast") : t("tagThis")} />}
          <details className={ui.definitions} data-testid="glance-explanations">
            <summary>{t("explanationsTitle")}</summary>
            <dl>
              <div>
                <dt>{t("terms.times")}</dt>
                <dd>{explanations.times}</dd>
              </div>
              <div>
                <dt>{t("terms.totalSleep")}</dt>
                <dd>{explanations.totalSleep}</dd>
              </div>
              <div>
                <dt>{t("terms.efficiency")}</dt>
                <dd>{explanations.efficiency}</dd>
              </div>
              <div>
                <dt>{t("terms.awakenings")}</dt>
                <dd>{explanations.awakenings}</dd>
              </div>
              <div>
                <dt>{t("terms.stages")}</dt>
                <dd>{explanations.stages}</dd>
              </div>
              <div>
                <dt>{t("terms.usual")}</dt>
                <dd>
                  {explanations.usual} {t("notDiagnosis")}
                </dd>
              </div>
            </dl>
          </details>
        </>
      )}
      <p>
        <Link href={patientPath(asleepUserId)}>{t("trends")}</Link>
      </p>
    </section>
  );
}
