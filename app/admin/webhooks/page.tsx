import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OutboundEndpointControls, OutboundReplayButton } from "@/components/OutboundEndpointControls";
import { OutboundEndpointForm } from "@/components/OutboundEndpointForm";
import { Pager } from "@/components/Pager";
import { dateTime } from "@/lib/format";
import { pageOf, pageRows, pageWindow } from "@/lib/navigation/paging";
import { listOutboundDeliveries } from "@/server/data/outbound-deliveries";
import { listEndpoints } from "@/server/data/outbound-endpoints";
import { viewerForPage } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";
import ui from "@/components/ui.module.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Outbound events" };

const when = (iso: string | null) => (iso ? `${dateTime(Date.parse(iso), "UTC")} UTC` : "—");

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

  return (
    <main>
      <p>
        <Link href="/admin">← Data and deliveries</Link>
      </p>
      <h1>Outbound events</h1>
      <p className={ui.muted}>
        Signed webhooks (Standard Webhooks) to the systems you register. A receiver has 30 seconds to answer; failed deliveries are retried with
        growing waits for 26 to 32 hours, later if the receiver asks (Retry-After); a night&apos;s events arrive in order. A receiver that answers
        410 Gone is turned off. A slow or silent receiver delays only its own events.
      </p>
      <section className={ui.panel} aria-labelledby="endpoints-heading">
        <h2 id="endpoints-heading">Endpoints</h2>
        {!endpoints?.length ? (
          <p className={ui.muted}>No endpoints yet.</p>
        ) : (
          <ul className={ui.notes} data-testid="endpoints">
            {endpoints.map((e) => (
              <li key={e.id} data-testid="endpoint-row">
                <strong>{e.url}</strong> {e.enabled ? "(on)" : "(off)"}
                {e.disabledReason && e.disabledAt && (
                  <div className={ui.small} data-testid="endpoint-disabled">
                    <strong>Turned off by the app</strong> on {when(e.disabledAt)}: {e.disabledReason}. Its events wait; send a test event, then turn it on.
                  </div>
                )}
                {e.description && <div>{e.description}</div>}
                <div className={`${ui.muted} ${ui.small}`}>{e.events.join(", ")}</div>
                {e.previousSecretUntil && <div className={`${ui.muted} ${ui.small}`}>Previous secret still signs until {when(e.previousSecretUntil)}</div>}
                <OutboundEndpointControls id={e.id} url={e.url} enabled={e.enabled} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className={ui.panel} aria-labelledby="new-endpoint-heading">
        <h2 id="new-endpoint-heading">Register an endpoint</h2>
        <OutboundEndpointForm />
      </section>
      <section className={ui.panel} aria-labelledby="outbound-log-heading" tabIndex={0}>
        <h2 id="outbound-log-heading">Delivery log</h2>
        {!deliveries.length ? (
          <p className={ui.muted}>{page > 1 ? "No deliveries on this page." : "Nothing sent yet."}</p>
        ) : (
          <table data-testid="outbound-deliveries">
            <thead>
              <tr>
                <th scope="col">Delivery</th>
                <th scope="col">Status</th>
                <th scope="col">Last answer</th>
                <th scope="col">Next attempt</th>
                <th scope="col">Replay</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.id} data-testid="outbound-delivery-row">
                  <td>
                    <code>{d.eventType}</code>
                    <div className={`${ui.muted} ${ui.small}`}>
                      #{d.id}
                      {d.replayOf && ` (replay of #${d.replayOf})`} to {d.endpointUrl}
                    </div>
                    <div className={`${ui.muted} ${ui.small}`}>{d.orderKey}</div>
                  </td>
                  <td>
                    {d.status}
                    <div className={`${ui.muted} ${ui.small}`}>
                      {d.attempts} attempt{d.attempts === 1 ? "" : "s"}
                    </div>
                  </td>
                  <td>
                    {d.lastStatus !== null ? `HTTP ${d.lastStatus}` : (d.lastError ?? "—")}
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
        <Pager path="/admin/webhooks" search={search} param="page" page={page} more={more} label="Delivery log" />
      </section>
    </main>
  );
}
