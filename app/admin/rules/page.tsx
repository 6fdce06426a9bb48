import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AlertRulesForm } from "@/components/AlertRulesForm";
import { formatAdherenceRule } from "@/lib/sleep/adherence";
import { clinicAlertSettings } from "@/server/data/alert-settings";
import { viewerForPage } from "@/server/http/viewer";
import { getRuntime } from "@/server/runtime";
import ui from "@/components/ui.module.css";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("AlertRulesPage");
  return { title: t("title") };
}

// The clinic's alert rules and adherence rule (admins; 404 for anyone else).
export default async function AlertRulesPage() {
  const { db, config } = getRuntime();
  const { viewer } = await viewerForPage();
  if (viewer.role !== "admin") notFound();
  const t = await getTranslations("AlertRulesPage");
  const settings = await clinicAlertSettings(db, config.adherenceRule);
  return (
    <main>
      <header className={ui.topbar}>
        <h1>{t("title")}</h1>
        <p>
          <Link href="/alerts">{t("alerts")}</Link> · <Link href="/admin">{t("admin")}</Link> · <Link href="/">{t("dashboard")}</Link>
        </p>
      </header>
      <section className={ui.panel} aria-labelledby="rules-heading">
        <h2 id="rules-heading">{t("defaults")}</h2>
        <p className={ui.muted}>
          {t("explain")}
          {settings.updatedBy && ` ${t("changedBy", { who: settings.updatedBy })}`}
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
