import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Observation } from "@medplum/fhirtypes";
import { fhirBundleValidator } from "../../test/support/schemas";
import { fhirBundle, nightObservations, observationStatus, zonedDateTime } from "./fhir";
import type { ExportNight } from "./night";

const W = 0, L = 1, D = 2, R = 3, U = -1;
const fill = (n: number, stage: number) => Array<number>(n).fill(stage);
// 22:30 to 03:00 in Paris: 540 epochs; asleep at epoch 20; Light 440, REM 40, Deep 20 epochs.
const STAGES = [...fill(20, W), ...fill(400, L), ...fill(10, W), ...fill(40, R), ...fill(40, L), ...fill(20, D), ...fill(10, W)];
const NIGHT: ExportNight = { id: "night-1", asleepUserId: "asleep-A", state: "COMPLETE", startMs: Date.parse("2026-11-02T21:30:00Z"), endMs: Date.parse("2026-11-03T02:00:00Z"), zone: "Europe/Paris", sleepStages: STAGES };
const CTX = { appUrl: "https://sleep.example.org", now: new Date("2026-11-03T08:00:00Z") };

const byCode = (observations: Observation[], code: string) => {
  const found = observations.find((o) => o.code.coding?.[0]?.code === code);
  assert.ok(found, `an Observation coded ${code}`);
  return found;
};

describe("FHIR export of a night", () => {
  it("carries the PHR guide's LOINC codes with the night's own durations, in minutes (UCUM)", () => {
    const obs = nightObservations(NIGHT, CTX);
    const expected: Array<[string, string, number]> = [
      ["93832-4", "Sleep duration", 250],
      ["93831-6", "Deep sleep duration", 10],
      ["93830-8", "Light sleep duration", 220],
      ["93829-0", "REM sleep duration", 20],
    ];
    for (const [code, display, minutes] of expected) {
      const o = byCode(obs, code);
      assert.deepEqual(o.code.coding, [{ system: "http://loinc.org", code, display }]);
      assert.deepEqual(o.valueQuantity, { value: minutes, unit: "min", system: "http://unitsofmeasure.org", code: "min" });
    }
  });

  it("time in bed, efficiency and the hypnogram carry the app's own code system, never a guessed LOINC code", () => {
    const obs = nightObservations(NIGHT, CTX);
    const own = "https://sleep.example.org/fhir/CodeSystem/sleep";
    assert.deepEqual(byCode(obs, "time-in-bed").valueQuantity, { value: 270, unit: "min", system: "http://unitsofmeasure.org", code: "min" });
    assert.equal(byCode(obs, "time-in-bed").code.coding?.[0]?.system, own);
    assert.deepEqual(byCode(obs, "sleep-efficiency").valueQuantity, { value: 92.6, unit: "%", system: "http://unitsofmeasure.org", code: "%" });
    assert.equal(byCode(obs, "hypnogram").code.coding?.[0]?.system, own);
    assert.equal(obs.filter((o) => o.code.coding?.[0]?.system === "http://loinc.org").length, 4);
    assert.equal(obs.length, 7);
  });

  it("the hypnogram is SampledData, one value per 30-s epoch, no-data epochs as E", () => {
    const night = { ...NIGHT, sleepStages: [U, U, W, L, D, R, U, L] };
    const h = byCode(nightObservations(night, CTX), "hypnogram");
    assert.deepEqual(h.valueSampledData, { origin: { value: 0 }, period: 30000, dimensions: 1, data: "E E 0 1 2 3 E 1" });
    // Eight epochs: four minutes from the recording's start, in Paris time.
    assert.deepEqual(h.effectivePeriod, { start: "2026-11-02T22:30:00+01:00", end: "2026-11-02T22:34:00+01:00" });
  });

  it("every time is the instant in the night's own zone with its offset; the patient is the Asleep user id", () => {
    const o = byCode(nightObservations(NIGHT, CTX), "93832-4");
    assert.deepEqual(o.effectivePeriod, { start: "2026-11-02T22:30:00+01:00", end: "2026-11-03T03:00:00+01:00" });
    assert.equal(Date.parse(o.effectivePeriod!.start!), NIGHT.startMs);
    assert.deepEqual(o.subject, { type: "Patient", identifier: { system: "https://sleep.example.org/fhir/NamingSystem/asleep-user-id", value: "asleep-A" } });
    assert.deepEqual(o.identifier, [{ system: "https://sleep.example.org/fhir/NamingSystem/observation", value: "night-1/total-sleep" }]);
    // Summer time in Seoul has none; a fixed offset zone; milliseconds kept when there are some.
    assert.equal(zonedDateTime(Date.parse("2026-07-01T15:00:00.250Z"), "Asia/Seoul"), "2026-07-02T00:00:00.250+09:00");
    assert.equal(zonedDateTime(Date.parse("2026-07-01T15:00:00Z"), "UTC"), "2026-07-01T15:00:00Z");
  });

  it("final once complete; preliminary while recording and when closed as Incomplete (with a note)", () => {
    assert.equal(observationStatus(NIGHT), "final");
    assert.equal(observationStatus({ ...NIGHT, state: "OPEN" }), "preliminary");
    const incomplete = nightObservations({ ...NIGHT, state: "INCOMPLETE" }, CTX);
    assert.ok(incomplete.every((o) => o.status === "preliminary" && /Incomplete/.test(o.note?.[0]?.text ?? "")));
    assert.ok(nightObservations(NIGHT, CTX).every((o) => o.status === "final" && o.note === undefined));
  });

  it("validates against the FHIR R4 JSON schema: a whole night, a night with nothing yet, a night without a start", () => {
    const validate = fhirBundleValidator();
    for (const nights of [[NIGHT], [{ ...NIGHT, state: "OPEN" as const, endMs: null, sleepStages: [] }], [{ ...NIGHT, startMs: null, endMs: null }], [NIGHT, { ...NIGHT, id: "night-2" }]]) {
      const bundle = fhirBundle(nights, CTX);
      const result = validate(bundle);
      assert.ok(result.valid, result.errors);
    }
    // The empty night: no value but a reason, and no empty SampledData.data (which FHIR forbids).
    const empty = nightObservations({ ...NIGHT, state: "OPEN", endMs: null, sleepStages: [] }, CTX);
    assert.equal(byCode(empty, "sleep-efficiency").dataAbsentReason?.coding?.[0]?.code, "not-applicable");
    assert.equal(byCode(empty, "hypnogram").valueSampledData?.data, undefined);
  });

  it("the schema check can fail: a wrong status, an empty string and a bad date are refused", () => {
    const validate = fhirBundleValidator();
    const bundle = fhirBundle([NIGHT], CTX);
    const first = bundle.entry![0]!.resource as unknown as Record<string, unknown>;
    for (const broken of [{ status: "done" }, { issued: "" }, { effectivePeriod: { start: "2 Nov 2026" } }]) {
      const copy = structuredClone(bundle);
      Object.assign(copy.entry![0]!.resource!, { ...first, ...broken });
      assert.equal(validate(copy).valid, false, JSON.stringify(broken));
    }
  });
  it("carries the night's provenance where FHIR has a place for it: Observation.method and a note", () => {
    const provenance = { forms: [{ via: "webhook" as const, version: "V3" as const, shape: "envelope" as const, names: "callback" as const, aliases: ["stage_list"] }], cadenceMs: 20 * 60_000, missingDataRatio: 0.02 };
    const observations = nightObservations({ ...NIGHT, provenance }, CTX);
    for (const o of observations) {
      assert.equal(o.method?.text, "Measured by Asleep from sound");
      assert.deepEqual(o.note?.map((n) => n.text), ["Measured by Asleep from sound · webhook V3, envelope, callback_* names, stage_list · analysed every 20 min · 2% of data missing (Asleep)"]);
    }
  });
});

describe("FHIR export of a 2-stage night", () => {
  it("has only the measures that exist: sleep, time in bed, efficiency and a wake/sleep hypnogram; no deep, light or REM", () => {
    const stages = [...fill(20, W), ...fill(400, L), ...fill(10, W), ...fill(60, L), ...fill(10, W)];
    const obs = nightObservations({ ...NIGHT, sleepStages: stages, stagePlan: "2-stage" }, CTX);
    const codes = obs.map((o) => o.code.coding?.[0]?.code);
    assert.deepEqual(codes, ["93832-4", "time-in-bed", "sleep-efficiency", "hypnogram-2-stage"]);
    assert.equal(byCode(obs, "93832-4").valueQuantity?.value, 230);
    assert.match(byCode(obs, "hypnogram-2-stage").code.text!, /0 wake, 1 sleep/);
    const result = fhirBundleValidator()(fhirBundle([{ ...NIGHT, sleepStages: stages, stagePlan: "2-stage" }], CTX));
    assert.ok(result.valid, result.errors);
  });
});
