// Downloads of a night, or of a patient's period, in the formats other systems read: CSV for
// spreadsheets, FHIR R4 for an EHR, Open mHealth for research pipelines (docs/EXPORTS.md).

import { nightApiPath, nightCsvPath, patientApiPath } from "@/lib/paths";

/** One night's downloads (the night page, once the night has ended). */
export function NightExportLinks({ sessionId }: { sessionId: string }) {
  return (
    <p className="no-print" data-testid="night-exports">
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
export function PeriodExportButtons({ asleepUserId }: { asleepUserId: string }) {
  const base = patientApiPath(asleepUserId);
  return (
    <>
      <button type="submit" formAction={`${base}/nights.csv`}>
        Nights CSV
      </button>
      <button type="submit" formAction={`${base}/fhir`}>
        FHIR R4
      </button>
    </>
  );
}
