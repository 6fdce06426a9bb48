// The sleeper's morning card: last night's figures against their own 7- and 30-night averages, a
// paragraph in plain words, and what each figure means. Thin: everything comes from lib/sleep/glance.

import Link from "next/link";
import { nightPath, patientPath } from "@/lib/paths";
import { bedToWake, comparisonText, GLANCE_EXPLANATIONS, glanceHeading, glanceSummary, showFigure, windowsShown, type Glance, type GlanceMetric } from "@/lib/sleep/glance";
import type { SessionSummary } from "@/lib/live/events";
import { NightName } from "./NightName";
import { NightTags, type NightTagsState } from "./NightTags";

const ROWS: { metric: GlanceMetric; name: string }[] = [
  { metric: "bedtime", name: "Bed time" },
  { metric: "wake", name: "Wake time" },
  { metric: "totalSleep", name: "Total sleep" },
  { metric: "efficiency", name: "Sleep efficiency" },
  { metric: "awakenings", name: "Awakenings" },
];

/**
 * `nowMs`: when the page was rendered (the heading says "Last night" only of last night). `tags`: the
 * card's night's tags, tagged right here. `incomplete`: a newer night closed as Incomplete, named so
 * the card is not taken for the latest night.
 */
export function LastNightCard({ glance, asleepUserId, nowMs, tags, incomplete }: { glance: Glance | null; asleepUserId: string; nowMs: number; tags?: NightTagsState | null; incomplete?: SessionSummary | null }) {
  const heading = glance ? glanceHeading(glance, nowMs) : "Last night";
  return (
    <section className="panel" aria-labelledby="last-night-heading" data-testid="last-night">
      <h2 id="last-night-heading">{heading}</h2>
      {incomplete && (
        <p className="stale-note" role="note" data-testid="glance-newer-incomplete">
          A newer night,{" "}
          <Link href={nightPath(incomplete.id)}>
            <NightName night={{ ...incomplete, open: false }} zone={incomplete.zone} />
          </Link>
          , was closed as Incomplete (the recording stopped without its final report), so it is not summed up here.
        </p>
      )}
      {glance === null ? (
        <p className="muted">No complete night yet: your first one will be summed up here the morning after.</p>
      ) : (
        <>
          <p className="muted" data-testid="glance-when">
            {bedToWake(glance)} · <Link href={nightPath(glance.night.id)}>the night&apos;s report</Link>
          </p>
          <dl className="glance">
            {ROWS.map(({ metric, name }) => {
              const value = glance.figures[metric];
              return (
                <div key={metric} data-testid={`glance-${metric}`}>
                  <dt>{name}</dt>
                  <dd className="glance-figure">{value === null ? "—" : showFigure(metric, value)}</dd>
                  {windowsShown(glance, metric).map((w) => (
                    <dd key={w} className={`glance-vs verdict-${glance.against[w][metric].verdict ?? "none"}`} data-testid={`glance-${metric}-${w}`}>
                      vs last {w}: {comparisonText(metric, glance.against[w][metric])}
                    </dd>
                  ))}
                </div>
              );
            })}
          </dl>
          <p data-testid="glance-summary">{glanceSummary(glance)}</p>
          {tags && <NightTags initial={tags} compact title={heading === "Last night" ? "Tag your last night" : "Tag this night"} />}
          <details className="definitions" data-testid="glance-explanations">
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
