// Alerts under concurrency (issue 21 §5, issue 22 §6), on PostgreSQL with two instances sharing it and
// Redis, and on the embedded PGlite: deliveries racing to complete one night, through both instances,
// raise its alert once (one row, one live event on each instance's socket, one e-mail); eight
// evaluations of one night at once store and announce its alert once; acknowledge racing resolve never
// re-opens a resolved alert; of two acknowledgements only the one stored answers "you", the other gets
// 409 with the alert as stored. Nothing here waits on the clock: each check runs
// once the work that follows the requests has settled (no job left, the tables still).

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pino from "pino";
import { io as connect, type Socket } from "socket.io-client";
import type { AlertView, ClientToServerEvents, ServerToClientEvents } from "@/lib/live/events";
import { USUAL_RULE } from "@/lib/sleep/adherence";
import { evaluateNight } from "@/server/alerts/evaluate";
import { onAlertRaised } from "@/server/alerts/events";
import { createDb } from "@/server/db/client";
import { getJson, signIn, usersCli } from "./support/accounts";
import { createTestDatabase, query, QUIET_CLOCK, settledTableContents, type TestDatabase } from "./support/postgres";
import { requireRedis } from "./support/redis";
import { startServer, type RunningServer } from "./support/server";
import { startSmtp, type SmtpSink } from "./support/smtp";
import { waitFor } from "./support/wait";
import { inferenceBlock, postWebhook, sessionComplete, type WebhookTarget } from "./support/webhook";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const API_KEY = "alert-races-key-0123456789";
const PASSWORD = "a long enough passphrase";
const shared = { ASLEEP_API_KEY: API_KEY, AUTH_SECRET: "alert-races-auth-secret-0123456789abcdef0123" };

/** A night of 2.5 h of light sleep on November `day`: only "total sleep under 5 h" applies. */
function shortNight(userId: string, sessionId: string, day: number) {
  const start = Date.UTC(2026, 10, day, 22, 0);
  const sleepStages = Array<number>(300).fill(1);
  return sessionComplete({
    userId,
    sessionId,
    startTime: new Date(start).toISOString(),
    endTime: new Date(start + sleepStages.length * 30_000).toISOString(),
    timezone: "Europe/Paris",
    sleepStages,
    stat: {},
  });
}

for (const backend of ["PostgreSQL", "PGlite"] as const) {
  describe(`alerts under concurrency (${backend}${backend === "PostgreSQL" ? ", two instances and Redis" : ""})`, { timeout: 300_000 }, () => {
    const tag = `races-${backend.toLowerCase()}`;
    const sam = `${tag}-sam`;
    let smtp: SmtpSink;
    let db: TestDatabase | undefined;
    let instances: RunningServer[] = [];
    const cookies: Record<string, string> = {};
    const sockets: Client[] = [];
    /** alert:raised as each socket (one per instance) heard it. */
    const heard: AlertView[][] = [];
    const targets = () => instances.map((s): WebhookTarget => ({ url: s.url, apiKey: API_KEY }));
    const databaseUrl = () => db?.url ?? instances[0]!.databaseUrl;
    const settled = () => settledTableContents(databaseUrl(), { timeoutMs: 60_000 });

    const act = async (who: string, instance: RunningServer, id: string, action: "acknowledge" | "resolve") => {
      const res = await fetch(`${instance.url}/api/alerts/${id}/${action}`, { method: "POST", headers: { cookie: cookies[who]!, origin: instance.url } });
      return { status: res.status, body: (await res.json()) as { alert: AlertView; error?: string } };
    };
    const allAlerts = async () => (await getJson(instances[0]!, "/api/alerts?state=all&limit=500", cookies.admin)).body.alerts as AlertView[];
    /** Posts the nights and waits for their alerts (one each: total sleep under 5 h). */
    const alertsFor = async (nights: string[], firstDay: number) => {
      const answers = await Promise.all(nights.map((id, i) => postWebhook(targets()[i % instances.length]!, shortNight(sam, id, firstDay + i))));
      assert.deepEqual(answers.map((a) => a.status), nights.map(() => 200));
      return waitFor(`the alerts of ${nights.length} nights`, async () => {
        const found = (await allAlerts()).filter((a) => nights.includes(a.sessionId!));
        return found.length === nights.length && found;
      }, 120_000);
    };

    before(async () => {
      smtp = await startSmtp();
      const env: Record<string, string> = { ...QUIET_CLOCK, SMTP_URL: smtp.url, ALERT_MAIL_FROM: "Sleep alerts <alerts@clinic.test>" };
      if (backend === "PostgreSQL") {
        const redis = await requireRedis();
        db = await createTestDatabase();
        const withRedis = { ...env, ...shared, REDIS_URL: redis.toString() };
        instances = [await startServer({ databaseUrl: db.url, apiKey: API_KEY, env: withRedis })];
        instances.push(await startServer({ databaseUrl: db.url, apiKey: API_KEY, env: withRedis }));
      } else {
        instances = [await startServer({ apiKey: API_KEY, env })];
      }
      const first = instances[0]!;
      const add = (args: string[]) => usersCli(first, ["add", "--password", PASSWORD, ...args]);
      await add(["--email", `doctor@${tag}.test`, "--role", "clinician", "--name", "Dr Ada"]);
      await add(["--email", `admin@${tag}.test`, "--role", "admin", "--name", "Ann Admin"]);
      await add(["--email", `sam@${tag}.test`, "--role", "patient", "--name", "Sam Sleeper", "--asleep-user-id", sam, "--clinician", `doctor@${tag}.test`]);
      for (const [i, who] of ["doctor", "admin"].entries()) {
        const result = await signIn(first, `${who}@${tag}.test`, PASSWORD, `127.0.6.${i + 1}`);
        assert.ok(result.cookie, `${who} signs in`);
        cookies[who] = result.cookie;
      }
      const mode = await fetch(`${first.url}/api/account/alert-email`, {
        method: "PUT",
        headers: { cookie: cookies.doctor!, origin: first.url, "content-type": "application/json" },
        body: JSON.stringify({ mode: "immediate" }),
      });
      assert.equal(mode.status, 200);
      // The doctor watches the inbox on every instance: an alert raised by either reaches both sockets.
      for (const instance of instances) {
        const socket: Client = connect(instance.url, { transports: ["websocket"], reconnection: false, forceNew: true, extraHeaders: { cookie: cookies.doctor! } });
        const list: AlertView[] = [];
        socket.on("alert:raised", (a) => list.push(a));
        sockets.push(socket);
        heard.push(list);
        await new Promise<void>((resolve, reject) => {
          socket.once("connect", resolve);
          socket.once("connect_error", reject);
        });
      }
    });

    after(async () => {
      for (const s of sockets) s.close();
      await Promise.all(instances.map((s) => s.stop()));
      await smtp?.close();
      await db?.drop();
    });

    it("deliveries racing to complete one night, through every instance, raise its alert once: one row, one live event per socket, one e-mail", async () => {
      const night = `${tag}-raced`;
      const block = (seq: number) => inferenceBlock(sam, night, seq, Array<number>(10).fill(1));
      // Recording: three blocks stored.
      for (let seq = 0; seq < 3; seq++) assert.equal((await postWebhook(targets()[0]!, block(seq))).status, 200);
      // Then at once, through both instances: the night's SESSION_COMPLETE (no timeline of its own, so
      // the blocks arriving after it still change the night, and each has its alert rules evaluated),
      // three copies of it, and the last blocks, each twice.
      const complete = sessionComplete({ userId: sam, sessionId: night, startTime: "2026-11-01T22:00:00.000Z", endTime: "2026-11-01T23:30:00.000Z", timezone: "Europe/Paris", sleepStages: [], stat: {} });
      const racing = [complete, complete, complete, ...[3, 4, 5, 6, 7, 8].flatMap((seq) => [block(seq), block(seq)])];
      const answers = await Promise.all(racing.map((body, i) => postWebhook(targets()[i % instances.length]!, body)));
      assert.deepEqual(answers.map((a) => a.status), racing.map(() => 200));

      const raised = await waitFor("the night's alert", async () => (await allAlerts()).find((a) => a.sessionId === night));
      await waitFor("its e-mail", () => smtp.mails.some((m) => m.text.replace(/=\r?\n/g, "").includes(raised.reason)));
      await settled();

      const ofNight = (await allAlerts()).filter((a) => a.sessionId === night);
      assert.deepEqual(ofNight.map((a) => a.rule), ["short-sleep"], "one alert for the one cause");
      for (const [i, list] of heard.entries()) {
        assert.equal(list.filter((a) => a.sessionId === night).length, 1, `one alert:raised on the socket of instance ${i + 1}`);
      }
      const mails = smtp.mails.filter((m) => m.text.replace(/=\r?\n/g, "").includes(raised.reason));
      assert.equal(mails.length, 1, "one e-mail");
      assert.deepEqual(mails[0]!.to, [`doctor@${tag}.test`]);
      const [jobs] = await query<{ n: number }>(databaseUrl(), "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'alerts-evaluate-night' AND data->>'sessionId' = $1", [night]);
      console.log(`[figures] racing deliveries, ${backend}: ${racing.length} at once through ${instances.length} instance(s), the night's rules evaluated ${jobs!.n} times, 1 alert, 1 live event per socket, 1 e-mail`);
    });

    it("evaluations of one night racing (eight at once, on their own connections where the database has them) store its alert once and announce it once", async () => {
      const night = `${tag}-evaluated-at-once`;
      // PostgreSQL: eight connections at once; the embedded PGlite has one to spare (the app holds the other).
      const clients = Array.from({ length: backend === "PostgreSQL" ? 8 : 1 }, () => createDb({ connectionString: databaseUrl(), poolSize: 1 }));
      const published: AlertView[] = [];
      const emitted: string[] = [];
      const unsubscribe = onAlertRaised((a) => void emitted.push(a.id));
      try {
        // A closed short night stored as is, owing nothing: no evaluation by the app comes first.
        await clients[0]!.$executeRaw`
          INSERT INTO sleep_session (id, user_id, state, start_time, start_time_estimated, timezone, sleep_stages, snoring_stages, epoch_source_seq)
          VALUES (${night}, ${sam}, 'COMPLETE', '2026-11-25T22:00:00Z', false, 'Europe/Paris', ${Array<number>(300).fill(1)}::smallint[], '{}', '{}')`;
        const ctx = (i: number) => ({ db: clients[i % clients.length]!, live: { publishAlert: (_: string, a: AlertView) => void published.push(a) }, logger: pino({ level: "silent" }), adherenceFallback: USUAL_RULE });
        const raised = await Promise.all(Array.from({ length: 8 }, (_, i) => evaluateNight(ctx(i), night)));
        assert.deepEqual(raised.flat().map((a) => a.rule), ["short-sleep"], "one of the eight raised it");
        assert.equal(published.length, 1, "pushed live once");
        assert.equal(emitted.length, 1, "announced to listeners (e-mail, outbound) once");
        assert.equal(await clients[0]!.alert.count({ where: { sessionId: night } }), 1);
      } finally {
        unsubscribe();
        await Promise.all(clients.map((c) => c.$disconnect()));
      }
    });

    it("acknowledge racing resolve never re-opens a resolved alert; each answer tells what was stored", async () => {
      const nights = Array.from({ length: 12 }, (_, i) => `${tag}-ack-resolve-${i}`);
      const alerts = await alertsFor(nights, 2);
      const last = instances.at(-1)!;
      const answers = await Promise.all(
        alerts.map(async (a) => {
          const [ack, resolve] = await Promise.all([act("doctor", instances[0]!, a.id, "acknowledge"), act("admin", last, a.id, "resolve")]);
          return { id: a.id, ack, resolve };
        }),
      );
      await settled();
      const stored = new Map((await allAlerts()).map((a) => [a.id, a]));
      for (const { id, ack, resolve } of answers) {
        const now = stored.get(id)!;
        assert.equal(now.state, "RESOLVED", "resolved, and it stays resolved");
        assert.equal(resolve.status, 200);
        assert.equal(resolve.body.alert.resolvedBy, `Ann Admin (admin@${tag}.test)`);
        if (ack.status === 200) {
          // The acknowledgement came first: it is kept, and the resolve kept it.
          assert.equal(ack.body.alert.state, "ACKNOWLEDGED");
          assert.equal(now.acknowledgedBy, `Dr Ada (doctor@${tag}.test)`);
        } else {
          // Too late: 409, with the alert as it is (resolved by the admin, who acknowledged it in passing).
          assert.equal(ack.status, 409, JSON.stringify(ack.body));
          assert.equal(ack.body.alert.state, "RESOLVED");
          assert.equal(ack.body.alert.resolvedBy, now.resolvedBy);
          assert.equal(now.acknowledgedBy, `Ann Admin (admin@${tag}.test)`);
        }
      }
      console.log(`[figures] acknowledge racing resolve, ${backend}: ${answers.filter((a) => a.ack.status === 200).length} acknowledged first, ${answers.filter((a) => a.ack.status === 409).length} answered 409; 12 of 12 resolved`);
    });

    it("of two acknowledgements at once, only the one stored answers 'you'; the other gets 409 naming who", async () => {
      const nights = Array.from({ length: 6 }, (_, i) => `${tag}-two-acks-${i}`);
      const alerts = await alertsFor(nights, 14);
      const last = instances.at(-1)!;
      const answers = await Promise.all(alerts.map(async (a) => ({ id: a.id, pair: await Promise.all([act("doctor", instances[0]!, a.id, "acknowledge"), act("admin", last, a.id, "acknowledge")]) })));
      await settled();
      const stored = new Map((await allAlerts()).map((a) => [a.id, a]));
      for (const { id, pair } of answers) {
        const now = stored.get(id)!;
        assert.deepEqual(pair.map((r) => r.status).sort(), [200, 409], JSON.stringify(pair.map((r) => r.body)));
        const winner = pair.find((r) => r.status === 200)!;
        const loser = pair.find((r) => r.status === 409)!;
        assert.equal(now.state, "ACKNOWLEDGED");
        assert.equal(winner.body.alert.acknowledgedBy, now.acknowledgedBy, "'you' only to the one stored");
        assert.equal(winner.body.alert.acknowledgedAt, now.acknowledgedAt);
        assert.equal(loser.body.alert.acknowledgedBy, now.acknowledgedBy, "the other is told who did");
        assert.match(loser.body.error ?? "", /already acknowledged/i);
      }
    });
  });
}
