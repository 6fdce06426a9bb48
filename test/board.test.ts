// The clinician board over HTTP, on PostgreSQL: search, sort, filters, paging, who sees whom, the 400s
// that name the parameter, the CSV of the view; and that a page costs the same number of queries
// whatever its size (no N+1).

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { boardQuerySchema } from "../lib/board/query";
import type { BoardPage } from "../lib/live/events";
import { USUAL_RULE } from "../lib/sleep/adherence";
import { boardPage } from "../server/data/board";
import { createDb } from "../server/db/client";
import { countingDb, measure } from "../server/db/query-count";
import { getJson, signIn, usersCli } from "./support/accounts";
import { seedClinic } from "./support/board-seed";
import { createTestDatabase, query, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { inferenceBlock, postWebhook, sessionComplete, type WebhookTarget } from "./support/webhook";

const PASSWORD = "a long enough passphrase";
const DAY = 86_400_000;
const fill = (n: number, stage: number) => Array<number>(n).fill(stage);

describe("clinician board API", { timeout: 600_000 }, () => {
  let database: TestDatabase;
  let server: RunningServer;
  const cookies: Record<string, string> = {};
  const board = async (who: string, search = "") => {
    const res = await getJson(server, `/api/board${search}`, cookies[who]);
    return { status: res.status, body: res.body as unknown as BoardPage & { error?: string; issues?: Array<{ path: string; message: string }> }, headers: res.headers };
  };
  const names = (page: BoardPage) => page.rows.map((r) => r.name);
  /** When Fay's Incomplete night started (05:00 UTC of the last day it can). */
  let fayStart = 0;

  before(async () => {
    database = await createTestDatabase();
    const target: WebhookTarget = { url: "", apiKey: "board-test-key-0123456789" };
    server = await startServer({ databaseUrl: database.url, apiKey: target.apiKey });
    target.url = server.url;
    await usersCli(server, ["add", "--email", "root@board.test", "--name", "Root", "--password", PASSWORD, "--role", "admin"]);
    for (const c of ["dra", "drb"]) await usersCli(server, ["add", "--email", `${c}@board.test`, "--name", c, "--password", PASSWORD, "--role", "clinician"]);
    // Enrolled well before any of their nights: every window counts whole (test/enrolment.test.ts covers the new).
    const ENROLLED_ON = new Date(Date.now() - 200 * 86_400_000).toISOString().slice(0, 10);
    const patient = (name: string, id: string, clinician: string) =>
      usersCli(server, ["add", "--email", `${id}@board.test`, "--name", name, "--password", PASSWORD, "--role", "patient", "--asleep-user-id", `asleep-${id}`, "--clinician", `${clinician}@board.test`, "--enrolled-on", ENROLLED_ON]);
    await patient("Ana Alves", "ana", "dra");
    await patient("Ben Berg", "ben", "dra"); // never recorded a night
    await patient("Cara Cruz", "cara", "dra"); // recording now
    await patient("Fay Fox", "fay", "dra"); // last night closed as Incomplete
    await patient("Dan Dore", "dan", "drb"); // last night 5 days ago
    const now = Date.now();
    // Ana: last night, 6 h asleep of 7 h in bed, by webhook.
    const stages = [...fill(60, 0), ...fill(720, 1)];
    const start = new Date(now - DAY).toISOString();
    assert.equal((await postWebhook(target, sessionComplete({ userId: "asleep-ana", sessionId: "ana-1", startTime: start, endTime: new Date(now - DAY + stages.length * 30_000).toISOString(), timezone: "Europe/Paris", sleepStages: stages, stat: {} }))).status, 200);
    // Dan: a short night five days ago.
    const danStart = new Date(now - 5 * DAY).toISOString();
    assert.equal((await postWebhook(target, sessionComplete({ userId: "asleep-dan", sessionId: "dan-1", startTime: danStart, endTime: new Date(now - 5 * DAY + 3600_000).toISOString(), timezone: "UTC", sleepStages: fill(120, 1), stat: {} }))).status, 200);
    // Cara: two analyses tonight.
    for (const seq of [0, 1]) assert.equal((await postWebhook(target, inferenceBlock("asleep-cara", "cara-tonight", seq))).status, 200);
    // Fay (her account in Tokyo): a complete night ("Monday"), then one a day later closed as Incomplete
    // ("Tuesday", what the back-fill worker does after INCOMPLETE_AFTER of silence) without a zone of its
    // own. It starts at 05:00 UTC, 14:00 in Tokyo: its day is its start's date in Tokyo (after noon),
    // the day before in UTC (before noon).
    await query(database.url, "UPDATE app_user SET timezone = 'Asia/Tokyo' WHERE email = 'fay@board.test'");
    fayStart = Math.floor((now - 3600_000 - 5 * 3600_000) / DAY) * DAY + 5 * 3600_000;
    await query(
      database.url,
      `INSERT INTO sleep_session (id, user_id, state, start_time, end_time, timezone, sleep_stages, snoring_stages, epoch_source_seq, updated_at)
       VALUES ('fay-0', 'asleep-fay', 'COMPLETE', $1, $2, 'Asia/Tokyo', $3::smallint[], '{}', '{}', now())`,
      [new Date(fayStart - DAY), new Date(fayStart - DAY + 60 * 30_000), fill(60, 2)],
    );
    await query(
      database.url,
      `INSERT INTO sleep_session (id, user_id, state, start_time, timezone, sleep_stages, snoring_stages, epoch_source_seq, incomplete_reason, updated_at)
       VALUES ('fay-1', 'asleep-fay', 'INCOMPLETE', $1, NULL, $2::smallint[], '{}', '{}', 'NOTHING_MORE', now())`,
      [new Date(fayStart), [...fill(100, 1), ...fill(20, 0)]],
    );
    // Alerts are raised by the clinic's rules (another part of the app): here, rows as it writes them.
    const [ana] = await query<{ id: string }>(database.url, "SELECT id FROM app_user WHERE email = 'ana@board.test'");
    await query(database.url, `INSERT INTO alert (id, patient_id, rule, cause_key, reason, state) VALUES ('a1', $1, 'short-sleep', 'k1', '3 nights under 5 h', 'OPEN'), ('a2', $1, 'waso', 'k2', 'Long awakenings on 2 nights', 'ACKNOWLEDGED'), ('a3', $1, 'waso', 'k3', 'Resolved: not shown', 'RESOLVED')`, [ana!.id]);
    // Eight more of Dr A's patients with months of nights, none flagged.
    const [dra] = await query<{ id: string }>(database.url, "SELECT id FROM app_user WHERE email = 'dra@board.test'");
    await seedClinic(database.url, { patients: 8, nightsEach: 40, clinicianIds: [dra!.id], prefix: "bt" });
    for (const [i, who] of ["root", "dra", "drb", "ana"].entries()) {
      const result = await signIn(server, `${who}@board.test`, PASSWORD, `127.0.3.${i + 1}`);
      assert.ok(result.cookie, `${who} signs in`);
      cookies[who] = result.cookie!;
    }
  });

  after(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("a clinician sees only their patients, flagged first, each flag with its reason", async () => {
    const { status, body, headers } = await board("dra");
    assert.equal(status, 200);
    assert.equal(body.total, 12);
    assert.equal(body.pages, 1);
    assert.ok(!names(body).includes("Dan Dore"));
    // Ana (two open alerts) before Ben (no night yet): both flagged, ahead of everyone else.
    assert.deepEqual(names(body).slice(0, 2), ["Ana Alves", "Ben Berg"]);
    assert.deepEqual(body.rows[0]!.flags.map((f) => f.reason).sort(), ["3 nights under 5 h", "Long awakenings on 2 nights"]);
    assert.equal(body.rows[0]!.openAlerts, 2);
    assert.deepEqual(body.rows[1]!.flags, [{ kind: "no-data", reason: "No night recorded yet", words: { key: "noNightYet" }, alertId: null, sessionId: null, isNew: false }]);
    // Each open alert is an item of its own, linked to the alert.
    assert.deepEqual(body.rows[0]!.flags.map((f) => f.alertId).sort(), ["a1", "a2"]);
    assert.ok(body.rows.slice(2).every((r) => r.flags.length === 0));
    assert.match(headers.get("server-timing") ?? "", /^board;dur=[\d.]+;desc="\d+ queries"$/);
  });

  it("marks what is new since the clinician's last visit to the board page: patients assigned and alerts raised since", async () => {
    await query(database.url, "UPDATE app_user SET board_last_visit_at = now() - interval '1 minute' WHERE email = 'dra@board.test'");
    // The clinic as it was at that visit: patients assigned and alerts raised the day before; then one alert.
    await query(database.url, "UPDATE care_assignment SET created_at = now() - interval '1 day'");
    await query(database.url, "UPDATE alert SET raised_at = now() - interval '1 day'");
    await query(database.url, "UPDATE alert SET raised_at = now() WHERE id = 'a1'");
    try {
      const rows = (await board("dra")).body.rows;
      const ana = rows.find((r) => r.name === "Ana Alves")!;
      assert.deepEqual(ana.flags.filter((f) => f.isNew).map((f) => f.alertId), ["a1"]);
      // Everyone was assigned before that visit: no one is a new patient.
      assert.ok(rows.every((r) => r.flags.every((f) => f.kind !== "new-patient")));
      await query(database.url, "UPDATE app_user SET board_last_visit_at = '2000-01-01' WHERE email = 'dra@board.test'");
      const all = (await board("dra")).body.rows;
      assert.ok(all.every((r) => r.flags.some((f) => f.kind === "new-patient" && f.reason === "New patient since your last visit")));
    } finally {
      await query(database.url, "UPDATE app_user SET board_last_visit_at = NULL WHERE email = 'dra@board.test'");
    }
  });

  it("last night is the newest night that ended, complete or Incomplete (said so), with its figures and its day in its best zone; tonight is live", async () => {
    const { body } = await board("dra", "?sort=name");
    const row = (name: string) => body.rows.find((r) => r.name === name)!;
    const ana = row("Ana Alves").lastNight!;
    assert.equal(ana.state, "COMPLETE");
    assert.equal(ana.totalSleepSeconds, 720 * 30);
    assert.equal(ana.timeInBedSeconds, 780 * 30);
    assert.ok(Math.abs(ana.efficiencyPercent! - (100 * 720) / 780) < 1e-9);
    // As every page shows it: 720 ÷ 780 = 92.3 % → 92 %.
    assert.equal(ana.efficiencyShownPercent, 92);
    assert.equal(row("Ana Alves").adherence.adherentDays, 1); // one night of 6 h in the 30 days
    assert.equal(row("Ana Alves").adherence.meets, false);
    // A complete Monday, then an Incomplete Tuesday: the board's last night is Tuesday's, marked so (a
    // clinician must see the last night failed).
    const fay = row("Fay Fox").lastNight!;
    assert.equal(fay.id, "fay-1");
    assert.equal(fay.state, "INCOMPLETE");
    assert.equal(fay.totalSleepSeconds, 100 * 30);
    // Without a zone of its own it is drawn in the account's, and dated there, not in UTC.
    assert.equal(fay.zone?.name, "Asia/Tokyo");
    assert.equal(fay.day, new Date(fayStart).toISOString().slice(0, 10));
    assert.equal(row("Cara Cruz").open!.id, "cara-tonight");
    assert.equal(row("Cara Cruz").open!.sleepStages.length, 20);
    assert.equal(row("Ben Berg").lastNight, null);
  });

  it("searches name, e-mail and Asleep id, case-insensitive and partial", async () => {
    assert.deepEqual(names((await board("dra", "?q=ANA")).body), ["Ana Alves"]);
    assert.deepEqual(names((await board("dra", "?q=fay%40board")).body), ["Fay Fox"]);
    assert.deepEqual(names((await board("dra", "?q=asleep-ca")).body), ["Cara Cruz"]);
    assert.deepEqual(names((await board("dra", "?q=dan")).body), []); // not hers
    assert.deepEqual(names((await board("dra", "?q=%25")).body), []); // a wildcard is searched for, not obeyed
  });

  it("sorts by any column, both ways", async () => {
    const byName = names((await board("dra", "?sort=name")).body);
    assert.deepEqual(byName, [...byName].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    assert.deepEqual(names((await board("dra", "?sort=name&dir=desc")).body), [...byName].reverse());
    const bySleep = (await board("dra", "?sort=total-sleep&dir=asc")).body.rows;
    const sleeps = bySleep.filter((r) => r.lastNight).map((r) => r.lastNight!.totalSleepSeconds);
    assert.deepEqual(sleeps, [...sleeps].sort((a, b) => a - b));
    assert.equal(bySleep.at(-1)!.lastNight, null); // no night: last either way
    assert.equal((await board("dra", "?sort=total-sleep&dir=desc")).body.rows.at(-1)!.lastNight, null);
    const byAdherence = (await board("dra", "?sort=adherence")).body.rows.map((r) => r.adherence.adherentDays);
    assert.deepEqual(byAdherence, [...byAdherence].sort((a, b) => a - b));
    assert.equal((await board("dra", "?sort=alerts")).body.rows[0]!.name, "Ana Alves");
    assert.equal((await board("dra", "?sort=tonight")).body.rows[0]!.name, "Cara Cruz");
    const byLast = (await board("dra", "?sort=last-night")).body.rows.filter((r) => r.lastNight).map((r) => Date.parse(r.lastNight!.startTime!));
    assert.deepEqual(byLast, [...byLast].sort((a, b) => b - a));
    for (const sort of ["efficiency", "flags"]) assert.equal((await board("dra", `?sort=${sort}&dir=asc`)).status, 200);
  });

  it("sorts by the last note: the newest first, patients without a note last, either way", async () => {
    const write = async (asleepUserId: string, text: string) => {
      const res = await fetch(`${server.url}/api/patients/${asleepUserId}/notes`, {
        method: "POST",
        headers: { cookie: cookies.dra!, origin: server.url, "content-type": "application/json" },
        body: JSON.stringify({ text }),
      });
      assert.equal(res.status, 201, await res.text());
    };
    await write("asleep-fay", "Asked about the incomplete night");
    await write("asleep-ana", "Short nights: call on Monday");
    const byNote = (await board("dra", "?sort=last-note")).body.rows;
    assert.deepEqual(byNote.slice(0, 2).map((r) => [r.name, r.lastNote?.text]), [
      ["Ana Alves", "Short nights: call on Monday"],
      ["Fay Fox", "Asked about the incomplete night"],
    ]);
    assert.ok(byNote.slice(2).every((r) => r.lastNote === null));
    const ascending = (await board("dra", "?sort=last-note&dir=asc")).body.rows;
    assert.deepEqual(ascending.slice(0, 2).map((r) => r.name), ["Fay Fox", "Ana Alves"]);
    assert.equal(ascending.at(-1)!.lastNote, null);
  });

  it("filters: flagged, recording now, no data for N days, below adherence, a clinician's (admins)", async () => {
    assert.deepEqual(names((await board("dra", "?flag=flagged")).body), ["Ana Alves", "Ben Berg"]);
    assert.deepEqual(names((await board("dra", "?flag=recording")).body), ["Cara Cruz"]);
    assert.deepEqual(names((await board("root", "?flag=no-data&sort=name")).body), ["Ben Berg", "Dan Dore"]);
    assert.deepEqual(names((await board("root", "?flag=no-data&days=10&sort=name")).body), ["Ben Berg"]);
    const dan = (await board("root", "?q=dan")).body.rows[0]!;
    // The board's no-data finding and any no-data alert the clinic's rules raised are one item, in the
    // rule's words, counted from now.
    const noData = dan.flags.filter((f) => f.kind === "no-data");
    assert.equal(noData.length, 1, JSON.stringify(dan.flags));
    assert.match(noData[0]!.reason, /^No data for \d+ nights? \(since \w{3} \d{1,2} \w{3}\)$/);
    const all = (await board("dra")).body.rows;
    const below = (await board("dra", "?flag=below-adherence")).body;
    assert.equal(below.total, all.filter((r) => !r.adherence.meets).length);
    assert.ok(below.rows.every((r) => !r.adherence.meets));
    assert.ok(below.total > 0 && below.total < all.length, "some meet the rule, some do not");
    assert.deepEqual(names((await board("root", "?clinician=drb%40board.test")).body), ["Dan Dore"]);
    assert.equal((await board("root", "?clinician=dra%40board.test")).body.total, 12);
    assert.equal((await board("root")).body.total, 13);
    const refused = await board("dra", "?clinician=drb%40board.test");
    assert.equal(refused.status, 400);
    assert.equal(refused.body.issues![0]!.path, "clinician");
  });

  it("pages at a fixed size with the total, and every patient is on exactly one page", async () => {
    const first = (await board("dra", "?sort=name&size=10")).body;
    const second = (await board("dra", "?sort=name&size=10&page=2")).body;
    assert.equal(first.total, 12);
    assert.equal(first.pages, 2);
    assert.equal(first.rows.length, 10);
    assert.equal(second.rows.length, 2);
    assert.equal(new Set([...names(first), ...names(second)]).size, 12);
    const beyond = (await board("dra", "?size=10&page=9")).body;
    assert.equal(beyond.rows.length, 0);
    assert.equal(beyond.total, 12);
  });

  it("refuses what it cannot read with a 400 naming the parameter; a patient has no board; no cookie, 401", async () => {
    for (const [search, parameter] of [["?sort=shoe", "sort"], ["?dir=up", "dir"], ["?flag=red", "flag"], ["?page=0", "page"], ["?days=many", "days"], ["?size=1000", "size"]] as const) {
      const res = await board("dra", search);
      assert.equal(res.status, 400, search);
      assert.equal(res.body.issues![0]!.path, parameter, search);
    }
    const unknown = await board("dra", "?colour=red");
    assert.equal(unknown.status, 400);
    assert.match(JSON.stringify(unknown.body.issues), /colour/);
    assert.equal((await board("ana")).status, 404);
    assert.equal((await getJson(server, "/api/board.csv", cookies.ana)).status, 404);
    assert.equal((await getJson(server, "/api/board")).status, 401);
  });

  it("the CSV holds every page of the view, in the board's order, with zones and local times", async () => {
    const json = (await board("dra", "?sort=name&size=10")).body;
    const res = await getJson(server, "/api/board.csv?sort=name&size=10", cookies.dra);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/csv/);
    assert.match(res.headers.get("content-disposition") ?? "", /attachment; filename="board-.*\.csv"/);
    const lines = res.text.trimEnd().split("\r\n");
    assert.equal(lines.length, 1 + 12); // header and all 12, not the first page's 10
    assert.deepEqual(lines.slice(1, 11).map((l) => l.split(",")[0]), names(json));
    const ana = lines.find((l) => l.startsWith("Ana Alves"))!;
    assert.match(ana, /3 nights under 5 h/);
    assert.match(ana, /,Europe\/Paris,/);
    assert.match(ana, /,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00,/);
    // Fay's last night is the Incomplete one, dated in the zone its page uses (her account's), not UTC.
    const fay = lines.find((l) => l.startsWith("Fay Fox"))!;
    assert.ok(fay.includes(`,${new Date(fayStart).toISOString().slice(0, 10)},incomplete,`), fay);
    assert.equal((await getJson(server, "/api/board.csv?flag=nope", cookies.dra)).status, 400);
    const [logged] = await query<{ n: string }>(database.url, "SELECT count(*) AS n FROM access_log WHERE action = 'export' AND resource = 'board CSV' AND viewer_email = 'dra@board.test'");
    assert.equal(Number(logged!.n), 12);
  });

  it("a page costs the same number of queries whatever its size (no N+1)", async () => {
    const db = countingDb(createDb({ connectionString: database.url, poolSize: 2 }));
    try {
      const [root] = await query<{ id: string }>(database.url, "SELECT id FROM app_user WHERE email = 'root@board.test'");
      const admin = { accountId: root!.id, sessionId: "s", email: "root@board.test", name: "Root", role: "admin" as const, asleepUserId: null };
      const count = async (size: number) => {
        const m = await measure(() => boardPage(db, admin, boardQuerySchema.parse({ size: String(size), sort: "name" }), { rule: USUAL_RULE }));
        assert.equal(m.result.rows.length, Math.min(size, 13));
        return m.queries;
      };
      // The first page a database client serves also reads, once, which zones the database knows (server/data/zones.ts).
      await count(10);
      const [ten, fifty] = [await count(10), await count(50)];
      console.log(`[figures] board queries per page: ${ten} at 10 rows, ${fifty} at 13 rows (page size 50)`);
      assert.equal(ten, fifty);
      assert.ok(ten <= 8, `${ten} queries`);
    } finally {
      await db.$disconnect();
    }
  });
});
