// What one viewer may ask of the live connection is bounded (issue 21 §3), on the real server, on PGlite
// and PostgreSQL. 3,000 `session:sync` at once from one patient used to be 3,000 database reads (the
// pool drained, webhooks waited seconds), and 300 sockets on one cookie were all accepted. Now events
// are limited per socket and per account (answered "retry in N s" without a read) and sockets per
// sign-in session (refused at the handshake, before the WebSocket upgrade, saying why); closing
// sockets frees their places.

import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { request } from "node:http";
import { after, before, describe, it } from "node:test";
import type { SyncAck } from "@/lib/live/events";
import { signIn, usersCli } from "./support/accounts";
import { connected, openLiveSocket, type LiveClient } from "./support/live";
import { createTestDatabase, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { inferenceBlock, postWebhook } from "./support/webhook";

const PASSWORD = "a long enough passphrase";
const API_KEY = "live-limits-key-0123456789";
const PER_SOCKET = 10;
const PER_ACCOUNT = 15;
const PER_SESSION = 20;

/** At most `perSecond` in each window the burst touched (fixed one-second windows). */
const allowedIn = (perSecond: number, ms: number) => perSecond * (Math.ceil(ms / 1000) + 1);

/** A bare WebSocket handshake with a sign-in's cookie, as a browser opens one: its status and, when refused, the body. */
function upgrade(server: RunningServer, cookie: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}/socket.io/?EIO=4&transport=websocket`, {
      headers: { cookie, connection: "Upgrade", upgrade: "websocket", "sec-websocket-version": "13", "sec-websocket-key": randomBytes(16).toString("base64") },
    });
    req.on("upgrade", (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, body: "" });
    });
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

for (const backend of ["PGlite", "PostgreSQL"] as const) {
  describe(`the live connection bounds what one viewer may ask (${backend})`, { timeout: 240_000 }, () => {
    let server: RunningServer;
    let db: TestDatabase | undefined;
    let cookie: string;
    const open: LiveClient[] = [];
    const socket = async (who = cookie) => {
      const s = openLiveSocket(server, who);
      open.push(s);
      await connected(s);
      return s;
    };
    const closeAll = () => {
      for (const s of open.splice(0)) s.close();
    };
    const syncs = async (sockets: LiveClient[], each: number) => {
      const started = performance.now();
      const answers = await Promise.all(sockets.flatMap((s) => Array.from({ length: each }, () => s.timeout(60_000).emitWithAck("session:sync", { sessionId: "limits-night" }) as Promise<SyncAck>)));
      const ms = performance.now() - started;
      const read = answers.filter((a) => !("error" in a)).length;
      const refused = answers.filter((a) => "error" in a && /^Too many requests: retry in \d+ s$/.test(a.error)).length;
      return { read, refused, ms, total: answers.length };
    };

    before(async () => {
      if (backend === "PostgreSQL") db = await createTestDatabase();
      server = await startServer({
        databaseUrl: db?.url,
        apiKey: API_KEY,
        env: { LIVE_EVENTS_PER_SOCKET: String(PER_SOCKET), LIVE_EVENTS_PER_ACCOUNT: String(PER_ACCOUNT), LIVE_SOCKETS_PER_SESSION: String(PER_SESSION) },
      });
      await usersCli(server, ["add", "--email", "pat@limits.test", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "limits-user"]);
      assert.equal((await postWebhook({ url: server.url, apiKey: API_KEY }, inferenceBlock("limits-user", "limits-night", 0))).status, 200);
      cookie = (await signIn(server, "pat@limits.test", PASSWORD, "127.0.8.1")).cookie!;
    });

    after(async () => {
      closeAll();
      await server?.stop();
      await db?.drop();
    });

    it("3,000 session:sync at once on one socket: a few are let through, a few told to retry, then the socket is cut off", async () => {
      const s = await socket();
      const cut = new Promise<string>((resolve) => s.once("disconnect", resolve));
      const started = performance.now();
      const answers = await Promise.allSettled(Array.from({ length: 3000 }, () => s.timeout(60_000).emitWithAck("session:sync", { sessionId: "limits-night" }) as Promise<SyncAck>));
      const ms = performance.now() - started;
      const answered = answers.flatMap((a) => (a.status === "fulfilled" ? [a.value] : []));
      const read = answered.filter((a) => !("error" in a)).length;
      const refused = answered.filter((a) => "error" in a && /^Too many requests: retry in \d+ s$/.test(a.error)).length;
      console.log(`[figures] ${backend}: 3,000 session:sync on one socket: ${read} read, ${refused} told to retry, ${3000 - answered.length} dropped with the socket, in ${Math.round(ms)} ms`);
      assert.equal(await cut, "io server disconnect", "the flooding socket is cut off by the server");
      // The few let through may still be reading when the socket is cut off: their answers go with it.
      assert.ok(read <= allowedIn(PER_SOCKET, ms), `${read} read in ${Math.round(ms)} ms: over ${PER_SOCKET} a second`);
      assert.equal(read + refused, answered.length, "every answer is a night or 'retry'");
      // 2 × its limit refused in a row, then cut off; a burst crossing into the next one-second window
      // has a few let through there, which starts the row again.
      assert.ok(refused <= allowedIn(2 * PER_SOCKET, ms), `${refused} refusals answered in ${Math.round(ms)} ms before the socket was cut off`);
      // A page that waits when told to is never cut off: a new socket of the same sign-in is welcome.
      const again = await socket();
      assert.ok(!("error" in ((await again.timeout(10_000).emitWithAck("session:sync", { sessionId: "limits-night" })) as SyncAck)));
      closeAll();
    });

    it("the account's limit holds over all its sockets", async () => {
      const sockets = await Promise.all(Array.from({ length: 5 }, () => socket()));
      // Each socket stays under its own limit; together they are over the account's.
      const { read, refused, ms } = await syncs(sockets, PER_SOCKET - 2);
      console.log(`[figures] ${backend}: 5 sockets × ${PER_SOCKET - 2} session:sync: ${read} read, ${refused} refused in ${Math.round(ms)} ms`);
      assert.ok(read <= allowedIn(PER_ACCOUNT, ms), `${read} read in ${Math.round(ms)} ms: over ${PER_ACCOUNT} a second for the account`);
      assert.ok(refused >= 1, "some were refused");
      closeAll();
    });

    it(`300 sockets on one sign-in: ${PER_SESSION} are accepted, the rest refused before the WebSocket upgrade saying why; closing frees places`, async () => {
      // A sign-in of its own: the earlier tests' sockets may not all be seen closed yet.
      const fresh = (await signIn(server, "pat@limits.test", PASSWORD, "127.0.8.3")).cookie!;
      const outcomes = await Promise.all(
        Array.from({ length: 300 }, async () => {
          try {
            await socket(fresh);
            return "connected";
          } catch (error) {
            return (error as Error).message;
          }
        }),
      );
      const accepted = outcomes.filter((o) => o === "connected").length;
      const refusals = outcomes.filter((o) => o !== "connected");
      console.log(`[figures] ${backend}: 300 sockets on one cookie: ${accepted} accepted, ${refusals.length} refused`);
      assert.equal(accepted, PER_SESSION);
      // Refused before the upgrade (no engine.io or Socket.IO work for them, issue 21 §3): a client
      // sees a failed WebSocket, whose answer says why.
      assert.deepEqual([...new Set(refusals)], ["websocket error"]);
      const refused = await upgrade(server, fresh);
      assert.equal(refused.status, 400);
      assert.match(refused.body, /^too many connections: at most 20 live connections per sign-in; close other tabs or sign in again$/);
      closeAll();
      // The server sees the closes a moment later: a new socket is accepted once it has.
      for (let tries = 0; ; tries++) {
        try {
          const again = await socket(fresh);
          assert.ok(again.connected);
          break;
        } catch (error) {
          assert.ok(tries < 50, `still refused after the others closed: ${(error as Error).message}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      // Another sign-in of the same account has places of its own.
      const other = (await signIn(server, "pat@limits.test", PASSWORD, "127.0.8.2")).cookie!;
      assert.ok((await socket(other)).connected);
      closeAll();
    });
  });
}
