// A night as FHIR R4: a Bundle (type collection) of Observations. The four durations carry the LOINC
// codes of HL7's Personal Health Record guide's sleep value set (pcd-sleep-observation-code); time in
// bed, sleep efficiency and the hypnogram have no code there, nor one we could check in LOINC, so
// they carry codes of the app's own (SLEEP_CODE_SYSTEM_PATH). docs/EXPORTS.md says where each code was
// checked and how the hypnogram is encoded.

import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import type { Bundle, CodeableConcept, Observation, Patient, Quantity, Reference } from "@medplum/fhirtypes";
import { EPOCH_SECONDS, isSleepStage, SleepStage } from "../sleep/stages";
import { nightStatistics } from "../sleep/statistics";
import { recordingEndMs, type ExportContext, type ExportNight } from "./night";
import { provenanceLine } from "../sleep/provenance";

export const LOINC = "http://loinc.org";
export const UCUM = "http://unitsofmeasure.org";

/** The LOINC codes used, each as the PHR guide's value set displays it. */
export const LOINC_SLEEP = {
  totalSleep: { code: "93832-4", display: "Sleep duration" },
  deep: { code: "93831-6", display: "Deep sleep duration" },
  light: { code: "93830-8", display: "Light sleep duration" },
  rem: { code: "93829-0", display: "REM sleep duration" },
} as const;

/** The app's own code system, under its public URL, for what LOINC has no code for. */
export const SLEEP_CODE_SYSTEM_PATH = "/fhir/CodeSystem/sleep";
/** The Asleep user id, as the patient's identifier (never a medical record number). */
export const ASLEEP_USER_ID_SYSTEM_PATH = "/fhir/NamingSystem/asleep-user-id";
/** Each observation's identifier ("{session id}/{measure}"), so a receiver can replace, not duplicate. */
export const OBSERVATION_ID_SYSTEM_PATH = "/fhir/NamingSystem/observation";

export const OWN_CODES = {
  timeInBed: { code: "time-in-bed", display: "Time in bed", text: "Time in bed: the whole recording, no-data epochs included" },
  efficiency: { code: "sleep-efficiency", display: "Sleep efficiency", text: "Sleep efficiency: total sleep time ÷ time in bed" },
  hypnogram: {
    code: "hypnogram",
    display: "Hypnogram",
    text: "Hypnogram: one sleep stage per 30-s epoch (0 wake, 1 light, 2 deep, 3 REM; E no data)",
  },
  /** A 2-stage night (Asleep's basic plan) scores only wake and sleep: its own code, so 1 is never read as light. */
  hypnogramTwoStage: {
    code: "hypnogram-2-stage",
    display: "Hypnogram (wake/sleep)",
    text: "Hypnogram: wake or sleep per 30-s epoch (0 wake, 1 sleep; E no data), as Asleep's 2-stage plan scores it",
  },
} as const;

/** How each stage is written in the hypnogram's SampledData; no-data epochs are SampledData's "E". */
export const HYPNOGRAM_VALUE: Record<number, string> = { [SleepStage.Wake]: "0", [SleepStage.Light]: "1", [SleepStage.Deep]: "2", [SleepStage.REM]: "3" };

/**
 * An instant as FHIR dateTime in the night's own zone with its offset ("2026-11-02T22:30:00+01:00"),
 * milliseconds only when there are some: the same instant as UTC, readable as the sleeper's clock.
 */
export function zonedDateTime(ms: number, zone: string): string {
  return format(new TZDate(ms, zone), ms % 1000 === 0 ? "yyyy-MM-dd'T'HH:mm:ssXXX" : "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
}

/**
 * final once Asleep closed the night with its report; preliminary while it is being recorded, and for
 * a night closed as Incomplete (Asleep never sent its end, so its figures may lack the last part).
 */
export const observationStatus = (night: ExportNight): Observation["status"] => (night.state === "COMPLETE" ? "final" : "preliminary");

const minutes = (seconds: number): Quantity => ({ value: seconds / 60, unit: "min", system: UCUM, code: "min" });

export function patientReference(asleepUserId: string, ctx: ExportContext): Reference<Patient> {
  return { type: "Patient", identifier: { system: ctx.appUrl + ASLEEP_USER_ID_SYSTEM_PATH, value: asleepUserId } };
}

/**
 * The night's Observations: total sleep, deep, light, REM, time in bed, efficiency, hypnogram. A 2-stage
 * night (lib/sleep/plan.ts) has no deep, light or REM Observation: Asleep never measured them.
 */
export function nightObservations(night: ExportNight, ctx: ExportContext): Observation[] {
  const twoStage = night.stagePlan === "2-stage";
  const stats = nightStatistics(night.sleepStages, night.stagePlan);
  const endMs = recordingEndMs(night);
  const effectivePeriod = night.startMs === null ? undefined : { start: zonedDateTime(night.startMs, night.zone), ...(endMs !== null ? { end: zonedDateTime(endMs, night.zone) } : {}) };
  const notes = [
    ...(night.state === "INCOMPLETE" ? ["Closed as Incomplete: Asleep never sent this night's end, so it may lack its last part."] : []),
    ...(night.provenance ? [provenanceLine(night.provenance)] : []),
  ];
  const own = (c: { code: string; display: string; text: string }): CodeableConcept => ({ coding: [{ system: ctx.appUrl + SLEEP_CODE_SYSTEM_PATH, code: c.code, display: c.display }], text: c.text });
  const loinc = (c: { code: string; display: string }): CodeableConcept => ({ coding: [{ system: LOINC, code: c.code, display: c.display }], text: c.display });
  const base = (measure: string, code: CodeableConcept): Observation => ({
    resourceType: "Observation",
    identifier: [{ system: ctx.appUrl + OBSERVATION_ID_SYSTEM_PATH, value: `${night.id}/${measure}` }],
    status: observationStatus(night),
    code,
    subject: patientReference(night.asleepUserId, ctx),
    ...(effectivePeriod ? { effectivePeriod } : {}),
    issued: ctx.now.toISOString(),
    // Observation.method is how it was measured; the night's provenance line is a note (issue 23 §6).
    ...(night.provenance ? { method: { text: "Measured by Asleep from sound" } } : {}),
    ...(notes.length > 0 ? { note: notes.map((text) => ({ text })) } : {}),
  });

  const hypnogram: Observation = {
    ...base("hypnogram", own(twoStage ? OWN_CODES.hypnogramTwoStage : OWN_CODES.hypnogram)),
    // The samples start at the recording's start: the period ends where the last epoch does.
    ...(night.startMs === null ? {} : { effectivePeriod: { start: zonedDateTime(night.startMs, night.zone), end: zonedDateTime(night.startMs + night.sleepStages.length * EPOCH_SECONDS * 1000, night.zone) } }),
    valueSampledData: {
      origin: { value: 0 },
      period: EPOCH_SECONDS * 1000,
      dimensions: 1,
      // SampledData.data may not be empty: a night with no epoch yet has none.
      ...(night.sleepStages.length > 0 ? { data: night.sleepStages.map((s) => (isSleepStage(s) && s !== SleepStage.Unknown ? HYPNOGRAM_VALUE[s]! : "E")).join(" ") } : {}),
    },
  };

  return [
    { ...base("total-sleep", loinc(LOINC_SLEEP.totalSleep)), valueQuantity: minutes(stats.totalSleepSeconds) },
    ...(twoStage
      ? []
      : [
          { ...base("deep-sleep", loinc(LOINC_SLEEP.deep)), valueQuantity: minutes(stats.stageSeconds.deep) },
          { ...base("light-sleep", loinc(LOINC_SLEEP.light)), valueQuantity: minutes(stats.stageSeconds.light) },
          { ...base("rem-sleep", loinc(LOINC_SLEEP.rem)), valueQuantity: minutes(stats.stageSeconds.rem) },
        ]),
    { ...base("time-in-bed", own(OWN_CODES.timeInBed)), valueQuantity: minutes(stats.timeInBedSeconds) },
    stats.sleepEfficiency === null
      ? {
          ...base("sleep-efficiency", own(OWN_CODES.efficiency)),
          dataAbsentReason: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/data-absent-reason", code: "not-applicable", display: "Not Applicable" }], text: "Nothing recorded yet" },
        }
      : { ...base("sleep-efficiency", own(OWN_CODES.efficiency)), valueQuantity: { value: Math.round(stats.sleepEfficiency * 1000) / 10, unit: "%", system: UCUM, code: "%" } },
    hypnogram,
  ];
}

/** A Bundle (type collection) of the nights' Observations, oldest night first as given. */
export function fhirBundle(nights: readonly ExportNight[], ctx: ExportContext): Bundle<Observation> {
  return {
    resourceType: "Bundle",
    type: "collection",
    timestamp: ctx.now.toISOString(),
    entry: nights.flatMap((n) => nightObservations(n, ctx)).map((resource) => ({ resource })),
  };
}
