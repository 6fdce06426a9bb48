import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { AdminAccounts } from "@/components/AdminAccounts";
import { NightName } from "@/components/NightName";
import { Pager } from "@/components/Pager";
import { PersonRecord } from "@/components/PersonRecord";
import { ReplayButton } from "@/components/ReplayButton";
import { splitResourceId } from "@/lib/access/resource";
import { dateTime } from "@/lib/format";
import { isLocale } from "@/lib/i18n/locales";
import { pageOf, pageRows, pageWindow } from "@/lib/navigation/paging";
import { nightPath, personExportPath } from "@/lib/paths";
import { accountSearchQuery, listAccounts } from "@/server/accounts/admin";
import { listAccess } from "@/server/data/access-log";
import { listDeliveries } from "@/server/data/deliveries";
import { endpointsTurnedOff } from "@/server/data/outbound-endpoints";
import { personSummary } from "@/server/data/people";
import { nightLabels } from "@/server/data/sessions";
import { idParam } from "@/server/http/parse-request";
import { viewerForPage } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";
import ui from "@/components/ui.module.css";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("AdminPage");
  return { title: t("title") };
}

/** Accounts per page of /admin. */
const ACCOUNTS_PER_PAGE = 20;

const pageQuery = z.object({ user: z.string().trim().pipe(idParam).optional().catch(undefined) });

// An admin's page: look up a person by Asleep user id, export or delete everything held about them,
// and replay deliveries from the audit log. Anyone else gets 404, as for every page they may not see.
export default async function AdminPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { db } = getRuntime();
  const { viewer, audience } = await viewerForPage();
  if (viewer.role !== "admin") notFound();
  const raw = await searchParams;
  const { user } = pageQuery.parse({ user: Array.isArray(raw.user) ? raw.user[0] : raw.user });
  // The audit log a page at a time (?page=2), newest first.
  const page = pageOf(raw.page);
  // The access log, by the same person when one is looked up, a page at a time (?log=2), newest first.
  const logPage = pageOf(raw.log);
  // Accounts searched (?q=, by name, e-mail or Asleep user id) and a page at a time (?accounts=2): 61 of them
  // made a 25,000-px page on a phone.
  const accountSearch = accountSearchQuery.safeParse({ q: Array.isArray(raw.q) ? raw.q[0] : raw.q });
  const search = accountSearch.success ? accountSearch.data.q : undefined;
  const accountsPage = pageOf(raw.accounts);
  const [summary, found, accountsFound, accessFound, clinicians] = await Promise.all([
    user ? personSummary(db, viewer, user) : null,
    listDeliveries(db, viewer, { userId: user, ...pageWindow(page) }),
    listAccounts(db, viewer, { search, ...pageWindow(accountsPage, ACCOUNTS_PER_PAGE) }),
    listAccess(db, viewer, { asleepUserId: user, ...pageWindow(logPage) }),
    listAccounts(db, viewer, { role: "clinician" }),
  ]);
  const accounts = accountsFound && pageRows(accountsFound, ACCOUNTS_PER_PAGE);
  const access = pageRows(accessFound ?? []);
  const { rows: deliveries, more } = pageRows(found ?? []);
  const nights = await nightLabels(db, audience, deliveries.flatMap((d) => (d.sessionId ? [d.sessionId] : [])));
  const turnedOff = await endpointsTurnedOff(db, viewer);
  const t = await getTranslations("AdminPage");
  const requested = await getLocale();
  const locale = isLocale(requested) ? requested : "en";

  const deliveryTable = (
    <section className={ui.panel} aria-labelledby="deliveries-heading" tabIndex={0}>
      <h2 id="deliveries-heading">{user ? t("deliveries.headingOf", { user }) : t("deliveries.heading")}</h2>
      {!deliveries?.length ? (
        <p className={ui.muted}>{t("deliveries.none")}</p>
      ) : (
        <table data-testid="deliveries">
          <thead>
            <tr>
              <th scope="col">{t("deliveries.columns.entry")}</th>
              <th scope="col">{t("deliveries.columns.received")}</th>
              <th scope="col">{t("deliveries.columns.event")}</th>
              <th scope="col">{t("deliveries.columns.night")}</th>
              <th scope="col">{t("deliveries.columns.outcome")}</th>
              <th scope="col">{t("deliveries.columns.replay")}</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={d.id} data-testid="delivery-row">
                <td>
                  {d.id}
                  {d.requestId.startsWith("replay:") && <div className={`${ui.muted} ${ui.small}`}>{t("deliveries.replayOf", { id: d.requestId.split(":")[1]! })}</div>}
                </td>
                <td>{dateTime(Date.parse(d.receivedAt), "UTC", locale)}</td>
                <td>
                  {d.event}
                  {d.inferenceSeqNum !== null && <span className={ui.muted}> #{d.inferenceSeqNum}</span>}
                </td>
                <td>
                  {d.sessionId === null ? (
                    "—"
                  ) : nights.has(d.sessionId) ? (
                    <>
                      <Link href={nightPath(d.sessionId)}>
                        <NightName night={nights.get(d.sessionId)!} zone={nights.get(d.sessionId)!.zone} />
                      </Link>
                      <div className={`${ui.muted} ${ui.small}`}>{d.sessionId}</div>
                    </>
                  ) : (
                    // Deleted since (the audit log keeps the delivery): only its id is left.
                    <span className={ui.muted}>{t("deliveries.noLongerHeld", { id: d.sessionId })}</span>
                  )}
                </td>
                <td>{d.outcome}</td>
                <td>
                  <ReplayButton deliveryId={d.id} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager path="/admin" search={raw} param="page" page={page} more={more} label={t("deliveries.pager")} />
    </section>
  );

  const accessTable = (
    <section className={ui.panel} aria-labelledby="access-heading" tabIndex={0}>
      <h2 id="access-heading">{user ? t("access.headingOf", { user }) : t("access.heading")}</h2>
      <p className={`${ui.muted} ${ui.small}`}>
        {t("access.intro")}{" "}
        <a href={`/api/admin/access-log.csv${user ? `?asleepUserId=${encodeURIComponent(user)}` : ""}`} download>
          {t("access.downloadCsv")}
        </a>
      </p>
      {access.rows.length === 0 ? (
        <p className={ui.muted}>{t("access.none")}</p>
      ) : (
        <div className={ui.tableScroll} role="region" aria-label={t("access.table")} tabIndex={0}>
          <table data-testid="access-log">
            <thead>
              <tr>
                <th scope="col">{t("access.columns.when")}</th>
                <th scope="col">{t("access.columns.who")}</th>
                <th scope="col">{t("access.columns.patient")}</th>
                <th scope="col">{t("access.columns.what")}</th>
              </tr>
            </thead>
            <tbody>
              {access.rows.map((e) => (
                <tr key={e.id.toString()} data-testid="access-row">
                  <td>{dateTime(e.at.getTime(), "UTC", locale)}</td>
                  <td>
                    {e.viewerName ? `${e.viewerName} · ` : ""}
                    {e.viewerEmail} <span className={`${ui.muted} ${ui.small}`}>({t("role", { role: e.viewerRole })})</span>
                  </td>
                  <td data-testid="access-patient">
                    {e.patientName ? (
                      <>
                        {e.patientName} · {e.patientEmail} <span className={`${ui.muted} ${ui.small}`}>{t("access.asleepUserAside", { id: e.asleepUserId })}</span>
                      </>
                    ) : (
                      <>{t("asleepUser", { id: e.asleepUserId })}</>
                    )}
                  </td>
                  <td>
                    <AccessResource action={t("access.action", { action: e.action })} resource={e.resource} idLabel={(id) => t("access.resourceId", { id })} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager path="/admin" search={raw} param="log" page={logPage} more={access.more} label={t("access.pager")} />
    </section>
  );

  return (
    <main>
      <p>
        <Link href="/">{t("dashboard")}</Link>
      </p>
      <h1>{t("title")}</h1>
      {accounts && (
        <AdminAccounts
          key={`${search ?? ""}:${accountsPage}`}
          initial={accounts.rows}
          clinicians={(clinicians ?? []).filter((c) => !c.disabledAt)}
          selfId={viewer.accountId}
          search={search ?? ""}
          pager={<Pager path="/admin" search={raw} param="accounts" page={accountsPage} more={accounts.more} label={t("accounts.pager")} previous={t("accounts.previous")} next={t("accounts.next")} />}
        />
      )}
      <p>
        <Link href="/admin/webhooks">{t("outboundLink")}</Link>
        {!!turnedOff && (
          <span data-testid="endpoints-turned-off">
            {" "}
            {t("endpointsTurnedOff", { count: turnedOff })}
          </span>
        )}
      </p>
      <section className={ui.panel} aria-labelledby="lookup-heading">
        <h2 id="lookup-heading">{t("lookup.heading")}</h2>
        <form method="get" className={ui.compareForm}>
          <label>
            {t("lookup.asleepUserId")} <input name="user" defaultValue={user ?? ""} autoComplete="off" required maxLength={128} />
          </label>
          <button type="submit">{t("lookup.submit")}</button>
        </form>
        {user && !summary && <p role="status">{t("lookup.nothingHeld", { user })}</p>}
      </section>
      {summary ? (
        <PersonRecord asleepUserId={summary.asleepUserId}>
          <section className={ui.panel} aria-labelledby="person-heading">
            <h2 id="person-heading">{t("asleepUser", { id: summary.asleepUserId })}</h2>
            <dl>
              <dt>{t("person.account")}</dt>
              <dd>{summary.account ? `${summary.account.name} <${summary.account.email}> (${t("role", { role: summary.account.role })})` : t("person.noneLinked")}</dd>
              <dt>{t("person.nights")}</dt>
              <dd>{summary.sessions}</dd>
              <dt>{t("person.auditEntries")}</dt>
              <dd>{summary.deliveries}</dd>
            </dl>
            <p>
              <a href={personExportPath(summary.asleepUserId)} download>
                {t("person.export")}
              </a>
            </p>
          </section>
          {deliveryTable}
          {accessTable}
        </PersonRecord>
      ) : (
        <>
          {deliveryTable}
          {accessTable}
        </>
      )}
    </main>
  );
}

/**
 * An access-log entry's words first; the Asleep id it names, for tracing, on a line of its own. `action`
 * in the page's words; `resource` as it was recorded (the log keeps what the reviewer was shown then).
 */
function AccessResource({ action, resource, idLabel }: { action: string; resource: string; idLabel: (id: string) => string }) {
  const { text, id } = splitResourceId(resource);
  return (
    <>
      {/* Recorded in English when it happened (an audit record is never rewritten): marked so, for screen readers. */}
      {action}: <span lang="en">{text}</span>
      {id && (
        <>
          {" "}
          <br />
          <span className={`${ui.muted} ${ui.small}`} data-testid="access-resource-id">
            {idLabel(id)}
          </span>
        </>
      )}
    </>
  );
}
