// Half-sent requests are cut off (issue 21 §3), on the real server over raw TCP. A client that sends
// half its headers, or a body a byte at a time, used to hold its connection for as long as it liked
// (Node's own checks ran every 30 s against a 60 s / 300 s deadline). Now HTTP_HEADERS_TIMEOUT,
// HTTP_REQUEST_TIMEOUT and HTTP_KEEP_ALIVE_TIMEOUT bound them, checked four times a second.

import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { after, before, describe, it } from "node:test";
import { startServer, type RunningServer } from "./support/server";

const API_KEY = "half-sent-key-0123456789";
const HEADERS_MS = 2000;
const REQUEST_MS = 4000;
const KEEP_ALIVE_MS = 1500;
/** Node checks for expired connections four times a second (server/http-server.ts); the rest is a loaded machine's slack. */
const SLACK_MS = 2500;

/** Opens a raw connection and records what comes back and when the server closes it. */
function rawConnection(server: RunningServer) {
  const socket: Socket = connect(server.port, "127.0.0.1");
  let received = "";
  socket.setEncoding("utf8");
  socket.on("data", (chunk: string) => (received += chunk));
  socket.on("error", () => {});
  const opened = new Promise<number>((resolve) => socket.once("connect", () => resolve(performance.now())));
  const closed = new Promise<number>((resolve) => socket.once("close", () => resolve(performance.now())));
  return { socket, opened, closed, received: () => received };
}

/** Resolves with when the connection closed, or null if it is still open after `ms`. */
async function closedWithin(closed: Promise<number>, ms: number): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  const result = await Promise.race([closed, gaveUp]);
  clearTimeout(timer);
  return result;
}

describe("half-sent requests are cut off", { timeout: 120_000 }, () => {
  let server: RunningServer;

  before(async () => {
    server = await startServer({
      apiKey: API_KEY,
      env: { HTTP_HEADERS_TIMEOUT: `${HEADERS_MS}ms`, HTTP_REQUEST_TIMEOUT: `${REQUEST_MS}ms`, HTTP_KEEP_ALIVE_TIMEOUT: `${KEEP_ALIVE_MS}ms` },
    });
  });

  after(async () => {
    await server?.stop();
  });

  it("a client that sends half its headers is closed once HTTP_HEADERS_TIMEOUT has passed", async () => {
    const conn = rawConnection(server);
    const opened = await conn.opened;
    conn.socket.write(`POST /api/asleep-webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: ${API_KEY}\r\ncontent-type: appl`);
    const closed = await closedWithin(conn.closed, HEADERS_MS + SLACK_MS);
    conn.socket.destroy();
    assert.ok(closed !== null, `still open ${HEADERS_MS + SLACK_MS} ms after half its headers`);
    assert.ok(closed - opened >= HEADERS_MS - 100, `closed after ${Math.round(closed - opened)} ms, before the timeout`);
    assert.match(conn.received(), /^$|^HTTP\/1\.1 408/);
    console.log(`[figures] half-sent headers: closed after ${Math.round(closed - opened)} ms (HTTP_HEADERS_TIMEOUT ${HEADERS_MS} ms)`);
  });

  it("a body sent a byte at a time gets a 408 and is closed once HTTP_REQUEST_TIMEOUT has passed", async () => {
    const conn = rawConnection(server);
    const opened = await conn.opened;
    const body = JSON.stringify({ event: "SESSION_STARTED", session_id: "slow", user_id: "slow", data: {} });
    conn.socket.write(`POST /api/asleep-webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: ${API_KEY}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`);
    // Well inside the headers timeout per byte, far outside the request timeout in total.
    let sent = 0;
    const dribble = setInterval(() => {
      if (sent < body.length - 1 && !conn.socket.destroyed) conn.socket.write(body[sent++]!);
    }, 300);
    const closed = await closedWithin(conn.closed, REQUEST_MS + SLACK_MS);
    clearInterval(dribble);
    conn.socket.destroy();
    assert.ok(closed !== null, `still open ${REQUEST_MS + SLACK_MS} ms into a dribbled body`);
    assert.ok(closed - opened >= REQUEST_MS - 100, `closed after ${Math.round(closed - opened)} ms, before the timeout`);
    assert.match(conn.received(), /^$|^HTTP\/1\.1 408/);
    console.log(`[figures] dribbled body: closed after ${Math.round(closed - opened)} ms, ${sent} of ${body.length} bytes sent (HTTP_REQUEST_TIMEOUT ${REQUEST_MS} ms)`);
  });

  it("an idle kept-alive connection is closed after HTTP_KEEP_ALIVE_TIMEOUT; a whole request is answered", async () => {
    const conn = rawConnection(server);
    await conn.opened;
    conn.socket.write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    while (!/\r\n\r\n/.test(conn.received())) await new Promise((r) => setTimeout(r, 20));
    const answered = performance.now();
    assert.match(conn.received(), /^HTTP\/1\.1 200/);
    const closed = await closedWithin(conn.closed, KEEP_ALIVE_MS + SLACK_MS);
    conn.socket.destroy();
    assert.ok(closed !== null, `an idle connection still open ${KEEP_ALIVE_MS + SLACK_MS} ms after its answer`);
    // Node gives a kept-alive socket one second more than keepAliveTimeout before closing it.
    console.log(`[figures] idle kept-alive connection: closed ${Math.round(closed - answered)} ms after its answer (HTTP_KEEP_ALIVE_TIMEOUT ${KEEP_ALIVE_MS} ms)`);
  });
});
