// A real webhook receiver on 127.0.0.1 (node:http) for outbound event tests: records every request as
// received (headers and raw body) and answers per path from a script (then 200), after a delay and
// with headers when told (a slow or rate-limiting receiver).

import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** What this receiver answered. */
  answered: number;
  /** When the request had arrived whole (ms since the epoch). */
  at: number;
}

export interface AnswerOptions {
  /** Answer this long after the request arrived (a slow receiver). */
  delayMs?: number;
  /** Extra headers on every answer (e.g. retry-after). */
  headers?: Record<string, string>;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** The next answers on `path`, in order; once used up, 200. */
  script(path: string, statuses: number[]): void;
  /** Every answer on `path` from now on (until changed). */
  always(path: string, status: number | null): void;
  /** How `path` answers from now on: after a delay, with headers (null: at once, plainly). */
  answerWith(path: string, options: AnswerOptions | null): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const scripts = new Map<string, number[]>();
  const fixed = new Map<string, number>();
  const manners = new Map<string, AnswerOptions>();
  const waiting = new Set<{ timer: NodeJS.Timeout; res: ServerResponse }>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "/";
      const status = scripts.get(path)?.shift() ?? fixed.get(path) ?? 200;
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), answered: status, at: Date.now() });
      const manner = manners.get(path) ?? {};
      const answer = () => res.writeHead(status, { "content-type": "text/plain", ...manner.headers }).end(status < 300 ? "thanks" : `receiver says ${status}`);
      if (!manner.delayMs) return answer();
      const entry = {
        timer: setTimeout(() => {
          waiting.delete(entry);
          if (!res.destroyed) answer();
        }, manner.delayMs),
        res,
      };
      waiting.add(entry);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    script: (path, statuses) => scripts.set(path, [...statuses]),
    always: (path, status) => (status === null ? fixed.delete(path) : fixed.set(path, status)),
    answerWith: (path, options) => (options === null ? manners.delete(path) : manners.set(path, options)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const w of waiting) clearTimeout(w.timer);
        waiting.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
