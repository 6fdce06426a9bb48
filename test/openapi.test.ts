// The OpenAPI document against the real server: /api/openapi.json is served without a sign-in and is
// valid OpenAPI 3.1 by a validator we did not write (@seriousme/openapi-schema-validator); then every
// GET route it documents is called as a signed-in clinician or admin, over seeded nights, notes, tags,
// clinician time, an alert, an outbound endpoint, a sleep diary entry and two studies (one signed and
// amended), and each answer is held to the schema the
// document gives for it (ajv, JSON Schema 2020-12): status, content type and body. The changes made
// to seed them are held to theirs too, and so are error answers (401, 400, 404).

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { signIn, usersCli } from "./support/accounts";
import { startReceiver, type Receiver } from "./support/receiver";
import { startServer, type RunningServer } from "./support/server";
import { waitFor } from "./support/wait";
import { inferenceBlock, postWebhook, sessionComplete, type WebhookTarget } from "./support/webhook";

const PASSWORD = "a long enough passphrase";
const PATIENT = "openapi-A";
const NIGHT = "openapi-night-done";
const OPEN_NIGHT = "openapi-night-open";
const TODAY = new Date().toISOString().slice(0, 10);
const MONTH = TODAY.slice(0, 7);
/** A month back: the period the reports cover, and the patient's enrolment day. */
const FROM = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
/** Twenty days back: a study window of three days that ended with no night (it fails, so it can be signed). */
const PAST = new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10);
const DIARY = { intoBed: "22:30", triedToSleep: "23:00", sleepOnsetMinutes: 20, awakenings: 2, awakeMinutes: 25, finalAwakening: "06:45", outOfBed: "07:15", quality: 4, rested: 3, comments: "a dog barked" };

interface Media {
  schema?: Record<string, unknown>;
}
interface Operation {
  parameters?: Array<{ name: string; in: string; required: boolean }>;
  responses: Record<string, { content?: Record<string, Media> }>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

describe("the OpenAPI document, against the real server's answers", { timeout: 300_000 }, () => {
  let server: RunningServer;
  let receiver: Receiver;
  let doc: Document;
  const cookies: Record<"admin" | "clinician" | "patient", string> = { admin: "", clinician: "", patient: "" };
  let noteId = "";
  let studyId = "";
  let periodReportId = "";
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const compiled = new Map<unknown, ValidateFunction>();

  /** Checks an answer against what the document says `method path` answers with `status`. */
  async function holdsTo(method: string, apiPath: string, res: Response): Promise<unknown> {
    const op = doc.paths[apiPath]?.[method];
    assert.ok(op, `${method.toUpperCase()} ${apiPath} is documented`);
    const documented = op.responses[String(res.status)];
    const text = await res.text();
    assert.ok(documented, `${method.toUpperCase()} ${apiPath} answered ${res.status}, which the document does not list: ${text.slice(0, 300)}`);
    if (!documented.content) {
      assert.equal(text, "", `${method.toUpperCase()} ${apiPath} ${res.status} has no body`);
      return null;
    }
    const type = (res.headers.get("content-type") ?? "").split(";")[0]!.trim();
    const media = Object.entries(documented.content).find(([t]) => t.split(";")[0]!.trim() === type)?.[1];
    assert.ok(media?.schema, `${method.toUpperCase()} ${apiPath} ${res.status} answered ${type}, documented: ${Object.keys(documented.content).join(", ")}`);
    const body = type.endsWith("json") ? JSON.parse(text) : text;
    let validate = compiled.get(media.schema);
    if (!validate) {
      validate = ajv.compile({ ...media.schema, components: doc.components });
      compiled.set(media.schema, validate);
    }
    assert.ok(validate(body), `${method.toUpperCase()} ${apiPath} ${res.status}: ${ajv.errorsText(validate.errors, { separator: "\n" })}\n${text.slice(0, 500)}`);
    return body;
  }

  const get = (pathname: string, who?: keyof typeof cookies) => fetch(`${server.url}${pathname}`, { headers: who ? { cookie: cookies[who] } : {} });
  const send = (method: string, pathname: string, who: keyof typeof cookies, body: unknown) =>
    fetch(`${server.url}${pathname}`, { method, headers: { cookie: cookies[who], origin: server.url, "content-type": "application/json" }, body: JSON.stringify(body) });

  before(async () => {
    receiver = await startReceiver();
    const target: WebhookTarget = { url: "", apiKey: "openapi-test-key-0123456789" };
    server = await startServer({ apiKey: target.apiKey, env: { OUTBOUND_ALLOW_LOOPBACK: "true" } });
    target.url = server.url;
    await usersCli(server, ["add", "--email", "admin@openapi.test", "--password", PASSWORD, "--role", "admin"]);
    await usersCli(server, ["add", "--email", "dr@openapi.test", "--name", "Dr Olga Ortiz", "--password", PASSWORD, "--role", "clinician"]);
    await usersCli(server, ["add", "--email", "pa@openapi.test", "--name", "Pat Ames", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", PATIENT, "--clinician", "dr@openapi.test", "--enrolled-on", FROM]);
    for (const [i, [who, email]] of ([["admin", "admin@openapi.test"], ["clinician", "dr@openapi.test"], ["patient", "pa@openapi.test"]] as const).entries()) {
      const result = await signIn(server, email, PASSWORD, `127.0.9.${i + 1}`);
      assert.ok(result.cookie, `${who} signs in`);
      cookies[who] = result.cookie;
    }
    doc = (await (await get("/api/openapi.json")).json()) as Document;

    // An outbound endpoint first, so the nights' events are delivered to it.
    const endpoint = await send("POST", "/api/admin/webhooks", "admin", { url: `${receiver.url}/hook`, events: ["night.started", "night.completed", "alert.raised"] });
    await holdsTo("post", "/api/admin/webhooks", endpoint);

    // A night of 4 h 14 min asleep, six hours ago (it raises "short sleep"), and one being recorded now.
    const stages = [...Array(8).fill(0), ...Array(500).fill(1), ...Array(20).fill(2), 0, 0];
    const start = Date.now() - 10 * 3_600_000;
    const complete = sessionComplete({ userId: PATIENT, sessionId: NIGHT, startTime: new Date(start).toISOString(), endTime: new Date(start + stages.length * 30_000).toISOString(), timezone: "Europe/Paris", sleepStages: stages, stat: {} });
    assert.equal((await postWebhook(target, complete)).status, 200);
    for (const seq of [0, 1]) assert.equal((await postWebhook(target, inferenceBlock(PATIENT, OPEN_NIGHT, seq))).status, 200);

    const note = await holdsTo("post", "/api/sessions/{id}/notes", await send("POST", `/api/sessions/${NIGHT}/notes`, "clinician", { text: "Short night: ask about caffeine.", shared: true }));
    noteId = (note as { id: string }).id;
    await holdsTo("post", "/api/patients/{asleepUserId}/notes", await send("POST", `/api/patients/${PATIENT}/notes`, "clinician", { text: "Started monitoring." }));
    await holdsTo("put", "/api/sessions/{id}/tags", await send("PUT", `/api/sessions/${NIGHT}/tags`, "patient", { tags: ["caffeine", "late meal"] }));
    await holdsTo("post", "/api/patients/{asleepUserId}/clinician-time", await send("POST", `/api/patients/${PATIENT}/clinician-time`, "clinician", { day: TODAY, minutes: 12, kind: "review", interactiveContact: false }));

    // The sleeper's diary for the night that ended this morning (in their zone, so asked of the server).
    const diary = (await holdsTo("get", "/api/patients/{asleepUserId}/diary", await get(`/api/patients/${PATIENT}/diary`, "patient"))) as { today: { night: string } };
    await holdsTo("put", "/api/patients/{asleepUserId}/diary/{night}", await send("PUT", `/api/patients/${PATIENT}/diary/${diary.today.night}`, "patient", DIARY));

    // The clinician's credential (their own, then an admin's), two studies: one over the month (with
    // nights, in progress), one whose window ended with no night: it fails, is signed, then amended.
    await holdsTo("put", "/api/account/credential", await send("PUT", "/api/account/credential", "clinician", { credential: "MD" }));
    const accounts = (await (await get("/api/admin/accounts", "admin")).json()) as { accounts: Array<{ id: string; email: string }> };
    const drId = accounts.accounts.find((a) => a.email === "dr@openapi.test")!.id;
    await holdsTo("put", "/api/admin/accounts/{id}/credential", await send("PUT", `/api/admin/accounts/${drId}/credential`, "admin", { credential: "MD, RPSGT" }));
    await holdsTo("post", "/api/patients/{asleepUserId}/studies", await send("POST", `/api/patients/${PATIENT}/studies`, "clinician", { startDay: FROM, windowDays: 31, nightsWanted: 20, minValidNights: 20, minSleepMinutes: 240 }));
    const ordered = await send("POST", `/api/patients/${PATIENT}/studies`, "clinician", { startDay: PAST, windowDays: 3, nightsWanted: 2, minValidNights: 2, minSleepMinutes: 240 });
    studyId = ((await holdsTo("post", "/api/patients/{asleepUserId}/studies", ordered)) as { id: string }).id;
    await waitFor("the past study decided", async () => ((await (await get(`/api/studies/${studyId}`, "clinician")).json()) as { decided: unknown }).decided);
    const signature = { impression: "No night was recorded in the window.", recommendation: "Repeat the study.", zone: "Europe/Paris" };
    await holdsTo("post", "/api/studies/{id}/sign", await send("POST", `/api/studies/${studyId}/sign`, "clinician", signature));
    await holdsTo("post", "/api/studies/{id}/amend", await send("POST", `/api/studies/${studyId}/amend`, "clinician", { ...signature, reason: "Wording of the recommendation." }));
    // A signed period report over the month, amended.
    const period = await send("POST", `/api/patients/${PATIENT}/period-reports`, "clinician", { from: FROM, to: TODAY, impression: "Short nights midweek.", recommendation: "Keep a regular bedtime.", zone: "Europe/Paris" });
    periodReportId = ((await holdsTo("post", "/api/patients/{asleepUserId}/period-reports", period)) as { id: string }).id;
    await holdsTo("post", "/api/period-reports/{id}/amend", await send("POST", `/api/period-reports/${periodReportId}/amend`, "clinician", { impression: "Short nights midweek.", recommendation: "Keep a regular bedtime; review in a month.", zone: "Europe/Paris", reason: "Follow-up added." }));

    await waitFor("the short-sleep alert", async () => ((await (await get("/api/alerts", "clinician")).json()) as { alerts: unknown[] }).alerts.length > 0);
    await waitFor("an outbound delivery", async () => ((await (await get("/api/admin/webhooks/deliveries", "admin")).json()) as { deliveries: unknown[] }).deliveries.length > 0);
  });

  after(async () => {
    await server?.stop();
    await receiver?.close();
  });

  it("serves the document without a sign-in, valid OpenAPI 3.1 by a validator we did not write", async () => {
    const res = await get("/api/openapi.json");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
    const served = await res.json();
    assert.equal(served.openapi, "3.1.0");
    const result = await new Validator().validate(served);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
  });

  it("every documented GET route's real answer holds to its schema", async () => {
    const values: Record<string, string> = { asleepUserId: PATIENT, month: MONTH, from: FROM, to: TODAY, version: "1", awaiting: "signature" };
    const checked: string[] = [];
    for (const [apiPath, ops] of Object.entries(doc.paths)) {
      const op = ops.get;
      if (!op) continue;
      const id = apiPath.startsWith("/api/notes/") ? noteId : apiPath.startsWith("/api/studies/") ? studyId : apiPath.startsWith("/api/period-reports/") ? periodReportId : NIGHT;
      const pathname = apiPath.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(name === "id" ? id : values[name]!));
      const query = new URLSearchParams((op.parameters ?? []).filter((p) => p.in === "query" && p.required).map((p) => [p.name, values[p.name]!]));
      const who = apiPath === "/api/health" ? undefined : apiPath.startsWith("/api/admin/") || apiPath === "/api/alerts/rules" ? "admin" : apiPath === "/api/account/push" ? "patient" : "clinician";
      const res = await get(`${pathname}${query.size ? `?${query}` : ""}`, who);
      assert.ok(res.status >= 200 && res.status < 300, `GET ${pathname} as ${who ?? "nobody"}: ${res.status}`);
      const body = await holdsTo("get", apiPath, res);
      if (typeof body === "string" && apiPath.endsWith(".pdf")) assert.ok(body.startsWith("%PDF"), "a PDF");
      checked.push(apiPath);
    }
    assert.ok(checked.length >= 33, `${checked.length} GET routes checked`);
  });

  it("lists answered with rows, so the rows' schemas were put to work", async () => {
    const rows = async (pathname: string, who: keyof typeof cookies, key: string) => ((await (await get(pathname, who)).json()) as Record<string, unknown[]>)[key]!.length;
    assert.ok((await rows("/api/sessions", "clinician", "sessions")) >= 2);
    assert.ok((await rows(`/api/sessions/${NIGHT}/notes`, "clinician", "notes")) >= 1);
    assert.ok((await rows(`/api/patients/${PATIENT}/notes`, "clinician", "notes")) >= 2);
    assert.ok((await rows("/api/alerts", "clinician", "alerts")) >= 1);
    assert.ok((await rows("/api/board", "clinician", "rows")) >= 1);
    assert.ok((await rows(`/api/patients/${PATIENT}/clinician-time?month=${MONTH}`, "clinician", "entries")) >= 1);
    assert.ok((await rows("/api/admin/accounts", "admin", "accounts")) >= 3);
    assert.ok((await rows("/api/admin/access-log", "admin", "entries")) >= 1);
    assert.ok((await rows("/api/admin/deliveries", "admin", "deliveries")) >= 3);
    assert.ok((await rows("/api/admin/webhooks", "admin", "endpoints")) >= 1);
    assert.ok((await rows("/api/admin/webhooks/deliveries", "admin", "deliveries")) >= 1);
    assert.ok((await rows(`/api/patients/${PATIENT}/studies`, "clinician", "studies")) >= 2);
    const diary = (await (await get(`/api/patients/${PATIENT}/diary`, "clinician")).json()) as { today: { entry: unknown }; comparison: { entries: unknown[]; rows: unknown[] } };
    assert.ok(diary.today.entry && diary.comparison.entries.length >= 1 && diary.comparison.rows.length >= 1, "the diary has today's entry and a comparison row");
    const studies = (await (await get(`/api/patients/${PATIENT}/studies`, "clinician")).json()) as { studies: Array<{ status: { nights: unknown[] }; reports: unknown[] }> };
    assert.ok(studies.studies.some((s) => s.status.nights.length >= 1), "a study has nights in its window");
    assert.ok(studies.studies.some((s) => s.reports.length === 2), "the signed study has its two versions");
    const periods = (await (await get(`/api/patients/${PATIENT}/period-reports`, "clinician")).json()) as { periodReports: Array<{ reports: unknown[] }> };
    assert.equal(periods.periodReports[0]?.reports.length, 2, "the signed period report has its two versions");
    const board = (await (await get("/api/board", "clinician")).json()) as { rows: Array<{ open: unknown; lastNight: unknown }> };
    assert.ok(board.rows[0]!.open && board.rows[0]!.lastNight, "the board row has tonight's night and last night");
  });

  it("a signed report refuses any change with 409, as documented", async () => {
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      const res = await send(method, `/api/studies/${studyId}/reports/1`, "clinician", { impression: "changed" });
      assert.equal(res.status, 409, method);
      await holdsTo(method.toLowerCase(), "/api/studies/{id}/reports/{version}", res);
    }
  });

  it("the morning notification: a sleeper's browser subscribes, is told so, and stops, each answer as documented", async () => {
    const endpoint = `${receiver.url}/push/openapi`;
    const keys = { p256dh: Buffer.alloc(65, 4).toString("base64url"), auth: Buffer.alloc(16, 7).toString("base64url") };
    await holdsTo("post", "/api/account/push", await send("POST", "/api/account/push", "patient", { endpoint, expirationTime: null, keys }));
    const status = (await holdsTo("get", "/api/account/push", await get(`/api/account/push?endpoint=${encodeURIComponent(endpoint)}`, "patient"))) as { subscribed: boolean };
    assert.equal(status.subscribed, true);
    const stopped = await send("DELETE", "/api/account/push", "patient", { endpoint });
    assert.equal(stopped.status, 204);
    await holdsTo("delete", "/api/account/push", stopped);
    await holdsTo("get", "/api/account/push", await get("/api/account/push", "clinician"));
  });

  it("errors hold to the one error shape: signed out (401), a bad parameter (400), not yours (404)", async () => {
    for (const [apiPath, ops] of Object.entries(doc.paths)) {
      if (!ops.get || apiPath === "/api/health") continue;
      const res = await get(apiPath.replace(/\{(\w+)\}/g, "x"));
      // 401, or 400 for a route that reads its query (a month, a period) before it asks who you are.
      assert.ok(res.status === 401 || res.status === 400, `GET ${apiPath} signed out: ${res.status}`);
      await holdsTo("get", apiPath, res);
    }
    const bad = await get("/api/sessions?limit=0", "clinician");
    assert.equal(bad.status, 400);
    assert.deepEqual(((await holdsTo("get", "/api/sessions", bad)) as { issues: Array<{ path: string }> }).issues.map((i) => i.path), ["limit"]);
    const missing = await get("/api/sessions/no-such-night", "clinician");
    assert.equal(missing.status, 404);
    await holdsTo("get", "/api/sessions/{id}", missing);
  });
});
