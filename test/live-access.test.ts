// Losing access loses the live feed, at once (issue 21 §1): every change of who may see whom reaches the
// sockets already open before the next event, on one instance (PGlite) and on two sharing PostgreSQL
// and Redis. Each change is made through the admin API of the first instance; then webhooks are stored
// by each instance in turn, and an alert is raised. What a socket must not get is checked once a socket
// on the same instance that must get the same event (an admin's) has got it, and after a round trip on
// the socket checked: a server writes each socket's packets in order, so anything sent to it arrived
// before that round trip's answer.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { AlertView, SyncAck } from "@/lib/live/events";
import { getJson, signIn, usersCli } from "./support/accounts";
import { connected, openLiveSocket, type LiveClient } from "./support/live";
import { createTestDatabase, query, QUIET_CLOCK, type TestDatabase } from "./support/postgres";
import { requireRedis } from "./support/redis";
import { startServer, type RunningServer } from "./support/server";
import { startTcpProxy, type TcpProxy } from "./support/tcp-proxy";
import { waitFor } from "./support/wait";
import { inferenceBlock, postWebhook, shortNight } from "./support/webhook";

const PASSWORD = "a long enough passphrase";
const API_KEY = "live-access-key-0123456789";
const SHARED = { ASLEEP_API_KEY: API_KEY, AUTH_SECRET: "live-access-auth-secret-0123456789abcdef0123" };

interface Heard {
  event: "update" | "complete" | "alert";
  sessionId?: string;
  seq?: number | null;
  alertPatient?: string | null;
}

/** One signed-in browser's socket on one instance, and everything it heard. */
interface Watcher {
  label: string;
  socket: LiveClient;
  heard: Heard[];
  disconnected: Promise<string>;
}

function watch(server: RunningServer, cookie: string, label: string): Watcher {
  const socket = openLiveSocket(server, cookie);
  const heard: Heard[] = [];
  socket.on("session:update", (e) => heard.push({ event: "update", sessionId: e.sessionId, seq: e.inferenceSeqNum }));
  socket.on("session:complete", (e) => heard.push({ event: "complete", sessionId: e.sessionId }));
  socket.on("alert:raised", (a: AlertView) => heard.push({ event: "alert", alertPatient: a.patient.asleepUserId }));
  const disconnected = new Promise<string>((resolve) => socket.once("disconnect", (reason) => resolve(reason)));
  return { label, socket, heard, disconnected };
}

const update = (sessionId: string, seq: number) => (h: Heard) => h.event === "update" && h.sessionId === sessionId && h.seq === seq;
const alertAbout = (asleepUserId: string) => (h: Heard) => h.event === "alert" && h.alertPatient === asleepUserId;

async function allGot(watchers: Watcher[], what: string, matches: (h: Heard) => boolean) {
  await waitFor(`${what} on ${watchers.map((w) => w.label).join(", ")}`, () => watchers.every((w) => w.heard.some(matches)));
}

/** Call once a socket on each of these sockets' instances got the event: nothing of it reached them. */
async function noneGot(watchers: Watcher[], what: string, matches: (h: Heard) => boolean) {
  await Promise.all(watchers.map((w) => w.socket.timeout(10_000).emitWithAck("clock")));
  for (const w of watchers) assert.deepEqual(w.heard.filter(matches), [], `${w.label} must not get ${what}`);
}

for (const topology of ["one instance", "two instances"] as const) {
  const two = topology === "two instances";
  const tag = two ? "la2" : "la1";
  const P = `${tag}-pat`;
  const Q = `${tag}-quinn`;
  const R = `${tag}-rae`;
  const email = (who: string) => `${who}@${tag}.test`;

  describe(`a change of who may see whom reaches open sockets at once: ${topology}${two ? " (PostgreSQL, Redis)" : " (PGlite)"}`, { timeout: 300_000 }, () => {
    let database: TestDatabase | undefined;
    const proxies: TcpProxy[] = [];
    const instances: RunningServer[] = [];
    const cookies: Record<string, string> = {};
    const sockets: Record<string, Watcher[]> = {};
    let seq = 0;
    let address = 1;

    const A = () => instances[0]!;
    const admin = (method: "PATCH" | "POST" | "DELETE", path: string, body?: unknown, via = A()) =>
      fetch(`${via.url}${path}`, { method, headers: { cookie: cookies.admin!, origin: via.url, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    const accountId = async (who: string) => (await query<{ id: string }>(A().databaseUrl, "SELECT id FROM app_user WHERE email = $1", [email(who)]))[0]!.id;
    const clinicians = async (patient: string) =>
      (await query<{ email: string }>(A().databaseUrl, "SELECT c.email FROM care_assignment a JOIN app_user c ON c.id = a.clinician_id JOIN app_user p ON p.id = a.patient_id WHERE p.email = $1 ORDER BY 1", [email(patient)])).map((r) => r.email);
    const health = async (server: RunningServer) => (await getJson(server, "/api/health")).body.redis;
    async function open(who: string) {
      for (const w of sockets[who] ?? []) w.socket.close();
      sockets[who] = instances.map((server, i) => watch(server, cookies[who]!, `${who}@${"AB"[i]}`));
      await Promise.all(sockets[who]!.map((w) => connected(w.socket)));
    }
    /** Stores the next analysis of `night` through each instance in turn, each seen by every admin socket. */
    async function storedEverywhere(asleepUserId: string, night: string, andGot: Watcher[] = []): Promise<number[]> {
      const sent: number[] = [];
      for (const server of instances) {
        const n = seq++;
        assert.equal((await postWebhook({ url: server.url, apiKey: API_KEY }, inferenceBlock(asleepUserId, night, n))).status, 200);
        await allGot([...sockets.admin!, ...andGot], `analysis ${n} of ${night}`, update(night, n));
        sent.push(n);
      }
      return sent;
    }

    before(async () => {
      if (two) {
        const redis = await requireRedis();
        database = await createTestDatabase();
        for (let i = 0; i < 2; i++) proxies.push(await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) }));
        for (const proxy of proxies) instances.push(await startServer({ databaseUrl: database.url, apiKey: API_KEY, env: { ...SHARED, ...QUIET_CLOCK, REDIS_URL: `redis://127.0.0.1:${proxy.port}` } }));
        for (const server of instances) await waitFor("Redis shared", async () => (await health(server)) === "ok");
      } else {
        instances.push(await startServer({ apiKey: API_KEY, env: { ...QUIET_CLOCK } }));
      }
      const add = (args: string[]) => usersCli(A(), ["add", "--password", PASSWORD, ...args]);
      await add(["--email", email("admin"), "--role", "admin"]);
      for (const dr of ["drone", "drtwo", "drthree"]) await add(["--email", email(dr), "--role", "clinician"]);
      await add(["--email", email("pat"), "--role", "patient", "--name", "Pat", "--asleep-user-id", P, "--clinician", email("drone")]);
      await add(["--email", email("rae"), "--role", "patient", "--name", "Rae", "--asleep-user-id", R]);
      for (const who of ["admin", "drone", "drtwo", "drthree", "pat"]) {
        const result = await signIn(A(), email(who), PASSWORD, `127.0.${two ? 61 : 62}.${address++}`);
        assert.ok(result.cookie, `${who} signs in`);
        cookies[who] = result.cookie;
      }
      for (const who of ["admin", "drone", "drtwo"]) await open(who);
    });

    after(async () => {
      for (const watchers of Object.values(sockets)) for (const w of watchers) w.socket.close();
      for (const server of instances) await server.stop();
      for (const proxy of proxies) await proxy.close();
      await database?.drop();
    });

    it("unassigned: the clinician's open sockets get none of the patient's nights or alerts, and session:sync finds nothing", async () => {
      const night = `${P}-night-1`;
      await storedEverywhere(P, night, sockets.drone);
      assert.equal((await admin("PATCH", `/api/admin/accounts/${await accountId("pat")}`, { clinicians: [] })).status, 200);

      const after = await storedEverywhere(P, night);
      await noneGot(sockets.drone!, `analyses ${after} of ${night}`, (h) => h.sessionId === night && after.includes(h.seq ?? -1));
      for (const w of sockets.drone!) assert.deepEqual(await w.socket.timeout(10_000).emitWithAck("session:sync", { sessionId: night }), { error: "Not found" } satisfies SyncAck, w.label);

      assert.equal((await postWebhook({ url: instances.at(-1)!.url, apiKey: API_KEY }, shortNight(P, `${P}-night-2`, Date.now() - 6 * 3_600_000))).status, 200);
      await allGot(sockets.admin!, "the short night's alert", alertAbout(P));
      await noneGot(sockets.drone!, "the alert or the night", (h) => alertAbout(P)(h) || h.sessionId === `${P}-night-2`);
    });

    it("reassigned: the new clinician's open sockets start getting the patient's nights and alerts without reconnecting; the old one's stop", async () => {
      const night = `${P}-night-3`;
      assert.equal((await admin("PATCH", `/api/admin/accounts/${await accountId("pat")}`, { clinicians: [email("drone")] })).status, 200);
      await storedEverywhere(P, night, sockets.drone);

      assert.equal((await admin("PATCH", `/api/admin/accounts/${await accountId("pat")}`, { clinicians: [email("drtwo")] })).status, 200);
      const after = await storedEverywhere(P, night, sockets.drtwo);
      await noneGot(sockets.drone!, `analyses ${after} of ${night}`, (h) => h.sessionId === night && after.includes(h.seq ?? -1));

      assert.equal((await postWebhook({ url: A().url, apiKey: API_KEY }, shortNight(P, `${P}-night-4`, Date.now() - 6 * 3_600_000))).status, 200);
      await allGot([...sockets.admin!, ...sockets.drtwo!], "the short night's alert", alertAbout(P));
      await noneGot(sockets.drone!, "the alert or the night", (h) => alertAbout(P)(h) || h.sessionId === `${P}-night-4`);
    });

    it("a patient made with their clinician: that clinician's open sockets get their nights at once", async () => {
      const made = await admin("POST", "/api/admin/accounts", { email: email("quinn"), role: "patient", asleepUserId: Q, clinician: email("drone"), password: PASSWORD });
      assert.equal(made.status, 201);
      await storedEverywhere(Q, `${Q}-night-1`, sockets.drone);
    });

    it("a person's data deleted: their own sockets close, and their clinician's get nothing of what is stored for that id afterwards", async () => {
      assert.equal((await admin("PATCH", `/api/admin/accounts/${await accountId("pat")}`, { clinicians: [email("drtwo")] })).status, 200);
      // Sockets that were in the patient's rooms from their handshake on.
      for (const who of ["pat", "drtwo"]) await open(who);
      await storedEverywhere(P, `${P}-night-5`, [...sockets.pat!, ...sockets.drtwo!]);
      assert.equal((await admin("DELETE", `/api/admin/people/${P}`)).status, 200);
      for (const w of sockets.pat!) assert.equal(await w.disconnected, "io server disconnect", w.label);
      const night = `${P}-night-6`;
      await storedEverywhere(P, night);
      await noneGot(sockets.drtwo!, `the new night ${night}`, (h) => h.sessionId === night);
    });

    if (!two) {
      it("a patient whose Asleep id is \"everyone\" does not put their clinician in every patient's alerts", async () => {
        await usersCli(A(), ["add", "--password", PASSWORD, "--email", email("everyone"), "--role", "patient", "--asleep-user-id", "everyone", "--clinician", email("drthree")]);
        await open("drthree");
        assert.equal((await postWebhook({ url: A().url, apiKey: API_KEY }, shortNight(R, `${R}-night-1`, Date.now() - 6 * 3_600_000))).status, 200);
        await allGot(sockets.admin!, "Rae's alert", alertAbout(R));
        await noneGot(sockets.drthree!, "another patient's alert", alertAbout(R));
      });
    }

    if (two) {
      it("an instance cut off from Redis cannot tell the others: a change made there answers 503 and changes nothing", async () => {
        proxies[0]!.setMode("refuse");
        try {
          await waitFor("A to notice", async () => (await health(A())) === "unreachable");
          const refused = await admin("PATCH", `/api/admin/accounts/${await accountId("quinn")}`, { clinicians: [] });
          assert.equal(refused.status, 503);
          assert.match(((await refused.json()) as { error: string }).error, /nothing was changed/);
          assert.deepEqual(await clinicians("quinn"), [email("drone")]);
        } finally {
          proxies[0]!.setMode("forward");
        }
        await waitFor("A to share again", async () => (await health(A())) === "ok");
      });

      it("an instance that cannot hear the others delivers only what the database allows; back, it reads its sockets again", async () => {
        const [, B] = instances as [RunningServer, RunningServer];
        const night = `${Q}-night-2`;
        proxies[1]!.setMode("refuse");
        let n: number;
        try {
          await waitFor("B to notice", async () => (await health(B)) === "unreachable");
          // Made on A, which B cannot hear: Quinn goes from Dr One to Dr Two.
          assert.equal((await admin("PATCH", `/api/admin/accounts/${await accountId("quinn")}`, { clinicians: [email("drtwo")] })).status, 200);
          n = seq++;
          assert.equal((await postWebhook({ url: B.url, apiKey: API_KEY }, inferenceBlock(Q, night, n))).status, 200);
          await allGot([sockets.admin![1]!, sockets.drtwo![1]!], `analysis ${n} on B`, update(night, n));
          await noneGot([sockets.drone![1]!], `analysis ${n}`, update(night, n));
        } finally {
          proxies[1]!.setMode("forward");
        }
        await waitFor("B to share again", async () => (await health(B)) === "ok", 60_000);
        n = seq++;
        assert.equal((await postWebhook({ url: A().url, apiKey: API_KEY }, inferenceBlock(Q, night, n))).status, 200);
        await allGot([...sockets.admin!, ...sockets.drtwo!], `analysis ${n} stored by A`, update(night, n));
        await noneGot(sockets.drone!, `analysis ${n}`, update(night, n));
      });
    }
  });
}
