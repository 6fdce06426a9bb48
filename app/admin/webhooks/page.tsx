import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { OutboundEndpointControls, OutboundReplayButton } from "@/components/OutboundEndpointControls";
import { OutboundEndpointForm } from "@/components/OutboundEndpointForm";
import { Pager } from "@/components/Pager";
import { dateTime } from "@/lib/format";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { pageOf, pageRows, pageWindow } from "@/lib/navigation/paging";
import { listOutboundDeliveries } from "@/server/data/outbound-deliveries";
import { GONE_REASON, listEndpoints } from "@/server/data/outbound-endpoints";
import { viewerForPage } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";
import ui from "@/components/ui.module.css";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("AdminWebhooksPage");
  return { title: t("title") };
}

const whenIn = (locale: Locale) => (iso: string | null) => (iso ? `${dateTime(Date.parse(iso), "UTC", locale)} UTC` : "—");

// An admin's page: the systems that receive signed events (night started, stage changed, completed,
// incomplete, alert raised), and the log of what was sent to them, a page at a time (?page=2), newest
// first. Anyone else gets 404.
export default async function OutboundEventsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { db } = getRuntime();
  const { viewer } = await viewerForPage();
  if (viewer.role !== "admin") notFound();
  const search = await searchParams;
  const page = pageOf(search.page);
  const [endpoints, found] = await Promise.all([listEndpoints(db, viewer), listOutboundDeliveries(db, viewer, pageWindow(page))]);
  const { rows: deliveries, more } = pageRows(found ?? []);
  const t = await getTranslations("AdminWebhooksPage");
  const requested = await getLocale();
  const when = whenIn(isLocale(requested) ? requested : "en");

  return (
    <main>
      <p>
        <Link href="/admin">{t("back")}</Link>
      </p>
      <h1>{t("title")}</h1>
      <p className={ui.muted}>{t("intro")}</p>
      <section className={ui.panel} aria-labelledby="endpoints-heading">
        <h2 id="endpoints-heading">{t("endpoints.heading")}</h2>
        {!endpoints?.length ? (
          <p className={ui.muted}>{t("endpoints.none")}</p>
        ) : (
          <ul className={ui.notes} data-testid="endpoints">
            {endpoints.map((e) => (
              <li key={e.id} data-testid="endpoint-row">
                <strong>{e.url}</strong> {e.enabled ? t("endpoints.on") : t("endpoints.off")}
                {e.disabledReason && e.disabledAt && (
                  <div className={ui.small} data-testid="endpoint-disabled">
                    {t.rich("endpoints.turnedOff", { when: when(e.disabledAt), reason: e.disabledReason === GONE_REASON ? t("endpoints.goneReason") : e.disabledReason, strong: (chunks) => <strong>{chunks}</strong> })}
                  </div>
                )}
                {e.description && <div>{e.description}</div>}
                <div className={`${ui.muted} ${ui.small}`}>{e.events.join(", ")}</div>
                {e.previousSecretUntil && <div className={`${ui.muted} ${ui.small}`}>{t("endpoints.previousSecret", { when: when(e.previousSecretUntil) })}</div>}
                <OutboundEndpointControls id={e.id} url={e.url} enabled={e.enabled} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className={ui.panel} aria-labelledby="new-endpoint-heading">
        <h2 id="new-endpoint-heading">{t("register")}</h2>
        <OutboundEndpointForm />
      </section>
      <section className={ui.panel} aria-labelledby="outbound-log-heading" tabIndex={0}>
        <h2 id="outbound-log-heading">{t("log.heading")}</h2>
        {!deliveries.length ? (
          <p className={ui.muted}>{page > 1 ? t("log.noneOnPage") : t("log.none")}</p>
        ) : (
          <table data-testid="outbound-deliveries">
            <thead>
              <tr>
                <th scope="col">{t("log.columns.delivery")}</th>
                <th scope="col">{t("log.columns.status")}</th>
                <th scope="col">{t("log.columns.lastAnswer")}</th>
                <th scope="col">{t("log.columns.nextAttempt")}</th>
                <th scope="col">{t("log.columns.replay")}</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.id} data-testid="outbound-delivery-row">
                  <td>
                    <code>{d.eventType}</code>
                    <div className={`${ui.muted} ${ui.small}`}>
                      {d.replayOf ? t("log.replayTo", { id: d.id, replayOf: d.replayOf, url: d.endpointUrl }) : t("log.to", { id: d.id, url: d.endpointUrl })}
                    </div>
                    <div className={`${ui.muted} ${ui.small}`}>{d.orderKey}</div>
                  </td>
                  <td>
                    {d.status}
                    <div className={`${ui.muted} ${ui.small}`}>{t("log.attempts", { count: d.attempts })}</div>
                  </td>
                  <td>
                    {d.lastStatus !== null ? t("log.http", { status: String(d.lastStatus) }) : (d.lastError ?? "—")}
                    <div className={`${ui.muted} ${ui.small}`}>{when(d.lastAttemptAt)}</div>
                    {d.lastResponse && <div className={`${ui.muted} ${ui.small}`}>{d.lastResponse.slice(0, 120)}</div>}
                  </td>
                  <td>{when(d.nextAttemptAt)}</td>
                  <td>
                    <OutboundReplayButton deliveryId={d.id} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager path="/admin/webhooks" search={search} param="page" page={page} more={more} label={t("log.pager")} />
      </section>
    </main>
  );
}
