// Downloads of a night, or of a patient's period, in the formats other systems read: CSV for
// spreadsheets, FHIR R4 for an EHR, Open mHealth for research pipelines (docs/EXPORTS.md).

import { nightApiPath, nightCsvPath, patientApiPath } from "@/lib/paths";
import ui from "./ui.module.css";

/**
 * One night's downloads (the night page, once the night has ended). A sleeper (`plain`) gets them under
 * "Download my data", named for what they are for rather than by their standards' names.
 */
export function NightExportLinks({ sessionId, plain = false }: { sessionId: string; plain?: boolean }) {
  if (plain)
    return (
      <details className={ui.noPrint} data-testid="night-exports">
        <summary>Download my data</summary>
        <ul>
          <li>
            <a href={nightCsvPath(sessionId)} download>
              Download the night as CSV
            </a>{" "}
            (for a spreadsheet)
          </li>
          <li>
            <a href={`${nightApiPath(sessionId)}/fhir`} download>
              For a clinic&apos;s health-record system
            </a>
          </li>
          <li>
            <a href={`${nightApiPath(sessionId)}/omh`} download>
              For a research study (JSON)
            </a>
          </li>
        </ul>
      </details>
    );
  return (
    <p className={ui.noPrint} data-testid="night-exports">
      <a href={nightCsvPath(sessionId)} download>
        Download the night as CSV
      </a>
      {" · "}
      <a href={`${nightApiPath(sessionId)}/fhir`} download>
        FHIR R4 bundle
      </a>
      {" · "}
      <a href={`${nightApiPath(sessionId)}/omh`} download>
        Open mHealth JSON
      </a>
    </p>
  );
}

/** Extra buttons for the period form on the patient page: the same from/to, one row or bundle per night. */
export function PeriodExportButtons({ asleepUserId, plain = false }: { asleepUserId: string; plain?: boolean }) {
  const base = patientApiPath(asleepUserId);
  return (
    <>
      <button type="submit" formAction={`${base}/nights.csv`}>
        Nights CSV
      </button>
      <button type="submit" formAction={`${base}/fhir`}>
        {plain ? "For a clinic's health-record system" : "FHIR R4"}
      </button>
    </>
  );
}
