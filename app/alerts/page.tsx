import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
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
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("AlertsPage");
  return { title: t("title") };
}

/** Alerts per page: one compact row each, so a page is a couple of screens, not 7,000 px. */
const ALERTS_PER_PAGE = 25;

// The alert inbox of a clinician (their patients) or an admin (all patients); patients have none (404).
// Filtered by the address (?state=&rule=&patient=&owner=, as GET /api/alerts reads them), a page at a
// time (?page=2), newest first: nothing stops silently at the first page.
export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { db } = getRuntime();
  const { viewer, audience } = await viewerForPage();
  const t = await getTranslations("AlertsPage");
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
        <h1>{t("title")}</h1>
        <p>
          <Link href="/">{t("back")}</Link> · <AlertCount initial={open ?? 0} />
          {viewer.role === "admin" && (
            <>
              {" · "}
              <Link href="/admin/rules">{t("rules")}</Link>
            </>
          )}
        </p>
      </header>
      <section className={ui.panel} aria-labelledby="inbox-heading">
        <h2 id="inbox-heading">{t(filters.owner === "me" ? "heading.mine" : viewer.role === "admin" ? "heading.all" : "heading.yours")}</h2>
        <AlertFilters values={filters} patients={patients} colleagues={colleagues} />
        {!parsed.success && (
          <p role="alert" className={ui.error}>
            {t("invalidFilters", { fields: parsed.error.issues.map((i) => i.path.join(".")).join(", ") })}
          </p>
        )}
        <AlertInbox
          key={`${page}?${query}`}
          initial={alerts.rows}
          page={page}
          pageSize={ALERTS_PER_PAGE}
          query={query}
          colleagues={Object.fromEntries(assignees)}
          emptyText={t(filtered ? "emptyFiltered" : "empty")}
        />
        <Pager path="/alerts" search={search} param="page" page={page} more={alerts.more} label={t("title")} />
      </section>
      <section className={ui.panel} aria-labelledby="email-heading">
        <h2 id="email-heading">{t("email")}</h2>
        <AlertEmailForm initial={mode} enabled={Boolean(process.env.SMTP_URL)} />
      </section>
    </main>
  );
}
