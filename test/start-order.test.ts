// The start loads every page and route module before it opens anything with a timer.
//
// Loading Next's modules is seconds of synchronous work on a loaded machine. Next did it in the
// background after prepare(), while the server went on to open its database pool, job queue and Redis:
// a pool's wait for its connection ran out during the stall and the start failed with "timeout exceeded
// when trying to connect" (the embedded database), and a README test of two instances failed in CI.
// So this checks the order, not a time: every module the build has is compiled before "pages loaded",
// with no outgoing connection open or opening meanwhile, and none is left to load on a first request.

import assert from "node:assert/strict";
import path from "node:path";
import { after, describe, it } from "node:test";
import { appEntries } from "../server/http-server";
import { startServer, type RunningServer } from "./support/server";
import { createTestDatabase, type TestDatabase } from "./support/postgres";
import { requireRedis, TEST_REDIS_URL } from "./support/redis";

const WATCH = path.join(__dirname, "support/start-watch.cjs");

async function checkOrder(server: RunningServer) {
  // The watch says whether source maps are on every 500 ms: one line after "ready" is awaited.
  const afterReady = () => server.logs().slice(server.logs().findIndex((l) => l.msg === "ready")).some((l) => l.msg === "source maps");
  for (let waited = 0; !afterReady() && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  const logs = server.logs();
  const entries = appEntries().map((file) => path.join(process.cwd(), ".next", "server", file));
  assert.ok(entries.length > 50, `the build lists ${entries.length} page and route modules`);
  const loaded = logs.findIndex((l) => l.msg === "pages loaded");
  assert.ok(loaded >= 0, "no \"pages loaded\" line");
  assert.equal(logs[loaded]!.entries, entries.length, "the start found no preload to run (Next's unstable_preloadEntries): the checks below say which modules it left");
  const compiled = logs.flatMap((l, i) => (l.msg === "entry compiled" ? [{ file: String(l.file), connections: Number(l.connections), i }] : []));
  const late = compiled.filter((l) => l.i > loaded).map((l) => l.file);
  assert.deepEqual(late, [], "modules compiled after the start said the pages were loaded");
  const missing = entries.filter((file) => !compiled.some((l) => l.file === file));
  assert.deepEqual(missing, [], "modules the start did not load");
  const withConnections = compiled.filter((l) => l.connections > 0).map((l) => `${l.file}: ${l.connections} open`);
  assert.deepEqual(withConnections, [], "modules compiled while connections were open or opening");
  const ready = logs.findIndex((l) => l.msg === "ready");
  assert.ok(ready > loaded, "ready before the pages were loaded");
  // Node keeps the source map of each module it loads while maps are on: the build's 44 MB of maps
  // held an idle server at 151 MB of heap instead of about 95, and lengthened every mark-compact (docs/PERFORMANCE.md).
  const kept = logs.filter((l) => l.msg === "build source map kept").map((l) => String(l.file));
  assert.deepEqual(kept.slice(0, 5), [], `${kept.length} of the build's modules had their source maps kept`);
  const after = logs.slice(ready).filter((l) => l.msg === "source maps");
  assert.ok(after.length > 0 && after.every((l) => l.enabled === true), "source maps are off for the app's own code after the start");
}

describe("start-up order: the pages load before the server opens its database pool, job queue and Redis", { timeout: 300_000 }, () => {
  const servers: RunningServer[] = [];
  let database: TestDatabase | undefined;
  after(async () => {
    for (const server of servers) await server.stop();
    await database?.drop();
  });

  it("embedded PGlite", async () => {
    const server = await startServer({ nodeArgs: ["--require", WATCH] });
    servers.push(server);
    await checkOrder(server);
    // A first request finds its page loaded: nothing more is compiled for it.
    const before = server.logs().filter((l) => l.msg === "entry compiled").length;
    assert.equal((await fetch(`${server.url}/login`)).status, 200);
    assert.equal(server.logs().filter((l) => l.msg === "entry compiled").length, before, "the sign-in page was compiled on its first request");
  });

  it("PostgreSQL server and Redis", async () => {
    await requireRedis();
    database = await createTestDatabase();
    const server = await startServer({ databaseUrl: database.url, env: { REDIS_URL: TEST_REDIS_URL }, nodeArgs: ["--require", WATCH] });
    servers.push(server);
    await checkOrder(server);
  });
});
