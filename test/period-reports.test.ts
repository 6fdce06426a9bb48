// Signed period reports over HTTP (issue 26 §3, §4), on the embedded PGlite and on a PostgreSQL server:
// a clinician of the patient writes the impression and recommendation for a period and signs it; the
// signed PDF (the period report with the interpretation and the signature block) is stored, its SHA-256
// shown and sent with it; the signed version refuses any change, over HTTP and in the database itself;
// an amendment is a new version with its reason, both kept and listed, the first's bytes unchanged; the
// DiagnosticReport is valid by HL7's JSON schema and by Medplum's validator on HL7's R4 definitions.

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { DiagnosticReport } from "@medplum/fhirtypes";
import { addDays, currentNightOf } from "@/lib/sleep/adherence";
import { getJson, signIn, usersCli } from "./support/accounts";
import { appBackends } from "./support/backends";
import { readPdf } from "./support/pdf";
import { query, QUIET_CLOCK, type TestDatabase } from "./support/postgres";
import { fhirResourceValidator, fhirStructureValidator } from "./support/schemas";
import type { RunningServer } from "./support/server";
import { waitFor } from "./support/wait";
import { postWebhook, sessionComplete } from "./support/webhook";

const PASSWORD = "a long enough passphrase";
const API_KEY = "period-reports-test-key-0123456789";
const fill = (n: number, stage: number) => Array<number>(n).fill(stage);
// 6 h asleep after 10 min awake.
const NIGHT = [...fill(20, 0), ...fill(720, 1), ...fill(10, 0)];

interface Version {
  version: number;
  impression: string;
  recommendation: string;
  amendmentReason: string | null;
  signerName: string;
  signerCredential: string;
  signerZone: string;
  findingsLine: string;
  pdfSha256: string;
  pdfUrl: string;
}
interface PeriodReport {
  id: string;
  from: string;
  to: string;
  reports: Version[];
  fhirUrl: string;
}

const backends = appBackends({ apiKey: API_KEY, env: QUIET_CLOCK, timeoutMs: 300_000 });

for (const backend of backends) {
  describe(`signed period reports on ${backend.name}`, { timeout: 600_000 }, () => {
    let server: RunningServer;
    let db: TestDatabase | undefined;
    const cookies: Record<string, string> = {};
    const today = currentNightOf(Date.now(), "UTC");
    // Nine days to today (the notes written today are in it), three of its nights recorded.
    const from = addDays(today, -8);
    const to = today;
    const nightDays = [addDays(from, 1), addDays(from, 2), addDays(from, 4)];

    const send = async (method: "POST" | "PATCH" | "PUT" | "DELETE", pathname: string, who: string, body: unknown) => {
      const res = await fetch(`${server.url}${pathname}`, { method, headers: { "content-type": "application/json", cookie: cookies[who]!, origin: server.url }, body: JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
    };
    const pdfOf = async (url: string, who = "dra") => {
      const res = await fetch(`${server.url}${url}`, { headers: { cookie: cookies[who]! } });
      assert.equal(res.status, 200, `GET ${url} as ${who}`);
      assert.equal(res.headers.get("content-type"), "application/pdf");
      return { bytes: Buffer.from(await res.arrayBuffer()), sha: res.headers.get("x-content-sha256") };
    };
    const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
    const reportOf = async (id: string, who = "dra") => (await getJson(server, `/api/period-reports/${id}`, cookies[who])).body as unknown as PeriodReport;

    before(async () => {
      // HL7's definitions indexed before any request: seconds of work that would hold this process's event loop mid-test.
      fhirResourceValidator("DiagnosticReport");
      fhirStructureValidator();
      ({ server, db } = await backend.start());
      await usersCli(server, ["add", "--email", "dra@period.test", "--name", "Dr Ana Alves", "--password", PASSWORD, "--role", "clinician", "--credential", "MD, RPSGT"]);
      await usersCli(server, ["add", "--email", "drb@period.test", "--name", "Dr Bo", "--password", PASSWORD, "--role", "clinician", "--credential", "MD"]);
      await usersCli(server, ["add", "--email", "drc@period.test", "--name", "Dr Cy", "--password", PASSWORD, "--role", "clinician"]);
      await usersCli(server, ["add", "--email", "pa@period.test", "--name", "Paula", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "x-period-A", "--clinician", "dra@period.test", "--enrolled-on", addDays(today, -30)]);
      await usersCli(server, ["add", "--email", "pb@period.test", "--name", "Pablo", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "x-period-B", "--clinician", "drc@period.test"]);
      for (const [i, who] of ["dra", "drb", "drc", "pa"].entries()) {
        const result = await signIn(server, `${who}@period.test`, PASSWORD, `127.0.5.${i + 1}`);
        assert.ok(result.cookie, `${who} signs in`);
        cookies[who] = result.cookie;
      }
      for (const [i, day] of nightDays.entries()) {
        const start = Date.parse(`${day}T22:00:00.000Z`);
        const body = sessionComplete({ userId: "x-period-A", sessionId: `x-p-${i + 1}`, startTime: new Date(start).toISOString(), endTime: new Date(start + NIGHT.length * 30_000).toISOString(), timezone: "UTC", sleepStages: NIGHT, stat: {} });
        assert.equal((await postWebhook({ url: server.url, apiKey: API_KEY }, body)).status, 200);
      }
      await waitFor("the three nights stored", async () => ((await getJson(server, "/api/sessions?userId=x-period-A", cookies.dra)).body.sessions as unknown[]).length === 3);
      // A note shared with the patient, and one that is not: the signed report is a document the patient reads.
      assert.equal((await send("POST", "/api/patients/x-period-A/notes", "dra", { text: "Shared: sleep is regular on weekdays.", shared: true })).status, 201);
      assert.equal((await send("POST", "/api/patients/x-period-A/notes", "dra", { text: "Private: ask about the move.", shared: false })).status, 201);
    });

    after(async () => {
      await server?.stop();
      await db?.drop();
    });

    let id = "";
    let firstSha = "";
    const signature = { from, to, impression: "Three nights of about six hours; no night shorter.", recommendation: "Keep the schedule; review in three months.", zone: "Europe/Paris" };

    it("only a clinician of the patient with a credential signs; the signed PDF is the period report with the interpretation and signature block", async () => {
      assert.equal((await send("POST", "/api/patients/x-period-A/period-reports", "pa", signature)).status, 403);
      assert.equal((await send("POST", "/api/patients/x-period-A/period-reports", "drb", signature)).status, 404);
      // Dr Cy, Pablo's clinician, has no credential on his account yet.
      const noCredential = await send("POST", "/api/patients/x-period-B/period-reports", "drc", signature);
      assert.equal(noCredential.status, 409);
      assert.match(noCredential.body.error as string, /credential/);
      assert.equal((await send("POST", "/api/patients/x-period-A/period-reports", "dra", { ...signature, to: from, from: to })).status, 400);

      const signed = await send("POST", "/api/patients/x-period-A/period-reports", "dra", signature);
      assert.equal(signed.status, 201, JSON.stringify(signed.body));
      const report = signed.body as unknown as PeriodReport;
      id = report.id;
      assert.deepEqual([report.from, report.to], [from, to]);
      assert.equal(report.reports.length, 1);
      const v1 = report.reports[0]!;
      assert.equal(v1.signerName, "Dr Ana Alves");
      assert.equal(v1.signerCredential, "MD, RPSGT");
      assert.match(v1.findingsLine, /^3 nights recorded, \w{3} \d{1,2} \w{3} \d{4} to \w{3} \d{1,2} \w{3} \d{4} \(9 days\)$/);

      const pdf = await pdfOf(v1.pdfUrl);
      firstSha = sha256(pdf.bytes);
      assert.equal(pdf.sha, firstSha);
      assert.equal(v1.pdfSha256, firstSha);
      const { prose } = await readPdf(pdf.bytes);
      assert.match(prose, /Sleep report: Paula/);
      assert.match(prose, /Nights \(3\)/);
      assert.match(prose, new RegExp(`Findings: ${v1.findingsLine.replace(/[()]/g, "\\$&")}`));
      assert.match(prose, /Impression Three nights of about six hours; no night shorter\./);
      assert.match(prose, /Recommendation Keep the schedule; review in three months\./);
      assert.match(prose, /Electronically signed by Dr Ana Alves, MD, RPSGT/);
      assert.match(prose, /Signed at \d\d:\d\d \w{3} \d{1,2} \w{3} \d{4} UTC \(\d\d:\d\d \w{3} \d{1,2} \w{3} \d{4} Europe\/Paris\)/);
      assert.match(prose, /signed, version 1 · Page 1 of \d/);
      assert.match(prose, /Shared: sleep is regular on weekdays\./);
      assert.doesNotMatch(prose, /Private: ask about the move/);

      // The patient reads it, as stored; another clinician is not told it exists.
      assert.equal(sha256((await pdfOf(v1.pdfUrl, "pa")).bytes), firstSha);
      assert.equal((await getJson(server, v1.pdfUrl, cookies.drb)).status, 404);
      assert.equal((await getJson(server, `/api/period-reports/${id}`, cookies.drb)).status, 404);
      const listed = (await getJson(server, "/api/patients/x-period-A/period-reports", cookies.pa)).body.periodReports as PeriodReport[];
      assert.deepEqual(listed.map((r) => r.id), [id]);
    });

    it("a signed version is final: a second signature and any change are refused, and the database keeps it as it was", async () => {
      const again = await send("POST", "/api/patients/x-period-A/period-reports", "dra", signature);
      assert.equal(again.status, 409);
      assert.match(again.body.error as string, /amend it/);
      for (const method of ["PUT", "PATCH", "DELETE"] as const) {
        assert.equal((await send(method, `/api/period-reports/${id}/reports/1`, "dra", { impression: "changed" })).status, 409, method);
        assert.equal((await send(method, `/api/period-reports/${id}/reports/1`, "drb", { impression: "changed" })).status, 404, method);
      }
      // Written straight to the database, the change is ignored (the signed_report_final rule).
      await query(server.databaseUrl, `UPDATE signed_report SET impression = 'changed', pdf = '\\x00'::bytea, pdf_sha256 = 'x' WHERE period_report_id = $1`, [id]);
      const rows = await query<{ impression: string; sha: string; stored: string }>(server.databaseUrl, `SELECT impression, pdf_sha256 AS sha, encode(sha256(pdf), 'hex') AS stored FROM signed_report WHERE period_report_id = $1`, [id]);
      assert.deepEqual(rows, [{ impression: signature.impression, sha: firstSha, stored: firstSha }]);
      const v1 = (await reportOf(id)).reports[0]!;
      assert.equal(v1.impression, signature.impression);
      assert.equal(sha256((await pdfOf(v1.pdfUrl)).bytes), firstSha);
    });

    it("an amendment is a new version with its reason; both are kept and listed, the first unchanged", async () => {
      assert.equal((await send("POST", `/api/period-reports/${id}/amend`, "dra", { impression: "x", recommendation: "y", zone: "UTC" })).status, 400);
      assert.equal((await send("POST", `/api/period-reports/${id}/amend`, "drb", { impression: "x", recommendation: "y", zone: "UTC", reason: "r" })).status, 404);
      const amended = await send("POST", `/api/period-reports/${id}/amend`, "dra", {
        impression: "Three nights of about six hours.",
        recommendation: "Keep the schedule; sleep clinic referral not needed.",
        zone: "Asia/Seoul",
        reason: "Referral question answered after the visit",
      });
      assert.equal(amended.status, 201, JSON.stringify(amended.body));
      const report = await reportOf(id);
      assert.deepEqual(report.reports.map((r) => r.version), [2, 1]);
      const [v2, v1] = report.reports;
      assert.equal(v2!.amendmentReason, "Referral question answered after the visit");
      assert.equal(v1!.amendmentReason, null);
      assert.equal(v1!.pdfSha256, firstSha);
      assert.equal(sha256((await pdfOf(v1!.pdfUrl)).bytes), firstSha);
      const second = await pdfOf(v2!.pdfUrl);
      assert.equal(second.sha, v2!.pdfSha256);
      assert.notEqual(v2!.pdfSha256, firstSha);
      const { prose } = await readPdf(second.bytes);
      assert.match(prose, /Amended report, version 2\.? Reason: Referral question answered after the visit/);
      assert.match(prose, /Version 1: signed by Dr Ana Alves, MD, RPSGT at .* Europe\/Paris\)/);
      assert.match(prose, /Signed at .* Asia\/Seoul\)/);
      assert.match(prose, /sleep clinic referral not needed/);
      assert.match(prose, /signed, version 2 · Page 1 of \d/);
    });

    it("the signed report as a FHIR R4 DiagnosticReport: valid by HL7's schema and by Medplum's validator, amended, the PDF presented, the nights cited", async () => {
      const res = await getJson(server, `/api/period-reports/${id}/fhir`, cookies.dra);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "application/fhir+json");
      const report = res.body as unknown as DiagnosticReport;
      const schema = fhirResourceValidator("DiagnosticReport")(report);
      assert.ok(schema.valid, schema.errors);
      const structure = fhirStructureValidator()(report);
      assert.ok(structure.valid, structure.errors);
      assert.equal(report.status, "amended");
      assert.equal(report.meta?.versionId, "2");
      assert.deepEqual(report.effectivePeriod, { start: from, end: to });
      const latest = (await reportOf(id)).reports[0]!;
      assert.equal(report.conclusion, `${latest.findingsLine}. Impression: ${latest.impression} Recommendation: ${latest.recommendation}`);
      const form = report.presentedForm![0]!;
      assert.equal(form.contentType, "application/pdf");
      const bytes = Buffer.from(form.data!, "base64");
      assert.equal(sha256(bytes), latest.pdfSha256);
      assert.equal(form.hash, createHash("sha1").update(bytes).digest("base64"));
      const cited = report.result!.map((r) => r.identifier!.value);
      for (const night of ["x-p-1", "x-p-2", "x-p-3"]) assert.ok(cited.includes(`${night}/total-sleep`), `${night} cited`);
      assert.equal((await getJson(server, `/api/period-reports/${id}/fhir`, cookies.drb)).status, 404);

      // The validator can fail: a size that is text, an instant without its zone, an element FHIR does not have.
      const broken = { ...report, issued: report.issued!.slice(0, 19), presentedForm: [{ ...form, size: String(form.size) }], signedBy: "Dr Ana Alves" };
      const refused = fhirStructureValidator()(broken);
      assert.equal(refused.valid, false);
    });
  });
}
