import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

// Until sign-in exists this page shows only how the service is set up, never anyone's nights.
export default async function HomePage() {
  const { db, config } = getRuntime();
  const [nights, deliveries] = await Promise.all([db.sleepSession.count(), db.webhookDelivery.count()]);
  return (
    <main>
      <h1>Sleep dashboard</h1>
      <p className="muted">Live hypnograms and sleep reports from Asleep, for sleepers and their clinicians.</p>
      <section className="panel" aria-labelledby="status-heading">
        <h2 id="status-heading">Service status</h2>
        <dl>
          <dt>Webhook endpoint</dt>
          <dd>
            <code>POST /api/asleep-webhook</code>
          </dd>
          <dt>Database</dt>
          <dd>{config.databaseLabel}</dd>
          <dt>Nights stored</dt>
          <dd data-testid="nights-stored">{nights}</dd>
          <dt>Deliveries received</dt>
          <dd data-testid="deliveries-received">{deliveries}</dd>
        </dl>
      </section>
    </main>
  );
}
