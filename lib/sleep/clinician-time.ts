// Clinician time in a calendar month against the steps remote-monitoring treatment management is billed
// in: 10 minutes (CPT 99470), 20 minutes (99457), and each further 20 minutes (99458). The codes also
// ask for an interactive contact with the patient in the month; the product counts it, and whether a
// clinic may bill is the payer's and the device's regulatory status to decide (docs/BILLING.md).

/** What kind of work the minutes were (docs/API.md); the entry form's words for them are ClinicianTimePanel.kinds in lib/i18n/messages. */
export const CLINICIAN_TIME_KINDS = ["review", "call", "video", "message", "care-plan", "other"] as const;
export type ClinicianTimeKind = (typeof CLINICIAN_TIME_KINDS)[number];

export const MINUTES_FOR_99470 = 10;
export const MINUTES_FOR_99457 = 20;
/** Each further step of 99458, after the first 20 minutes. */
export const MINUTES_PER_99458 = 20;

export interface MonthTime {
  minutes: number;
  /** At least one entry in the month was an interactive contact with the patient. */
  interactiveContact: boolean;
  /** The highest step the minutes reach: "99470" (10–19), "99457" (20+), or null. */
  step: "99470" | "99457" | null;
  /** Further 20-minute units beyond the first 20 (99458). */
  additional99458: number;
  /** Minutes to the next step. */
  toNextStep: number;
  nextStep: "99470" | "99457" | "99458";
}

export function monthTime(entries: ReadonlyArray<{ minutes: number; interactiveContact: boolean }>): MonthTime {
  const minutes = entries.reduce((sum, e) => sum + e.minutes, 0);
  const interactiveContact = entries.some((e) => e.interactiveContact);
  const step = minutes >= MINUTES_FOR_99457 ? "99457" : minutes >= MINUTES_FOR_99470 ? "99470" : null;
  const additional99458 = minutes >= MINUTES_FOR_99457 ? Math.floor((minutes - MINUTES_FOR_99457) / MINUTES_PER_99458) : 0;
  const [nextStep, at] =
    minutes < MINUTES_FOR_99470 ? (["99470", MINUTES_FOR_99470] as const)
    : minutes < MINUTES_FOR_99457 ? (["99457", MINUTES_FOR_99457] as const)
    : (["99458", MINUTES_FOR_99457 + (additional99458 + 1) * MINUTES_PER_99458] as const);
  return { minutes, interactiveContact, step, additional99458, toNextStep: at - minutes, nextStep };
}

/** A translator of the words below: the patient page's panel (ClinicianTimePanel.summary in lib/i18n/messages). */
type Say = (key: string, values?: Record<string, string | number>) => string;

/** "23 min this month, with an interactive contact: 20 min step (CPT 99457) reached; 17 more min for 99458". */
export function monthTimeSummary(m: MonthTime, t: Say): string {
  const reached =
    m.step === null ? t("noStep")
    : m.step === "99470" ? t("step99470")
    : m.additional99458 > 0 ? t("step99457More", { more: String(m.additional99458) })
    : t("step99457");
  return t("month", { minutes: String(m.minutes), contact: m.interactiveContact ? "yes" : "no", reached, toNext: String(m.toNextStep), nextStep: m.nextStep });
}
