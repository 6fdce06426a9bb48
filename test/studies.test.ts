// Multi-night studies over HTTP (issue 26 §1, §3, §4): a clinician orders a 3-night study; nights arrive
// over the webhook (one too short); the study turns adequate and raises an alert; the clinician signs;
// the signed PDF reads back with the adequacy line and the signature; a signed report refuses changes; an
// amendment keeps both versions; the DiagnosticReport validates against HL7's R4 schema and, with Medplum's validator, HL7's R4 StructureDefinitions. A study whose
// window ended with no night fails, with why, and raises its alert, without any night arriving.

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { DiagnosticReport } from "@medplum/fhirtypes";
import { addDays, currentNightOf } from "@/lib/sleep/adherence";
import { diaryNightOf } from "@/lib/sleep/diary";
import { getJson, signIn, usersCli } from "./support/accounts";
import { readPdf } from "./support/pdf";
import { fhirResourceValidator, fhirStructureValidator } from "./support/schemas";
import { startServer, type RunningServer } from "./support/server";
import { waitFor } from "./support/wait";
import { postWebhook, sessionComplete, type WebhookTarget } from "./support/webhook";

const PASSWORD = "a long enough passphrase";
const fill = (n: number, stage: number) => Array<number>(n).fill(stage);
// 6 h asleep (720 light epochs after 10 min awake); the short one: 2 h asleep.
const LONG = [...fill(20, 0), ...fill(720, 1), ...fill(10, 0)];
const SHORT = [...fill(20, 0), ...fill(240, 1), ...fill(10, 0)];

interface Study {
  id: string;
  statusLine: string;
  adequacyLine: string;
  decided: { outcome: string; reason: string | null } | null;
  awaitingSignature: boolean;
  status: { validNights: number; recordedNights: number; daysLeft: number; outcome: string; reason: string | null };
  reports: Array<{ version: number; pdfSha256: string; pdfUrl: string; signerName: string; signerCredential: string; amendmentReason: string | null }>;
}

describe("multi-night studies: ordered, judged, signed, amended, exported", { timeout: 300_000 }, () => {
  let server: RunningServer;
  const target: WebhookTarget = { url: "", apiKey: "studies-test-key-0123456789" };
  const cookies: Record<string, string> = {};
  // The window's first night: three days ago on the patient's clock (UTC), so its three nights have happened.
  const today = currentNightOf(Date.now(), "UTC");
  const first = addDays(today, -3);
  const night = (sessionId: string, day: string, stages: number[]) =>
    sessionComplete({ userId: "x-study-A", sessionId, startTime: `${day}T22:00:00.000Z`, endTime: new Date(Date.parse(`${day}T22:00:00.000Z`) + stages.length * 30_000).toISOString(), timezone: "UTC", sleepStages: stages, stat: {} });

  const send = async (method: "POST" | "PATCH" | "PUT", pathname: string, who: string, body: unknown) => {
    const res = await fetch(`${server.url}${pathname}`, { method, headers: { "content-type": "application/json", cookie: cookies[who]!, origin: server.url }, body: JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  };
  const study = async (id: string, who = "dra") => (await getJson(server, `/api/studies/${id}`, cookies[who])).body as unknown as Study;
  const pdfOf = async (url: string) => {
    const res = await fetch(`${server.url}${url}`, { headers: { cookie: cookies.dra! } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/pdf");
    return { bytes: Buffer.from(await res.arrayBuffer()), sha: res.headers.get("x-content-sha256") };
  };
  const alertsOf = async () => ((await getJson(server, "/api/alerts?state=all", cookies.dra)).body.alerts as Array<{ rule: string; reason: string }>) ?? [];

  before(async () => {
    fhirResourceValidator("DiagnosticReport");
    fhirStructureValidator();
    server = await startServer({ apiKey: target.apiKey, env: { ALERTS_SCHEDULE: "off", ALERTS_DIGEST_SCHEDULE: "off" } });
    target.url = server.url;
    await usersCli(server, ["add", "--email", "dra@studies.test", "--name", "Dr Ana Alves", "--password", PASSWORD, "--role", "clinician", "--credential", "MD, RPSGT"]);
    await usersCli(server, ["add", "--email", "drb@studies.test", "--name", "Dr Bo", "--password", PASSWORD, "--role", "clinician", "--credential", "MD"]);
    await usersCli(server, ["add", "--email", "pa@studies.test", "--name", "Paula", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "x-study-A", "--clinician", "dra@studies.test"]);
    await usersCli(server, ["add", "--email", "admin@studies.test", "--password", PASSWORD, "--role", "admin"]);
    for (const [i, who] of ["dra", "drb", "pa", "admin"].entries()) {
      const result = await signIn(server, `${who}@studies.test`, PASSWORD, `127.0.4.${i + 1}`);
      assert.ok(result.cookie, `${who} signs in`);
      cookies[who] = result.cookie;
    }
  });

  after(async () => {
    await server?.stop();
  });

  let studyId = "";

  it("a clinician orders a study; the nights in its window count, a short one does not; it turns adequate and raises an alert", async () => {
    const ordered = await send("POST", "/api/patients/x-study-A/studies", "dra", { startDay: first, windowDays: 7, nightsWanted: 3, minValidNights: 2, minSleepMinutes: 240 });
    assert.equal(ordered.status, 201, JSON.stringify(ordered.body));
    studyId = ordered.body.id as string;
    // Window first..first+6; today is first+3: today to the last day, 4 days left.
    assert.equal(ordered.body.statusLine, "0 of 3 valid nights, 4 days left");
    // Another clinician's patient, a sleeper ordering: not found.
    assert.equal((await send("POST", "/api/patients/x-study-A/studies", "drb", { startDay: first, windowDays: 7, nightsWanted: 3, minValidNights: 2, minSleepMinutes: 240 })).status, 404);
    assert.equal((await send("POST", "/api/patients/x-study-A/studies", "pa", { startDay: first, windowDays: 7, nightsWanted: 3, minValidNights: 2, minSleepMinutes: 240 })).status, 404);
    // An order that cannot be met: 400 naming the field.
    const bad = await send("POST", "/api/patients/x-study-A/studies", "dra", { startDay: first, windowDays: 2, nightsWanted: 3, minValidNights: 2, minSleepMinutes: 240 });
    assert.equal(bad.status, 400);
    assert.deepEqual((bad.body.issues as Array<{ path: string }>).map((i) => i.path), ["nightsWanted"]);

    // A night before the window is not the study's.
    for (const body of [night("x-s-before", addDays(first, -1), LONG), night("x-s-1", first, LONG), night("x-s-2", addDays(first, 1), SHORT)]) {
      assert.equal((await postWebhook(target, body)).status, 200);
    }
    const two = await waitFor("two nights counted", async () => {
      const s = await study(studyId);
      return s.status.recordedNights === 2 && s;
    });
    assert.equal(two.statusLine, "1 of 3 valid nights, 4 days left");
    assert.equal(two.decided, null);
    // Live on the patient's page for the sleeper too, and on the board's list of studies.
    assert.equal((await study(studyId, "pa")).statusLine, "1 of 3 valid nights, 4 days left");
    assert.equal((await getJson(server, `/api/studies/${studyId}`, cookies.drb)).status, 404);

    assert.equal((await postWebhook(target, night("x-s-3", addDays(first, 2), LONG))).status, 200);
    const adequate = await waitFor("the study decided adequate", async () => {
      const s = await study(studyId);
      return s.decided ? s : undefined;
    });
    assert.equal(adequate.decided!.outcome, "adequate");
    assert.equal(adequate.adequacyLine, "2 of 3 nights valid, each at least 4 h: adequate");
    assert.equal(adequate.awaitingSignature, true);
    const raised = await waitFor("the study's alert", async () => (await alertsOf()).find((a) => a.rule === "study-adequate"));
    assert.match(raised.reason, /^Study adequate, awaiting signature/);
    // What awaits a signature: the count and the board's filter.
    const waiting = (await getJson(server, "/api/studies?awaiting=signature", cookies.dra)).body;
    assert.equal(waiting.count, 1);
    const board = (await getJson(server, "/api/board?flag=awaiting-signature", cookies.dra)).body as { rows: Array<{ asleepUserId?: string; uid?: string }>; total: number };
    assert.equal(board.total, 1);
    assert.equal((await getJson(server, "/api/studies?awaiting=signature", cookies.drb)).body.count, 0);
  });

  it("a study whose window ended without enough nights fails, says why and raises an alert, with no night arriving", async () => {
    const ordered = await send("POST", "/api/patients/x-study-A/studies", "dra", { startDay: addDays(today, -30), windowDays: 5, nightsWanted: 3, minValidNights: 3, minSleepMinutes: 240 });
    assert.equal(ordered.status, 201);
    const failed = await waitFor("the old study decided", async () => {
      const s = await study(ordered.body.id as string);
      return s.decided ? s : undefined;
    });
    assert.equal(failed.decided!.outcome, "failed");
    assert.match(failed.decided!.reason!, /^0 valid nights of the 3 needed by .*; no night recorded$/);
    await waitFor("the failed study's alert", async () => (await alertsOf()).find((a) => a.rule === "study-failed"));
  });

  let firstSha = "";
  /** The window's valid and recorded nights when the amendment was signed (one more if the diary's night came late). */
  let nightsAtAmendment = "2 of 3";

  it("only a clinician of the patient signs; the signed PDF carries the adequacy line and the signature, and is final", async () => {
    const body = { impression: "Sleep adequate on two of three nights; one short night.", recommendation: "Review sleep hygiene; no further study needed.", zone: "Europe/Paris" };
    assert.equal((await send("POST", `/api/studies/${studyId}/sign`, "pa", body)).status, 403);
    assert.equal((await send("POST", `/api/studies/${studyId}/sign`, "drb", body)).status, 404);
    assert.equal((await send("POST", `/api/studies/${studyId}/amend`, "dra", { ...body, reason: "nothing to amend" })).status, 409);
    const signed = await send("POST", `/api/studies/${studyId}/sign`, "dra", body);
    assert.equal(signed.status, 201, JSON.stringify(signed.body));
    const s = signed.body as unknown as Study;
    assert.equal(s.reports.length, 1);
    const v1 = s.reports[0]!;
    assert.equal(v1.signerName, "Dr Ana Alves");
    assert.equal(v1.signerCredential, "MD, RPSGT");
    const pdf = await pdfOf(v1.pdfUrl);
    firstSha = createHash("sha256").update(pdf.bytes).digest("hex");
    assert.equal(pdf.sha, firstSha);
    assert.equal(v1.pdfSha256, firstSha);
    const { prose } = await readPdf(pdf.bytes);
    assert.match(prose, /2 of 3 nights valid, each at least 4 h: adequate/);
    assert.match(prose, /not valid \(2 h asleep, under 4 h\)/);
    assert.match(prose, /No sleep diary was kept for this study's nights\./);
    assert.match(prose, /Electronically signed by Dr Ana Alves, MD, RPSGT/);
    assert.match(prose, /Signed at \d\d:\d\d \w{3} \d{1,2} \w{3} \d{4} UTC \(\d\d:\d\d \w{3} \d{1,2} \w{3} \d{4} Europe\/Paris\)/);
    assert.match(prose, /Review sleep hygiene/);

    // Final: a second signature, or any change to the signed version, is refused; others are not told it exists.
    assert.equal((await send("POST", `/api/studies/${studyId}/sign`, "dra", body)).status, 409);
    assert.equal((await send("PATCH", `/api/studies/${studyId}/reports/1`, "dra", { impression: "changed" })).status, 409);
    assert.equal((await send("PUT", `/api/studies/${studyId}/reports/1`, "dra", { impression: "changed" })).status, 409);
    assert.equal((await send("PATCH", `/api/studies/${studyId}/reports/1`, "drb", { impression: "changed" })).status, 404);
    assert.equal((await getJson(server, `/api/studies/${studyId}/reports/1/report.pdf`, cookies.drb)).status, 404);
    // No longer awaiting a signature (the failed study still is).
    assert.equal((await getJson(server, "/api/studies?awaiting=signature", cookies.dra)).body.count, 1);
  });

  it("a credential: a clinician sets their own, an admin sets a clinician's, a sleeper has none", async () => {
    assert.equal((await send("PUT", "/api/account/credential", "pa", { credential: "MD" })).status, 403);
    assert.equal((await send("PUT", "/api/account/credential", "drb", { credential: "<script>" })).status, 400);
    assert.equal((await send("PUT", "/api/account/credential", "drb", { credential: "DO, FAASM" })).status, 200);
    const accounts = (await getJson(server, "/api/admin/accounts", cookies.admin)).body as { accounts?: Array<{ id: string; email: string }> };
    const drb = accounts.accounts?.find((a) => a.email === "drb@studies.test");
    assert.ok(drb, "the admin lists drb's account");
    assert.equal((await send("PUT", `/api/admin/accounts/${drb.id}/credential`, "admin", { credential: "MD, PhD" })).status, 200);
    assert.equal((await send("PUT", `/api/admin/accounts/${drb.id}/credential`, "dra", { credential: "MD" })).status, 404);
  });

  it("an amendment is a new version with its reason; both are kept and listed, the first unchanged", async () => {
    // Meanwhile the sleeper fills in this morning's diary, about the study's last night: the amendment's PDF
    // sets it beside what was measured; the signed first version stays as it was (no diary).
    // The diary is open for the night that ended this morning (UTC here); before noon that is a day after the
    // study's last night (nights are dated to noon), so the sleeper recorded that night too.
    const diaryNight = diaryNightOf(Date.now(), "UTC");
    if (diaryNight !== addDays(first, 2)) {
      nightsAtAmendment = "3 of 4";
      const start = Date.parse(`${diaryNight}T13:00:00.000Z`);
      const late = sessionComplete({ userId: "x-study-A", sessionId: "x-s-4", startTime: new Date(start).toISOString(), endTime: new Date(start + LONG.length * 30_000).toISOString(), timezone: "UTC", sleepStages: LONG, stat: {} });
      assert.equal((await postWebhook(target, late)).status, 200);
      await waitFor("the diary's night counted", async () => (await study(studyId)).status.recordedNights === 4);
    }
    const diary = await send("PUT", `/api/patients/x-study-A/diary/${diaryNight}`, "pa", {
      intoBed: "21:50",
      triedToSleep: "22:00",
      sleepOnsetMinutes: 20,
      awakenings: 1,
      awakeMinutes: 10,
      finalAwakening: "06:00",
      outOfBed: "06:15",
      quality: 4,
      rested: 3,
    });
    assert.equal(diary.status, 200, JSON.stringify(diary.body));
    const amended = await send("POST", `/api/studies/${studyId}/amend`, "dra", {
      impression: "Sleep adequate on two of three nights.",
      recommendation: "Follow up in three months.",
      zone: "Europe/Paris",
      reason: "Recommendation corrected after the visit",
    });
    assert.equal(amended.status, 201, JSON.stringify(amended.body));
    const s = await study(studyId);
    assert.deepEqual(s.reports.map((r) => r.version), [2, 1]);
    assert.equal(s.reports[1]!.pdfSha256, firstSha);
    assert.equal(createHash("sha256").update((await pdfOf(s.reports[1]!.pdfUrl)).bytes).digest("hex"), firstSha);
    const { prose } = await readPdf((await pdfOf(s.reports[0]!.pdfUrl)).bytes);
    assert.match(prose, /Amended report, version 2\.? Reason: Recommendation corrected after the visit/);
    assert.match(prose, /Version 1: signed by Dr Ana Alves, MD, RPSGT/);
    assert.match(prose, /Follow up in three months/);
    // The diary: one entry, paired with the measured night; reported total sleep (06:00 − 22:00) − 20 − 10 min.
    assert.match(prose, /1 diary entry; 1 night has both a diary entry and a measured night/);
    assert.match(prose, /7 h 30 min/);
    assert.doesNotMatch(prose, /No sleep diary was kept/);
  });

  it("the signed report as a FHIR R4 DiagnosticReport: schema-valid and valid by Medplum's validator, amended, the PDF presented, the nights' Observations as results", async () => {
    const res = await getJson(server, `/api/studies/${studyId}/fhir`, cookies.dra);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/fhir+json");
    const report = res.body as unknown as DiagnosticReport;
    const verdict = fhirResourceValidator("DiagnosticReport")(report);
    assert.ok(verdict.valid, verdict.errors);
    // And by Medplum's validator on HL7's R4 StructureDefinitions (cardinality, types, instants, no unknown element).
    const structure = fhirStructureValidator()(report);
    assert.ok(structure.valid, structure.errors);
    assert.equal(report.status, "amended");
    assert.match(report.conclusion!, new RegExp(`^${nightsAtAmendment} nights valid, each at least 4 h: adequate\\. Impression: Sleep adequate on two of three nights\\.`));
    const form = report.presentedForm![0]!;
    assert.equal(form.contentType, "application/pdf");
    const s = await study(studyId);
    assert.equal(createHash("sha256").update(Buffer.from(form.data!, "base64")).digest("hex"), s.reports[0]!.pdfSha256);
    const cited = report.result!.map((r) => r.identifier!.value);
    for (const id of ["x-s-1", "x-s-2", "x-s-3"]) assert.ok(cited.includes(`${id}/total-sleep`), `${id} cited`);
    assert.ok(!cited.some((v) => v!.startsWith("x-s-before/")), "a night outside the window is not cited");
    // The citation is the night export's own identifier for that Observation.
    const bundle = (await getJson(server, "/api/sessions/x-s-1/fhir", cookies.dra)).body as { entry: Array<{ resource: { identifier: Array<{ system: string; value: string }> } }> };
    const ids = bundle.entry.map((e) => `${e.resource.identifier[0]!.system}|${e.resource.identifier[0]!.value}`);
    const ref = report.result!.find((r) => r.identifier!.value === "x-s-1/total-sleep")!.identifier!;
    assert.ok(ids.includes(`${ref.system}|${ref.value}`));
    assert.equal((await getJson(server, `/api/studies/${studyId}/fhir`, cookies.drb)).status, 404);
  });
});
