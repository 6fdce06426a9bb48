// A restart (a deploy) with 200 live pages open: the server drops their sockets at the transport, so
// every page retries by itself, comes back to the restarted server on the same port, and catches up
// from the database. Measured: the time from the server being ready again to every page being live
// (connected, clock measured, night re-read), on the embedded database and on PostgreSQL.
//
// The "pages" are 200 socket.io-client connections doing what the night page does (components/LiveNight.tsx
// through useLiveSocket): WebSocket only, the page's retry cap, and on every connect `clock` then
// `session:sync`. A real browser page does the same over the same protocol, plus rendering.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { io as connect, type Socket } from "socket.io-client";
import { MAX_RETRY_MS } from "@/lib/live/connection";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/live/events";
import { signIn, usersCli } from "./support/accounts";
import { createTestDatabase, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";
import { postWebhook } from "./support/webhook";

const PAGES = 200;
const API_KEY = "reconnect-key-0123456789abcdef";

interface Page {
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  disconnects: string[];
  /** When (ms since the epoch) the page was last whole again: connected, clock measured, night re-read. */
  liveAt: number | null;
  recorded: number;
}

function openPage(url: string, cookie: string): Page {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(url, {
    transports: ["websocket"],
    reconnectionDelayMax: MAX_RETRY_MS,
    extraHeaders: { cookie },
    forceNew: true,
  });
  const page: Page = { socket, disconnects: [], liveAt: null, recorded: 0 };
  socket.on("connect", async () => {
    page.liveAt = null;
    await socket.timeout(10_000).emitWithAck("clock").catch(() => null);
    // As the page does: a catching-up that did not answer in time is asked again while connected.
    while (socket.connected) {
      const night = await socket.timeout(10_000).emitWithAck("session:sync", { sessionId: "reconnect-night" }).catch(() => null);
      if (night && !("error" in night)) {
        page.recorded = Math.max(page.recorded, night.sleepStages.length);
        page.liveAt = Date.now();
        return;
      }
      await new Promise((r) => setTimeout(r, 1_000));
    }
  });
  // As the page does: what arrives live is applied too. A page back before the delivery below was stored
  // has it only from this broadcast (its catching-up read the night before the delivery).
  socket.on("session:update", (update) => {
    if (update.sessionId === "reconnect-night") page.recorded = Math.max(page.recorded, update.sleepStages.length);
  });
  // Live again means after this disconnect: a page can be back before the restarted server logs "ready"
  // (it listens before its job workers have started), so "live" is not measured against that line.
  socket.on("disconnect", (reason) => {
    page.liveAt = null;
    page.disconnects.push(reason);
  });
  return page;
}

async function until(what: string, ok: () => boolean, ms: number, diagnose?: () => string) {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`not in ${ms} ms: ${what}${diagnose ? ` (${diagnose()})` : ""}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const database of ["embedded PGlite", "PostgreSQL"] as const) {
  describe(`a restart with ${PAGES} live pages open (${database})`, { timeout: 300_000 }, () => {
    let db: TestDatabase | undefined;
    let server: RunningServer | undefined;
    const dataDir = mkdtempSync(path.join(tmpdir(), "sleep-reconnect-"));
    after(async () => {
      await server?.stop();
      await db?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it("every page comes back live by itself and catches up from the database", async () => {
      if (database === "PostgreSQL") db = await createTestDatabase();
      // The 200 pages stand for 200 viewers, signed in as one for brevity: one sign-in's and one
      // account's live limits (test/live-limits.test.ts) are raised to what 200 viewers together have.
      const start = (port = "0") => startServer({ dataDir, apiKey: API_KEY, databaseUrl: db?.url, env: { PORT: port, LIVE_SOCKETS_PER_SESSION: String(PAGES), LIVE_EVENTS_PER_ACCOUNT: String(PAGES * 10) } });
      server = await start();
      await usersCli(server, ["add", "--email", "watcher@reconnect.test", "--password", "a long enough passphrase", "--role", "patient", "--asleep-user-id", "asleep-reconnect"]);
      const block = (seq: number) => ({ event: "INFERENCE_COMPLETE", version: "V3", user_id: "asleep-reconnect", session_id: "reconnect-night", inference_seq_num: seq, sleep_stages: Array(10).fill(1) });
      assert.equal((await postWebhook({ url: server.url, apiKey: API_KEY }, block(0))).status, 200);
      const { cookie } = await signIn(server, "watcher@reconnect.test", "a long enough passphrase");
      assert.ok(cookie);

      const pages = Array.from({ length: PAGES }, () => openPage(server!.url, cookie));
      try {
        await until("every page live", () => pages.every((p) => p.liveAt !== null), 60_000, () => `${pages.filter((p) => p.socket.connected).length} connected, ${pages.filter((p) => p.liveAt !== null).length} live`);

        const port = server.port;
        await server.stop();
        server = undefined;
        await until("every page has noticed", () => pages.every((p) => p.disconnects.length === 1), 10_000);
        // Dropped at the transport, which clients retry; never a server-side disconnect, which they do not.
        assert.deepEqual([...new Set(pages.flatMap((p) => p.disconnects))], ["transport close"]);

        const restarting = Date.now();
        server = await start(String(port));
        const ready = Number(server.logs().find((l) => l.msg === "ready")!.time);
        // Stored after the restart: each page must have it once it has caught up.
        assert.equal((await postWebhook({ url: server.url, apiKey: API_KEY }, block(1))).status, 200);
        await until("every page live again", () => pages.every((p) => p.liveAt !== null), 60_000, () => {
          const refusals = server!.logs().filter((l) => /socket refused|handshake failed|session:sync failed/.test(String(l.msg)));
          const kinds = [...new Set(refusals.map((l) => `${l.msg}${l.err ? `: ${l.err}` : ""}`))].slice(0, 5);
          return `${pages.filter((p) => p.socket.connected).length} connected, ${pages.filter((p) => p.liveAt !== null).length} live; server said ${refusals.length} times: ${kinds.join(" | ")}`;
        });
        await until("every page has the night stored after the restart", () => pages.every((p) => p.recorded === 20), 10_000);

        // From "ready"; a page back before that line counts as 0.
        const times = pages.map((p) => Math.max(0, p.liveAt! - ready)).sort((x, y) => x - y);
        const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
        console.log(
          `[figures] restart with ${PAGES} live pages (${database}): from the server ready again to every page live: ` +
            `${(at(1) / 1000).toFixed(1)} s (median page ${(at(0.5) / 1000).toFixed(1)} s, first ${(times[0]! / 1000).toFixed(1)} s; ` +
            `${pages.filter((p) => p.liveAt! < ready).length} back before "ready", ${((ready - restarting) / 1000).toFixed(1)} s after the restart began; retry cap ${MAX_RETRY_MS / 1000} s ±50%)`,
        );
        // The pages' retries are spread up to 1.5 × the cap: all are back within that and the catching up.
        assert.ok(at(1) < 1.5 * MAX_RETRY_MS + 10_000, `every page live again ${at(1)} ms after the server was ready`);
      } finally {
        for (const p of pages) p.socket.close();
      }
    });
  });
}
