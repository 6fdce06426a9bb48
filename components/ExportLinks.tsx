// Downloads of a night, or of a patient's period, in the formats other systems read: CSV for
// spreadsheets, FHIR R4 for an EHR, Open mHealth for research pipelines (docs/EXPORTS.md).

import { useTranslations } from "next-intl";
import { nightApiPath, nightCsvPath, patientApiPath } from "@/lib/paths";
import ui from "./ui.module.css";

/**
 * One night's downloads (the night page, once the night has ended). A sleeper (`plain`) gets them under
 * "Download my data", named for what they are for rather than by their standards' names.
 */
export function NightExportLinks({ sessionId, plain = false }: { sessionId: string; plain?: boolean }) {
  const t = useTranslations("ExportLinks");
  if (plain)
    return (
      <details className={ui.noPrint} data-testid="night-exports">
        <summary>{t("myData")}</summary>
        <ul>
          <li>
            <a href={nightCsvPath(sessionId)} download>
              {t("nightCsv")}
            </a>{" "}
            {t("forSpreadsheet")}
          </li>
          <li>
            <a href={`${nightApiPath(sessionId)}/fhir`} download>
              {t("forClinic")}
            </a>
          </li>
          <li>
            <a href={`${nightApiPath(sessionId)}/omh`} download>
              {t("forResearch")}
            </a>
          </li>
        </ul>
      </details>
    );
  return (
    <p className={ui.noPrint} data-testid="night-exports">
      <a href={nightCsvPath(sessionId)} download>
        {t("nightCsv")}
      </a>
      {" · "}
      <a href={`${nightApiPath(sessionId)}/fhir`} download>
        {t("fhirBundle")}
      </a>
      {" · "}
      <a href={`${nightApiPath(sessionId)}/omh`} download>
        {t("omh")}
      </a>
    </p>
  );
}

/** Extra buttons for the period form on the patient page: the same from/to, one row or bundle per night. */
export function PeriodExportButtons({ asleepUserId, plain = false }: { asleepUserId: string; plain?: boolean }) {
  const t = useTranslations("ExportLinks");
  const base = patientApiPath(asleepUserId);
  return (
    <>
      <button type="submit" formAction={`${base}/nights.csv`}>
        {t("nightsCsv")}
      </button>
      <button type="submit" formAction={`${base}/fhir`}>
        {plain ? t("forClinic") : t("fhir")}
      </button>
    </>
  );
}
