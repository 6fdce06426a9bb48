// The embedded database's own thread (server/db/embedded.ts). PGlite runs PostgreSQL as WASM, and every
// query it executes runs on the thread that holds it: on the app's event loop, a flood of viewer reads or
// a year's report query delayed every webhook and socket behind it. Here it has its own loop, and the
// app reaches it over the Unix socket as it would a PostgreSQL server. Plain CommonJS: a worker thread
// does not get tsx's hooks on Node 20, and this needs none.
const { chmodSync } = require("node:fs");
const { parentPort, workerData } = require("node:worker_threads");
const { PGlite } = require("@electric-sql/pglite");
const { PGLiteSocketServer } = require("@electric-sql/pglite-socket");

async function main() {
  const { dir, socketPath } = workerData;
  const db = await PGlite.create(dir);
  // Four connections: the app's (its pool holds one); the one replacing it while the old one closes (the
  // socket server counts a connection until it has cleaned up after it, so a connection dropped after a
  // failed statement and its successor are briefly two); and two for a migration, `npm run users` or the
  // bench's floors. All are served by the one database session, in turn.
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 4 });
  await server.start();
  // The directory already keeps others out; the socket's own mode says so too.
  chmodSync(socketPath, 0o600);
  parentPort.on("message", async (message) => {
    if (message !== "stop") return;
    try {
      await server.stop();
      await db.close();
      parentPort.postMessage({ stopped: true });
    } catch (error) {
      parentPort.postMessage({ stopped: true, error: String(error && error.stack ? error.stack : error) });
    }
    parentPort.close();
  });
  parentPort.postMessage({ ready: true });
}

main().catch((error) => parentPort.postMessage({ error: String(error && error.stack ? error.stack : error) }));
