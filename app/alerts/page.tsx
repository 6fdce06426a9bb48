import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AlertCount } from "@/components/AlertCount";
import { AlertEmailForm } from "@/components/AlertEmailForm";
import { AlertFilters } from "@/components/AlertFilters";
import { AlertInbox } from "@/components/AlertInbox";
import { Pager } from "@/components/Pager";
import { pageOf, pageRows, pageWindow } from "@/lib/navigation/paging";
import { assigneesFor, listAlerts, patientsWithAlerts, unresolvedCount } from "@/server/data/alerts";
import { alertEmailOf } from "@/server/data/alert-settings";
import { alertPageQuery, ownerFilter, STATES_FOR } from "@/server/http/alerts";
import { viewerForPage } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";
import ui from "@/components/ui.module.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Alerts" };

/** Alerts per page: one compact row each, so a page is a couple of screens, not 7,000 px. */
const ALERTS_PER_PAGE = 25;

// The alert inbox of a clinician (their patients) or an admin (all patients); patients have none (404).
// Filtered by the address (?state=&rule=&patient=&owner=, as GET /api/alerts reads them), a page at a
// time (?page=2), newest first: nothing stops silently at the first page.
export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { db } = getRuntime();
  const { viewer, audience } = await viewerForPage();
  const search = await searchParams;
  const parsed = alertPageQuery.safeParse(search);
  // An address whose filters make no sense lists with none, and says so (never a 500, never a guess).
  const filters = parsed.success ? parsed.data : { state: "unresolved" as const };
  const page = pageOf(search.page);
  const found = await listAlerts(db, viewer, audience, {
    ...pageWindow(page, ALERTS_PER_PAGE),
    states: STATES_FOR[filters.state],
    rule: filters.rule,
    asleepUserId: filters.patient,
    assigneeId: ownerFilter(filters.owner, viewer),
  });
  if (!found) notFound();
  const alerts = pageRows(found, ALERTS_PER_PAGE);
  const onPage = [...new Set(alerts.rows.flatMap((a) => (a.patient.asleepUserId ? [a.patient.asleepUserId] : [])))];
  // Whom this page's alerts can be given to (sent to the browser: only this page's patients), and every
  // colleague for the owner filter.
  const [mode, assignees, everyone, patients, open] = await Promise.all([
    alertEmailOf(db, viewer),
    assigneesFor(db, viewer, audience, onPage),
    assigneesFor(db, viewer, audience),
    patientsWithAlerts(db, viewer, audience),
    unresolvedCount(db, viewer, audience),
  ]);
  const colleagues = [...new Map([...everyone.values()].flat().map((c) => [c.id, c])).values()].sort((a, b) => a.name.localeCompare(b.name));
  const query = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === "string" && e[0] !== "page")).toString();
  const filtered = Boolean(filters.rule || filters.patient || filters.owner || filters.state !== "unresolved");
  return (
    <main>
      <header className={ui.topbar}>
        <h1>Alerts</h1>
        <p>
          <Link href="/">Back to the dashboard</Link> · <AlertCount initial={open ?? 0} />
          {viewer.role === "admin" && (
            <>
              {" · "}
              <Link href="/admin/rules">Alert rules</Link>
            </>
          )}
        </p>
      </header>
      <section className={ui.panel} aria-labelledby="inbox-heading">
        <h2 id="inbox-heading">{filters.owner === "me" ? "Your alerts" : viewer.role === "admin" ? "Alerts, all patients" : "Alerts, your patients"}</h2>
        <AlertFilters values={filters} patients={patients} colleagues={colleagues} />
        {!parsed.success && (
          <p role="alert" className={ui.error}>
            This address&apos;s filters are not valid ({parsed.error.issues.map((i) => i.path.join(".")).join(", ")}); showing every alert not yet resolved.
          </p>
        )}
        <AlertInbox
          key={`${page}?${query}`}
          initial={alerts.rows}
          page={page}
          pageSize={ALERTS_PER_PAGE}
          query={query}
          colleagues={Object.fromEntries(assignees)}
          emptyText={filtered ? "No alerts match these filters." : "No open alerts. New ones appear here as they are raised."}
        />
        <Pager path="/alerts" search={search} param="page" page={page} more={alerts.more} label="Alerts" />
      </section>
      <section className={ui.panel} aria-labelledby="email-heading">
        <h2 id="email-heading">E-mail</h2>
        <AlertEmailForm initial={mode} enabled={Boolean(process.env.SMTP_URL)} />
      </section>
    </main>
  );
}
