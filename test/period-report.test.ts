// The period report, end to end: nights delivered by webhook, the PDF downloaded as a clinician and
// read back with pdftotext (poppler-utils), its page count from pdfinfo; the CSVs' rows and columns;
// who may download whose report; bad dates refused with the parameter named.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { getJson, signIn, usersCli } from "./support/accounts";
import { createTestDatabase, query, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { postWebhook, sessionComplete, type WebhookTarget } from "./support/webhook";
import { readPdf } from "./support/pdf";

const PASSWORD = "a long enough passphrase";
const W = 0, L = 1, D = 2, R = 3;
const fill = (n: number, stage: number) => Array<number>(n).fill(stage);

// Night 1, Mon 2 Nov, 22:30 to 03:00 in Paris: 540 epochs (4 h 30 min in bed); asleep at epoch 20
// (10 min); Light 400 + REM 40 + Light 40 + Deep 20 = 500 epochs (4 h 10 min, 92.6 %); first REM at
// epoch 430, 410 epochs after onset (3 h 25 min); one awakening of 10 epochs (5 min).
const NIGHT_1 = [...fill(20, W), ...fill(400, L), ...fill(10, W), ...fill(40, R), ...fill(40, L), ...fill(20, D), ...fill(10, W)];
// Night 2 began at 00:40 on Wed 4 Nov in Paris, so it is Tuesday 3 Nov's night: 400 epochs, all asleep
// (3 h 20 min, 100 %), no REM; closed as complete.
const NIGHT_2 = [...fill(300, L), ...fill(100, D)];

const night = (userId: string, sessionId: string, startIso: string, stages: number[], timezone = "Europe/Paris") =>
  sessionComplete({
    userId,
    sessionId,
    startTime: startIso,
    endTime: new Date(Date.parse(startIso) + stages.length * 30_000).toISOString(),
    timezone,
    sleepStages: stages,
    stat: {},
  });

const pdfText = readPdf;

describe("period report: PDF and CSV", { timeout: 300_000 }, () => {
  let db: TestDatabase;
  let server: RunningServer;
  const cookies: Record<string, string> = {};
  const RANGE = "from=2026-11-02&to=2026-11-04";

  before(async () => {
    const target: WebhookTarget = { url: "", apiKey: "report-test-key-0123456789" };
    // A clinic's own rule: 4 h on 30 % of the last 3 days.
    db = await createTestDatabase();
    server = await startServer({ databaseUrl: db.url, apiKey: target.apiKey, env: { ADHERENCE_RULE: "4h,30%,3d" } });
    target.url = server.url;
    for (const c of ["dra", "drb"]) await usersCli(server, ["add", "--email", `${c}@report.test`, "--name", c === "dra" ? "Dr Ana Alves" : "Dr Ben Berg", "--password", PASSWORD, "--role", "clinician"]);
    await usersCli(server, ["add", "--email", "pa@report.test", "--name", "Paula Adams", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "asleep-A", "--clinician", "dra@report.test", "--enrolled-on", "2026-11-02"]);
    await usersCli(server, ["add", "--email", "pb@report.test", "--name", "Pedro Brown", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "asleep-B", "--clinician", "drb@report.test", "--enrolled-on", "2026-10-01"]);
    // Kim lives in Seoul, as her account says.
    await usersCli(server, ["add", "--email", "pk@report.test", "--name", "Kim Park", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "asleep-K", "--clinician", "dra@report.test", "--timezone", "Asia/Seoul", "--enrolled-on", "2026-10-01"]);
    for (const body of [
      night("asleep-A", "a-night-1", "2026-11-02T21:30:00.000Z", NIGHT_1),
      night("asleep-A", "a-night-2", "2026-11-03T23:40:00.000Z", NIGHT_2),
      night("asleep-A", "a-after-range", "2026-11-05T21:00:00.000Z", NIGHT_1), // Thu 5 Nov: after the range
      night("asleep-B", "b-night-1", "2026-11-02T21:00:00.000Z", NIGHT_2),
      // Kim's night sent with a fixed offset: 22:00 Mon 2 Nov to 01:20 Tue at +09:00.
      night("asleep-K", "k-plus9", "2026-11-02T13:00:00.000Z", NIGHT_2, "+09:00"),
    ]) {
      assert.equal((await postWebhook(target, body)).status, 200);
    }
    // And one closed as Incomplete (what the back-fill worker does after INCOMPLETE_AFTER of silence),
    // which never received SESSION_COMPLETE's zone: it began at 11:30 UTC on Tue 3 Nov, 20:30 in Seoul,
    // so it is Tuesday's night there, where UTC would make it Monday's (before noon). 120 epochs, asleep.
    await query(
      db.url,
      `INSERT INTO sleep_session (id, user_id, state, start_time, timezone, sleep_stages, snoring_stages, epoch_source_seq, incomplete_reason, updated_at)
       VALUES ('k-incomplete', 'asleep-K', 'INCOMPLETE', '2026-11-03T11:30:00Z', NULL, $1::smallint[], '{}', '{}', 'NOTHING_MORE', now())`,
      [fill(120, L)],
    );
    for (const [i, who] of ["dra", "drb", "pa", "pb"].entries()) {
      const result = await signIn(server, `${who}@report.test`, PASSWORD, `127.0.2.${i + 1}`);
      assert.ok(result.cookie, `${who} signs in`);
      cookies[who] = result.cookie;
    }
  });

  after(async () => {
    await server?.stop();
    await db?.drop();
  });

  it("the clinician downloads a PDF that reads back with the patient, range, zone, clinician, each night's figures and the definitions", async () => {
    const res = await fetch(`${server.url}/api/patients/asleep-A/report.pdf?${RANGE}`, { headers: { cookie: cookies.dra! } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/pdf");
    assert.match(res.headers.get("content-disposition") ?? "", /attachment; filename="sleep-report-asleep-A-2026-11-02-to-2026-11-04\.pdf"/);
    // Prose wraps where the page ends: `prose` reads it as one line, wherever it wrapped.
    const { text, pages, prose } = await pdfText(Buffer.from(await res.arrayBuffer()));

    // A summary page, the hypnograms, the definitions.
    assert.equal(pages, 3);
    assert.match(text, /Page 1 of 3/);
    assert.match(text, /Page 3 of 3/);
    assert.match(text, /Sleep report: Paula Adams/);
    assert.match(text, /Asleep user asleep-A · pa@report\.test/);
    assert.match(text, /Period: Mon 2 Nov 2026 to Wed 4 Nov 2026 \(3 days/);
    assert.match(text, /Time zone: Europe\/Paris/);
    assert.match(text, /Clinician: Dr Ana Alves \(dra@report\.test\)/);
    assert.doesNotMatch(text, /Dr Ben Berg/);

    // The table: night of, time in bed, total sleep, efficiency, onset latency, REM latency, WASO, awakenings.
    assert.match(text, /Nights \(2\)/);
    assert.match(text, /Mon 2 Nov 2026\s+4 h 30 min\s+4 h 10 min\s+93 %\s+10 min\s+3 h 25 min\s+5 min\s+1\n/);
    assert.match(text, /Tue 3 Nov 2026\s+3 h 20 min\s+3 h 20 min\s+100 %\s+0 min\s+—\s+0 min\s+0\n/);
    // Means of the two: 235 min in bed, 225 asleep, 96.3 %, 5 min, REM latency of night 1 alone, 2.5 min, 0.5.
    assert.match(text, /Average \(2\)\s+3 h 55 min\s+3 h 45 min\s+96 %\s+5 min\s+3 h 25 min\s+3 min\s+0\.5\n/);
    assert.doesNotMatch(text, /Thu 5 Nov 2026/, "a night after the range is not in it");

    // Enrolled before the period: every window counts whole, and the report says from when.
    assert.match(prose, /Enrolled on Mon 2 Nov 2026: averages and adherence count from this day\./);
    // Adherence under the clinic's rule: night 1 (4 h 10 min) only, of 2–4 Nov.
    assert.match(prose, /Last 3 days of the period \(Mon 2 Nov 2026 to Wed 4 Nov 2026\): 1 of 3 days with at least 4 h of sleep — 33 % — meets the 30 % target\./);
    // Compliance in the first 90 days as of the period's last day: night 1 of 2–4 Nov; 5 Nov–30 Jan still to come.
    assert.match(prose, /Compliance in the first 90 days \(enrolled Mon 2 Nov 2026, as of Wed 4 Nov 2026\): Not yet: best 30-day window so far 1 of 30; 87 days left to reach 21\./);

    // Each hypnogram, with its dates, clock times and zone, and hourly ticks of the local clock.
    assert.match(text, /Night of Mon 2 Nov 2026: 22:30 Mon 2 Nov 2026 to 03:00 Tue 3 Nov 2026, Europe\/Paris/);
    assert.match(text, /Night of Tue 3 Nov 2026: 00:40 Wed 4 Nov 2026 to 04:00 Wed 4 Nov 2026, Europe\/Paris/);
    assert.match(text, /23:00\s+00:00\s+01:00\s+02:00\s+03:00/);
    assert.match(text, /01:00\s+02:00\s+03:00\s+04:00/);

    // The definitions used, word for word from lib/sleep/definitions.ts, and the statement.
    assert.match(text, /Definitions used/);
    // Each under the PDF's own column name, with the terms they rely on (sleep onset) and the day rule.
    for (const term of ["Night of", "Sleep onset", "Time in bed \\(TIB\\)", "Total sleep \\(TST\\)", "Efficiency: Sleep efficiency \\(SE\\)", "Onset latency: Sleep onset latency \\(SOL\\)", "REM latency", "Wake after sleep onset \\(WASO\\)", "Awakenings", "Adherence"]) {
      assert.match(text, new RegExp(`\\n\\s*${term}\\n`), term);
    }
    assert.match(prose, /Total sleep ÷ time in bed\. No-data epochs count in time in bed/);
    assert.match(prose, /Not a diagnosis\. These figures come from a consumer sleep-tracking app/);
  });

  it("the patient may download their own report; nobody else's is found", async () => {
    const own = await fetch(`${server.url}/api/patients/asleep-A/report.pdf?${RANGE}`, { headers: { cookie: cookies.pa! } });
    assert.equal(own.status, 200);
    assert.match((await pdfText(Buffer.from(await own.arrayBuffer()))).text, /Sleep report: Paula Adams/);
    for (const [who, route] of [
      ["drb", "report.pdf"],
      ["pb", "report.pdf"],
      ["drb", "report.csv"],
      ["pb", "nights.csv"],
    ] as const) {
      const res = await getJson(server, `/api/patients/asleep-A/${route}?${RANGE}`, cookies[who]);
      assert.equal(res.status, 404, `${who} ${route}`);
      assert.deepEqual(res.body, { error: "Not found" });
    }
    assert.equal((await getJson(server, `/api/patients/asleep-A/report.pdf?${RANGE}`)).status, 401);
  });

  it("bad days get a 400 naming the parameter", async () => {
    const cases: Array<[string, string, RegExp]> = [
      ["from=2026-02-30&to=2026-03-02", "from", /YYYY-MM-DD/],
      ["from=2026-11-02", "to", /./],
      ["from=2026-11-02&to=tomorrow", "to", /YYYY-MM-DD/],
      ["from=2026-11-04&to=2026-11-02", "to", /not be before from/],
      ["from=2025-01-01&to=2026-01-02", "to", /at most 366 days/],
    ];
    for (const [query, parameter, message] of cases) {
      const res = await getJson(server, `/api/patients/asleep-A/report.pdf?${query}`, cookies.dra);
      assert.equal(res.status, 400, query);
      const issues = res.body.issues as Array<{ path: string; message: string }>;
      const issue = issues.find((i) => i.path === parameter);
      assert.ok(issue, `${query}: an issue about ${parameter}, got ${JSON.stringify(issues)}`);
      assert.match(issue.message, message);
    }
  });

  it("report.csv and nights.csv: one row per night, the zone and local clock times beside UTC", async () => {
    const header =
      "night_of,session_id,state,timezone,start_utc,end_utc,start_local,end_local,time_in_bed_min,total_sleep_min,sleep_efficiency_pct,sleep_onset_latency_min,rem_latency_min,waso_min,awakenings,tags";
    const rows = [
      "2026-11-02,a-night-1,COMPLETE,Europe/Paris,2026-11-02T21:30:00.000Z,2026-11-03T02:00:00.000Z,2026-11-02T22:30:00+01:00,2026-11-03T03:00:00+01:00,270,250,92.6,10,205,5,1,",
      "2026-11-03,a-night-2,COMPLETE,Europe/Paris,2026-11-03T23:40:00.000Z,2026-11-04T03:00:00.000Z,2026-11-04T00:40:00+01:00,2026-11-04T04:00:00+01:00,200,200,100,0,,0,0,",
    ];
    for (const route of ["report.csv", "nights.csv"]) {
      const res = await getJson(server, `/api/patients/asleep-A/${route}?${RANGE}`, cookies.dra);
      assert.equal(res.status, 200, route);
      assert.equal(res.headers.get("content-type"), "text/csv; charset=utf-8");
      // The report's CSV adds each night's clinician notes (none here: test/notes.test.ts has them).
      const notes = route === "report.csv";
      // And the patient's compliance in the first 90 days as of the range's last day, and Paula's enrolment day, on every row.
      const compliance = "Not yet: best 30-day window so far 1 of 30; 87 days left to reach 21";
      assert.equal(res.text, [notes ? `${header},clinician_notes,compliance_first_90_days,enrolled_on` : header, ...rows.map((r) => (notes ? `${r},,${compliance},2026-11-02` : r))].join("\r\n") + "\r\n", route);
    }
    // One day: only Tuesday's night (begun after midnight, counted on Tuesday).
    const one = await getJson(server, "/api/patients/asleep-A/nights.csv?from=2026-11-03&to=2026-11-03", cookies.pa);
    assert.equal(one.text, [header, rows[1]].join("\r\n") + "\r\n");
  });

  it("zones as people read them (+09:00 is UTC+09:00, never Etc/GMT-9), and a night without its own zone dated in the account's", async () => {
    // A note on the Incomplete night, written now: the report gives its time in UTC and in Seoul (UTC+9, no DST).
    const posted = await fetch(`${server.url}/api/sessions/k-incomplete/notes`, {
      method: "POST",
      headers: { cookie: cookies.dra!, origin: server.url, "content-type": "application/json" },
      body: JSON.stringify({ text: "Phone died?" }),
    });
    assert.equal(posted.status, 201, await posted.text());
    const [note] = await query<{ at: Date }>(db.url, "SELECT updated_at AS at FROM clinical_note WHERE session_id = 'k-incomplete'");
    const at = note!.at;
    const utcClock = at.toISOString().slice(0, 16).replace("T", " ");
    const seoulClock = new Date(at.getTime() + 9 * 3600_000).toISOString().slice(0, 16).replace("T", " ");

    const rows = [
      "2026-11-02,k-plus9,COMPLETE,UTC+09:00,2026-11-02T13:00:00.000Z,2026-11-02T16:20:00.000Z,2026-11-02T22:00:00+09:00,2026-11-03T01:20:00+09:00,200,200,100,0,,0,0,",
      // Dated in Asia/Seoul, the zone on Kim's account: Tuesday's night, its clock at +09:00.
      "2026-11-03,k-incomplete,INCOMPLETE,Asia/Seoul,2026-11-03T11:30:00.000Z,2026-11-03T12:30:00.000Z,2026-11-03T20:30:00+09:00,2026-11-03T21:30:00+09:00,60,60,100,0,,0,0,",
    ];
    const nights = await getJson(server, `/api/patients/asleep-K/nights.csv?${RANGE}`, cookies.dra);
    assert.equal(nights.status, 200);
    assert.deepEqual(nights.text.split("\r\n").slice(1, -1), rows);
    // Tuesday holds the Incomplete night (in UTC it would have been Monday's), Monday only the other.
    assert.deepEqual((await getJson(server, "/api/patients/asleep-K/nights.csv?from=2026-11-03&to=2026-11-03", cookies.dra)).text.split("\r\n").slice(1, -1), [rows[1]]);
    assert.deepEqual((await getJson(server, "/api/patients/asleep-K/nights.csv?from=2026-11-02&to=2026-11-02", cookies.dra)).text.split("\r\n").slice(1, -1), [rows[0]]);
    // report.csv: the note's time in UTC and on the night's clock.
    const report = (await getJson(server, `/api/patients/asleep-K/report.csv?${RANGE}`, cookies.dra)).text.split("\r\n");
    // Kim, enrolled Thu 1 Oct (the last column), had no night of 4 h by Wed 4 Nov (day 35 of 90): 55 days are left.
    assert.equal(report[2], `${rows[1]},"Dr Ana Alves, ${utcClock} UTC (${seoulClock} Asia/Seoul): Phone died?",Not yet: best 30-day window so far 0 of 30; 55 days left to reach 21,2026-10-01`);

    const res = await fetch(`${server.url}/api/patients/asleep-K/report.pdf?${RANGE}`, { headers: { cookie: cookies.dra! } });
    assert.equal(res.status, 200);
    // The note's heading holds today's time: where it wraps (after "20:30–", say) moves with the clock.
    const { text, prose } = await pdfText(Buffer.from(await res.arrayBuffer()));
    assert.doesNotMatch(text, /Etc\/GMT/);
    assert.match(prose, /Time zones: UTC\+09:00, Asia\/Seoul/);
    assert.match(prose, /Nights without a zone of their own are dated and drawn in the best zone known: 1 night in the zone set on the sleeper's account\./);
    assert.match(text, /Night of Mon 2 Nov 2026: 22:00 Mon 2 Nov 2026 to 01:20 Tue 3 Nov 2026, UTC\+09:00/);
    assert.match(text, /Night of Tue 3 Nov 2026 \(Incomplete\): 20:30 Tue 3 Nov 2026 to 21:30 Tue 3 Nov 2026, Asia\/Seoul/);
    assert.match(prose, /\(on the night of Tue 3 Nov 2026, 20:30–21:30, Asia\/Seoul\) Phone died\?/);
    assert.doesNotMatch(text, /k-incomplete/, "no night is named by its raw id");
  });
});
