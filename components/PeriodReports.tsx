"use client";

// Signed period reports on the patient page (issue 26 §3): a clinician of the patient writes the
// impression and recommendation for a period's report and signs it (its PDF, the period report with the
// interpretation and the signature, is stored with its SHA-256); a signed report is final, a change is an
// amendment with a reason, every version listed. The sleeper sees their signed reports.

import { useLocale, useTranslations } from "next-intl";
import { isLocale } from "@/lib/i18n/locales";
import { dayIn } from "@/lib/sleep/patient-words";
import type { PeriodReportView } from "@/server/data/period-reports";
import { SignedVersions, SignForm } from "./Studies";
import ui from "./ui.module.css";
import styles from "./PeriodReports.module.css";

export interface PeriodReportsProps {
  reports: PeriodReportView[];
  /** POST here to sign a period's report; null: the viewer does not sign. */
  signEndpoint: string | null;
  /** The credential on the viewer's account, null if none yet. */
  credential: string | null;
  /** The period the sign form starts with (the period report form's). */
  from: string;
  to: string;
}

export function PeriodReports({ reports, signEndpoint, credential, from, to }: PeriodReportsProps) {
  const t = useTranslations("PeriodReports");
  const asked = useLocale();
  const locale = isLocale(asked) ? asked : "en";
  const signs = signEndpoint !== null;
  return (
    <div data-testid="period-reports">
      <h3>{t("heading")}</h3>
      {reports.length === 0 && <p className={ui.muted}>{t("none")}</p>}
      {reports.map((r) => (
        <article key={r.id} className={styles.report} aria-label={t("article", { from: r.from, to: r.to })}>
          <p className={styles.period}>
            {t("period", { from: dayIn(r.from, locale), to: dayIn(r.to, locale) })}
          </p>
          <p>{r.reports[0]?.findingsLine}</p>
          <SignedVersions versions={r.reports} fhirUrl={r.fhirUrl} />
          {signs && credential && <SignForm signUrl={signEndpoint} amendUrl={`/api/period-reports/${encodeURIComponent(r.id)}/amend`} latest={r.reports[0] ?? null} />}
        </article>
      ))}
      {signs &&
        (credential ? (
          <SignForm
            signUrl={signEndpoint}
            amendUrl={null}
            latest={null}
            title={t("sign")}
            fields={
              <div className={styles.range}>
                <label>
                  {t("from")} <input type="date" name="from" required defaultValue={from} />
                </label>
                <label>
                  {t("to")} <input type="date" name="to" required defaultValue={to} />
                </label>
              </div>
            }
            extra={(f) => ({ from: f.get("from"), to: f.get("to") })}
          />
        ) : (
          <p className={ui.muted}>{t("noCredential")}</p>
        ))}
    </div>
  );
}
