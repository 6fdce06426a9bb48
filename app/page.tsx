import Link from "next/link";
import { NightName } from "@/components/NightName";
import { Notes } from "@/components/Notes";
import { Pager } from "@/components/Pager";
import { PatientBoard } from "@/components/PatientBoard";
import { LastNightCard } from "@/components/LastNightCard";
import { lastNightGlance, newerIncomplete } from "@/lib/sleep/glance";
import { SignOutButton } from "@/components/SignOutButton";
import { nightPath } from "@/lib/paths";
import { TimezoneForm } from "@/components/TimezoneForm";
import { boardQueryFromSearch } from "@/lib/board/query";
import { pageOf, pageRows, pageWindow } from "@/lib/navigation/paging";
import { ownTimezone } from "@/server/accounts/users";
import { clinicAdherenceRule } from "@/server/data/alert-settings";
import { boardPage, cliniciansForFilter } from "@/server/data/board";
import { notesOfPatient } from "@/server/data/notes";
import { completeNightsOf, listSessions, sleeperNames } from "@/server/data/sessions";
import { nightTags } from "@/server/data/tags";
import { viewerForPage } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

const ROLE_NAMES = { patient: "Sleeper", clinician: "Clinician", admin: "Administrator" } as const;

const NIGHT_STATE_TEXT = { OPEN: "Recording", COMPLETE: "Complete", INCOMPLETE: "Incomplete" } as const;

// The dashboard proper (live hypnogram, reports, the clinician board) comes with the dashboard issue;
// this lists the nights the signed-in person may see.
export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
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
  const [nightRows, board, clinicians, open, recent, incomplete] = await Promise.all([
    listSessions(db, audience, pageWindow(nightsPage)),
    viewer.role === "patient" ? null : clinicAdherenceRule(db, config.adherenceRule).then((rule) => boardPage(db, viewer, boardQuery, { rule })),
    cliniciansForFilter(db, viewer),
    viewer.role === "patient" ? listSessions(db, audience, { state: "OPEN", limit: 1 }) : [],
    // Last night and the 30 before it, for the sleeper's morning card.
    viewer.role === "patient" && viewer.asleepUserId ? completeNightsOf(db, audience, viewer.asleepUserId, 31) : null,
    // The newest night closed as Incomplete: the card says so when it is newer than the card's night.
    viewer.role === "patient" ? listSessions(db, audience, { state: "INCOMPLETE", limit: 1 }) : [],
  ]);
  const nights = pageRows(nightRows);
  // Clinicians and admins read whose night it is by name; the Asleep id comes second.
  const names = viewer.role === "patient" ? new Map<string, string>() : await sleeperNames(db, nights.rows.map((n) => n.userId));
  const tonight = open[0];
  const timezone = viewer.role === "patient" ? await ownTimezone(db, viewer) : null;
  // A sleeper's notes from their clinician about them (not one night: those are on the night's page).
  const sharedNotes = viewer.role === "patient" && viewer.asleepUserId ? (await notesOfPatient(db, viewer, audience, viewer.asleepUserId))?.filter((n) => n.sessionId === null) ?? [] : [];
  // The morning card's night, and its tags, tagged on the card itself (issue 14 §3).
  const glance = recent ? lastNightGlance(recent.map((n) => ({ ...n, zone: n.zone?.name ?? "UTC" }))) : null;
  const glanceTags = glance ? await nightTags(db, viewer, audience, glance.night.id) : null;

  return (
    <main>
      <header className="topbar">
        <h1>Sleep dashboard</h1>
        <p>
          {viewer.name} · {ROLE_NAMES[viewer.role]} ·{" "}
          {viewer.role !== "patient" && (
            <>
              <Link href="/alerts">Alerts</Link> ·{" "}
            </>
          )}
          {viewer.role === "admin" && (
            <>
              <Link href="/admin">Data and deliveries</Link> ·{" "}
            </>
          )}
          <SignOutButton />
        </p>
      </header>
      {tonight && (
        <section className="panel" aria-labelledby="tonight-heading">
          <h2 id="tonight-heading">Tonight</h2>
          <p>
            Your night is being recorded. <Link href={nightPath(tonight.id)}>Watch it live</Link>
          </p>
        </section>
      )}
      {viewer.role === "patient" && viewer.asleepUserId && (
        <LastNightCard glance={glance} asleepUserId={viewer.asleepUserId} nowMs={Date.now()} tags={glanceTags} incomplete={newerIncomplete(glance, incomplete)} />
      )}
      {board && (
        <section className="panel" aria-labelledby="board-heading">
          <h2 id="board-heading">{viewer.role === "admin" ? "All patients" : "Your patients"}</h2>
          <PatientBoard board={board} renderedAt={new Date().toISOString()} path="/" clinicians={clinicians} ignored={view.ignored} />
        </section>
      )}
      <section className="panel" aria-labelledby="nights-heading" tabIndex={0}>
        <h2 id="nights-heading">{viewer.role === "patient" ? "Your nights" : "Nights"}</h2>
        {nights.rows.length === 0 ? (
          <p className="muted">No nights yet.</p>
        ) : (
          <table data-testid="nights">
            <thead>
              <tr>
                <th scope="col">Night</th>
                {viewer.role !== "patient" && <th scope="col">Patient</th>}
                <th scope="col">State</th>
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
                      {names.get(n.userId) ?? "No account"}{" "}
                      <br />
                      <span className="muted small">Asleep user {n.userId}</span>
                    </td>
                  )}
                  <td>{NIGHT_STATE_TEXT[n.state]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager path="/" search={search} param="nights" page={nightsPage} more={nights.more} label="Nights" />
      </section>
      {viewer.role === "patient" && (
        <section className="panel" aria-labelledby="zone-heading">
          <h2 id="zone-heading">Your time zone</h2>
          <p className="muted">Your nights are shown in it while they are being recorded, until the night&apos;s own zone arrives with its report.</p>
          <TimezoneForm current={timezone} />
        </section>
      )}
      {sharedNotes.length > 0 && viewer.asleepUserId && (
        <Notes initial={sharedNotes} postUrl={`/api/patients/${encodeURIComponent(viewer.asleepUserId)}/notes`} canWrite={false} title="From your clinician" />
      )}
      {viewer.role === "admin" && (
        <section className="panel" aria-labelledby="status-heading">
          <h2 id="status-heading">Service</h2>
          <dl>
            <dt>Webhook endpoint</dt>
            <dd>
              <code>POST /api/asleep-webhook</code>
            </dd>
            <dt>Database</dt>
            <dd>{config.databaseLabel}</dd>
          </dl>
        </section>
      )}
    </main>
  );
}
