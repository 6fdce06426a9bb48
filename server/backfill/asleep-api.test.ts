// fetchAsleepSession against a real local HTTP server: Asleep's answer is read up to a bound, and an
// answer past it is a failed fetch (the night is asked about again later), not a server out of memory.

import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { fetchAsleepSession, MAX_ASLEEP_ANSWER_BYTES } from "./asleep-api";

const report = (padding: number) =>
  JSON.stringify({ detail: "success", result: { session: { id: "night", state: "OPEN", sleep_stages: [1, 2, 3] }, stat: { note: "x".repeat(padding) } } });

describe("fetchAsleepSession: the size of Asleep's answer is bounded", () => {
  let server: Server;
  let baseUrl: string;
  /** Bytes written by the server for the last answer (it stops once the client cancels). */
  let written = 0;

  before(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      const size = Number(url.pathname.split("/").pop());
      const body = report(size);
      written = 0;
      if (url.pathname.startsWith("/stream/")) {
        // No Content-Length: chunks keep coming (a body that never ends would too).
        res.writeHead(200, { "content-type": "application/json" });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        res.write("{");
        const pump = () => {
          while (written < 64 * 1024 * 1024) {
            written += chunk.length;
            if (!res.write(chunk)) return void res.once("drain", pump);
          }
          res.end("}");
        };
        res.on("close", () => res.destroy());
        pump();
        return;
      }
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const fetchSized = (size: number, mode = "length") =>
    fetchAsleepSession({ baseUrl: `${baseUrl}/${mode}`, apiKey: "k" }, String(size), "user", AbortSignal.timeout(30_000));

  it("an answer within the bound is read", async () => {
    const fetched = await fetchSized(MAX_ASLEEP_ANSWER_BYTES - 1000);
    assert.equal(fetched.ok, true);
    if (fetched.ok) assert.deepEqual(fetched.report.session.sleep_stages, [1, 2, 3]);
  });
  it("an answer whose Content-Length is over the bound is a failed fetch, naming the bound", async () => {
    const fetched = await fetchSized(MAX_ASLEEP_ANSWER_BYTES + 1);
    assert.equal(fetched.ok, false);
    if (!fetched.ok) {
      assert.equal(fetched.status, 200);
      assert.match(fetched.reason, /over 4194304 bytes/);
    }
  });
  it("an answer streamed without a length is cut off once past the bound, not read to its end", async () => {
    const fetched = await fetchSized(0, "stream");
    assert.equal(fetched.ok, false);
    if (!fetched.ok) assert.match(fetched.reason, /over 4194304 bytes/);
    // The server had more to send (64 MiB) when the client stopped reading.
    assert.ok(written < 16 * 1024 * 1024, `${written} bytes written before the client stopped`);
  });
});
