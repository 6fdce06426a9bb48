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
  // Two connections: the app's (its pool holds one) and one spare for migrations or inspection.
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 2 });
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
