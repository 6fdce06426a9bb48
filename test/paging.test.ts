// Every API list pages through everything (issue 12 §4): more rows than one page are written straight into
// PostgreSQL (with ties on the sort keys, where pages split most easily), then each list is walked by its
// `nextCursor` and `Link: rel="next"` until the end. Every row must come exactly once, in the list's order;
// rows added while a client walks do not make one repeat. Bad cursors get a 400 naming `before`.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { getJson, signIn, usersCli } from "./support/accounts";
import { createTestDatabase, query, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";

const PASSWORD = "a long enough passphrase";
const T0 = Date.parse("2026-11-20T22:00:00.000Z");

interface Walked<T> {
  rows: T[];
  pages: number;
}

describe("API lists page through everything (PostgreSQL)", { timeout: 240_000 }, () => {
  let db: TestDatabase;
  let server: RunningServer;
  let admin: string;
  let doctor: string;
  let aliceId: string;

  /** Follows `next` from `first` to the end, checking the body and the Link header agree on every page. */
  async function walk<T>(first: string, key: string, cookie: string, between?: (page: number) => Promise<void>): Promise<Walked<T>> {
    const rows: T[] = [];
    let url: string | null = first;
    let pages = 0;
    while (url) {
      const res = await getJson(server, url, cookie);
      assert.equal(res.status, 200, `${url}: ${res.text}`);
      const body = res.body as Record<string, unknown> & { nextCursor: string | null; next: string | null };
      rows.push(...(body[key] as T[]));
      pages++;
      if (body.next === null) {
        assert.equal(body.nextCursor, null);
        assert.equal(res.headers.get("link"), null, "no Link header on the last page");
      } else {
        assert.equal(res.headers.get("link"), `<${body.next}>; rel="next"`);
        assert.equal(new URL(body.next, server.url).searchParams.get("before"), body.nextCursor);
      }
      url = body.next;
      if (between) await between(pages);
      assert.ok(pages < 1000, "walk does not end");
    }
    return { rows, pages };
  }

  before(async () => {
    db = await createTestDatabase();
    // No scheduled alert checks: the alerts here are only the seeded ones.
    server = await startServer({ databaseUrl: db.url, apiKey: "paging-test-key-0123456789", env: { ALERTS_SCHEDULE: "off", ALERTS_DIGEST_SCHEDULE: "off" } });
    const add = (args: string[]) => usersCli(server, ["add", "--password", PASSWORD, ...args]);
    await add(["--email", "admin@paging.test", "--role", "admin", "--name", "Ada Admin"]);
    await add(["--email", "doctor@paging.test", "--role", "clinician", "--name", "Dr Page"]);
    await add(["--email", "alice@paging.test", "--role", "patient", "--name", "Alice", "--asleep-user-id", "pg-alice", "--clinician", "doctor@paging.test"]);
    await add(["--email", "bob@paging.test", "--role", "patient", "--name", "Bob", "--asleep-user-id", "pg-bob"]);
    admin = (await signIn(server, "admin@paging.test", PASSWORD)).cookie!;
    doctor = (await signIn(server, "doctor@paging.test", PASSWORD)).cookie!;
    aliceId = (await query<{ id: string }>(db.url, "SELECT id FROM app_user WHERE email = 'alice@paging.test'"))[0]!.id;
  });

  after(async () => {
    await server?.stop();
    await db?.drop();
  });

  it("GET /api/alerts: 201 of a clinician's alerts over two default pages (200), and in pages of 7, each once, in order", async () => {
    const bobId = (await query<{ id: string }>(db.url, "SELECT id FROM app_user WHERE email = 'bob@paging.test'"))[0]!.id;
    // Three alerts share each raise time: the id orders them.
    const alerts = Array.from({ length: 201 }, (_, i) => ({ id: randomUUID(), raisedAt: new Date(T0 - Math.floor(i / 3) * 60_000).toISOString(), state: i % 2 ? "OPEN" : "ACKNOWLEDGED" }));
    await query(
      db.url,
      `INSERT INTO alert (id, patient_id, rule, cause_key, reason, raised_at, state)
       SELECT a.id, $1, 'short-sleep', 'cause-' || a.id, 'Seeded alert', a.raised_at, a.state::"AlertState"
         FROM unnest($2::text[], $3::timestamptz[], $4::text[]) AS a(id, raised_at, state)`,
      [aliceId, alerts.map((a) => a.id), alerts.map((a) => a.raisedAt), alerts.map((a) => a.state)],
    );
    // Bob is not the doctor's patient: his alert is never on the doctor's pages.
    await query(db.url, `INSERT INTO alert (id, patient_id, rule, cause_key, reason, raised_at) VALUES ($1, $2, 'short-sleep', 'bob-1', 'Bob alert', $3)`, [randomUUID(), bobId, new Date(T0).toISOString()]);
    const expected = [...alerts].sort((a, b) => (a.raisedAt === b.raisedAt ? (a.id < b.id ? -1 : 1) : a.raisedAt < b.raisedAt ? 1 : -1)).map((a) => a.id);

    const byDefault = await walk<{ id: string; patient: { asleepUserId: string } }>("/api/alerts", "alerts", doctor);
    assert.equal(byDefault.pages, 2);
    assert.deepEqual(
      byDefault.rows.map((a) => a.id),
      expected,
    );
    const bySeven = await walk<{ id: string }>("/api/alerts?state=all&limit=7", "alerts", doctor);
    assert.equal(bySeven.pages, Math.ceil(201 / 7));
    assert.deepEqual(
      bySeven.rows.map((a) => a.id),
      expected,
    );
    // The admin sees Bob's too, once.
    const all = await walk<{ id: string }>("/api/alerts?limit=50", "alerts", admin);
    assert.equal(all.rows.length, 202);
    assert.equal(new Set(all.rows.map((a) => a.id)).size, 202);
  });

  it("GET /api/sessions: 523 nights (ties on start and storage, some with no start) in default pages of 100, each once, in order; a night added mid-walk repeats none", async () => {
    const nights = Array.from({ length: 523 }, (_, i) => ({
      id: `pgnight${String(i).padStart(4, "0")}`,
      // Pairs share a start; every 40th night has none yet (listed last).
      start: i % 40 === 7 ? null : new Date(T0 - Math.floor(i / 2) * 86_400_000).toISOString(),
      // Groups of four stored in the same millisecond.
      created: new Date(T0 + Math.floor(i / 4)).toISOString(),
    }));
    await query(
      db.url,
      `INSERT INTO sleep_session (id, user_id, state, start_time, end_time, timezone, sleep_stages, snoring_stages, epoch_source_seq, created_at, updated_at)
       SELECT n.id, 'pg-alice', (CASE WHEN n.start_time IS NULL THEN 'INCOMPLETE' ELSE 'COMPLETE' END)::"SessionState", n.start_time,
              n.start_time + interval '7 hours', 'Europe/Paris', '{}', '{}', '{}', n.created_at, n.created_at
         FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS n(id, start_time, created_at)`,
      [nights.map((n) => n.id), nights.map((n) => n.start), nights.map((n) => n.created)],
    );
    const cmp = (x: string | null, y: string | null) => (x === y ? 0 : x === null ? 1 : y === null ? -1 : x < y ? 1 : -1);
    const expected = [...nights].sort((a, b) => cmp(a.start, b.start) || cmp(a.created, b.created) || (a.id < b.id ? -1 : 1)).map((n) => n.id);

    // After the first page a new newest night arrives: it was not on the walk's way and shifts nothing.
    const walked = await walk<{ id: string; userId: string }>("/api/sessions?userId=pg-alice", "sessions", doctor, async (page) => {
      if (page === 1)
        await query(
          db.url,
          `INSERT INTO sleep_session (id, user_id, state, start_time, end_time, sleep_stages, snoring_stages, epoch_source_seq) VALUES ('pgnight-new', 'pg-alice', 'COMPLETE', $1, $1::timestamptz + interval '7 hours', '{}', '{}', '{}')`,
          [new Date(T0 + 86_400_000).toISOString()],
        );
    });
    assert.equal(walked.pages, 6);
    assert.deepEqual(
      walked.rows.map((n) => n.id),
      expected,
    );
    // Filters hold across pages: the incomplete ones only, in pages of 5.
    const incomplete = await walk<{ id: string; state: string }>("/api/sessions?userId=pg-alice&state=INCOMPLETE&limit=5", "sessions", doctor);
    assert.deepEqual(
      incomplete.rows.map((n) => n.id),
      expected.filter((id) => nights.find((n) => n.id === id)!.start === null),
    );
  });

  it("GET /api/admin/deliveries: 130 audit entries received in the same few instants, in default pages of 100, each once, in order", async () => {
    const received = Array.from({ length: 130 }, (_, i) => new Date(T0 - Math.floor(i / 10) * 1000).toISOString());
    const ids = (
      await query<{ id: string; received_at: Date }>(
        db.url,
        `INSERT INTO webhook_delivery (received_at, request_id, event, user_id, outcome, body)
         SELECT r, 'req-' || ord, 'INFERENCE_COMPLETE', 'pg-alice', 'STORED', '{}'::jsonb FROM unnest($1::timestamptz[]) WITH ORDINALITY AS u(r, ord)
         RETURNING id::text, received_at`,
        [received],
      )
    ).sort((a, b) => b.received_at.getTime() - a.received_at.getTime() || Number(BigInt(b.id) - BigInt(a.id)));
    const walked = await walk<{ id: string }>("/api/admin/deliveries?userId=pg-alice", "deliveries", admin);
    assert.equal(walked.pages, 2);
    assert.deepEqual(
      walked.rows.map((d) => d.id),
      ids.map((r) => r.id),
    );
  });

  it("GET /api/admin/webhooks/deliveries: 101 outbound deliveries in default pages of 100, each once, newest first", async () => {
    await query(db.url, `INSERT INTO outbound_endpoint (id, url, events, enabled, secret) VALUES ('ep_00000000-0000-0000-0000-000000000001', 'http://127.0.0.1:9/hook', '{night.completed}', false, 'whsec_x')`);
    const [event] = await query<{ id: string }>(db.url, `INSERT INTO outbound_event (message_id, type, order_key, data) VALUES ('msg_paging', 'night.completed', 'pg', '{}') RETURNING id::text`);
    const ids = (
      await query<{ id: string }>(
        db.url,
        `INSERT INTO outbound_delivery (event_id, endpoint_id, order_key, status) SELECT $1::bigint, 'ep_00000000-0000-0000-0000-000000000001', 'pg', 'DELIVERED' FROM generate_series(1, 101) RETURNING id::text`,
        [event!.id],
      )
    )
      .map((r) => r.id)
      .sort((a, b) => Number(BigInt(b) - BigInt(a)));
    const walked = await walk<{ id: string }>("/api/admin/webhooks/deliveries", "deliveries", admin);
    assert.equal(walked.pages, 2);
    assert.deepEqual(
      walked.rows.map((d) => d.id),
      ids,
    );
  });

  it("GET /api/admin/access-log: its `before` (an entry id) is each page's nextCursor", async () => {
    const ids = (
      await query<{ id: string }>(
        db.url,
        `INSERT INTO access_log (viewer_email, viewer_role, asleep_user_id, action, resource) SELECT 'doctor@paging.test', 'clinician', 'pg-log', 'view', 'night ' || g FROM generate_series(1, 23) g RETURNING id::text`,
      )
    )
      .map((r) => r.id)
      .sort((a, b) => Number(BigInt(b) - BigInt(a)));
    const walked = await walk<{ id: string }>("/api/admin/access-log?asleepUserId=pg-log&limit=10", "entries", admin);
    assert.equal(walked.pages, 3);
    assert.deepEqual(
      walked.rows.map((e) => e.id),
      ids,
    );
  });

  it("a sleeper's tag picker offers every tag they ever used: one from long ago stays after more than 500 newer uses", async () => {
    // The 523 nights above are Alice's: the oldest carries "Night shift", the others with a start "Sauna", all later.
    await query(db.url, `INSERT INTO night_tag (session_id, tag, added_at) VALUES ('pgnight0522', 'Night shift', $1)`, [new Date(T0 - 400 * 86_400_000).toISOString()]);
    await query(
      db.url,
      `INSERT INTO night_tag (session_id, tag, added_at)
       SELECT id, 'Sauna', $1::timestamptz + (row_number() OVER (ORDER BY id)) * interval '1 second' FROM sleep_session WHERE user_id = 'pg-alice' AND start_time IS NOT NULL AND id <> 'pgnight0522' AND id <> 'pgnight-new'`,
      [new Date(T0).toISOString()],
    );
    assert.ok(Number((await query<{ n: string }>(db.url, "SELECT count(*) AS n FROM night_tag WHERE tag = 'Sauna'"))[0]!.n) > 500);
    const alice = (await signIn(server, "alice@paging.test", PASSWORD)).cookie!;
    const res = await getJson(server, "/api/sessions/pgnight0000/tags", alice);
    assert.equal(res.status, 200, res.text);
    const choices = res.body.choices as string[];
    // Newest use first after the presets: the sauna, then the night shift of long ago.
    assert.deepEqual(choices.slice(-2), ["Sauna", "Night shift"]);
  });

  it("a cursor that is not one answers 400 naming `before`, as does a limit out of range", async () => {
    const foreign = Buffer.from(JSON.stringify(["2026-11-20T22:00:00.000Z", "1"])).toString("base64url");
    for (const path of [
      "/api/sessions?before=not-a-cursor!",
      "/api/sessions?before=" + Buffer.from("{").toString("base64url"),
      // An audit-log cursor is not a nights cursor.
      "/api/sessions?before=" + foreign,
      "/api/alerts?before=" + foreign,
      "/api/admin/deliveries?before=" + Buffer.from(JSON.stringify([1, 2])).toString("base64url"),
      "/api/admin/webhooks/deliveries?before=abc",
      "/api/admin/access-log?before=-1",
    ]) {
      const res = await getJson(server, path, admin);
      assert.equal(res.status, 400, path);
      assert.deepEqual(
        (res.body.issues as Array<{ path: string }>).map((i) => i.path),
        ["before"],
        path,
      );
    }
    for (const path of ["/api/sessions?limit=0", "/api/alerts?limit=501", "/api/admin/deliveries?limit=x"]) {
      const res = await getJson(server, path, admin);
      assert.equal(res.status, 400, path);
      assert.deepEqual(
        (res.body.issues as Array<{ path: string }>).map((i) => i.path),
        ["limit"],
        path,
      );
    }
  });
});
