import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AlertEmailForm } from "@/components/AlertEmailForm";
import { AlertInbox } from "@/components/AlertInbox";
import { Pager } from "@/components/Pager";
import { PAGE_SIZE, pageOf, pageRows, pageWindow } from "@/lib/navigation/paging";
import { listAlerts } from "@/server/data/alerts";
import { alertEmailOf } from "@/server/data/alert-settings";
import { viewerForPage } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Alerts" };

// The alert inbox of a clinician (their patients) or an admin (all patients); patients have none (404).
// A page at a time (?page=2), newest first: nothing stops silently at the first page.
export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { db } = getRuntime();
  const { viewer, audience } = await viewerForPage();
  const search = await searchParams;
  const page = pageOf(search.page);
  const found = await listAlerts(db, viewer, audience, pageWindow(page));
  if (!found) notFound();
  const alerts = pageRows(found);
  const mode = await alertEmailOf(db, viewer);
  return (
    <main>
      <header className="topbar">
        <h1>Alerts</h1>
        <p>
          <Link href="/">Back to the dashboard</Link>
          {viewer.role === "admin" && (
            <>
              {" · "}
              <Link href="/admin/rules">Alert rules</Link>
            </>
          )}
        </p>
      </header>
      <section className="panel" aria-labelledby="inbox-heading">
        <h2 id="inbox-heading">{viewer.role === "admin" ? "Open alerts, all patients" : "Open alerts, your patients"}</h2>
        <AlertInbox key={page} initial={alerts.rows} page={page} pageSize={PAGE_SIZE} />
        <Pager path="/alerts" search={search} param="page" page={page} more={alerts.more} label="Alerts" />
      </section>
      <section className="panel" aria-labelledby="email-heading">
        <h2 id="email-heading">E-mail</h2>
        <AlertEmailForm initial={mode} enabled={Boolean(process.env.SMTP_URL)} />
      </section>
    </main>
  );
}
