// Who sees which night: patient A, patient B, A's clinician, B's clinician, a clinician with no
// patients, and an admin, over every API route and over Socket.IO, live updates included. Accounts
// are made with `npm run users` against the running app (its control socket), as an operator would.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { SyncAck } from "@/lib/live/events";
import { getJson, signIn, signOut, usersCli } from "./support/accounts";
import { connected, openLiveSocket, type LiveClient } from "./support/live";
import { startServer, type RunningServer } from "./support/server";
import { postWebhook, type WebhookTarget } from "./support/webhook";

const PASSWORD = "a long enough passphrase";
const VIEWERS = ["admin", "clinicianA", "clinicianB", "clinicianNone", "patientA", "patientB"] as const;
type ViewerName = (typeof VIEWERS)[number];
const email = (name: ViewerName) => `${name.toLowerCase()}@clinic.test`;

// Which Asleep user's nights each viewer should see.
const SEES: Record<ViewerName, Array<"asleep-A" | "asleep-B">> = {
  admin: ["asleep-A", "asleep-B"],
  clinicianA: ["asleep-A"],
  clinicianB: ["asleep-B"],
  clinicianNone: [],
  patientA: ["asleep-A"],
  patientB: ["asleep-B"],
};
const NIGHT = { "asleep-A": "night-of-A", "asleep-B": "night-of-B" } as const;

const inference = (userId: string, sessionId: string, seq: number) => ({
  event: "INFERENCE_COMPLETE",
  version: "V3",
  user_id: userId,
  session_id: sessionId,
  inference_seq_num: seq,
  sleep_stages: [0, 1, 1, 2, 2, 2, 1, 3, 3, 1],
});

function refused(socket: LiveClient): Promise<string> {
  return new Promise((resolve, reject) => {
    socket.once("connect", () => reject(new Error("connected, but should have been refused")));
    socket.once("connect_error", (error) => resolve(error.message));
  });
}

describe("who sees which night, over HTTP and Socket.IO", { timeout: 300_000 }, () => {
  let server: RunningServer;
  let target: WebhookTarget;
  const cookies = {} as Record<ViewerName, string>;
  const sockets = {} as Record<ViewerName, LiveClient>;
  const received = {} as Record<ViewerName, Array<{ event: string; sessionId: string; sleepStages?: number[] }>>;

  before(async () => {
    target = { url: "", apiKey: "access-test-key-0123456789" };
    server = await startServer({ apiKey: target.apiKey });
    target.url = server.url;
    await usersCli(server, ["add", "--email", email("admin"), "--password", PASSWORD, "--role", "admin"]);
    for (const c of ["clinicianA", "clinicianB", "clinicianNone"] as const) {
      await usersCli(server, ["add", "--email", email(c), "--password", PASSWORD, "--role", "clinician"]);
    }
    await usersCli(server, ["add", "--email", email("patientA"), "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "asleep-A", "--clinician", email("clinicianA")]);
    await usersCli(server, ["add", "--email", email("patientB"), "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "asleep-B", "--clinician", email("clinicianB")]);
    for (const [user, night] of Object.entries(NIGHT)) assert.equal((await postWebhook(target, inference(user, night, 0))).status, 200);

    for (const [i, name] of VIEWERS.entries()) {
      const result = await signIn(server, email(name), PASSWORD, `127.0.1.${i + 1}`);
      assert.equal(result.status, 200, `${name} signs in`);
      assert.ok(result.cookie, `${name} gets a session cookie`);
      cookies[name] = result.cookie;
      received[name] = [];
      sockets[name] = openLiveSocket(server, result.cookie);
      sockets[name].on("session:update", (e) => received[name].push({ event: "update", sessionId: e.sessionId, sleepStages: e.sleepStages }));
      sockets[name].on("session:complete", (e) => received[name].push({ event: "complete", sessionId: e.sessionId }));
    }
    await Promise.all(VIEWERS.map((name) => connected(sockets[name])));
  });

  after(async () => {
    for (const socket of Object.values(sockets)) socket.close();
    await server?.stop();
  });

  it("a fresh install says how to create the first admin; npm run users lists the accounts with their links", async () => {
    // Without a password on the command line: npm prints the whole command line before running it.
    assert.match(server.output(), /No admin account yet\. Create one[^\n]*\n\s+npm run users -- add --email \S+ --role admin\n/);
    const out = await usersCli(server, ["list"]);
    assert.match(out, /patienta@clinic\.test\s+patient\s+asleep-A\s+clinicianA@clinic\.test/i);
    assert.match(out, /cliniciana@clinic\.test\s+clinician\s+patienta@clinic\.test/i);
  });

  for (const name of VIEWERS) {
    it(`${name}: the API shows exactly ${SEES[name].length ? SEES[name].join(" and ") : "nothing"}; everything else is 404`, async () => {
      const list = await getJson(server, "/api/sessions", cookies[name]);
      assert.equal(list.status, 200);
      const ids = (list.body.sessions as Array<{ id: string; userId: string }>).map((s) => s.id).sort();
      assert.deepEqual(ids, SEES[name].map((u) => NIGHT[u]).sort());

      for (const [user, night] of Object.entries(NIGHT) as Array<["asleep-A" | "asleep-B", string]>) {
        const visible = SEES[name].includes(user);
        const detail = await getJson(server, `/api/sessions/${night}`, cookies[name]);
        assert.equal(detail.status, visible ? 200 : 404, `${name} GET ${night}`);
        if (visible) {
          assert.equal(detail.body.userId, user);
          assert.equal(detail.body.epochSeconds, 30);
          assert.deepEqual(detail.body.sleepStages, inference(user, night, 0).sleep_stages);
        } else {
          assert.deepEqual(detail.body, { error: "Not found" }, "nothing of someone else's night");
        }
        const csv = await getJson(server, `/api/sessions/${night}/export.csv`, cookies[name]);
        assert.equal(csv.status, visible ? 200 : 404, `${name} CSV ${night}`);
        if (visible) {
          assert.match(csv.headers.get("content-type") ?? "", /text\/csv/);
          assert.equal(csv.text.trim().split("\r\n").length, 1 + 10);
        }
        // Asking by someone else's user id finds nothing rather than an error that confirms they exist.
        const filtered = await getJson(server, `/api/sessions?userId=${user}`, cookies[name]);
        assert.equal((filtered.body.sessions as unknown[]).length, visible ? 1 : 0);
      }
    });
  }

  it("without a sign-in: every API route answers 401 and the socket is refused", async () => {
    for (const path of ["/api/sessions", `/api/sessions/${NIGHT["asleep-A"]}`, `/api/sessions/${NIGHT["asleep-A"]}/export.csv`]) {
      assert.equal((await getJson(server, path)).status, 401, path);
      assert.equal((await getJson(server, path, "better-auth.session_token=forged.value")).status, 401, `${path} with a forged cookie`);
    }
    assert.match(await refused(openLiveSocket(server)), /unauthorized/);
    assert.match(await refused(openLiveSocket(server, "__Secure-better-auth.session_token=forged.value")), /unauthorized/);
  });

  it("sign-in from another site's page is refused (CSRF): the Origin must be the app's own", async () => {
    const foreign = await fetch(`${server.url}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://evil.example" },
      body: JSON.stringify({ email: email("patientA"), password: PASSWORD }),
    });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.headers.getSetCookie().length, 0, "no session cookie");
    const own = await fetch(`${server.url}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url },
      body: JSON.stringify({ email: email("patientA"), password: PASSWORD }),
    });
    assert.equal(own.status, 200);
  });

  it("security headers: pages carry a nonce-based CSP that forbids framing; every answer forbids sniffing and foreign referrers", async () => {
    const first = await fetch(`${server.url}/login`);
    const second = await fetch(`${server.url}/login`);
    const html = await first.text();
    const policy = first.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    assert.ok(nonce, policy);
    assert.match(policy, /frame-ancestors 'none'/);
    assert.match(policy, /object-src 'none'/);
    assert.doesNotMatch(policy, /script-src[^;]*'unsafe-inline'/);
    // A fresh nonce per answer, and Next.js's own scripts carry it.
    assert.notEqual(/'nonce-([^']+)'/.exec(second.headers.get("content-security-policy") ?? "")?.[1], nonce);
    assert.ok(html.includes(`nonce="${nonce}"`), "page scripts carry the nonce");
    const health = await fetch(`${server.url}/api/health`);
    const badKey = await fetch(`${server.url}/api/asleep-webhook`, { method: "POST", headers: { "x-api-key": "nope" }, body: "{}" });
    for (const res of [first, health, badKey]) {
      assert.equal(res.headers.get("x-content-type-options"), "nosniff");
      assert.equal(res.headers.get("referrer-policy"), "same-origin");
      assert.equal(res.headers.get("x-frame-options"), "DENY");
      assert.match(res.headers.get("permissions-policy") ?? "", /camera=\(\)/);
      assert.equal(res.headers.get("strict-transport-security"), null, "no HSTS over plain http");
    }
    assert.equal(health.headers.get("content-security-policy"), "default-src 'none'; frame-ancestors 'none'");
  });

  it("a bad query answers 400 naming the field", async () => {
    const res = await getJson(server, "/api/sessions?state=SLEEPING", cookies.admin);
    assert.equal(res.status, 400);
    assert.deepEqual((res.body.issues as Array<{ path: string }>).map((i) => i.path), ["state"]);
  });

  it("live: each stored webhook reaches exactly the sockets allowed to see that night", async () => {
    for (const name of VIEWERS) received[name].length = 0;
    await postWebhook(target, inference("asleep-A", NIGHT["asleep-A"], 1));
    await postWebhook(target, inference("asleep-B", NIGHT["asleep-B"], 1));
    await postWebhook(target, {
      event: "SESSION_COMPLETE",
      version: "V3",
      user_id: "asleep-A",
      session_id: NIGHT["asleep-A"],
      stat: { sleep_efficiency: 91.5 },
      peculiarities: ["NO_BREATHING_STABILITY"],
    });
    await new Promise((r) => setTimeout(r, 750)); // anything wrongly sent would have arrived by now
    for (const name of VIEWERS) {
      const expected = [
        ...(SEES[name].includes("asleep-A") ? [`update:${NIGHT["asleep-A"]}`] : []),
        ...(SEES[name].includes("asleep-B") ? [`update:${NIGHT["asleep-B"]}`] : []),
        ...(SEES[name].includes("asleep-A") ? [`complete:${NIGHT["asleep-A"]}`] : []),
      ];
      assert.deepEqual(received[name].map((e) => `${e.event}:${e.sessionId}`), expected, name);
    }
    // The update carries the whole merged night, so a client that missed one is whole again.
    const update = received.patientA.find((e) => e.event === "update")!;
    assert.equal(update.sleepStages?.length, 20);
  });

  it("a socket cannot choose its rooms: asking to join another user's room gets nothing, and sync of their night is not found", async () => {
    const intruder = sockets.patientB as unknown as { emit: (event: string, ...args: unknown[]) => void };
    for (const event of ["join", "subscribe", "join-room", "session:join"]) intruder.emit(event, "asleep-user:asleep-A");
    received.patientB.length = 0;
    await postWebhook(target, inference("asleep-A", NIGHT["asleep-A"], 2));
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(received.patientB, []);

    const denied = await sockets.patientB.timeout(5_000).emitWithAck("session:sync", { sessionId: NIGHT["asleep-A"] });
    assert.deepEqual(denied, { error: "Not found" });
  });

  it("session:sync returns the same body as GET /api/sessions/{id}", async () => {
    const ack = (await sockets.clinicianA.timeout(5_000).emitWithAck("session:sync", { sessionId: NIGHT["asleep-A"] })) as SyncAck;
    const api = await getJson(server, `/api/sessions/${NIGHT["asleep-A"]}`, cookies.clinicianA);
    assert.deepEqual(api.body, ack as unknown);
    if ("error" in ack) return assert.fail(`sync failed: ${ack.error}`);
    assert.equal(ack.state, "COMPLETE");
    assert.deepEqual(ack.peculiarities, ["NO_BREATHING_STABILITY"]);
  });

  const accessLog = async (asleepUserId: string) =>
    (await getJson(server, `/api/admin/access-log?asleepUserId=${asleepUserId}&limit=500`, cookies.admin)).body.entries as Array<{ viewerEmail: string; action: string; resource: string }>;
  /** The entries written since the log held `before` of them, oldest first. */
  const addedSince = async (asleepUserId: string, before: number) => {
    const entries = await accessLog(asleepUserId);
    return entries.slice(0, entries.length - before).reverse();
  };

  it("session:sync is in the access log like every read: once per connection and night; a sleeper's own is not", async () => {
    const before = (await accessLog("asleep-A")).length;
    const socket = openLiveSocket(server, cookies.clinicianA);
    try {
      await connected(socket);
      for (let i = 0; i < 3; i++) assert.equal(((await socket.timeout(5_000).emitWithAck("session:sync", { sessionId: NIGHT["asleep-A"] })) as { id?: string }).id, NIGHT["asleep-A"]);
      const added = await addedSince("asleep-A", before);
      assert.deepEqual(added.map((e) => [e.viewerEmail, e.action]), [[email("clinicianA"), "view"]], "one entry for the connection's reads of the night");
      assert.match(added[0]!.resource, new RegExp(`^night .+ via the live connection \\(${NIGHT["asleep-A"]}\\)$`));
      assert.equal(((await sockets.patientA.timeout(5_000).emitWithAck("session:sync", { sessionId: NIGHT["asleep-A"] })) as { id?: string }).id, NIGHT["asleep-A"]);
      assert.equal((await accessLog("asleep-A")).length, before + 1, "the sleeper's own read is not logged");
    } finally {
      socket.close();
    }
  });

  it("a night's notes, one note and a night's tags read over the API are in the access log; a sleeper's own are not", async () => {
    const night = NIGHT["asleep-A"];
    const written = await fetch(`${server.url}/api/sessions/${night}/notes`, {
      method: "POST",
      headers: { cookie: cookies.clinicianA, origin: server.url, "content-type": "application/json" },
      body: JSON.stringify({ text: "Restless first hour", shared: true }),
    });
    assert.equal(written.status, 201);
    const noteId = ((await written.json()) as { id: string }).id;
    const before = (await accessLog("asleep-A")).length;
    for (const path of [`/api/sessions/${night}/notes`, `/api/notes/${noteId}`, `/api/sessions/${night}/tags`]) {
      assert.equal((await getJson(server, path, cookies.clinicianA)).status, 200, path);
      assert.equal((await getJson(server, path, cookies.patientA)).status, 200, `${path}, by the sleeper`);
    }
    const added = await addedSince("asleep-A", before);
    assert.deepEqual(added.map((e) => [e.viewerEmail, e.action]), Array(3).fill([email("clinicianA"), "view"]), "the clinician's three reads, not the sleeper's");
    const named = (what: string) => new RegExp(`^${what} on night .+ via the API \\(${night}\\)$`);
    assert.match(added[0]!.resource, named("notes"));
    assert.match(added[1]!.resource, named("a note"));
    assert.match(added[2]!.resource, named("tags"));
  });

  it("clock answers the server's time, which pages use to judge staleness whatever their own clock says", async () => {
    const before = Date.now();
    const ack = await sockets.patientB.timeout(5_000).emitWithAck("clock");
    const after = Date.now();
    // Same machine, same clock: the answer falls inside the round trip.
    assert.ok(ack.now >= before && ack.now <= after, `${ack.now} within [${before}, ${after}]`);
  });

  it("an ended session can neither call the API nor keep or reconnect its socket; other sessions are unaffected", async () => {
    const second = await signIn(server, email("patientA"), PASSWORD, "127.0.1.20");
    const cookie = second.cookie!;
    const socket = openLiveSocket(server, cookie);
    await connected(socket);
    const dropped = new Promise<string>((resolve) => socket.once("disconnect", (reason) => resolve(reason)));

    assert.equal(await signOut(server, cookie), 200);
    assert.equal(await dropped, "io server disconnect", "the server closes the signed-out browser's socket");
    assert.equal((await getJson(server, "/api/sessions", cookie)).status, 401);
    assert.match(await refused(openLiveSocket(server, cookie)), /unauthorized/);
    // patientA's first browser is still signed in.
    assert.equal((await getJson(server, "/api/sessions", cookies.patientA)).status, 200);
    assert.equal(sockets.patientA.connected, true);
  });

  it("failed sign-ins are rate limited per client address and per account: 429 with Retry-After", async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 11; i++) {
      last = await signIn(server, email("patientB"), "not the password at all", "127.0.2.1");
      statuses.push(last.status);
    }
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401));
    assert.equal(statuses[10], 429);
    assert.ok(Number(last!.headers["retry-after"]) > 0);
    // Another address is not locked out by this one, but the guessed account is, for now.
    assert.equal((await signIn(server, email("patientA"), PASSWORD, "127.0.2.2")).status, 200);
    assert.equal((await signIn(server, email("patientB"), PASSWORD, "127.0.2.2")).status, 429);
  });
});
