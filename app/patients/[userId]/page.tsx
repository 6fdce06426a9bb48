import type { Metadata } from "next";
import { clinicAdherenceRule, patientAlertSettings } from "@/server/data/alert-settings";
import { AlertRulesForm } from "@/components/AlertRulesForm";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Definitions } from "@/components/Definitions";
import { PeriodExportButtons } from "@/components/ExportLinks";
import { Hypnogram } from "@/components/Hypnogram";
import { NightName } from "@/components/NightName";
import { Notes } from "@/components/Notes";
import { Pager } from "@/components/Pager";
import { TAG_COMPARISON_RANGES, TagComparison } from "@/components/TagComparison";
import { SleepTrends } from "@/components/SleepTrends";
import { duration, zoneOrUtc } from "@/lib/format";
import { nightPath, pageSegment, patientApiPath, patientPath } from "@/lib/paths";
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { addDays, adherenceDefinition, adherenceSummary, WINDOW_END_DEFINITION } from "@/lib/sleep/adherence";
import { TREND_RANGES, trendsOnCalendar } from "@/lib/sleep/trend-series";
import { TREND_FIGURES } from "@/lib/sleep/definitions";
import { nightName } from "@/lib/time/night";
import { pageOf, pageRows, pageWindow } from "@/lib/navigation/paging";
import { nightReport } from "@/lib/sleep/report";
import { compareTaggedNights } from "@/lib/sleep/tag-comparison";
import { averageOfNewest, trendPoint, wholeAverageShares, type TrendAverages } from "@/lib/sleep/trends";
import { recordAccess } from "@/server/data/access-log";
import { notesOfPatient } from "@/server/data/notes";
import { currentAdherence } from "@/server/data/period";
import { closedNightsOf, completeNightsOf, nightLabels } from "@/server/data/sessions";
import { tagsOfPatientNights } from "@/server/data/tags";
import { viewerForPage } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Patient" };

const fmt = (v: number | null, unit: string, digits = 0) => (v === null ? "—" : `${v.toFixed(digits)}${unit}`);

// A clinician's view of one patient: trends over the last 30 complete nights, 7- and 30-night
// averages, every night in a table, and any two nights side by side.
export default async function PatientPage({ params, searchParams }: { params: Promise<{ userId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { db, config } = getRuntime();
  const { viewer, audience } = await viewerForPage();
  const userId = pageSegment((await params).userId);
  if (userId === null) notFound();
  // A sleeper sees their own trends here, as their clinician does; anyone else's page is not found.
  if (viewer.role === "patient" && viewer.asleepUserId !== userId) notFound();
  const nights = await completeNightsOf(db, audience, userId, 30);
  if (!nights) notFound();
  const person = await db.user.findUnique({ where: { asleepUserId: userId }, select: { name: true } });
  const now = new Date();
  const adherence = await currentAdherence(db, audience, userId, await clinicAdherenceRule(db, config.adherenceRule), now);
  if (!adherence) notFound();
  const [notes] = await Promise.all([notesOfPatient(db, viewer, audience, userId), recordAccess(db, viewer, { asleepUserId: userId, action: "view", resource: "patient page" })]);
  // Each note on a night names it (the notes list spans every night, not only the newest 30).
  const noteLabels = await nightLabels(db, audience, (notes ?? []).flatMap((n) => (n.sessionId ? [n.sessionId] : [])));
  const noteNights = Object.fromEntries([...noteLabels].map(([id, n]) => [id, nightName(n, n.zone?.name ?? "UTC")]));
  const alertRules = await patientAlertSettings(db, viewer, audience, userId, config.adherenceRule);
  // The report form's default: the 30 days ending today, in the zone of the patient's newest night.
  const reportZone = zoneOrUtc(nights[0]?.zone?.name ?? nights[0]?.timezone);
  const reportTo = format(new TZDate(now.getTime(), reportZone), "yyyy-MM-dd");
  const reportBase = patientApiPath(userId);
  const points = nights.map(trendPoint);
  // Each night counts for the day it belongs to (lib/time/day.ts: the day it starts, split at noon),
  // in its own zone; a night of no known zone, in UTC.
  const zoneOf = (n: (typeof nights)[number]) => n.zone?.name ?? "UTC";
  const names = Object.fromEntries(nights.map((n) => [n.id, nightName(n, zoneOf(n))]));
  const search = await searchParams;
  const trends = trendsOnCalendar(search.range, (await completeNightsOf(db, audience, userId, 200)) ?? [], now.getTime());
  const [a, b] = [search.a, search.b].map((v) => (Array.isArray(v) ? v[0] : v));
  // Every night that has ended, a page at a time (?page=2), those closed as Incomplete (without Asleep's
  // final report) included and labelled; the trends and averages stay on complete nights only.
  const page = pageOf(search.page);
  const window = pageWindow(page);
  const every = pageRows((await closedNightsOf(db, audience, userId, window.limit, window.offset)) ?? []);
  // Tags: nights with and without each, over the last 30 or 90 complete nights (?tagNights=90).
  const tagOver = TAG_COMPARISON_RANGES.find((n) => String(n) === (Array.isArray(search.tagNights) ? search.tagNights[0] : search.tagNights)) ?? 30;
  const tagNights = tagOver === 30 ? nights : ((await completeNightsOf(db, audience, userId, tagOver)) ?? []);
  const tagsByNight = (await tagsOfPatientNights(db, audience, userId, tagNights.map((n) => n.id))) ?? new Map<string, string[]>();
  const tagComparisons = compareTaggedNights(tagNights.map((n) => ({ ...n, tags: tagsByNight.get(n.id) ?? [] })));
  // Any two nights can be compared: the choices are the newest 30 and the nights on this page of
  // "Every night" (older ones come by paging it), not only the newest 30.
  const choices = [...nights, ...every.rows.filter((n) => !nights.some((m) => m.id === n.id))];
  const choiceNames = { ...names, ...Object.fromEntries(every.rows.map((n) => [n.id, nightName(n, zoneOf(n))])) };
  const compared = [a, b].map((id) => choices.find((n) => n.id === id)).filter((n) => n !== undefined);

  return (
    <main>
      <p>
        <Link href="/">{viewer.role === "patient" ? "← Home" : "← Board"}</Link>
      </p>
      <h1>
        {person?.name ?? userId} <span className="muted">· Asleep user {userId}</span>
      </h1>
      <section className="panel" aria-labelledby="adherence-heading">
        <h2 id="adherence-heading">Adherence</h2>
        <p data-testid="adherence">
          Last {adherence.days} days ({adherence.firstDay} to {adherence.lastDay}, nights counted noon to noon): {adherenceSummary(adherence)}.
        </p>
        <details className="definitions">
          <summary>How adherence is counted</summary>
          <p>
            {adherenceDefinition(adherence.rule)} {WINDOW_END_DEFINITION}
          </p>
        </details>
      </section>
      {/* A sleeper on their own page sees only what their clinician shared with them, and writes none. */}
      {notes && (viewer.role !== "patient" || notes.length > 0) && (
        <Notes initial={notes} postUrl={`${reportBase}/notes`} canWrite={viewer.role !== "patient"} title={viewer.role === "patient" ? "From your clinician" : "Notes"} nightLabels={noteNights} />
      )}
      <section className="panel" aria-labelledby="report-heading">
        <h2 id="report-heading">Period report</h2>
        <form method="get" action={`${reportBase}/report.pdf`} className="compare-form" data-testid="report-form">
          <label>
            From <input type="date" name="from" required defaultValue={addDays(reportTo, -29)} />
          </label>
          <label>
            To <input type="date" name="to" required defaultValue={reportTo} />
          </label>
          <button type="submit">Download PDF</button>
          <button type="submit" formAction={`${reportBase}/report.csv`}>
            Download CSV
          </button>
          <PeriodExportButtons asleepUserId={userId} />
        </form>
        <p className="muted small">
          Nights are counted on the day they began (noon to noon, in their own time zone); the PDF holds the table of nights, averages, adherence, every hypnogram and the definitions used.
        </p>
      </section>
      {nights.length === 0 ? (
        <p className="panel muted">No complete nights yet.</p>
      ) : (
        <>
          <section className="panel" aria-labelledby="averages-heading" tabIndex={0}>
            <h2 id="averages-heading">Averages</h2>
            {/* Seven columns do not fit a phone: the table scrolls on its own, not the page. */}
            <div className="table-scroll" role="region" aria-label="Averages table" tabIndex={0}>
            <table data-testid="averages">
              <thead>
                <tr>
                  <th scope="col">Over</th>
                  <th scope="col">Total sleep</th>
                  <th scope="col">Efficiency</th>
                  <th scope="col">Sleep onset latency</th>
                  <th scope="col">Light</th>
                  <th scope="col">Deep</th>
                  <th scope="col">REM</th>
                </tr>
              </thead>
              <tbody>
                {([7, 30] as const).map((n) => {
                  const avg: TrendAverages = averageOfNewest(points, n);
                  const shares = wholeAverageShares(avg);
                  return (
                    <tr key={n}>
                      <th scope="row">
                        last {n} nights ({avg.nights})
                      </th>
                      <td>{duration(avg.totalSleepHours * 3600)}</td>
                      <td>{fmt(avg.efficiencyPercent, "%")}</td>
                      <td>{fmt(avg.sleepLatencyMinutes, " min")}</td>
                      <td>{fmt(shares?.light ?? null, "%")}</td>
                      <td>{fmt(shares?.deep ?? null, "%")}</td>
                      <td>{fmt(shares?.rem ?? null, "%")}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            </div>
            <Definitions keys={TREND_FIGURES} testId="trend-definitions" />
          </section>
          <section className="panel" aria-labelledby="trends-heading" tabIndex={0}>
            <h2 id="trends-heading">Trends</h2>
            <nav className="trend-range" aria-label="Trend range">
              {TREND_RANGES.map((r, i) => (
                <span key={r}>
                  {i > 0 && " · "}
                  <Link href={`${patientPath(userId)}?range=${r}`} aria-current={r === trends.range ? "page" : undefined}>{`${r} nights`}</Link>
                </span>
              ))}
            </nav>
            <SleepTrends points={trends.points} regularity={trends.regularity} range={trends.range} />
          </section>
          <section className="panel" aria-labelledby="tag-comparison-heading" tabIndex={0}>
            <h2 id="tag-comparison-heading">Tags: nights with and without</h2>
            <TagComparison comparisons={tagComparisons} nights={tagNights.length} over={tagOver} />
          </section>
        </>
      )}
      {(every.rows.length > 0 || page > 1) && (
        <section className="panel" aria-labelledby="every-heading" tabIndex={0}>
          <h2 id="every-heading">Every night</h2>
          <table data-testid="every-night">
            <thead>
              <tr>
                <th scope="col">Night</th>
                <th scope="col">Total sleep</th>
                <th scope="col">Efficiency</th>
              </tr>
            </thead>
            <tbody>
              {every.rows.map((n) => {
                const r = nightReport(n.sleepStages, n.snoringStages);
                return (
                  <tr key={n.id} data-testid="every-night-row">
                    <td>
                      <Link href={nightPath(n.id)}>
                        <NightName night={n} zone={n.zone} />
                      </Link>
                      {n.state === "INCOMPLETE" && (
                        <span className="muted small" data-testid="night-state">
                          {" "}
                          · Incomplete
                        </span>
                      )}
                    </td>
                    <td>{duration(r.totalSleepMinutes * 60)}</td>
                    <td>{r.sleepEfficiencyPercent === null ? "—" : `${r.sleepEfficiencyPercent}%`}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <Pager path={patientPath(userId)} search={search} param="page" page={page} more={every.more} label="Every night" />
        </section>
      )}
      {nights.length > 0 && (
        <>
          <section className="panel" aria-labelledby="compare-heading" tabIndex={0}>
            <h2 id="compare-heading">Two nights side by side</h2>
            <form method="get" className="compare-form">
              {/* The page of "Every night" the choices come from stays the same after comparing. */}
              {page > 1 && <input type="hidden" name="page" value={page} />}
              {(["a", "b"] as const).map((key, i) => (
                <label key={key}>
                  {i === 0 ? "First night" : "Second night"}{" "}
                  <select name={key} defaultValue={(i === 0 ? a : b) ?? nights[i]?.id}>
                    {choices.map((n) => (
                      <option key={n.id} value={n.id}>
                        {choiceNames[n.id]}
                      </option>
                    ))}
                  </select>
                </label>
              ))}
              <button type="submit">Compare</button>
            </form>
            {compared.length === 2 && (
              <div className="side-by-side" data-testid="comparison">
                {compared.map((n) => {
                  const r = nightReport(n.sleepStages, n.snoringStages);
                  const tz = zoneOf(n);
                  return (
                    <article key={n.id}>
                      <h3>
                        <NightName night={n} zone={n.zone} />
                      </h3>
                      <p>
                        {duration(r.totalSleepMinutes * 60)} asleep · {r.sleepEfficiencyPercent === null ? "—" : `${r.sleepEfficiencyPercent}%`} efficiency · {r.wasoCount} awakenings
                      </p>
                      {n.startTime && <Hypnogram startMs={Date.parse(n.startTime)} stages={n.sleepStages} snoring={n.snoringStages} timezone={tz} />}
                    </article>
                  );
                })}
              </div>
            )}
          </section>
        </>
      )}
      {alertRules && (
        <section className="panel" aria-labelledby="alert-rules-heading">
          <h2 id="alert-rules-heading">Alert rules for this patient</h2>
          <p className="muted">
            An empty field keeps the clinic&apos;s default (shown greyed). Open alerts are in <Link href="/alerts">Alerts</Link>.
            {alertRules.updatedBy && ` Last changed by ${alertRules.updatedBy}.`}
          </p>
          <AlertRulesForm scope="patient" endpoint={`${patientApiPath(userId)}/alert-rules`} initial={alertRules.overrides} clinic={alertRules.clinic} />
        </section>
      )}
    </main>
  );
}
