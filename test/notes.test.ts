// Clinicians' notes and the access log, on the real server: a clinician writes a note on a night and
// one on the patient, edits one (the earlier text is kept in its history), shares one; the sleeper
// reads only the shared one, without history; nobody else finds any; the period report's PDF (read
// back with pdftotext) and CSV carry them. The access log records a clinician's views and exports and
// not the sleeper's own, and only admins read it (JSON and CSV).

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { getJson, signIn, usersCli } from "./support/accounts";
import { startServer, type RunningServer } from "./support/server";
import { postWebhook, sessionComplete, type WebhookTarget } from "./support/webhook";
import { readPdf } from "./support/pdf";

const PASSWORD = "a long enough passphrase";
const NIGHT = "notes-night-1";
const OTHER_NIGHT = "notes-other-night";
// From the night's day to today (UTC): a note on the patient counts for the day it is written.
const TODAY = new Date().toISOString().slice(0, 10);
const RANGE = `from=2026-11-02&to=${TODAY}`;

interface Note {
  id: string;
  sessionId: string | null;
  author: string;
  text: string;
  shared: boolean;
  updatedBy: string;
  updatedAt: string;
  version: number;
  history: Array<{ text: string; by: string; shared: boolean }>;
  historyCount: number;
  editable: boolean;
}

/** The PDF's text as one line, wherever it wrapped (a note's heading holds the time it was written). */
const pdfText = async (pdf: Buffer) => (await readPdf(pdf)).prose;

describe("clinicians' notes and the access log", { timeout: 300_000 }, () => {
  let server: RunningServer;
  const cookies: Record<string, string> = {};
  let nightNote: Note;
  let patientNote: Note;

  /** A JSON request as the app's own pages send it. */
  const send = async (method: "POST" | "PATCH", pathname: string, who: string | null, body: unknown, origin: string | null = server.url) => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (who) headers.cookie = cookies[who]!;
    if (origin) headers.origin = origin;
    const res = await fetch(`${server.url}${pathname}`, { method, headers, body: typeof body === "string" ? body : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  };
  const log = async () => ((await getJson(server, "/api/admin/access-log?limit=500", cookies.admin)).body.entries as Array<{ viewerEmail: string; asleepUserId: string; action: string; resource: string }>);

  before(async () => {
    const target: WebhookTarget = { url: "", apiKey: "notes-test-key-0123456789" };
    server = await startServer({ apiKey: target.apiKey });
    target.url = server.url;
    await usersCli(server, ["add", "--email", "admin@notes.test", "--password", PASSWORD, "--role", "admin"]);
    await usersCli(server, ["add", "--email", "dra@notes.test", "--name", "Dr Ana Alves", "--password", PASSWORD, "--role", "clinician"]);
    await usersCli(server, ["add", "--email", "drb@notes.test", "--name", "Dr Ben Berg", "--password", PASSWORD, "--role", "clinician"]);
    await usersCli(server, ["add", "--email", "pa@notes.test", "--name", "Paula Adams", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "notes-A", "--clinician", "dra@notes.test"]);
    await usersCli(server, ["add", "--email", "pb@notes.test", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "notes-B", "--clinician", "drb@notes.test"]);
    const stages = [...Array(40).fill(0), ...Array(500).fill(1)];
    for (const [userId, sessionId] of [["notes-A", NIGHT], ["notes-B", OTHER_NIGHT]]) {
      const body = sessionComplete({ userId: userId!, sessionId: sessionId!, startTime: "2026-11-02T21:30:00.000Z", endTime: new Date(Date.parse("2026-11-02T21:30:00.000Z") + stages.length * 30_000).toISOString(), timezone: "Europe/Paris", sleepStages: stages, stat: {} });
      assert.equal((await postWebhook(target, body)).status, 200);
    }
    for (const [i, who] of ["admin", "dra", "drb", "pa", "pb"].entries()) {
      const result = await signIn(server, `${who}@notes.test`, PASSWORD, `127.0.4.${i + 1}`);
      assert.ok(result.cookie, `${who} signs in`);
      cookies[who] = result.cookie;
    }
  });

  after(async () => {
    await server?.stop();
  });

  it("the patient's clinician writes a note on a night and one on the patient; the night's list and the patient's list hold them", async () => {
    const night = await send("POST", `/api/sessions/${NIGHT}/notes`, "dra", { text: "  Mask leak around 02:00?  " });
    assert.equal(night.status, 201);
    nightNote = night.body as unknown as Note;
    assert.equal(nightNote.text, "Mask leak around 02:00?", "trimmed");
    assert.equal(nightNote.author, "Dr Ana Alves");
    assert.equal(nightNote.sessionId, NIGHT);
    assert.equal(nightNote.shared, false);

    const patient = await send("POST", "/api/patients/notes-A/notes", "admin", { text: "Started CPAP on 1 Nov", shared: true });
    assert.equal(patient.status, 201);
    patientNote = patient.body as unknown as Note;
    assert.equal(patientNote.sessionId, null);

    const onNight = (await getJson(server, `/api/sessions/${NIGHT}/notes`, cookies.dra)).body.notes as Note[];
    assert.deepEqual(onNight.map((n) => n.id), [nightNote.id]);
    const onPatient = (await getJson(server, "/api/patients/notes-A/notes", cookies.dra)).body.notes as Note[];
    assert.deepEqual(onPatient.map((n) => n.id), [patientNote.id, nightNote.id], "newest first, the night's note too");
    assert.ok(onPatient.every((n) => n.editable));
  });

  it("an edit keeps the text it replaced in the history, with who wrote it; sharing is a toggle, kept in history too", async () => {
    assert.equal(nightNote.version, 1);
    const edited = await send("PATCH", `/api/notes/${nightNote.id}`, "dra", { text: "Mask leak confirmed at 02:10", version: 1 });
    assert.equal(edited.status, 200);
    assert.equal(edited.body.version, 2);
    const shared = await send("PATCH", `/api/notes/${nightNote.id}`, "admin", { shared: true, version: 2 });
    assert.equal(shared.status, 200);
    const note = (await getJson(server, `/api/notes/${nightNote.id}`, cookies.dra)).body as unknown as Note;
    assert.equal(note.text, "Mask leak confirmed at 02:10");
    assert.equal(note.shared, true);
    assert.equal(note.author, "Dr Ana Alves");
    assert.equal(note.updatedBy, "admin", "the admin's account, named after its e-mail");
    assert.deepEqual(
      note.history.map((v) => [v.text, v.shared, v.by]),
      [
        ["Mask leak confirmed at 02:10", false, "Dr Ana Alves"],
        ["Mask leak around 02:00?", false, "Dr Ana Alves"],
      ],
      "newest first",
    );
    // The same again changes nothing and adds no version.
    assert.equal((await send("PATCH", `/api/notes/${nightNote.id}`, "dra", { shared: true, version: 3 })).status, 200);
    assert.equal(((await getJson(server, `/api/notes/${nightNote.id}`, cookies.dra)).body.history as unknown[]).length, 2);
  });

  it("the sleeper reads only what was shared with them, without history, and may not write or edit", async () => {
    const unshared = await send("POST", `/api/sessions/${NIGHT}/notes`, "dra", { text: "Consider titration study", shared: false });
    assert.equal(unshared.status, 201);
    const mine = (await getJson(server, "/api/patients/notes-A/notes", cookies.pa)).body.notes as Note[];
    assert.deepEqual(mine.map((n) => n.text).sort(), ["Mask leak confirmed at 02:10", "Started CPAP on 1 Nov"]);
    assert.ok(mine.every((n) => n.history.length === 0 && !n.editable), "no drafts, no edit");
    const onNight = (await getJson(server, `/api/sessions/${NIGHT}/notes`, cookies.pa)).body.notes as Note[];
    assert.deepEqual(onNight.map((n) => n.text), ["Mask leak confirmed at 02:10"]);
    assert.equal((await getJson(server, `/api/notes/${(unshared.body as unknown as Note).id}`, cookies.pa)).status, 404, "an unshared note is not found by the sleeper");

    assert.equal((await send("POST", `/api/sessions/${NIGHT}/notes`, "pa", { text: "mine" })).status, 404);
    assert.equal((await send("POST", "/api/patients/notes-A/notes", "pa", { text: "mine" })).status, 404);
    assert.equal((await send("PATCH", `/api/notes/${nightNote.id}`, "pa", { text: "changed", version: 3 })).status, 404);
    assert.equal(((await getJson(server, `/api/notes/${nightNote.id}`, cookies.dra)).body as unknown as Note).text, "Mask leak confirmed at 02:10", "unchanged");
  });

  it("another clinician's patient, another patient: 404 everywhere, nothing written", async () => {
    for (const who of ["drb", "pb"]) {
      assert.equal((await getJson(server, "/api/patients/notes-A/notes", cookies[who])).status, 404, who);
      assert.equal((await getJson(server, `/api/sessions/${NIGHT}/notes`, cookies[who])).status, 404, who);
      assert.equal((await getJson(server, `/api/notes/${nightNote.id}`, cookies[who])).status, 404, who);
      assert.equal((await send("POST", `/api/sessions/${NIGHT}/notes`, who, { text: "x" })).status, 404, who);
      assert.equal((await send("PATCH", `/api/notes/${nightNote.id}`, who, { text: "x", version: 3 })).status, 404, who);
    }
    assert.equal((await send("POST", "/api/patients/nobody/notes", "admin", { text: "x" })).status, 404, "nobody to write about");
    assert.equal((await getJson(server, "/api/patients/notes-A/notes")).status, 401);
    assert.equal((await getJson(server, "/api/patients/notes-A/notes", cookies.drb)).status, 404);
    const all = (await getJson(server, "/api/patients/notes-A/notes", cookies.admin)).body.notes as Note[];
    assert.equal(all.length, 3);
  });

  it("bad input: 400 naming the field, 403 from another origin, and nothing changes", async () => {
    const empty = await send("POST", `/api/sessions/${NIGHT}/notes`, "dra", { text: "   " });
    assert.equal(empty.status, 400);
    assert.deepEqual((empty.body.issues as Array<{ path: string }>).map((i) => i.path), ["text"]);
    const long = await send("POST", `/api/sessions/${NIGHT}/notes`, "dra", { text: "x".repeat(5001) });
    assert.equal(long.status, 400);
    const badShare = await send("PATCH", `/api/notes/${nightNote.id}`, "dra", { shared: "yes", version: 3 });
    assert.equal(badShare.status, 400);
    assert.deepEqual((badShare.body.issues as Array<{ path: string }>).map((i) => i.path), ["shared"]);
    assert.equal((await send("PATCH", `/api/notes/${nightNote.id}`, "dra", { version: 3 })).status, 400);
    // An edit that does not say which version it was based on could overwrite one it never saw.
    const unversioned = await send("PATCH", `/api/notes/${nightNote.id}`, "dra", { text: "no version" });
    assert.equal(unversioned.status, 400);
    assert.deepEqual((unversioned.body.issues as Array<{ path: string }>).map((i) => i.path), ["version"]);
    assert.equal((await send("POST", `/api/sessions/${NIGHT}/notes`, "dra", "{not json")).status, 400);
    assert.equal((await send("POST", `/api/sessions/${NIGHT}/notes`, "dra", { text: "from elsewhere" }, "http://evil.example")).status, 403);
    assert.equal((await send("PATCH", `/api/notes/${nightNote.id}`, "dra", { text: "from nowhere" }, null)).status, 403);
    assert.equal(((await getJson(server, "/api/patients/notes-A/notes", cookies.admin)).body.notes as Note[]).length, 3);
  });

  it("the period report's PDF prints the notes (the sleeper's own, only the shared); its CSV has each night's", async () => {
    const pdf = await fetch(`${server.url}/api/patients/notes-A/report.pdf?${RANGE}`, { headers: { cookie: cookies.dra! } });
    assert.equal(pdf.status, 200);
    const text = await pdfText(Buffer.from(await pdf.arrayBuffer()));
    assert.match(text, /Clinician notes/);
    // The note's night named by its date, clock range and zone (never its id); its time in UTC and on the night's clock.
    assert.match(text, /Dr Ana Alves \(edited by admin\), \d\d:\d\d \w{3} \d+ \w{3} 2026 UTC \(\d\d:\d\d \w{3} \d+ \w{3} 2026 Europe\/Paris\) \(on the night of Mon 2 Nov 2026, 22:30–03:00, Europe\/Paris\) Mask leak confirmed at 02:10/);
    assert.doesNotMatch(text, /notes-night-1/);
    assert.match(text, /Consider titration study/);
    assert.match(text, /Started CPAP on 1 Nov/, "a note on the patient written during the period");
    assert.doesNotMatch(text, /Mask leak around 02:00\?/, "the current text, not a replaced one");

    const own = await fetch(`${server.url}/api/patients/notes-A/report.pdf?${RANGE}`, { headers: { cookie: cookies.pa! } });
    const ownText = await pdfText(Buffer.from(await own.arrayBuffer()));
    assert.match(ownText, /Mask leak confirmed at 02:10/);
    assert.doesNotMatch(ownText, /Consider titration study/, "an unshared note is not in the sleeper's report");

    const csv = await getJson(server, `/api/patients/notes-A/report.csv?${RANGE}`, cookies.dra);
    const [header, row] = csv.text.split("\r\n");
    assert.ok(header!.endsWith(",clinician_notes,compliance_first_90_days,enrolled_on"));
    assert.match(row!, /Mask leak confirmed at 02:10 \| Dr Ana Alves, 2026-\d\d-\d\d \d\d:\d\d UTC \(2026-\d\d-\d\d \d\d:\d\d Europe\/Paris\): Consider titration study",[^,]*Not yet/);
  });

  it("the access log: a clinician's views and exports are in it, the sleeper's own are not; only admins read it", async () => {
    assert.equal((await getJson(server, `/api/sessions/${NIGHT}`, cookies.dra)).status, 200);
    assert.equal((await fetch(`${server.url}/patients/notes-A`, { headers: { cookie: cookies.dra! } })).status, 200);
    assert.equal((await fetch(`${server.url}/sessions/${NIGHT}`, { headers: { cookie: cookies.dra! } })).status, 200);
    const before = (await log()).length;
    assert.equal((await getJson(server, `/api/sessions/${NIGHT}`, cookies.pa)).status, 200);
    assert.equal((await fetch(`${server.url}/sessions/${NIGHT}`, { headers: { cookie: cookies.pa! } })).status, 200);
    assert.equal((await fetch(`${server.url}/api/patients/notes-A/report.pdf?${RANGE}`, { headers: { cookie: cookies.pa! } })).status, 200);
    const entries = await log();
    assert.equal(entries.length, before, "the sleeper's own reads are not logged");

    const dra = entries.filter((e) => e.viewerEmail === "dra@notes.test");
    const has = (action: string, resource: string) => dra.some((e) => e.action === action && e.resource === resource && e.asleepUserId === "notes-A");
    // The night named as everywhere else, its id last for whoever traces it.
    const named = "night Mon 2 Nov 2026, 22:30–03:00, Europe/Paris";
    assert.ok(has("view", `${named} via the API (${NIGHT})`), JSON.stringify(dra));
    assert.ok(has("export", `period report PDF 2026-11-02 to ${TODAY}`), JSON.stringify(dra));
    assert.ok(has("view", `${named} (${NIGHT})`));
    assert.ok(has("view", "patient page"));
    assert.ok(has("view", "patient notes (API)"));
    assert.ok(has("export", `period report PDF 2026-11-02 to ${TODAY}`));
    assert.ok(has("export", `period report CSV 2026-11-02 to ${TODAY}`));
    assert.equal(entries[0]!.resource, `${named} (${NIGHT})`, "newest first");

    const byPatient = (await getJson(server, "/api/admin/access-log?asleepUserId=notes-B", cookies.admin)).body.entries as unknown[];
    assert.equal(byPatient.length, 0, "filtered by patient");
    const page = (await getJson(server, "/api/admin/access-log?limit=2", cookies.admin)).body.entries as Array<{ id: string }>;
    const next = (await getJson(server, `/api/admin/access-log?limit=2&before=${page[1]!.id}`, cookies.admin)).body.entries as Array<{ id: string }>;
    assert.ok(BigInt(next[0]!.id) < BigInt(page[1]!.id), "the next page is older");

    const csv = await getJson(server, "/api/admin/access-log.csv?asleepUserId=notes-A", cookies.admin);
    assert.equal(csv.status, 200);
    assert.equal(csv.headers.get("content-type"), "text/csv; charset=utf-8");
    const lines = csv.text.trim().split("\r\n");
    // The people named too (the viewer's name, the patient's name and e-mail), after the columns there were.
    assert.equal(lines[0], "id,at_utc,viewer_email,viewer_role,asleep_user_id,action,resource,viewer_name,patient_name,patient_email");
    assert.equal(lines.length - 1, entries.filter((e) => e.asleepUserId === "notes-A").length);
    assert.ok(csv.text.includes(`,dra@notes.test,clinician,notes-A,export,period report PDF 2026-11-02 to ${TODAY},`));

    for (const who of ["dra", "pa"]) {
      assert.equal((await getJson(server, "/api/admin/access-log", cookies[who])).status, 404, who);
      assert.equal((await getJson(server, "/api/admin/access-log.csv", cookies[who])).status, 404, who);
    }
    assert.equal((await getJson(server, "/api/admin/access-log")).status, 401);
    assert.equal((await getJson(server, "/api/admin/access-log?before=abc", cookies.admin)).status, 400);
    console.log(`[figures] access log: ${entries.length} entries after the notes test's reads, ${dra.length} by the clinician`);
  });
  it("an edit based on an older version is refused (409) with the note as it now is, and nothing is saved; one based on it is saved", async () => {
    const written = await send("POST", `/api/sessions/${OTHER_NIGHT}/notes`, "drb", { text: "Snoring worse on the back" });
    assert.equal(written.status, 201);
    const note = written.body as unknown as Note;
    assert.equal(note.version, 1);
    // Both read version 1; Dr Berg saves first.
    const first = await send("PATCH", `/api/notes/${note.id}`, "drb", { text: "Snoring worse on the back; try a positional aid", version: 1 });
    assert.equal(first.status, 200);
    assert.equal(first.body.version, 2);
    const stale = await send("PATCH", `/api/notes/${note.id}`, "admin", { text: "Snoring worse on the back (admin's wording)", version: 1 });
    assert.equal(stale.status, 409);
    const current = stale.body.note as Note;
    assert.equal(current.text, "Snoring worse on the back; try a positional aid");
    assert.equal(current.version, 2);
    assert.equal(current.updatedBy, "Dr Ben Berg");
    assert.equal(stale.body.error, `This note was changed by Dr Ben Berg at ${current.updatedAt}`);
    assert.equal((await send("PATCH", `/api/notes/${note.id}`, "admin", { shared: true, version: 1 })).status, 409, "a stale share toggle too");
    const unchanged = (await getJson(server, `/api/notes/${note.id}`, cookies.drb)).body as unknown as Note;
    assert.deepEqual([unchanged.text, unchanged.shared, unchanged.version, unchanged.historyCount], ["Snoring worse on the back; try a positional aid", false, 2, 1]);

    // Saved once it is based on what is there now; the version it replaced stays in the history.
    const again = await send("PATCH", `/api/notes/${note.id}`, "admin", { text: "Snoring worse on the back (admin's wording)", version: 2 });
    assert.equal(again.status, 200);
    assert.equal(again.body.version, 3);
    assert.deepEqual(
      (again.body.history as Note["history"]).map((v) => [v.text, v.by]),
      [
        ["Snoring worse on the back; try a positional aid", "Dr Ben Berg"],
        ["Snoring worse on the back", "Dr Ben Berg"],
      ],
    );
  });

  it("notes come a page at a time, newest first, each whole: 45 notes of 5,000 characters are not one page", async () => {
    const body = (i: number) => `Paged note ${String(i).padStart(2, "0")}: ${"abcdefghij".repeat(500)}`.slice(0, 5000);
    const written: Note[] = [];
    for (let i = 0; i < 45; i++) {
      const res = await send("POST", i % 3 === 0 ? "/api/patients/notes-B/notes" : `/api/sessions/${OTHER_NIGHT}/notes`, "drb", { text: body(i) });
      assert.equal(res.status, 201);
      written.push(res.body as unknown as Note);
    }
    const walk = async (first: string) => {
      const seen: Note[] = [];
      const labels: Record<string, string> = {};
      let url: string | null = first;
      let pages = 0;
      while (url) {
        const res = await getJson(server, url, cookies.drb);
        assert.equal(res.status, 200, res.text);
        seen.push(...(res.body.notes as Note[]));
        Object.assign(labels, res.body.nightLabels ?? {});
        const next = res.body.next as string | null;
        assert.equal(res.headers.get("link"), next === null ? null : `<${next}>; rel="next"`);
        url = next;
        assert.ok(++pages < 100);
      }
      return { seen, pages, labels };
    };
    const first = await getJson(server, "/api/patients/notes-B/notes", cookies.drb);
    assert.equal((first.body.notes as Note[]).length, 20, "the first page: the newest 20");
    assert.ok(first.body.nextCursor);

    const all = await walk("/api/patients/notes-B/notes?limit=7");
    const expected = (await getJson(server, "/api/patients/notes-B/notes?limit=100", cookies.drb)).body.notes as Note[];
    assert.equal(expected.length, 46, "the 45 and the one before");
    assert.deepEqual(all.seen.map((n) => n.id), expected.map((n) => n.id), "each once, in order");
    assert.deepEqual(all.seen.slice(0, 45).map((n) => n.id), written.map((n) => n.id).reverse(), "newest first");
    assert.ok(all.seen.slice(0, 45).every((n) => n.text.length === 5000), "each note whole");
    assert.equal(all.pages, 7);
    assert.ok(all.labels[OTHER_NIGHT], "the night a note is about is named on every page");

    const onNight = await walk(`/api/sessions/${OTHER_NIGHT}/notes?limit=10`);
    assert.deepEqual(onNight.seen.map((n) => n.id), expected.filter((n) => n.sessionId === OTHER_NIGHT).map((n) => n.id));
    const onPatient = await walk("/api/patients/notes-B/notes?about=patient&limit=4");
    assert.deepEqual(onPatient.seen.map((n) => n.id), expected.filter((n) => n.sessionId === null).map((n) => n.id));

    // The patient page shows the newest 20, whole, and offers the rest.
    const html = await (await fetch(`${server.url}/patients/notes-B`, { headers: { cookie: cookies.drb! } })).text();
    const shown = new Set(html.match(/Paged note \d\d/g));
    assert.deepEqual([...shown].sort(), written.slice(25).map((_, i) => `Paged note ${String(25 + i)}`).sort());
    assert.match(html, /Show older notes/);
    console.log(`[figures] notes paging: 46 notes of up to 5,000 characters in pages of 20 (7 pages of 7); the patient page is ${Math.round(html.length / 1024)} KiB with the newest 20`);

    for (const bad of ["before=abc", `before=${Buffer.from(JSON.stringify(["2026-11-20T22:00:00.000Z", "x\uD800"])).toString("base64url")}`, "limit=0", "limit=101", "about=nights"]) {
      const res = await getJson(server, `/api/patients/notes-B/notes?${bad}`, cookies.drb);
      assert.equal(res.status, 400, bad);
    }
  });
});
