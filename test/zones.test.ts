// Zone names against PostgreSQL's own tz database, on the PostgreSQL server and on PGlite (whose tz
// database is compiled into its WASM build, not the server's): every zone id Node's Intl knows (the ids
// Intl.supportedValuesOf lists, ICU's aliases it does not list, and every name the database knows, in
// any case) is either refused, or kept in a form the board's SQL (server/data/board.ts) reads at the
// same offset as Intl reads what was sent; any stored value, readable or not, is read by the SQL as the
// pages read it (lib/time/zone.ts storedZone) and never fails it; and the migration gives nights
// stored before zones were normalised the zone Intl reads them as.

import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import pino from "pino";
import { shortDay } from "../lib/alerts/rules";
import type { BoardPage } from "../lib/live/events";
import { addDays, nightOf, USUAL_RULE } from "../lib/sleep/adherence";
import { normaliseZone, storedZone, zoneAsSent } from "../lib/time/zone";
import { evaluateNight } from "../server/alerts/evaluate";
import { knownZones, localTime } from "../server/data/board";
import { readableZoneNames } from "../server/data/zones";
import { createDb } from "../server/db/client";
import { Prisma } from "../server/db/generated/client";
import { getJson, signIn, usersCli } from "./support/accounts";
import { createTestDatabase, query, QUIET_CLOCK, settledTableContents, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { postWebhook, sessionComplete, type WebhookTarget } from "./support/webhook";

/**
 * Ids ICU (Node's Intl) accepts that the tz database does not have, so Intl.supportedValuesOf does not
 * list them and no pg_timezone_names does: its Java-style ids and SystemV zones, and two names the tz
 * database dropped (ICU's zoneinfo64.txt, "Names", less the tz database's names).
 */
const ICU_ONLY = [
  ...["ACT", "AET", "AGT", "ART", "AST", "BET", "BST", "CAT", "CNT", "CST", "CTT", "EAT", "ECT", "IET", "IST", "JST", "MIT", "NET", "NST", "PLT", "PNT", "PRT", "PST", "SST", "VST"],
  ...["AST4", "AST4ADT", "CST6", "CST6CDT", "EST5", "EST5EDT", "HST10", "MST7", "MST7MDT", "PST8", "PST8PDT", "YST9", "YST9YDT"].map((z) => `SystemV/${z}`),
  "US/Pacific-New",
  "Canada/East-Saskatchewan",
];

/** Values no writer stores, that a row could still hold (typed in by hand): read by neither side, failing nothing. */
const JUNK = ["", " Europe/Paris", "Europe/Paris ", "Mars/Olympus", "+99:00", "+09:75", "UTC+\u0669", "Etc/GMT+13", "posix/Europe/Paris", "Europe//Paris", "'; SELECT 1; --"];

/**
 * Instants in the winter and summer of both hemispheres. Past ones: the tz databases of Node, Debian's
 * PostgreSQL and PGlite agree on the past; on rules decided since (British Columbia's, Morocco's from
 * late 2026) PGlite's newer one differs from Node's.
 */
const INSTANTS = ["2024-01-15T12:00:00Z", "2024-07-15T03:00:00Z", "2025-02-10T21:00:00Z", "2025-08-20T09:30:00Z"];

const formats = new Map<string, Intl.DateTimeFormat>();
/** The wall-clock time Intl reads at `iso` in `zone`, "2024-01-15T13:00:00"; an offset zone read as lib does. */
function intlLocal(zone: string, iso: string): string {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    formats.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}

/** The wall-clock time at `iso` in a zone lib/time/zone.ts keeps (an offset such as "+05:30" included). */
function libLocal(zone: string, iso: string): string {
  const offset = /^([+-])(\d{2}):(\d{2})$/.exec(zone);
  if (!offset) return intlLocal(zone, iso);
  const minutes = (offset[1] === "+" ? 1 : -1) * (Number(offset[2]) * 60 + Number(offset[3]));
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString().slice(0, 19);
}

const intlAccepts = (zone: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

interface Backend {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

async function postgresBackend(): Promise<Backend> {
  // Empty: these tests apply the migrations themselves, one by one.
  const database: TestDatabase = await createTestDatabase({ empty: true });
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  return {
    query: async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[],
    exec: async (sql) => void (await client.query(sql)),
    async close() {
      await client.end();
      await database.drop();
    },
  };
}

/** PGlite in this process: the same WASM build, with the same tz database, as the app's embedded one. */
async function pgliteBackend(): Promise<Backend> {
  const db = await PGlite.create();
  return {
    query: async <T>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows,
    exec: async (sql) => void (await db.exec(sql)),
    close: () => db.close(),
  };
}

const MIGRATIONS = path.resolve(__dirname, "../prisma/migrations");
const THIS_MIGRATION = "20261206020000_readable_zones";

for (const [label, open] of [["PostgreSQL server", postgresBackend], ["PGlite", pgliteBackend]] as const) {
  describe(`zone names on ${label}`, { timeout: 300_000 }, () => {
    let db: Backend;
    let names: string[];

    before(async () => {
      db = await open();
      names = (await db.query<{ name: string }>("SELECT name FROM pg_timezone_names")).map((r) => r.name);
    });

    after(async () => {
      await db?.close();
    });

    /** The board's reading (localTime) of each stored value at each instant: wall-clock text, or null. */
    async function boardReads(values: string[]): Promise<Map<string, string | null>> {
      const statement = Prisma.sql`
        WITH ${knownZones(readableZoneNames(names))}
        SELECT z.v, i.at, to_char(${localTime(Prisma.sql`i.at::timestamptz`, Prisma.raw("z.v"))}, 'YYYY-MM-DD"T"HH24:MI:SS') AS local
          FROM unnest(${values}::text[]) AS z(v) CROSS JOIN unnest(${INSTANTS}::text[]) AS i(at)`;
      const rows = await db.query<{ v: string; at: string; local: string | null }>(statement.text, statement.values);
      return new Map(rows.map((r) => [`${r.v}@${r.at}`, r.local]));
    }

    it("keeps every zone Intl knows in a form this database reads at Intl's offsets, or refuses it: ids Intl lists, ICU's own, the database's, in any case", async () => {
      const ids = [...new Set([...Intl.supportedValuesOf("timeZone"), ...ICU_ONLY, ...names])];
      const candidates = [...new Set(ids.flatMap((id) => [id, id.toLowerCase(), id.toUpperCase()]))].filter(intlAccepts);
      assert.ok(candidates.length > 1_500, `${candidates.length} ids`);
      const known = new Set(names.map((n) => n.toLowerCase()));
      const kept: Array<{ sent: string; stored: string }> = [];
      const problems: string[] = [];
      for (const sent of candidates) {
        // What a person sets (their account, `npm run users`, the admin page) and what a webhook stores.
        for (const stored of new Set([normaliseZone(sent), zoneAsSent(sent)])) {
          if (stored === null) continue;
          kept.push({ sent, stored });
          if (storedZone(stored) === null) problems.push(`${sent} kept as ${stored}, which the pages do not read`);
          else if (!known.has(stored.toLowerCase()) && stored !== "UTC") problems.push(`${sent} kept as ${stored}, not in pg_timezone_names`);
        }
        // A night from Asleep is never left without the zone it names when one exists: only a zone Intl
        // itself does not list (SystemV/AST4) has no equivalent.
        if (zoneAsSent(sent) === null && Intl.supportedValuesOf("timeZone").includes(new Intl.DateTimeFormat("en", { timeZone: sent }).resolvedOptions().timeZone)) {
          problems.push(`${sent} was dropped though Intl reads it as a zone it lists`);
        }
      }
      assert.deepEqual(problems, []);
      const reads = await boardReads([...new Set(kept.map((k) => k.stored))]);
      const misread: string[] = [];
      for (const { sent, stored } of kept) {
        for (const at of INSTANTS) {
          const want = intlLocal(sent, at);
          if (reads.get(`${stored}@${at}`) !== want) misread.push(`${sent} kept as ${stored}: at ${at} the board reads ${reads.get(`${stored}@${at}`)}, Intl reads ${want}`);
        }
      }
      assert.deepEqual(misread, []);
      // The ones the issue names became the zone Intl reads them as, and something was refused.
      assert.equal(zoneAsSent("CTT"), "Asia/Shanghai");
      assert.ok(kept.some((k) => k.sent === "VST") && kept.some((k) => k.sent === "US/Pacific-New"));
      assert.ok(candidates.some((c) => normaliseZone(c) === null), "SystemV zones are refused");
    });

    it("reads any stored value as the pages do, never failing on one it cannot read (one bad row fails no page)", async () => {
      const values = [...new Set([...ICU_ONLY, ...names, ...Intl.supportedValuesOf("timeZone"), ...ICU_ONLY.map((z) => z.toLowerCase()), ...JUNK, "+09:00", "UTC+9", "GMT-3", "+0530", "-13:00", "Z", "europe/paris", "Asia/Kolkata"])];
      const reads = await boardReads(values);
      const problems: string[] = [];
      for (const value of values) {
        const page = storedZone(value);
        for (const at of INSTANTS) {
          const board = reads.get(`${value}@${at}`) ?? null;
          const want = page === null ? null : libLocal(page, at);
          if (board !== want) problems.push(`${JSON.stringify(value)} at ${at}: the board reads ${board}, the pages ${want}`);
        }
      }
      assert.deepEqual(problems, []);
      // The values that failed the board before: unread, on both sides.
      for (const value of ["CTT", "AET", "VST", "US/Pacific-New", "SystemV/AST4"]) assert.equal(reads.get(`${value}@${INSTANTS[0]}`), null, value);
    });

    it("the night_own_day migration dates a night in its own zone as the pages do (lib/sleep/adherence.ts nightOf), or leaves it undated", async () => {
      // The function and the table it reads, as the migration makes them; readable_zone as the app fills it at start.
      const migration = readFileSync(path.join(MIGRATIONS, "20261208050000_night_own_day", "migration.sql"), "utf8");
      await db.exec(/CREATE TABLE "readable_zone"[\s\S]*?\);/.exec(migration)![0]);
      await db.exec(/CREATE FUNCTION "night_own_day"[\s\S]*?\$\$;/.exec(migration)![0]);
      await db.query("INSERT INTO readable_zone (name) SELECT unnest($1::text[])", [readableZoneNames(names)]);
      const values = [...new Set([...ICU_ONLY, ...names, ...Intl.supportedValuesOf("timeZone"), ...JUNK, "+09:00", "UTC+9", "GMT-3", "+0530", "-13:00", "+14:00", "Z", "europe/paris", "Asia/Kolkata"])];
      // Either side of noon, local, somewhere: every hour of two days.
      const instants = [...INSTANTS, ...Array.from({ length: 48 }, (_, h) => new Date(Date.UTC(2025, 2, 30, h, 5)).toISOString())];
      const rows = await db.query<{ v: string; at: string; day: string | null }>(
        "SELECT z.v, i.at, night_own_day(i.at::timestamptz, z.v)::text AS day FROM unnest($1::text[]) AS z(v) CROSS JOIN unnest($2::text[]) AS i(at)",
        [values, instants],
      );
      const problems: string[] = [];
      for (const r of rows) {
        const page = storedZone(r.v);
        const want = page === null ? null : nightOf(Date.parse(r.at), page);
        if (r.day !== want) problems.push(`${JSON.stringify(r.v)} at ${r.at}: stored ${r.day}, the pages ${want}`);
      }
      assert.deepEqual(problems.slice(0, 20), []);
      assert.ok(rows.filter((r) => r.day !== null).length > values.length, "most values are dated");
    });

    it("the migration gives nights and accounts stored before zones were normalised the zone Intl reads them as", async () => {
      const migrations = readdirSync(MIGRATIONS).filter((m) => existsSync(path.join(MIGRATIONS, m, "migration.sql"))).sort();
      assert.ok(migrations.includes(THIS_MIGRATION), `${THIS_MIGRATION} exists`);
      for (const m of migrations.filter((m) => m < THIS_MIGRATION)) await db.exec(readFileSync(path.join(MIGRATIONS, m, "migration.sql"), "utf8"));
      const nights: Array<[string | null, string | null]> = [
        ["CTT", "Asia/Shanghai"],
        ["us/pacific-new", "America/Los_Angeles"],
        ["CET", "Europe/Brussels"],
        ["IST", normaliseZone("IST")],
        ["US/Pacific", "America/Los_Angeles"],
        ["SystemV/AST4", null],
        // Read as they are: unchanged.
        ["Europe/Paris", "Europe/Paris"],
        ["asia/kolkata", "asia/kolkata"],
        ["+09:00", "+09:00"],
        ["UTC+9", "UTC+9"],
        [null, null],
      ];
      await db.exec(`INSERT INTO app_user (id, email, name, role, asleep_user_id, timezone, created_at, updated_at) VALUES
        ('mig-1', 'mig1@zones.test', 'One', 'patient', 'mig-asleep-1', 'AET', now(), now()),
        ('mig-2', 'mig2@zones.test', 'Two', 'patient', 'mig-asleep-2', 'Etc/GMT-9', now(), now())`);
      for (const [i, [zone]] of nights.entries()) {
        await db.query(
          `INSERT INTO sleep_session (id, user_id, state, start_time, timezone, sleep_stages, snoring_stages, epoch_source_seq, updated_at) VALUES ($1, 'mig-asleep-1', 'COMPLETE', now(), $2, '{1}', '{}', '{}', now())`,
          [`mig-night-${i}`, zone],
        );
      }
      await db.exec(readFileSync(path.join(MIGRATIONS, THIS_MIGRATION, "migration.sql"), "utf8"));
      const stored = await db.query<{ id: string; timezone: string | null }>(`SELECT id, timezone FROM sleep_session WHERE id LIKE 'mig-night-%'`);
      const byId = new Map(stored.map((r) => [r.id, r.timezone]));
      assert.deepEqual(
        nights.map((_, i) => byId.get(`mig-night-${i}`)),
        nights.map(([, want]) => want),
      );
      // Each is now read as stored, at the offsets Intl read the old name at.
      for (const [i, [before]] of nights.entries()) {
        const after = byId.get(`mig-night-${i}`);
        if (before === null || after === null || after === undefined) continue;
        assert.ok(storedZone(after), after);
        for (const at of INSTANTS) assert.equal(libLocal(storedZone(after)!, at), libLocal(normaliseZone(before)!, at), `${before} → ${after} at ${at}`);
      }
      const accounts = await db.query<{ id: string; timezone: string | null }>(`SELECT id, timezone FROM app_user WHERE id LIKE 'mig-%' ORDER BY id`);
      assert.deepEqual(accounts.map((a) => a.timezone), ["Australia/Sydney", "Etc/GMT-9"]);
    });
  });
}

// ── The app, over HTTP ──────────────────────────────────────────────────────────────────────────────

const API_KEY = "zones-test-key-0123456789";
const PASSWORD = "a long enough passphrase";
const DAY_MS = 86_400_000;
const SORTS = ["flags", "name", "tonight", "last-night", "total-sleep", "efficiency", "adherence", "alerts", "last-note"];
const FLAGS = ["all", "flagged", "recording", "no-data", "below-adherence"];

for (const backend of ["PostgreSQL server", "PGlite"] as const) {
  describe(`one zone name does not take down the board, on ${backend}`, { timeout: 600_000 }, () => {
    let database: TestDatabase | undefined;
    let server: RunningServer;
    let target: WebhookTarget;
    const cookies: Record<string, string> = {};
    // Ana's newest night, stored before zones were normalised with ICU's "CTT" (Asia/Shanghai to Node,
    // unknown to PostgreSQL). It began at 09:30 UTC: before noon in Paris (her account's zone), so the
    // night of the day before; after noon in Shanghai.
    const badStart = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() - 3, 9, 30);
    const parisDay = nightOf(badStart, "Europe/Paris");
    const send = (method: "POST" | "PUT", pathname: string, who: string, body: unknown) =>
      fetch(`${server.url}${pathname}`, { method, headers: { cookie: cookies[who]!, origin: server.url, "content-type": "application/json" }, body: JSON.stringify(body) });
    const complete = (userId: string, sessionId: string, startMs: number, timezone: string) =>
      postWebhook(target, sessionComplete({ userId, sessionId, startTime: new Date(startMs).toISOString(), endTime: new Date(startMs + 480 * 30_000).toISOString(), timezone, sleepStages: Array<number>(480).fill(1), stat: {} }));

    before(async () => {
      assert.notEqual(parisDay, nightOf(badStart, "Asia/Shanghai"), "the two zones date the night differently");
      target = { url: "", apiKey: API_KEY };
      if (backend === "PostgreSQL server") database = await createTestDatabase();
      server = await startServer({ databaseUrl: database?.url, apiKey: API_KEY, env: QUIET_CLOCK });
      target.url = server.url;
      await usersCli(server, ["add", "--email", "root@zones.test", "--name", "Root", "--password", PASSWORD, "--role", "admin"]);
      await usersCli(server, ["add", "--email", "dr@zones.test", "--name", "Dr Zone", "--password", PASSWORD, "--role", "clinician"]);
      const patient = (id: string, name: string, zone: string) =>
        usersCli(server, ["add", "--email", `${id}@zones.test`, "--name", name, "--password", PASSWORD, "--role", "patient", "--asleep-user-id", `asleep-${id}`, "--clinician", "dr@zones.test", "--timezone", zone]);
      await patient("ana", "Ana", "Europe/Paris");
      // Set by a person as ICU's alias (its zone is checked below).
      await patient("bo", "Bo", "AET");
      await patient("cy", "Cy", "UTC");
      for (const [i, who] of ["root", "dr", "ana"].entries()) cookies[who] = (await signIn(server, `${who}@zones.test`, PASSWORD, `127.0.7.${i + 1}`)).cookie!;
      assert.equal((await complete("asleep-ana", "ana-older", badStart - 4 * DAY_MS, "Europe/Paris")).status, 200);
      // From Asleep: an alias PostgreSQL cannot read, and one with no equivalent at all.
      assert.equal((await complete("asleep-bo", "bo-ctt", badStart - 2 * DAY_MS, "CTT")).status, 200);
      assert.equal((await complete("asleep-bo", "bo-systemv", badStart - DAY_MS, "SystemV/AST4")).status, 200);
      // Rows as they were stored before this fix, written straight into the database once the app is idle.
      await settledTableContents(server.databaseUrl);
      const night = (id: string, user: string, state: string, startMs: number, zone: string | null) =>
        query(
          server.databaseUrl,
          `INSERT INTO sleep_session (id, user_id, state, start_time, end_time, timezone, sleep_stages, snoring_stages, epoch_source_seq, timeline_final, updated_at)
           VALUES ($1, $2, $3::"SessionState", $4, CASE WHEN $3 = 'OPEN' THEN NULL ELSE $5::timestamptz END, $6, array_fill(1::smallint, ARRAY[480]), '{}', '{}', $3 <> 'OPEN', now())`,
          [id, user, state, new Date(startMs), new Date(startMs + 480 * 30_000), zone],
        );
      await night("ana-bad", "asleep-ana", "COMPLETE", badStart, "CTT");
      // Cy: every zone known of him unreadable (his account's, tonight's, his last night's).
      await query(server.databaseUrl, `UPDATE app_user SET timezone = 'US/Pacific-New' WHERE email = 'cy@zones.test'`);
      await night("cy-last", "asleep-cy", "COMPLETE", badStart, "SystemV/AST4");
      await night("cy-tonight", "asleep-cy", "OPEN", Date.now() - 3_600_000, "VST");
    });

    after(async () => {
      await server?.stop();
      await database?.drop();
    });

    it("the board answers every view and sort, for an admin and a clinician, and its CSV, with the night dated in the best zone known", async () => {
      const failed: string[] = [];
      for (const who of ["root", "dr"]) {
        const views = [...SORTS.flatMap((sort) => ["asc", "desc"].map((dir) => `?sort=${sort}&dir=${dir}`)), ...FLAGS.map((flag) => `?flag=${flag}&days=2`)];
        for (const view of views) {
          const res = await getJson(server, `/api/board${view}`, cookies[who]);
          if (res.status !== 200) failed.push(`${who} /api/board${view}: ${res.status} ${res.text.slice(0, 200)}`);
        }
        for (const view of ["", "?sort=adherence", "?flag=below-adherence"]) {
          const res = await getJson(server, `/api/board.csv${view}`, cookies[who]);
          if (res.status !== 200) failed.push(`${who} /api/board.csv${view}: ${res.status}`);
        }
        const home = await getJson(server, "/", cookies[who]);
        if (home.status !== 200) failed.push(`${who} /: ${home.status}`);
      }
      assert.deepEqual(failed, []);
      const page = (await getJson(server, "/api/board?sort=adherence&size=50", cookies.dr)).body as unknown as BoardPage;
      const ana = page.rows.find((r) => r.asleepUserId === "asleep-ana")!;
      assert.equal(ana.lastNight?.id, "ana-bad");
      assert.deepEqual(ana.lastNight?.zone, { name: "Europe/Paris", source: "account" });
      assert.equal(ana.lastNight?.day, parisDay);
      const cy = page.rows.find((r) => r.asleepUserId === "asleep-cy")!;
      assert.equal(cy.lastNight?.zone, null);
      assert.equal(cy.open?.id, "cy-tonight");
      const csv = await getJson(server, "/api/board.csv", cookies.dr);
      assert.match(csv.text, new RegExp(`\r\nAna,ana@zones\\.test,asleep-ana,[^\r\n]*,${parisDay},complete,[^,]*,[^,]*,Europe/Paris,`));
    });

    it("the patient's page, their nights, the night's exports and the period report keep working, dated in the account's zone", async () => {
      for (const path of ["/patients/asleep-ana", "/patients/asleep-cy", "/sessions/ana-bad", "/sessions/cy-tonight"]) assert.equal((await getJson(server, path, cookies.dr)).status, 200, path);
      assert.equal((await getJson(server, "/", cookies.ana)).status, 200, "Ana's own home page");
      const detail = await getJson(server, "/api/sessions/ana-bad", cookies.dr);
      assert.deepEqual(detail.body.zone, { name: "Europe/Paris", source: "account" });
      const list = await getJson(server, "/api/sessions?userId=asleep-ana", cookies.dr);
      assert.deepEqual((list.body.sessions as Array<{ id: string; zone: unknown }>).find((s) => s.id === "ana-bad")?.zone, { name: "Europe/Paris", source: "account" });
      const epochs = await getJson(server, "/api/sessions/ana-bad/export.csv", cookies.dr);
      assert.equal(epochs.status, 200);
      assert.match(epochs.text.split("\r\n")[1]!, /,Europe\/Paris,/);
      for (const format of ["fhir", "omh"]) assert.equal((await getJson(server, `/api/sessions/ana-bad/${format}`, cookies.dr)).status, 200, format);
      const range = `from=${addDays(parisDay, -7)}&to=${addDays(parisDay, 1)}`;
      for (const route of ["report.pdf", "report.csv", "nights.csv", "fhir"]) assert.equal((await getJson(server, `/api/patients/asleep-ana/${route}?${range}`, cookies.dr)).status, 200, route);
      const nights = await getJson(server, `/api/patients/asleep-ana/nights.csv?${range}`, cookies.dr);
      assert.match(nights.text, new RegExp(`\\r\\n${parisDay},ana-bad,COMPLETE,Europe/Paris,`));
      assert.equal((await getJson(server, `/api/patients/asleep-cy/nights.csv?${range}`, cookies.dr)).status, 200);
    });

    it("alerts on that night are dated in the account's zone, and list", async () => {
      const db = createDb({ connectionString: server.databaseUrl, poolSize: 1 });
      try {
        const raised = await evaluateNight({ db, live: { publishAlert() {} }, logger: pino({ level: "silent" }), adherenceFallback: USUAL_RULE }, "ana-bad");
        assert.deepEqual(raised.map((a) => a.reason), [`Total sleep 4 h on ${shortDay(parisDay)} (under 5 h)`]);
      } finally {
        await db.$disconnect();
      }
      const alerts = await getJson(server, "/api/alerts", cookies.dr);
      assert.equal(alerts.status, 200);
      assert.match(alerts.text, new RegExp(shortDay(parisDay)));
    });

    it("a zone PostgreSQL cannot read is stored as the zone Intl reads it as; one with no equivalent is left out, the night kept", async () => {
      const ctt = await getJson(server, "/api/sessions/bo-ctt", cookies.dr);
      assert.equal(ctt.body.timezone, "Asia/Shanghai");
      assert.deepEqual(ctt.body.zone, { name: "Asia/Shanghai", source: "night" });
      const none = await getJson(server, "/api/sessions/bo-systemv", cookies.dr);
      assert.equal(none.body.timezone, null);
      assert.deepEqual(none.body.zone, { name: "Australia/Sydney", source: "account" });
      assert.equal((none.body.sleepStages as number[]).length, 480);
    });

    it("a person setting a zone with no equivalent gets a 400 naming the field; an alias is kept as the zone Intl reads it as", async () => {
      const bad = await send("PUT", "/api/account/timezone", "ana", { timezone: "SystemV/AST4" });
      assert.equal(bad.status, 400);
      assert.deepEqual(((await bad.json()) as { issues: Array<{ path: string }> }).issues.map((i) => i.path), ["timezone"]);
      const alias = await send("PUT", "/api/account/timezone", "ana", { timezone: "CTT" });
      assert.deepEqual(await alias.json(), { timezone: "Asia/Shanghai" });
      assert.equal((await send("PUT", "/api/account/timezone", "ana", { timezone: "Europe/Paris" })).status, 200);
      const refused = await send("POST", "/api/admin/accounts", "root", { email: "dee@zones.test", password: PASSWORD, role: "patient", asleepUserId: "asleep-dee", timezone: "SystemV/AST4" });
      assert.equal(refused.status, 400);
      assert.match(JSON.stringify(await refused.json()), /"path":"timezone","message":"SystemV\/AST4 is not a time zone/);
      await assert.rejects(
        usersCli(server, ["add", "--email", "dee@zones.test", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "asleep-dee", "--timezone", "SystemV/AST4"]),
        (error: Error & { stderr?: string }) => /timezone: SystemV\/AST4 is not a time zone/.test(error.stderr ?? ""),
      );
      const made = await send("POST", "/api/admin/accounts", "root", { email: "dee@zones.test", password: PASSWORD, role: "patient", asleepUserId: "asleep-dee", timezone: "US/Pacific-New" });
      assert.equal(made.status, 201);
      const list = await usersCli(server, ["list"]);
      assert.match(list, /dee@zones\.test\s+patient\s+asleep-dee\s+America\/Los_Angeles/);
      // Bo's, set with `npm run users -- add … --timezone AET`.
      assert.match(list, /bo@zones\.test\s+patient\s+asleep-bo\s+dr@zones\.test\s+Australia\/Sydney/);
    });
  });
}
