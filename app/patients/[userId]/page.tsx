import type { Metadata } from "next";
import { clinicAdherenceRule, patientAlertSettings } from "@/server/data/alert-settings";
import { AlertRulesForm } from "@/components/AlertRulesForm";
import { EnrolmentForm } from "@/components/EnrolmentForm";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { isLocale } from "@/lib/i18n/locales";
import { z } from "zod";
import { notFound } from "next/navigation";
import { Definitions } from "@/components/Definitions";
import { PeriodExportButtons } from "@/components/ExportLinks";
import { PeriodPdfButton } from "@/components/PeriodPdfButton";
import { Hypnogram } from "@/components/Hypnogram";
import { NightName } from "@/components/NightName";
import { Notes } from "@/components/Notes";
import { Pager } from "@/components/Pager";
import { TAG_COMPARISON_RANGES, TagComparison } from "@/components/TagComparison";
import { SleepTrends } from "@/components/SleepTrends";
import { DiaryComparison } from "@/components/DiaryComparison";
import { diaryComparison, todaysDiary } from "@/server/data/diary";
import { clockTime, duration, zoneOrUtc } from "@/lib/format";
import { nightDifferences, sharedClockScale } from "@/lib/sleep/night-comparison";
import { nightPath, pageSegment, patientApiPath, patientPath } from "@/lib/paths";
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { addDays } from "@/lib/sleep/adherence";
import { adherenceDefinitionWords, adherenceWords, complianceDefinitionWords, complianceWords, dayIn } from "@/lib/sleep/patient-words";
import { TREND_RANGES, trendsOnCalendar } from "@/lib/sleep/trend-series";
import { dayOfDate, nightsSinceEnrolment } from "@/lib/sleep/enrolment";
import { FOUR_STAGE_FIGURES, TREND_FIGURES } from "@/lib/sleep/definitions";
import { nightName } from "@/lib/time/night";
import { pageOf, pageRows, pageWindow } from "@/lib/navigation/paging";
import { nightReport } from "@/lib/sleep/report";
import { compareTaggedNights } from "@/lib/sleep/tag-comparison";
import { averageOfNewest, lastNightsAverage, trendPoint, wholeAverageShares, type TrendAverages } from "@/lib/sleep/trends";
import { recordAccess } from "@/server/data/access-log";
import { sleepNeedOf } from "@/server/accounts/users";
import { SleepNeedForm } from "@/components/SleepNeedForm";
import { ClinicianTimePanel } from "@/components/ClinicianTimePanel";
import { ClinicianTimeTimer } from "@/components/ClinicianTimeTimer";
import { clinicianTimeOfMonth } from "@/server/data/clinician-time";
import { DEFAULT_SLEEP_NEED_MINUTES, regularityOf, regularityText, sleepDebt } from "@/lib/sleep/regularity";
import { sleepDay } from "@/lib/time/day";
import { NOTES_PAGE_SIZE, notesOfPatient } from "@/server/data/notes";
import { currentAdherence, currentCompliance } from "@/server/data/period";
import { currentMonitoringCycle } from "@/server/data/monitoring";
import { monitoringSummary } from "@/lib/sleep/monitoring";
import { COMPLIANCE_PERIOD_DAYS } from "@/lib/sleep/compliance";
import { closedNightsOf, completeNightsOf } from "@/server/data/sessions";
import { tagsOfPatientNights } from "@/server/data/tags";
import { viewerForPage } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";
import ui from "@/components/ui.module.css";
import styles from "./page.module.css";
import { Studies } from "@/components/Studies";
import { studiesOfPatient } from "@/server/data/studies";
import { PeriodReports } from "@/components/PeriodReports";
import { periodReportsOfPatient } from "@/server/data/period-reports";
import { ownCredential } from "@/server/accounts/users";
import { currentNightOf } from "@/lib/sleep/adherence";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("PatientPage");
  return { title: t("title") };
}

/** The days an alert's link gives the period report (?from=&to=); anything else leaves the form's own default. */
const reportPeriodQuery = z.object({ from: z.iso.date(), to: z.iso.date() });

const fmt = (v: number | null, unit: string, digits = 0) => (v === null ? "—" : `${v.toFixed(digits)}${unit}`);
const minutesOr = (v: number | null, say: (value: string) => string) => (v === null ? "—" : say(v.toFixed(0)));

// A clinician's view of one patient: trends over the last 30 complete nights, 7- and 30-night
// averages, every night in a table, and any two nights side by side.
export default async function PatientPage({ params, searchParams }: { params: Promise<{ userId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { db, config } = getRuntime();
  const { viewer, audience } = await viewerForPage();
  const [t, stage, requested] = await Promise.all([getTranslations("PatientPage"), getTranslations("Sleep.stage"), getLocale()]);
  const locale = isLocale(requested) ? requested : "en";
  // The helpers' sentences, each from its part of the page's catalogue (lib/sleep/patient-words.ts and the helpers' own).
  const [onAdherence, onCompliance, onMonitoring, onRegularity, onDifferences] = await Promise.all([
    getTranslations("PatientPage.adherence"),
    getTranslations("PatientPage.compliance"),
    getTranslations("PatientPage.monitoring"),
    getTranslations("PatientPage.regularity"),
    getTranslations("PatientPage.differences"),
  ]);
  const userId = pageSegment((await params).userId);
  if (userId === null) notFound();
  // A sleeper sees their own trends here, as their clinician does; anyone else's page is not found.
  if (viewer.role === "patient" && viewer.asleepUserId !== userId) notFound();
  const nights = await completeNightsOf(db, audience, userId, 30);
  if (!nights) notFound();
  const person = await db.user.findUnique({ where: { asleepUserId: userId }, select: { name: true, enrolledOn: true } });
  // Windows count from the enrolment day (lib/sleep/enrolment.ts); an Asleep user without an account has none.
  const enrolledOn = person ? dayOfDate(person.enrolledOn) : null;
  const now = new Date();
  const adherence = await currentAdherence(db, audience, userId, await clinicAdherenceRule(db, config.adherenceRule), now);
  if (!adherence) notFound();
  const compliance = await currentCompliance(db, audience, userId, now);
  // Billing counters are the clinic's business: the sleeper's own page leaves them out.
  const monitoring = viewer.role === "patient" ? null : await currentMonitoringCycle(db, audience, userId, now);
  // The newest notes, older ones on demand; each note on a night names it (the notes span every night, not only the newest 30).
  const [notes] = await Promise.all([notesOfPatient(db, viewer, audience, userId, { limit: NOTES_PAGE_SIZE }), recordAccess(db, viewer, { asleepUserId: userId, action: "view", resource: "patient page" })]);
  const alertRules = await patientAlertSettings(db, viewer, audience, userId, config.adherenceRule);
  // The report form's default: the 30 days ending today, in the zone of the patient's newest night.
  const search0 = await searchParams;
  const reportZone = zoneOrUtc(nights[0]?.zone?.name ?? nights[0]?.timezone);
  const reportTo = format(new TZDate(now.getTime(), reportZone), "yyyy-MM-dd");
  const reportBase = patientApiPath(userId);
  // Clinician time, this month in the patient's zone (the clinic's business: not on the sleeper's own page).
  const timeMonth = viewer.role === "patient" ? null : await clinicianTimeOfMonth(db, viewer, audience, userId, reportTo.slice(0, 7));
  // An alert about a period links here with its days (?from=&to=, lib/paths.ts patientPeriodPath): the form starts on them.
  const asked = reportPeriodQuery.safeParse({ from: search0.from, to: search0.to });
  const reportFrom = asked.success && asked.data.from <= asked.data.to ? asked.data.from : addDays(reportTo, -29);
  const reportUntil = asked.success && asked.data.from <= asked.data.to ? asked.data.to : reportTo;
  // Multi-night studies (issue 26): ordered by the patient's clinicians, signed by them.
  const studies = (await studiesOfPatient(db, audience, userId, now)) ?? [];
  const credential = viewer.role === "clinician" ? await ownCredential(db, viewer) : null;
  // Signed period reports (issue 26 §3): signed by the patient's clinicians, read by the patient too.
  const periodReports = (await periodReportsOfPatient(db, audience, userId)) ?? [];
  const points = (enrolledOn ? nightsSinceEnrolment(nights, enrolledOn, (n) => n.zone?.name ?? "UTC") : nights).map(trendPoint);
  // Stage shares only when some night was scored in 4 stages (lib/sleep/plan.ts): the averages skip 2-stage nights.
  const staged = points.some((p) => p.stagePlan === "4-stage");
  // Each night counts for the day it belongs to (lib/time/day.ts: the day it starts, split at noon),
  // in its own zone; a night of no known zone, in UTC.
  const zoneOf = (n: (typeof nights)[number]) => n.zone?.name ?? "UTC";
  const names = Object.fromEntries(nights.map((n) => [n.id, nightName(n, zoneOf(n))]));
  const search = await searchParams;
  const recentNights = (await completeNightsOf(db, audience, userId, 200)) ?? [];
  const trends = trendsOnCalendar(search.range, enrolledOn ? nightsSinceEnrolment(recentNights, enrolledOn, (n) => n.zone?.name ?? "UTC") : recentNights, now.getTime());
  // Regularity over the last 7 and 30 days, and sleep debt over the last 7 nights against the sleeper's need.
  const newest = nights[0];
  const regularity = regularityOf(
    recentNights.filter((n) => n.startTime).map((n) => ({ startMs: Date.parse(n.startTime!), sleepStages: n.sleepStages })),
    newest?.startTime ? sleepDay(Date.parse(newest.startTime), zoneOf(newest)) : null,
    newest ? zoneOf(newest) : "UTC",
  );
  const ownNeed = await sleepNeedOf(db, userId);
  const debt = sleepDebt(points.slice(0, 7).map((p) => p.totalSleepMinutes).reverse(), ownNeed ?? DEFAULT_SLEEP_NEED_MINUTES);
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
  // The diary against the measured nights, over the 30 nights ending with this morning's (lib/sleep/diary.ts).
  const diaryToday = await todaysDiary(db, viewer, audience, userId);
  const diary = diaryToday ? await diaryComparison(db, audience, userId, { from: addDays(diaryToday.night, -29), to: diaryToday.night }) : null;
  const compared = [a, b].map((id) => choices.find((n) => n.id === id)).filter((n) => n !== undefined);

  return (
    <main>
      <p>
        <Link href="/">{viewer.role === "patient" ? t("back.home") : t("back.board")}</Link>
      </p>
      <h1>
        {viewer.role === "patient" ? t("yourSleep") : person?.name ?? userId}
        {viewer.role !== "patient" && <span className={ui.muted}>{t("asleepUser", { userId })}</span>}
      </h1>
      <section className={ui.panel} aria-labelledby="adherence-heading">
        <h2 id="adherence-heading">{t("adherence.heading")}</h2>
        <p data-testid="adherence">
          {adherence.tooEarly
            ? adherence.days > 0
              ? t("adherence.since", { first: adherence.firstDay, last: adherence.lastDay })
              : ""
            : t("adherence.last", { days: String(adherence.days), first: adherence.firstDay, last: adherence.lastDay })}
          {adherenceWords(adherence, onAdherence, locale)}.
        </p>
        {compliance && (
          <p data-testid="compliance">
            {t("compliance.line", { day: dayIn(addDays(compliance.enrolledOn, COMPLIANCE_PERIOD_DAYS - 1), locale), summary: complianceWords(compliance, onCompliance, locale) })}
          </p>
        )}
        <details className={ui.definitions}>
          <summary>{t("adherence.howCounted")}</summary>
          <p>
            {adherenceDefinitionWords(adherence.rule, onAdherence)} {t("adherence.windowEnd")} {t("adherence.enrolment")}
          </p>
          {compliance && <p>{complianceDefinitionWords(onCompliance)}</p>}
        </details>
      </section>
      {monitoring && (
        <section className={ui.panel} aria-labelledby="monitoring-heading">
          <h2 id="monitoring-heading">{t("monitoring.heading")}</h2>
          <p data-testid="monitoring-cycle">{monitoringSummary(monitoring, onMonitoring, locale).cycle}.</p>
          <ul data-testid="monitoring-thresholds">
            <li>{monitoringSummary(monitoring, onMonitoring, locale).for99454}.</li>
            <li>{monitoringSummary(monitoring, onMonitoring, locale).for99445}.</li>
          </ul>
          <details className={ui.definitions}>
            <summary>{t("monitoring.howCounted")}</summary>
            <p>
              {t("monitoring.dayWithData")} {t("monitoring.billingCaveat")}
            </p>
          </details>
        </section>
      )}
      {timeMonth && (
        <section className={ui.panel} aria-labelledby="time-heading">
          <h2 id="time-heading">{t("clinicianTime.heading")}</h2>
          <ClinicianTimeTimer asleepUserId={userId} zone={reportZone} where="patient page" />
          <ClinicianTimePanel asleepUserId={userId} month={reportTo.slice(0, 7)} today={reportTo} zone={reportZone} initial={timeMonth} />
        </section>
      )}
      {enrolledOn && (
        <section className={ui.panel} aria-labelledby="enrolment-heading">
          <h2 id="enrolment-heading">{t("enrolment.heading")}</h2>
          <p data-testid="enrolment">{t("enrolment.line", { day: dayIn(enrolledOn, locale) })}</p>
          {viewer.role !== "patient" && <EnrolmentForm endpoint={`${reportBase}/enrolment`} initial={enrolledOn} />}
        </section>
      )}
      {(viewer.role !== "patient" || studies.length > 0) && (
        <section className={ui.panel} aria-labelledby="studies-heading">
          <h2 id="studies-heading">{viewer.role === "patient" ? t("studies.yours") : t("studies.heading")}</h2>
          <Studies
            studies={studies}
            orderEndpoint={viewer.role === "patient" ? null : `${reportBase}/studies`}
            canSign={viewer.role === "clinician"}
            credential={credential}
            today={studies[0]?.zone ? currentNightOf(now.getTime(), studies[0].zone) : currentNightOf(now.getTime(), reportZone)}
          />
        </section>
      )}
      {/* A sleeper on their own page sees only what their clinician shared with them, and writes none. */}
      {notes && (viewer.role !== "patient" || notes.notes.length > 0) && (
        <Notes
          initial={notes.notes}
          nextCursor={notes.nextCursor}
          postUrl={`${reportBase}/notes`}
          canWrite={viewer.role !== "patient"}
          title={viewer.role === "patient" ? t("notes.yours") : t("notes.heading")}
          nightLabels={notes.nightLabels}
        />
      )}
      <section className={ui.panel} aria-labelledby="report-heading" id="period-report">
        <h2 id="report-heading">{viewer.role === "patient" ? t("report.yours") : t("report.heading")}</h2>
        <form method="get" action={`${reportBase}/report.pdf`} className={ui.compareForm} data-testid="report-form">
          <label>
            {t("report.from")} <input type="date" name="from" required defaultValue={reportFrom} />
          </label>
          <label>
            {t("report.to")} <input type="date" name="to" required defaultValue={reportUntil} />
          </label>
          <PeriodPdfButton action={`${reportBase}/report.pdf`} />
          <button type="submit" formAction={`${reportBase}/report.csv`}>
            {t("report.csv")}
          </button>
          <PeriodExportButtons asleepUserId={userId} plain={viewer.role === "patient"} />
        </form>
        <p className={`${ui.muted} ${ui.small}`}>
          {t("report.explained")}
        </p>
        {(viewer.role === "clinician" || periodReports.length > 0) && (
          <PeriodReports reports={periodReports} signEndpoint={viewer.role === "clinician" ? `${reportBase}/period-reports` : null} credential={credential} from={reportFrom} to={reportUntil} />
        )}
      </section>
      {nights.length === 0 ? (
        <p className={`${ui.panel} ${ui.muted}`}>{t("noNights")}</p>
      ) : (
        <>
          <section className={ui.panel} aria-labelledby="averages-heading" tabIndex={0}>
            <h2 id="averages-heading">{t("averages.heading")}</h2>
            {/* Seven columns do not fit a phone: the table scrolls on its own, not the page. */}
            <div className={ui.tableScroll} role="region" aria-label={t("averages.table")} tabIndex={0}>
            <table data-testid="averages">
              <thead>
                <tr>
                  <th scope="col">{t("averages.over")}</th>
                  <th scope="col">{t("averages.totalSleep")}</th>
                  <th scope="col">{t("averages.efficiency")}</th>
                  <th scope="col">{t("averages.latency")}</th>
                  {staged && (
                    <>
                      <th scope="col">{stage("light")}</th>
                      <th scope="col">{stage("deep")}</th>
                      <th scope="col">{stage("rem")}</th>
                    </>
                  )}
                </tr>
              </thead>
              <tbody>
                {([7, 30] as const).map((n) => {
                  const avg: TrendAverages = averageOfNewest(points, n);
                  const shares = wholeAverageShares(avg);
                  // Total sleep and efficiency as on the home card: one function, one definition.
                  const last = lastNightsAverage(points, n);
                  return (
                    <tr key={n} data-testid={`averages-${n}`}>
                      <th scope="row">{t("averages.row", { window: String(n), nights: String(avg.nights) })}</th>
                      <td data-figure={`last-${n}-total-sleep`}>{last.totalSleepMinutes === null ? "—" : duration(last.totalSleepMinutes * 60, locale)}</td>
                      <td data-figure={`last-${n}-efficiency`}>{fmt(last.efficiencyPercent, "%")}</td>
                      <td>{minutesOr(avg.sleepLatencyMinutes, (value) => t("averages.minutes", { value }))}</td>
                      {staged && (
                        <>
                          <td>{fmt(shares?.light ?? null, "%")}</td>
                          <td>{fmt(shares?.deep ?? null, "%")}</td>
                          <td>{fmt(shares?.rem ?? null, "%")}</td>
                        </>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
            </div>
            <Definitions keys={staged ? TREND_FIGURES : TREND_FIGURES.filter((k) => !FOUR_STAGE_FIGURES.includes(k))} testId="trend-definitions" />
          </section>
          <section className={ui.panel} aria-labelledby="trends-heading" tabIndex={0}>
            <h2 id="trends-heading">{t("trends.heading")}</h2>
            <nav className={styles.trendRange} aria-label={t("trends.range")}>
              {TREND_RANGES.map((r, i) => (
                <span key={r}>
                  {i > 0 && " · "}
                  <Link href={`${patientPath(userId)}?range=${r}`} aria-current={r === trends.range ? "page" : undefined}>{t("trends.nights", { count: String(r) })}</Link>
                </span>
              ))}
            </nav>
            <SleepTrends points={trends.points} regularity={trends.regularity} range={trends.range} />
          </section>
          <section className={ui.panel} aria-labelledby="regularity-heading">
            <h2 id="regularity-heading">{t("regularity.heading")}</h2>
            {regularity && (
              <ul>
                <li data-testid="sri-7">{t("regularity.sri7", { text: regularityText(regularity[7], onRegularity) })}</li>
                <li data-testid="sri-30">{t("regularity.sri30", { text: regularityText(regularity[30], onRegularity) })}</li>
              </ul>
            )}
            <p data-testid="sleep-debt">
              {t("regularity.debt", {
                nights: debt.nights,
                debt: duration(debt.debtMinutes * 60, locale),
                need: duration(debt.needMinutes * 60, locale),
                whose: ownNeed === null ? "none" : viewer.role === "patient" ? "own" : "other",
              })}
            </p>
            {viewer.role === "patient" && <SleepNeedForm current={ownNeed} />}
            <details className={ui.definitions}>
              <summary>{t("regularity.howWorked")}</summary>
              <p>{t("regularity.explained")}</p>
            </details>
          </section>
          <section className={ui.panel} aria-labelledby="tag-comparison-heading" tabIndex={0}>
            <h2 id="tag-comparison-heading">{t("tags.heading")}</h2>
            <TagComparison comparisons={tagComparisons} nights={tagNights.length} over={tagOver} sleeper={viewer.role === "patient"} />
          </section>
        </>
      )}
      {diary && (
        <section className={ui.panel} aria-labelledby="diary-heading" tabIndex={0}>
          <h2 id="diary-heading">{t("diary.heading")}</h2>
          <DiaryComparison comparison={diary} from={diary.from} to={diary.to} />
        </section>
      )}
      {(every.rows.length > 0 || page > 1) && (
        <section className={ui.panel} aria-labelledby="every-heading" tabIndex={0}>
          <h2 id="every-heading">{t("every.heading")}</h2>
          <table data-testid="every-night">
            <thead>
              <tr>
                <th scope="col">{t("every.night")}</th>
                <th scope="col">{t("every.totalSleep")}</th>
                <th scope="col">{t("every.efficiency")}</th>
              </tr>
            </thead>
            <tbody>
              {every.rows.map((n) => {
                const r = nightReport(n.sleepStages, n.snoringStages, n.stagePlan);
                return (
                  <tr key={n.id} data-testid="every-night-row">
                    <td>
                      <Link href={nightPath(n.id)}>
                        <NightName night={n} zone={n.zone} />
                      </Link>
                      {n.state === "INCOMPLETE" && (
                        <span className={`${ui.muted} ${ui.small}`} data-testid="night-state">
                          {" "}
                          {t("every.incomplete")}
                        </span>
                      )}
                    </td>
                    <td>{duration(r.totalSleepMinutes * 60, locale)}</td>
                    <td>{r.sleepEfficiencyPercent === null ? "—" : `${r.sleepEfficiencyPercent}%`}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <Pager path={patientPath(userId)} search={search} param="page" page={page} more={every.more} label={t("every.heading")} />
        </section>
      )}
      {nights.length > 0 && (
        <>
          <section className={ui.panel} aria-labelledby="compare-heading" tabIndex={0}>
            <h2 id="compare-heading">{t("compare.heading")}</h2>
            <form method="get" className={ui.compareForm}>
              {/* The page of "Every night" the choices come from stays the same after comparing. */}
              {page > 1 && <input type="hidden" name="page" value={page} />}
              {(["a", "b"] as const).map((key, i) => (
                <label key={key}>
                  {i === 0 ? t("compare.first") : t("compare.second")}{" "}
                  <select name={key} defaultValue={(i === 0 ? a : b) ?? nights[i]?.id}>
                    {choices.map((n) => (
                      <option key={n.id} value={n.id}>
                        {choiceNames[n.id]}
                      </option>
                    ))}
                  </select>
                </label>
              ))}
              <button type="submit">{t("compare.submit")}</button>
            </form>
            {compared.length === 2 &&
              (() => {
                // One time scale: each night at its own wall-clock time, on the first night's calendar.
                const shown = compared.map((n) => ({ startMs: n.startTime ? Date.parse(n.startTime) : 0, stages: n.sleepStages, snoring: n.snoringStages, zone: zoneOf(n) }));
                const scale = sharedClockScale(shown);
                const differences = nightDifferences(shown[0]!, shown[1]!, onDifferences, locale);
                return (
                  <>
                    <div className={styles.sideBySide} data-testid="comparison">
                      {compared.map((n, i) => {
                        const r = nightReport(n.sleepStages, n.snoringStages, n.stagePlan);
                        return (
                          <article key={n.id}>
                            <h3>
                              <NightName night={n} zone={n.zone} />
                            </h3>
                            <p>
                              {t("compare.night", {
                                sleep: duration(r.totalSleepMinutes * 60, locale),
                                efficiency: r.sleepEfficiencyPercent === null ? "—" : `${r.sleepEfficiencyPercent}%`,
                                awakenings: String(r.wasoCount),
                              })}
                            </p>
                            {n.startTime && (
                              <Hypnogram startMs={scale.shiftedStartMs[i]!} stages={n.sleepStages} snoring={n.snoringStages} timezone={scale.zone} domainMs={scale.domainMs} plan={n.stagePlan} />
                            )}
                          </article>
                        );
                      })}
                    </div>
                    <p className={`${ui.muted} ${ui.small}`} data-testid="comparison-scale">
                      {t("compare.scale", {
                        from: clockTime(scale.domainMs[0], scale.zone),
                        to: clockTime(scale.domainMs[1], scale.zone),
                        same: shown[0]!.zone === shown[1]!.zone ? "yes" : "no",
                        first: shown[0]!.zone,
                        second: shown[1]!.zone,
                      })}
                    </p>
                    <div className={ui.tableScroll} role="region" aria-label={t("compare.differences")} tabIndex={0}>
                      <table data-testid="comparison-differences">
                        <thead>
                          <tr>
                            <th scope="col">{t("compare.figure")}</th>
                            <th scope="col">{t("compare.first")}</th>
                            <th scope="col">{t("compare.second")}</th>
                            <th scope="col">{t("compare.change")}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {differences.map((d) => (
                            <tr key={d.figure}>
                              <th scope="row">{d.figure}</th>
                              <td>{d.first}</td>
                              <td>{d.second}</td>
                              <td>{d.difference}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                  </>
                );
              })()}
          </section>
        </>
      )}
      {alertRules && (
        <section className={ui.panel} aria-labelledby="alert-rules-heading">
          <h2 id="alert-rules-heading">{t("alertRules.heading")}</h2>
          <p className={ui.muted}>
            {t.rich("alertRules.intro", { link: (chunks) => <Link href="/alerts">{chunks}</Link> })}
            {alertRules.updatedBy && t("alertRules.lastChanged", { name: alertRules.updatedBy })}
          </p>
          <AlertRulesForm scope="patient" endpoint={`${patientApiPath(userId)}/alert-rules`} initial={alertRules.overrides} clinic={alertRules.clinic} />
        </section>
      )}
    </main>
  );
}
