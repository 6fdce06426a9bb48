// Data rights and replay (issue 7), on the real server, on the embedded PGlite and on PostgreSQL: an
// admin exports everything held about one Asleep user, deletes it in one transaction, and then every
// table in the database is searched for anything that still mentions them, while another patient's
// data stays exactly as it was. An admin replays a lost delivery from the audit log. Only admins reach
// any of it, and state-changing requests must come from the app's own origin.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { io as connect, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents, SessionUpdateEvent } from "@/lib/live/events";
import { getJson, signIn, usersCli } from "./support/accounts";
import { appBackends } from "./support/backends";
import { query, type TestDatabase } from "./support/postgres";
import type { RunningServer } from "./support/server";
import { postWebhook, type WebhookTarget } from "./support/webhook";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const PASSWORD = "a long enough passphrase";
const API_KEY = "data-rights-key-0123456789";
const PEOPLE = ["ann", "bob"] as const;
type Person = (typeof PEOPLE)[number];
const asleepId = (p: Person) => `rights-${p}`;
const nightId = (p: Person, n: number) => `rights-${p}-night-${n}`;
const emailOf = (who: string) => `${who}@rights.test`;

const STAGES = [
  [0, 0, 1, 1, 1, 2, 2, 2, 1, 1],
  [1, 2, 2, 3, 3, 3, 1, 1, 2, 2],
];

const inference = (p: Person, night: string, seq: number) => ({
  event: "INFERENCE_COMPLETE",
  version: "V3",
  user_id: asleepId(p),
  session_id: night,
  inference_seq_num: seq,
  sleep_stages: STAGES[seq],
  snoring_stages: Array(10).fill(0),
});

const sessionComplete = (p: Person, night: string) => ({
  event: "SESSION_COMPLETE",
  version: "V3",
  user_id: asleepId(p),
  session_id: night,
  session: {
    id: night,
    state: "COMPLETE",
    start_time: "2026-11-21T22:00:00+00:00",
    end_time: "2026-11-21T22:10:00+00:00",
    timezone: "Europe/Berlin",
    sleep_stages: STAGES.flat(),
    snoring_stages: Array(20).fill(0),
  },
  stat: { sleep_efficiency: 80 },
  peculiarities: [],
});

/**
 * The database once the work that follows a delivery after its answer (alert rules and their
 * outbound bookkeeping, queued jobs) has settled: no job due, and two dumps half a second apart that
 * agree.
 */
async function settledDump(url: string): Promise<Record<string, string[]>> {
  let previous = await dumpDatabase(url);
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    await new Promise((r) => setTimeout(r, 500));
    const next = await dumpDatabase(url);
    if (JSON.stringify(next) === JSON.stringify(previous) && (await jobsDue(url)) === 0) return next;
    previous = next;
  }
  throw new Error("the database did not settle in 30 s");
}

/** Jobs queued (pg-boss, server/jobs/) that are due or running: the work still to come. */
async function jobsDue(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE state IN ('created', 'retry', 'active') AND start_after <= now()`);
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

/** Every row of every table in the public schema, as JSON text, by table. */
async function dumpDatabase(url: string): Promise<Record<string, string[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = (await client.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).rows.map((r) => r.t);
    const dump: Record<string, string[]> = {};
    for (const table of tables) {
      const rows = await client.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM "${table}" t`);
      dump[table] = rows.rows.map((r) => r.row).sort();
    }
    return dump;
  } finally {
    await client.end();
  }
}

const mentioning = (dump: Record<string, string[]>, needles: string[]) =>
  Object.fromEntries(Object.entries(dump).map(([table, rows]) => [table, rows.filter((row) => needles.some((n) => row.includes(n)))]));
const without = (dump: Record<string, string[]>, needles: string[]) =>
  Object.fromEntries(Object.entries(dump).map(([table, rows]) => [table, rows.filter((row) => !needles.some((n) => row.includes(n)))]));
const total = (byTable: Record<string, unknown[]>) => Object.values(byTable).reduce((n, rows) => n + rows.length, 0);

/**
 * Background work that runs on the clock, not on a request, would change the database between two
 * dumps: the scheduled alert rules are off (their cron could fire mid-test), and the back-fill does
 * not come round during the test (Ann's open night would go stale on a slow machine). With no outbound
 * endpoint registered the outbound sweep has nothing to compare (server/outbound/nights.ts).
 */
const QUIET = { ALERTS_SCHEDULE: "off", BACKFILL_INTERVAL: "1h" };

const backends = appBackends({ apiKey: API_KEY, env: QUIET });

for (const backend of backends) {
  describe(`data rights and replay on ${backend.name}`, { timeout: 300_000 }, () => {
    let server: RunningServer;
    let db: TestDatabase | undefined;
    let target: WebhookTarget;
    const cookies: Record<string, string> = {};
    const sockets: Client[] = [];
    let annNoteId = "";

    const openSocket = (cookie: string): Promise<Client> => {
      const socket: Client = connect(server.url, { transports: ["websocket"], reconnection: false, forceNew: true, extraHeaders: { cookie } });
      sockets.push(socket);
      return new Promise((resolve, reject) => {
        socket.once("connect", () => resolve(socket));
        socket.once("connect_error", reject);
      });
    };
    /** An admin API call; state-changing ones from the app's own origin unless told otherwise. */
    const call = async (method: string, path: string, { cookie = cookies.admin, origin = server.url }: { cookie?: string | null; origin?: string | null } = {}) => {
      const headers: Record<string, string> = {};
      if (cookie) headers.cookie = cookie;
      if (origin) headers.origin = origin;
      const res = await fetch(`${server.url}${path}`, { method, headers });
      const text = await res.text();
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        // not JSON: the assertions say so
      }
      return { status: res.status, body, text, headers: res.headers };
    };
    const auditId = async (sessionId: string, seq: number) => {
      const [row] = await query<{ id: string }>(
        server.databaseUrl,
        `SELECT id::text FROM webhook_delivery WHERE session_id = $1 AND inference_seq_num = $2 AND request_id NOT LIKE 'replay:%' ORDER BY id LIMIT 1`,
        [sessionId, seq],
      );
      return row!.id;
    };

    before(async () => {
      const started = await backend.start();
      server = started.server;
      db = started.db;
      target = { url: server.url, apiKey: API_KEY };
      await usersCli(server, ["add", "--email", emailOf("admin"), "--password", PASSWORD, "--role", "admin"]);
      await usersCli(server, ["add", "--email", emailOf("doctor"), "--password", PASSWORD, "--role", "clinician"]);
      for (const p of PEOPLE) {
        await usersCli(server, ["add", "--email", emailOf(p), "--password", PASSWORD, "--role", "patient", "--asleep-user-id", asleepId(p), "--clinician", emailOf("doctor")]);
      }
      for (const [i, who] of ["admin", "doctor", ...PEOPLE].entries()) {
        const result = await signIn(server, emailOf(who), PASSWORD, `127.0.3.${i + 1}`);
        assert.equal(result.status, 200, `${who} signs in`);
        cookies[who] = result.cookie!;
      }
      // Two nights each through the real webhook: one complete, one still open; and an unknown event.
      for (const p of PEOPLE) {
        for (const seq of [0, 1]) assert.equal((await postWebhook(target, inference(p, nightId(p, 1), seq))).status, 200);
        assert.equal((await postWebhook(target, sessionComplete(p, nightId(p, 1)))).status, 200);
        for (const seq of [0, 1]) assert.equal((await postWebhook(target, inference(p, nightId(p, 2), seq))).status, 200);
        const unknown = await postWebhook(target, { event: "USER_DATA_UPDATED", version: "V3", user_id: asleepId(p), note: "kept for audit" });
        assert.deepEqual(unknown.body, { status: "ignored" });
      }
      // Their clinician reads a night (an access-log entry about ann) and writes a note on it, then edits
      // it (one earlier version kept): both are data about ann, exported and deleted with her.
      assert.equal((await getJson(server, `/api/sessions/${nightId("ann", 1)}`, cookies.doctor)).status, 200);
      const note = await fetch(`${server.url}/api/sessions/${nightId("ann", 1)}/notes`, {
        method: "POST",
        headers: { cookie: cookies.doctor!, origin: server.url, "content-type": "application/json" },
        body: JSON.stringify({ text: "Mask leak suspected" }),
      });
      assert.equal(note.status, 201);
      annNoteId = ((await note.json()) as { id: string }).id;
      const edited = await fetch(`${server.url}/api/notes/${annNoteId}`, {
        method: "PATCH",
        headers: { cookie: cookies.doctor!, origin: server.url, "content-type": "application/json" },
        body: JSON.stringify({ text: "Mask leak confirmed", version: 1 }),
      });
      assert.equal(edited.status, 200);
      // Each sleeper tags their complete night (as from the night page): tags go with the person.
      for (const p of PEOPLE) {
        const res = await fetch(`${server.url}/api/sessions/${nightId(p, 1)}/tags`, {
          method: "PUT",
          headers: { cookie: cookies[p]!, origin: server.url, "content-type": "application/json" },
          body: JSON.stringify({ tags: ["alcohol", `${p}'s own tag`] }),
        });
        assert.equal(res.status, 200, `${p} tags a night`);
      }
      // Each sleeper fills in this morning's sleep diary: it goes with the person too.
      for (const p of PEOPLE) {
        const today = (await getJson(server, `/api/patients/${asleepId(p)}/diary`, cookies[p])).body.today as { night: string };
        const res = await fetch(`${server.url}/api/patients/${asleepId(p)}/diary/${today.night}`, {
          method: "PUT",
          headers: { cookie: cookies[p]!, origin: server.url, "content-type": "application/json" },
          body: JSON.stringify({ intoBed: "22:30", triedToSleep: "23:00", sleepOnsetMinutes: 20, awakenings: 1, awakeMinutes: 10, finalAwakening: "06:45", outOfBed: "07:00", quality: 4, rested: 4, comments: `${p}'s diary` }),
        });
        assert.equal(res.status, 200, `${p} fills in the diary`);
      }
      // An audit entry without a user (as older rows may be): found through the night it names.
      await query(
        server.databaseUrl,
        `INSERT INTO webhook_delivery (request_id, event, session_id, outcome, body) VALUES ('legacy-row', 'INFERENCE_COMPLETE', $1, 'DUPLICATE', $2::jsonb)`,
        [nightId("ann", 1), JSON.stringify(inference("ann", nightId("ann", 1), 0))],
      );
    });

    after(async () => {
      for (const socket of sockets) socket.close();
      await server?.stop();
      await db?.drop();
    });

    const adminRoutes = (): Array<[string, string]> => [
      ["GET", "/api/admin/deliveries"],
      ["GET", `/api/admin/deliveries?userId=${asleepId("ann")}`],
      ["POST", "/api/admin/deliveries/1/replay"],
      ["GET", `/api/admin/people/${asleepId("ann")}/export`],
      ["DELETE", `/api/admin/people/${asleepId("ann")}`],
    ];

    it("only admins: 401 without a sign-in, 404 for a clinician and a patient on every admin route, and nothing changes", async () => {
      const before = await settledDump(server.databaseUrl);
      for (const [method, path] of adminRoutes()) {
        assert.equal((await call(method, path, { cookie: null })).status, 401, `${method} ${path} signed out`);
        for (const who of ["doctor", "ann"]) {
          const res = await call(method, path, { cookie: cookies[who] });
          assert.equal(res.status, 404, `${method} ${path} as ${who}`);
          assert.deepEqual(res.body, { error: "Not found" });
        }
      }
      const page = await fetch(`${server.url}/admin`, { headers: { cookie: cookies.doctor! } });
      assert.equal(page.status, 404, "the admin page too");
      assert.deepEqual(await dumpDatabase(server.databaseUrl), before);
    });

    it("state-changing admin requests from another origin, or with none, are refused (403) and change nothing", async () => {
      const before = await settledDump(server.databaseUrl);
      const id = await auditId(nightId("ann", 2), 1);
      for (const origin of ["http://evil.example", null]) {
        assert.equal((await call("POST", `/api/admin/deliveries/${id}/replay`, { origin })).status, 403, `replay, origin ${origin}`);
        assert.equal((await call("DELETE", `/api/admin/people/${asleepId("ann")}`, { origin })).status, 403, `delete, origin ${origin}`);
      }
      assert.deepEqual(await dumpDatabase(server.databaseUrl), before);
    });

    it("bad input answers 400 naming the field", async () => {
      const limit = await call("GET", "/api/admin/deliveries?limit=0");
      assert.equal(limit.status, 400);
      assert.deepEqual((limit.body.issues as Array<{ path: string }>).map((i) => i.path), ["limit"]);
      const id = await call("POST", "/api/admin/deliveries/not-a-number/replay");
      assert.equal(id.status, 400);
      assert.deepEqual((id.body.issues as Array<{ path: string }>).map((i) => i.path), ["id"]);
      assert.equal((await call("POST", "/api/admin/deliveries/99999999/replay")).status, 404);
      assert.equal((await call("GET", "/api/admin/people/nobody-we-know/export")).status, 404);
      assert.equal((await call("DELETE", "/api/admin/people/nobody-we-know")).status, 404);
    });

    it("GET /api/admin/deliveries lists the audit log newest first, without bodies, by user or night", async () => {
      const all = await call("GET", "/api/admin/deliveries?limit=500");
      assert.equal(all.status, 200);
      const list = all.body.deliveries as Array<Record<string, unknown>>;
      assert.equal(list.length, 2 * 6 + 1);
      assert.deepEqual(Object.keys(list[0]!).sort(), ["event", "id", "inferenceSeqNum", "outcome", "receivedAt", "requestId", "sessionId", "userId", "version"]);
      assert.ok(list.every((d) => typeof d.id === "string"));
      const times = list.map((d) => Date.parse(String(d.receivedAt)));
      assert.deepEqual(times, [...times].sort((a, b) => b - a), "newest first");

      const ann = (await call("GET", `/api/admin/deliveries?userId=${asleepId("ann")}`)).body.deliveries as Array<Record<string, unknown>>;
      assert.equal(ann.length, 6);
      assert.ok(ann.every((d) => d.userId === asleepId("ann")));
      assert.deepEqual(ann.map((d) => d.outcome).sort(), ["IGNORED", "STORED", "STORED", "STORED", "STORED", "STORED"]);
      const night = (await call("GET", `/api/admin/deliveries?sessionId=${nightId("bob", 1)}&limit=2`)).body.deliveries as Array<Record<string, unknown>>;
      assert.equal(night.length, 2);
      assert.ok(night.every((d) => d.sessionId === nightId("bob", 1)));
    });

    it("replay: a lost inference is stored again from the audit log, its epochs are back and pushed live; again it is a DUPLICATE", async () => {
      const night = nightId("ann", 2);
      const id = await auditId(night, 1);
      const original = (await getJson(server, `/api/sessions/${night}`, cookies.ann)).body;
      assert.equal((original.sleepStages as number[]).length, 20);

      // The loss: inference 1 never got stored, so the night is what inference 0 made of it.
      await query(server.databaseUrl, `DELETE FROM inference WHERE session_id = $1 AND inference_seq_num = 1`, [night]);
      await query(
        server.databaseUrl,
        `UPDATE sleep_session SET sleep_stages = sleep_stages[1:10], snoring_stages = snoring_stages[1:10], epoch_source_seq = epoch_source_seq[1:10], last_inference_seq_num = 0 WHERE id = $1`,
        [night],
      );
      assert.equal(((await getJson(server, `/api/sessions/${night}`, cookies.ann)).body.sleepStages as number[]).length, 10);

      const socket = await openSocket(cookies.ann!);
      const update = new Promise<SessionUpdateEvent>((resolve) => socket.on("session:update", (e) => e.sessionId === night && resolve(e)));
      const replayed = await call("POST", `/api/admin/deliveries/${id}/replay`);
      assert.equal(replayed.status, 200);
      assert.equal(replayed.body.outcome, "STORED");
      assert.equal(replayed.body.replayOf, id);
      assert.match(String(replayed.body.requestId), new RegExp(`^replay:${id}:[0-9a-f-]{36}$`));

      const pushed = await update;
      assert.equal(pushed.inferenceSeqNum, 1);
      assert.deepEqual(pushed.sleepStages, original.sleepStages, "the patient's open browser gets the whole night back");
      const restored = (await getJson(server, `/api/sessions/${night}`, cookies.ann)).body;
      assert.deepEqual(restored.sleepStages, original.sleepStages);
      assert.equal(restored.lastInferenceSeqNum, 1);

      const again = await call("POST", `/api/admin/deliveries/${id}/replay`);
      assert.equal(again.status, 200);
      assert.equal(again.body.outcome, "DUPLICATE");
      const audit = await query<{ outcome: string; body: unknown; user_id: string }>(
        server.databaseUrl,
        `SELECT outcome::text, body, user_id FROM webhook_delivery WHERE request_id LIKE $1 ORDER BY id`,
        [`replay:${id}:%`],
      );
      assert.deepEqual(audit.map((a) => a.outcome), ["STORED", "DUPLICATE"], "each replay is in the audit log, marked as one");
      assert.deepEqual(audit[0]!.body, inference("ann", night, 1));
      assert.equal(audit[0]!.user_id, asleepId("ann"));
      const [{ n }] = (await query<{ n: string }>(server.databaseUrl, `SELECT count(*) AS n FROM inference WHERE session_id = $1`, [night])) as [{ n: string }];
      assert.equal(Number(n), 2);
      console.log(`[figures] data rights, ${backend.name}: replay of a lost inference → ${replayed.body.outcome}; replayed again → ${again.body.outcome}`);
    });

    it("export: every night, inference, report and audit entry of one person, as a JSON download, without secrets", async () => {
      const res = await call("GET", `/api/admin/people/${asleepId("ann")}/export`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
      assert.equal(res.headers.get("content-disposition"), `attachment; filename="person-${asleepId("ann")}.json"`);
      const data = res.body as {
        asleepUserId: string;
        accounts: Array<{ id: string; email: string; signIns: unknown[]; credentials: unknown[]; careAssignments: Array<{ clinician: { email: string } }> }>;
        sessions: Array<{ id: string; sleepStages: number[]; inferences: Array<{ id: string }>; report: { sessionId: string } | null; tags: Array<{ tag: string }> }>;
        deliveries: Array<{ id: string; body: unknown }>;
        notes: Array<{ id: string; text: string; revisions: Array<{ text: string }> }>;
        accessLog: Array<{ viewerEmail: string; resource: string }>;
        diary: Array<{ asleepUserId: string; comments: string }>;
      };
      assert.equal(data.asleepUserId, asleepId("ann"));
      assert.deepEqual(data.diary.map((d) => [d.asleepUserId, d.comments]), [[asleepId("ann"), "ann's diary"]], "her sleep diary, not Bob's");

      const url = server.databaseUrl;
      const ids = async (sql: string) => (await query<{ id: string }>(url, sql, [asleepId("ann")])).map((r) => r.id).sort();
      const sessionIds = await ids(`SELECT id FROM sleep_session WHERE user_id = $1`);
      const inferenceIds = await ids(`SELECT i.id::text AS id FROM inference i JOIN sleep_session s ON s.id = i.session_id WHERE s.user_id = $1`);
      const reportIds = await ids(`SELECT r.session_id AS id FROM sleep_report r JOIN sleep_session s ON s.id = r.session_id WHERE s.user_id = $1`);
      const deliveryIds = await ids(`SELECT id::text AS id FROM webhook_delivery WHERE user_id = $1 OR session_id IN (SELECT id FROM sleep_session WHERE user_id = $1)`);
      assert.deepEqual(data.sessions.map((s) => s.id).sort(), sessionIds);
      assert.deepEqual(data.sessions.flatMap((s) => s.inferences.map((i) => i.id)).sort(), inferenceIds);
      assert.deepEqual(data.sessions.flatMap((s) => (s.report ? [s.report.sessionId] : [])).sort(), reportIds);
      assert.deepEqual(data.deliveries.map((d) => d.id).sort(), deliveryIds);
      assert.ok(deliveryIds.length >= 8, "the user's entries, the replays and the entry without a user");
      assert.ok(data.deliveries.every((d) => d.body !== undefined), "audit entries with their bodies");
      assert.deepEqual(data.sessions.find((s) => s.id === nightId("ann", 1))?.sleepStages, STAGES.flat());
      assert.deepEqual(data.sessions.find((s) => s.id === nightId("ann", 1))?.tags.map((t) => t.tag).sort(), ["alcohol", "ann's own tag"], "the night's tags");
      assert.equal(data.accounts.length, 1);
      assert.equal(data.accounts[0]!.email, emailOf("ann"));
      assert.deepEqual(data.accounts[0]!.careAssignments.map((c) => c.clinician.email), [emailOf("doctor")]);
      assert.ok(data.accounts[0]!.signIns.length >= 1);
      assert.doesNotMatch(res.text, new RegExp(asleepId("bob")), "nobody else's data");
      // Clinicians' notes about them, with every earlier version, and who viewed their data.
      assert.deepEqual(data.notes.map((n) => [n.id, n.text, n.revisions.map((r) => r.text)]), [[annNoteId, "Mask leak confirmed", ["Mask leak suspected"]]]);
      assert.deepEqual(data.accessLog.map((a) => [a.viewerEmail, a.resource]), [[emailOf("doctor"), `night Sat 21 Nov 2026, 23:00–23:10, Europe/Berlin via the API (${nightId("ann", 1)})`]]);

      const secrets = await query<{ s: string }>(
        url,
        `SELECT password AS s FROM auth_account WHERE user_id = $1 UNION ALL SELECT token FROM auth_session WHERE user_id = $1`,
        [data.accounts[0]!.id],
      );
      assert.ok(secrets.length >= 2);
      for (const { s } of secrets) assert.ok(!res.text.includes(s), "no password hash or session token");
      assert.doesNotMatch(res.text, /"(password|token|accessToken|refreshToken|idToken)"/);

      const tagCount = data.sessions.reduce((n, s) => n + s.tags.length, 0);
      assert.equal(tagCount, 2, "her two tags, not Bob's");
      const rows = 1 + data.accounts[0]!.signIns.length + data.accounts[0]!.credentials.length + data.accounts[0]!.careAssignments.length + sessionIds.length + inferenceIds.length + reportIds.length + tagCount + deliveryIds.length + data.notes.length + data.notes[0]!.revisions.length + data.accessLog.length + data.diary.length;
      console.log(
        `[figures] data rights, ${backend.name}: exported ${rows} rows (${sessionIds.length} nights, ${inferenceIds.length} inferences, ${reportIds.length} reports, ${tagCount} tags, ${data.notes.length} notes with ${data.notes[0]!.revisions.length} earlier versions, ${data.accessLog.length} access-log entries, ${data.diary.length} diary entries, ${deliveryIds.length} audit entries, 1 account with its sign-ins, credentials and care assignments), ${res.text.length} bytes`,
      );
    });

    it("delete: one transaction removes everything that mentions the person; the other patient's rows are untouched; their browser is signed out", async () => {
      const [{ id: accountId }] = (await query<{ id: string }>(server.databaseUrl, `SELECT id FROM app_user WHERE email = $1`, [emailOf("ann")])) as [{ id: string }];
      // A note's earlier versions name the note, not the person: the note's id finds them.
      const needles = [asleepId("ann"), nightId("ann", 1), nightId("ann", 2), emailOf("ann"), accountId, annNoteId];
      const socket = await openSocket(cookies.ann!);
      const dropped = new Promise<string>((resolve) => socket.once("disconnect", (reason) => resolve(reason)));

      const before = await settledDump(server.databaseUrl);
      const held = mentioning(before, needles);
      assert.ok(total(held) > 10);
      assert.ok(before.webhook_delivery!.some((r) => r.includes("legacy-row")));

      const res = await call("DELETE", `/api/admin/people/${asleepId("ann")}`);
      assert.equal(res.status, 200);
      const deleted = res.body.deleted as Record<string, number>;
      assert.equal(res.body.asleepUserId, asleepId("ann"));
      assert.deepEqual(
        { accounts: deleted.accounts, credentials: deleted.credentials, careAssignments: deleted.careAssignments, sessions: deleted.sessions, inferences: deleted.inferences, reports: deleted.reports, tags: deleted.tags, diary: deleted.diary },
        { accounts: 1, credentials: 1, careAssignments: 1, sessions: 2, inferences: 4, reports: 1, tags: 2, diary: 1 },
      );
      // Notes and access-log entries about them go too (server/data/people.ts says why).
      assert.deepEqual({ notes: deleted.notes, noteRevisions: deleted.noteRevisions, accessLog: deleted.accessLog }, { notes: 1, noteRevisions: 1, accessLog: held.access_log!.length });
      assert.ok(held.access_log!.length >= 1);
      assert.equal(deleted.deliveries, held.webhook_delivery!.length);
      assert.equal(deleted.signIns, held.auth_session!.length);
      const deletedTotal = Object.values(deleted).reduce((a, b) => a + b, 0);
      assert.equal(deletedTotal, total(held), "every row that mentioned them was deleted, and only those");

      const after = await dumpDatabase(server.databaseUrl);
      const remaining = mentioning(after, needles);
      assert.equal(total(remaining), 0, `rows still mentioning them: ${JSON.stringify(remaining)}`);
      assert.deepEqual(after, without(before, needles), "every other row, the other patient's included, is exactly as it was");
      assert.ok(total(mentioning(after, [asleepId("bob")])) > 10, "the other patient's data is there");

      assert.equal(await dropped, "io server disconnect", "their open socket is closed");
      assert.equal((await getJson(server, "/api/sessions", cookies.ann)).status, 401, "their browser session is rejected");
      await assert.rejects(openSocket(cookies.ann!), /unauthorized/);
      assert.equal((await signIn(server, emailOf("ann"), PASSWORD, "127.0.3.50")).status, 401, "and they cannot sign in again");

      const bob = await getJson(server, `/api/sessions/${nightId("bob", 1)}`, cookies.bob);
      assert.equal(bob.status, 200);
      assert.deepEqual(bob.body.sleepStages, STAGES.flat());
      assert.equal((await call("DELETE", `/api/admin/people/${asleepId("ann")}`)).status, 404, "deleting again: nothing left to delete");

      const log = server.logs().find((l) => l.msg === "person deleted");
      assert.equal(log?.asleepUserId, asleepId("ann"));
      assert.ok(log?.adminId, "who deleted whom is logged");
      assert.doesNotMatch(JSON.stringify(log), /@|sleep_stages|stat/, "by ids only, no data");
      console.log(`[figures] data rights, ${backend.name}: rows mentioning the person before ${total(held)}, deleted ${deletedTotal} (${JSON.stringify(deleted)}), remaining ${total(remaining)}`);
    });
  });
}
