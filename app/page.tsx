import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AlertCount } from "@/components/AlertCount";
import { LanguageMenu } from "@/components/LanguageMenu";
import { NightName } from "@/components/NightName";
import { Notes } from "@/components/Notes";
import { Pager } from "@/components/Pager";
import { PatientBoard } from "@/components/PatientBoard";
import { LastNightCard } from "@/components/LastNightCard";
import { AVERAGE_WINDOWS, lastNightGlance, newerIncomplete } from "@/lib/sleep/glance";
import { asleepMeasures } from "@/lib/sleep/asleep-measures";
import { lastNightsAverage, trendPoint } from "@/lib/sleep/trends";
import { SignOutButton } from "@/components/SignOutButton";
import { nightPath, patientPath } from "@/lib/paths";
import { TimezoneForm } from "@/components/TimezoneForm";
import { MorningNotification } from "@/components/MorningNotification";
import { Tonight } from "@/components/Tonight";
import { boardQueryFromSearch } from "@/lib/board/query";
import { pageOf, pageRows, pageWindow } from "@/lib/navigation/paging";
import { ownTimezone } from "@/server/accounts/users";
import { clinicAdherenceRule } from "@/server/data/alert-settings";
import { unresolvedCount } from "@/server/data/alerts";
import { awaitingSignature, studiesInProgress } from "@/server/data/studies";
import { boardPage, boardVisit, cliniciansForFilter } from "@/server/data/board";
import { NOTES_PAGE_SIZE, notesOfPatient } from "@/server/data/notes";
import { completeNightsOf, getSessionDetail, listSessions, sleeperNames } from "@/server/data/sessions";
import { nightTags } from "@/server/data/tags";
import { todaysDiary } from "@/server/data/diary";
import { zoneLabel } from "@/lib/time/zone";
import { viewerForPage } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";
import ui from "@/components/ui.module.css";

export const dynamic = "force-dynamic";

/** Where Asleep sends its webhooks (an address, not words). */
const WEBHOOK_ENDPOINT = "POST /api/asleep-webhook";

// The dashboard proper (live hypnogram, reports, the clinician board) comes with the dashboard issue;
// this lists the nights the signed-in person may see.
export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const t = await getTranslations("HomePage");
  const { db, config } = getRuntime();
  const { viewer, audience } = await viewerForPage();
  // Both lists page (?nights=2; the board's view, page included, is lib/board/query.ts's): nothing
  // stops silently at the first page.
  const search = await searchParams;
  const nightsPage = pageOf(search.nights);
  const view = boardQueryFromSearch(search);
  // The clinician filter is for admins: anyone else's address that carries one shows their own board.
  if (viewer.role !== "admin" && view.query.clinician) view.ignored.push("clinician");
  const boardQuery = viewer.role === "admin" ? view.query : { ...view.query, clinician: "" };
  const patient = viewer.role === "patient";
  const sleeperId = patient ? viewer.asleepUserId : null;
  // Every read the page needs is asked for at once (two rounds: the second needs the first's nights):
  // one after another, they added up to most of the board page's time under load.
  const [nightRows, board, clinicians, open, recent, incomplete, timezone, openAlerts, toSign, running, sharedNotes, diary] = await Promise.all([
    listSessions(db, audience, pageWindow(nightsPage)),
    patient
      ? null
      : Promise.all([clinicAdherenceRule(db, config.adherenceRule), boardVisit(db, viewer)]).then(([rule, since]) => boardPage(db, viewer, boardQuery, { rule, since })),
    cliniciansForFilter(db, viewer),
    patient ? listSessions(db, audience, { state: "OPEN", limit: 1 }) : [],
    // Last night and the 30 before it, for the sleeper's morning card.
    sleeperId ? completeNightsOf(db, audience, sleeperId, 31) : null,
    // The newest night closed as Incomplete: the card says so when it is newer than the card's night.
    patient ? listSessions(db, audience, { state: "INCOMPLETE", limit: 1 }) : [],
    patient ? ownTimezone(db, viewer) : null,
    // The header's live count of open alerts (clinicians and admins; a sleeper has no inbox).
    patient ? null : unresolvedCount(db, viewer, audience),
    // Studies: what awaits the viewer's signature (a count, and the board's filter), and those still running.
    patient ? [] : awaitingSignature(db, viewer, audience),
    studiesInProgress(db, viewer, audience),
    // A sleeper's notes from their clinician about them (not one night: those are on the night's page).
    sleeperId ? notesOfPatient(db, viewer, audience, sleeperId, { limit: NOTES_PAGE_SIZE, about: "patient" }) : null,
    // This morning's diary (lib/sleep/diary.ts): the card reminds the sleeper until it is filled in.
    sleeperId ? todaysDiary(db, viewer, audience, sleeperId) : null,
  ]);
  const nights = pageRows(nightRows);
  const tonight = open[0];
  // The morning card's night, and its tags, tagged on the card itself (issue 14 §3).
  const glance = recent ? lastNightGlance(recent.map((n) => ({ ...n, zone: n.zone?.name ?? "UTC" }))) : null;
  const [names, tonightDetail, glanceTags] = await Promise.all([
    // Clinicians and admins read whose night it is by name; the Asleep id comes second.
    patient ? new Map<string, string>() : sleeperNames(db, nights.rows.map((n) => n.userId)),
    // Tonight with its cadence, so the page re-judges its silence as time passes (components/Tonight.tsx).
    tonight
      ? getSessionDetail(db, audience, tonight.id).then((d) => d && { id: d.id, state: d.state, lastDeliveryAt: d.lastDeliveryAt, cadenceMs: d.cadenceMs, stale: d.stale, zone: d.zone })
      : null,
    glance ? nightTags(db, viewer, audience, glance.night.id) : null,
  ]);
  // Asleep's own score for that night, only when its plan sent one (issue 25 §3).
  const glanceScore = glance ? asleepMeasures(recent?.find((n) => n.id === glance.night.id)?.stat).sleepIndex : null;
  // "Last 7 nights" and "Last 30 nights" as the trends page shows them: the same function over the same nights.
  const recentPoints = recent ? recent.map(trendPoint) : [];
  const averages = AVERAGE_WINDOWS.filter((w, i) => i === 0 || recentPoints.length > AVERAGE_WINDOWS[i - 1]!).map((w) => lastNightsAverage(recentPoints, w));

  return (
    <main className={viewer.role === "patient" ? undefined : ui.wide}>
      <header className={ui.topbar}>
        <h1>{t("title")}</h1>
        <p>
          {viewer.name} · {t(`roles.${viewer.role}`)} ·{" "}
          {viewer.role !== "patient" && (
            <>
              <AlertCount initial={openAlerts ?? 0} /> ·{" "}
              <Link href="/?flag=awaiting-signature#board-heading" data-testid="awaiting-signature">
                {t("awaitingSignature", { count: toSign.length })}
              </Link>{" "}
              ·{" "}
            </>
          )}
          {viewer.role === "admin" && (
            <>
              <Link href="/admin">{t("admin")}</Link> ·{" "}
            </>
          )}
          <SignOutButton /> · <LanguageMenu signedIn />
        </p>
      </header>
      {viewer.role === "patient" && viewer.asleepUserId && <Tonight initial={tonightDetail} renderedAt={new Date().toISOString()} asleepUserId={viewer.asleepUserId} />}
      {viewer.role === "patient" && viewer.asleepUserId && (
        <LastNightCard glance={glance} asleepUserId={viewer.asleepUserId} nowMs={Date.now()} tags={glanceTags} incomplete={newerIncomplete(glance, incomplete)} averages={averages} asleepScore={glanceScore} diary={diary && { night: diary.night, filled: diary.entry !== null, zone: zoneLabel(diary.zone) }} />
      )}
      {board && (
        <section className={ui.panel} aria-labelledby="board-heading">
          <h2 id="board-heading">{viewer.role === "admin" ? t("board.all") : t("board.yours")}</h2>
          <PatientBoard board={board} renderedAt={new Date().toISOString()} path="/" clinicians={clinicians} ignored={view.ignored} />
          {running.length > 0 && (
            <>
              <h3 id="studies-heading">{t("board.studies")}</h3>
              <ul aria-labelledby="studies-heading" data-testid="studies-in-progress">
                {running.map((s) => (
                  <li key={s.id}>
                    <Link href={`${patientPath(s.asleepUserId)}#studies-heading`}>{s.patientName}</Link>: {s.statusLine}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
      <section className={ui.panel} aria-labelledby="nights-heading" tabIndex={0}>
        <h2 id="nights-heading">{viewer.role === "patient" ? t("nights.yours") : t("nights.title")}</h2>
        {nights.rows.length === 0 ? (
          <p className={ui.muted}>{t("nights.none")}</p>
        ) : (
          <table data-testid="nights">
            <thead>
              <tr>
                <th scope="col">{t("nights.night")}</th>
                {viewer.role !== "patient" && <th scope="col">{t("nights.patient")}</th>}
                <th scope="col">{t("nights.state")}</th>
              </tr>
            </thead>
            <tbody>
              {nights.rows.map((n) => (
                <tr key={n.id} data-testid="night-row">
                  <td>
                    <Link href={nightPath(n.id)}>
                      <NightName night={{ ...n, open: n.state === "OPEN" }} zone={n.zone} />
                    </Link>
                  </td>
                  {viewer.role !== "patient" && (
                    <td data-testid="night-patient">
                      {names.get(n.userId) ?? t("nights.noAccount")}{" "}
                      <br />
                      <span className={`${ui.muted} ${ui.small}`}>{t("nights.asleepUser", { id: n.userId })}</span>
                    </td>
                  )}
                  <td>{t(`nights.states.${n.state}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager path="/" search={search} param="nights" page={nightsPage} more={nights.more} label={t("nights.title")} />
      </section>
      {viewer.role === "patient" && (
        <section className={ui.panel} aria-labelledby="zone-heading">
          <h2 id="zone-heading">{t("zone.title")}</h2>
          <p className={ui.muted}>{t("zone.about")}</p>
          <TimezoneForm current={timezone} />
        </section>
      )}
      {viewer.role === "patient" && (
        <section className={ui.panel} aria-labelledby="notification-heading">
          <h2 id="notification-heading">{t("notification.title")}</h2>
          <p className={ui.muted}>{t("notification.about")}</p>
          <MorningNotification />
        </section>
      )}
      {sharedNotes && sharedNotes.notes.length > 0 && viewer.asleepUserId && (
        <Notes
          initial={sharedNotes.notes}
          nextCursor={sharedNotes.nextCursor}
          postUrl={`/api/patients/${encodeURIComponent(viewer.asleepUserId)}/notes`}
          listUrl={`/api/patients/${encodeURIComponent(viewer.asleepUserId)}/notes?about=patient`}
          canWrite={false}
          title={t("fromClinician")}
        />
      )}
      {viewer.role === "admin" && (
        <section className={ui.panel} aria-labelledby="status-heading">
          <h2 id="status-heading">{t("service.title")}</h2>
          <dl>
            <dt>{t("service.webhook")}</dt>
            <dd>
              <code>{WEBHOOK_ENDPOINT}</code>
            </dd>
            <dt>{t("service.database")}</dt>
            <dd>{config.databaseLabel}</dd>
          </dl>
        </section>
      )}
    </main>
  );
}
