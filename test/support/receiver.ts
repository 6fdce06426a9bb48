// A real webhook receiver on 127.0.0.1 (node:http) for outbound event tests: records every request as
// received (headers and raw body) and answers per path from a script (then 200).

import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** What this receiver answered. */
  answered: number;
  at: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** The next answers on `path`, in order; once used up, 200. */
  script(path: string, statuses: number[]): void;
  /** Every answer on `path` from now on (until changed). */
  always(path: string, status: number | null): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const scripts = new Map<string, number[]>();
  const fixed = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "/";
      const status = scripts.get(path)?.shift() ?? fixed.get(path) ?? 200;
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), answered: status, at: Date.now() });
      res.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "thanks" : `receiver says ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    script: (path, statuses) => scripts.set(path, [...statuses]),
    always: (path, status) => (status === null ? fixed.delete(path) : fixed.set(path, status)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
