import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AlertRulesForm } from "@/components/AlertRulesForm";
import { formatAdherenceRule } from "@/lib/sleep/adherence";
import { clinicAlertSettings } from "@/server/data/alert-settings";
import { viewerForPage } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";
import ui from "@/components/ui.module.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Alert rules" };

// The clinic's alert rules and adherence rule (admins; 404 for anyone else).
export default async function AlertRulesPage() {
  const { db, config } = getRuntime();
  const { viewer } = await viewerForPage();
  if (viewer.role !== "admin") notFound();
  const settings = await clinicAlertSettings(db, config.adherenceRule);
  return (
    <main>
      <header className={ui.topbar}>
        <h1>Alert rules</h1>
        <p>
          <Link href="/alerts">Alerts</Link> · <Link href="/admin">Data and deliveries</Link> · <Link href="/">Dashboard</Link>
        </p>
      </header>
      <section className={ui.panel} aria-labelledby="rules-heading">
        <h2 id="rules-heading">Clinic defaults</h2>
        <p className={ui.muted}>
          Every patient is judged by these unless their clinician set an override on the patient page. An empty field turns its rule off.
          {settings.updatedBy && ` Last changed by ${settings.updatedBy}.`}
        </p>
        <AlertRulesForm
          scope="clinic"
          endpoint="/api/alerts/rules"
          initial={settings.thresholds}
          adherenceRule={settings.adherenceRuleIsDefault ? "" : formatAdherenceRule(settings.adherenceRule)}
          defaultAdherenceRule={formatAdherenceRule(config.adherenceRule)}
        />
      </section>
    </main>
  );
}
