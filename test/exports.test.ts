// Standard exports end to end: nights delivered by webhook, then downloaded over HTTP as FHIR R4
// (validated with ajv against HL7's R4 JSON schema) and as Open mHealth (validated against
// openmhealth/schemas), their codes and values checked against the night's own figures (the API's
// hypnogram and nights.csv); who may download what; and the access log entry each download leaves.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Bundle, Observation } from "@medplum/fhirtypes";
import { nightReport } from "@/lib/sleep/report";
import { getJson, signIn, usersCli } from "./support/accounts";
import { createTestDatabase, query, type TestDatabase } from "./support/postgres";
import { fhirBundleValidator, omhValidators } from "./support/schemas";
import { startServer, type RunningServer } from "./support/server";
import { inferenceBlock, postWebhook, sessionComplete, type WebhookTarget } from "./support/webhook";

const PASSWORD = "a long enough passphrase";
const W = 0, L = 1, D = 2, R = 3;
const fill = (n: number, stage: number) => Array<number>(n).fill(stage);
// Mon 2 Nov, 22:30 to 03:00 in Paris: 540 epochs; asleep at epoch 20 (22:40); Light 440, REM 40,
// Deep 20 epochs (250 min asleep of 270 in bed, 92.6 %); last asleep in epoch 529 (awake at 02:55).
const NIGHT_1 = [...fill(20, W), ...fill(400, L), ...fill(10, W), ...fill(40, R), ...fill(40, L), ...fill(20, D), ...fill(10, W)];
// Tue 3 Nov, from 00:40 Wed in Paris: 400 epochs, all asleep.
const NIGHT_2 = [...fill(300, L), ...fill(100, D)];

const night = (userId: string, sessionId: string, startIso: string, stages: number[], timezone = "Europe/Paris") =>
  sessionComplete({ userId, sessionId, startTime: startIso, endTime: new Date(Date.parse(startIso) + stages.length * 30_000).toISOString(), timezone, sleepStages: stages, stat: {} });

const coded = (bundle: Bundle, code: string, session = "x-night-1") => {
  const found = bundle.entry!.map((e) => e.resource as Observation).find((o) => o.code.coding?.[0]?.code === code && o.identifier?.[0]?.value?.startsWith(`${session}/`));
  assert.ok(found, `${code} for ${session}`);
  return found;
};

describe("standard exports: FHIR R4 and Open mHealth", { timeout: 300_000 }, () => {
  let db: TestDatabase;
  let server: RunningServer;
  const cookies: Record<string, string> = {};

  before(async () => {
    // Compiling HL7's schema blocks this process for some seconds: do it before any connection is open
    // (a kept-alive socket idle that long is closed by the server, and the next fetch would fail).
    const started = performance.now();
    fhirBundleValidator();
    // Without the published Open mHealth schemas this fails, saying where it looked (never skips).
    omhValidators();
    console.log(`[figures] FHIR R4 and Open mHealth schemas compiled in ${Math.round(performance.now() - started)} ms`);
    db = await createTestDatabase();
    const target: WebhookTarget = { url: "", apiKey: "exports-test-key-0123456789" };
    server = await startServer({ databaseUrl: db.url, apiKey: target.apiKey });
    target.url = server.url;
    for (const c of ["dra", "drb"]) await usersCli(server, ["add", "--email", `${c}@exports.test`, "--name", c, "--password", PASSWORD, "--role", "clinician"]);
    await usersCli(server, ["add", "--email", "pa@exports.test", "--name", "Paula", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "x-asleep-A", "--clinician", "dra@exports.test"]);
    await usersCli(server, ["add", "--email", "pb@exports.test", "--name", "Pedro", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "x-asleep-B", "--clinician", "drb@exports.test"]);
    for (const body of [
      night("x-asleep-A", "x-night-1", "2026-11-02T21:30:00.000Z", NIGHT_1),
      night("x-asleep-A", "x-night-2", "2026-11-03T23:40:00.000Z", NIGHT_2),
      inferenceBlock("x-asleep-A", "x-open", 0),
      // Pedro's night, sent with a fixed offset: 22:00 Mon 2 Nov to 01:20 Tue at +09:00.
      night("x-asleep-B", "x-night-b9", "2026-11-02T13:00:00.000Z", NIGHT_2, "+09:00"),
    ]) {
      assert.equal((await postWebhook(target, body)).status, 200);
    }
    for (const [i, who] of ["dra", "drb", "pa", "pb"].entries()) {
      const result = await signIn(server, `${who}@exports.test`, PASSWORD, `127.0.3.${i + 1}`);
      assert.ok(result.cookie, `${who} signs in`);
      cookies[who] = result.cookie;
    }
  });

  after(async () => {
    await server?.stop();
    await db?.drop();
  });

  it("a night as FHIR: a schema-valid Bundle whose LOINC durations, time in bed and efficiency are the night's own figures", async () => {
    const res = await getJson(server, "/api/sessions/x-night-1/fhir", cookies.dra);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/fhir+json");
    assert.match(res.headers.get("content-disposition") ?? "", /attachment; filename="night-x-night-1\.fhir\.json"/);
    const bundle = res.body as unknown as Bundle;
    const verdict = fhirBundleValidator()(bundle);
    assert.ok(verdict.valid, verdict.errors);
    assert.equal(bundle.resourceType, "Bundle");
    assert.equal(bundle.type, "collection");
    assert.equal(bundle.entry!.length, 7);

    // The night's own figures: from the API's hypnogram, and the nights.csv row the clinic already reads.
    const detail = await getJson(server, "/api/sessions/x-night-1", cookies.dra);
    const figures = nightReport(detail.body.sleepStages as number[], []);
    const csv = (await getJson(server, "/api/patients/x-asleep-A/nights.csv?from=2026-11-02&to=2026-11-02", cookies.dra)).text.split("\r\n");
    const row = Object.fromEntries(csv[0]!.split(",").map((k, i) => [k, csv[1]!.split(",")[i]]));
    const minutes = (o: Observation) => o.valueQuantity!.value;
    assert.equal(minutes(coded(bundle, "93832-4")), figures.totalSleepSeconds / 60);
    assert.equal(minutes(coded(bundle, "93832-4")), Number(row.total_sleep_min));
    assert.equal(minutes(coded(bundle, "93831-6")), figures.stageSeconds.deep / 60);
    assert.equal(minutes(coded(bundle, "93830-8")), figures.stageSeconds.light / 60);
    assert.equal(minutes(coded(bundle, "93829-0")), figures.stageSeconds.rem / 60);
    assert.deepEqual([250, 10, 220, 20].map(String), ["93832-4", "93831-6", "93830-8", "93829-0"].map((c) => String(minutes(coded(bundle, c)))));
    assert.equal(minutes(coded(bundle, "time-in-bed")), Number(row.time_in_bed_min));
    assert.equal(coded(bundle, "sleep-efficiency").valueQuantity!.value, Number(row.sleep_efficiency_pct));
    for (const o of bundle.entry!.map((e) => e.resource as Observation)) {
      assert.equal(o.status, "final");
      assert.deepEqual(o.subject, { type: "Patient", identifier: { system: `${server.url}/fhir/NamingSystem/asleep-user-id`, value: "x-asleep-A" } });
    }
    // The night's times in its own zone, the same instants as nights.csv's local columns.
    assert.deepEqual(coded(bundle, "93832-4").effectivePeriod, { start: row.start_local, end: row.end_local });
    assert.equal(coded(bundle, "93832-4").effectivePeriod!.start, "2026-11-02T22:30:00+01:00");
    const hypnogram = coded(bundle, "hypnogram").valueSampledData!;
    assert.equal(hypnogram.period, 30000);
    assert.deepEqual(hypnogram.data!.split(" ").map(Number), detail.body.sleepStages);
  });

  it("a night still recording is preliminary in FHIR and has no Open mHealth episode yet (409)", async () => {
    const res = await getJson(server, "/api/sessions/x-open/fhir", cookies.dra);
    assert.equal(res.status, 200);
    const bundle = res.body as unknown as Bundle;
    const verdict = fhirBundleValidator()(bundle);
    assert.ok(verdict.valid, verdict.errors);
    assert.ok(bundle.entry!.every((e) => (e.resource as Observation).status === "preliminary"));
    assert.equal(coded(bundle, "hypnogram", "x-open").valueSampledData!.data, "0 1 1 2 2 2 1 3 3 1");
    const omh = await getJson(server, "/api/sessions/x-open/omh", cookies.dra);
    assert.equal(omh.status, 409);
    assert.match(String(omh.body.error), /still being recorded/);
  });

  it("a night as Open mHealth: a data point valid against the published schemas, with the night's figures", async () => {
    const res = await getJson(server, "/api/sessions/x-night-1/omh", cookies.dra);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/json");
    const { episode, header, dataPoint } = omhValidators();
    for (const [name, validate, value] of [["data point", dataPoint, res.body], ["header", header, res.body.header], ["sleep-episode body", episode, res.body.body]] as const) {
      const verdict = validate(value);
      assert.ok(verdict.valid, `${name}: ${verdict.errors}`);
    }
    const body = res.body.body as Record<string, unknown>;
    assert.deepEqual(body.effective_time_frame, { time_interval: { start_date_time: "2026-11-02T22:40:00+01:00", end_date_time: "2026-11-03T02:55:00+01:00" } });
    assert.deepEqual(body.total_sleep_time, { value: 250, unit: "min" });
    assert.deepEqual(body.wake_after_sleep_onset, { value: 5, unit: "min" });
    assert.equal(body.number_of_awakenings, 1);
    const head = res.body.header as Record<string, unknown>;
    assert.deepEqual(head.schema_id, { namespace: "omh", name: "sleep-episode", version: "1.1" });
    assert.equal(head.user_id, "x-asleep-A");
  });

  it("a patient's period as one FHIR Bundle: every night's Observations, oldest first", async () => {
    const res = await getJson(server, "/api/patients/x-asleep-A/fhir?from=2026-11-02&to=2026-11-04", cookies.dra);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/fhir+json");
    assert.match(res.headers.get("content-disposition") ?? "", /filename="nights-x-asleep-A-2026-11-02-to-2026-11-04\.fhir\.json"/);
    const bundle = res.body as unknown as Bundle;
    const verdict = fhirBundleValidator()(bundle);
    assert.ok(verdict.valid, verdict.errors);
    assert.equal(bundle.entry!.length, 14, "two complete nights of seven Observations; the night still recording is not in a period");
    assert.deepEqual([...new Set(bundle.entry!.map((e) => (e.resource as Observation).identifier![0]!.value!.split("/")[0]))], ["x-night-1", "x-night-2"]);
    assert.equal(coded(bundle, "93832-4", "x-night-2").valueQuantity!.value, 200);
    assert.equal(coded(bundle, "93832-4", "x-night-2").effectivePeriod!.start, "2026-11-04T00:40:00+01:00");
  });

  // Pedro downloads his own (a sleeper's own reads are not in the access log the last test reads); the board is his clinician's.
  it("a night sent as +09:00: every export names its zone UTC+09:00 (never Etc/GMT-9, which reads as UTC−9) with its clock at +09:00", async () => {
    const perNight = (await getJson(server, "/api/sessions/x-night-b9/export.csv", cookies.pb)).text.split("\r\n");
    assert.equal(perNight[1], "0,2026-11-02T13:00:00.000Z,2026-11-02T22:00:00+09:00,UTC+09:00,Light,1,no");
    const csv = (await getJson(server, "/api/patients/x-asleep-B/nights.csv?from=2026-11-02&to=2026-11-02", cookies.pb)).text.split("\r\n");
    const row = Object.fromEntries(csv[0]!.split(",").map((k, i) => [k, csv[1]!.split(",")[i]]));
    assert.deepEqual([row.session_id, row.timezone, row.start_local, row.end_local], ["x-night-b9", "UTC+09:00", "2026-11-02T22:00:00+09:00", "2026-11-03T01:20:00+09:00"]);
    const board = (await getJson(server, "/api/board.csv", cookies.drb)).text;
    assert.match(board, /,2026-11-02T13:00:00\.000Z,2026-11-02T22:00:00\+09:00,UTC\+09:00,/);
    for (const text of [perNight.join("\n"), csv.join("\n"), board]) assert.doesNotMatch(text, /Etc\/GMT/);
    const fhir = (await getJson(server, "/api/sessions/x-night-b9/fhir", cookies.pb)).body as unknown as Bundle;
    assert.equal(coded(fhir, "93832-4", "x-night-b9").effectivePeriod!.start, "2026-11-02T22:00:00+09:00");
  });

  it("the same access rules as the night and patient routes: 404 for what is not yours, 401 signed out, 400 for bad input", async () => {
    for (const who of ["drb", "pb"]) {
      for (const path of ["/api/sessions/x-night-1/fhir", "/api/sessions/x-night-1/omh", "/api/patients/x-asleep-A/fhir?from=2026-11-02&to=2026-11-04"]) {
        const res = await getJson(server, path, cookies[who]);
        assert.equal(res.status, 404, `${who} ${path}`);
        assert.deepEqual(res.body, { error: "Not found" });
      }
    }
    for (const path of ["/api/sessions/x-night-1/fhir", "/api/sessions/x-night-1/omh", "/api/patients/x-asleep-A/fhir"]) {
      assert.equal((await getJson(server, path)).status, 401, path);
    }
    assert.equal((await getJson(server, "/api/sessions/nobody/fhir", cookies.dra)).status, 404);
    assert.equal((await getJson(server, `/api/sessions/${"x".repeat(129)}/omh`, cookies.dra)).status, 400);
    const bad = await getJson(server, "/api/patients/x-asleep-A/fhir?from=2026-11-04&to=2026-11-02", cookies.dra);
    assert.equal(bad.status, 400);
    assert.equal((bad.body.issues as Array<{ path: string }>)[0]!.path, "to");
    // The patient may download their own.
    assert.equal((await getJson(server, "/api/sessions/x-night-1/omh", cookies.pa)).status, 200);
  });

  it("each download answered is in the access log, with who, whose and what; refusals and the sleeper's own are not", async () => {
    assert.equal((await getJson(server, "/api/sessions/x-night-1/export.csv", cookies.dra)).status, 200);
    const rows = await query<{ viewer_email: string; asleep_user_id: string; action: string; resource: string }>(
      db.url,
      "SELECT viewer_email, asleep_user_id, action, resource FROM access_log WHERE resource LIKE 'FHIR%' OR resource LIKE 'Open mHealth%' OR resource LIKE 'night CSV%' ORDER BY id",
    );
    assert.ok(rows.every((r) => r.viewer_email === "dra@exports.test" && r.asleep_user_id === "x-asleep-A" && r.action === "export"), JSON.stringify(rows));
    const resources = rows.map((r) => r.resource);
    assert.equal(resources.length, 5, resources.join("; "));
    assert.equal(resources[0], "FHIR bundle, night 2026-11-02 (x-night-1)");
    // The night still recording: dated by its start once Asleep said it, else said to be not started.
    assert.match(resources[1]!, /^FHIR bundle, night (\d{4}-\d{2}-\d{2}|not yet started) \(x-open\)$/);
    assert.equal(resources[2], "Open mHealth sleep episode, night 2026-11-02 (x-night-1)");
    assert.equal(resources[3], "FHIR bundle 2026-11-02 to 2026-11-04");
    // The per-epoch CSV is an export too.
    assert.equal(resources[4], "night CSV, night 2026-11-02 (x-night-1)");
  });
});
