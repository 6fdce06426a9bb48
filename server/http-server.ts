// Next.js behind Node's HTTP server, so Socket.IO can share the port.

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, type Server, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import next from "next";
import { CLIENT_IP_HEADER } from "./auth/auth";
import { hasMalformedPath } from "./http/request-path";
import type { Logger } from "./logger";
import type { EdgeGuard } from "./security/edge-guard";
import { API_POLICY, baseHeaders } from "./security/headers";

/** Prepares Next.js and returns an HTTP server that is not listening yet (attach Socket.IO first). */
export async function createHttpServer({ dev, host, port, trustProxy, https, guard, logger }: { dev: boolean; host: string; port: number; trustProxy: boolean; https: boolean; guard: EdgeGuard; logger: Logger }): Promise<Server> {
  const app = next({ dev, hostname: host, port, dir: process.cwd() });
  await app.prepare();
  const handle = app.getRequestHandler();
  const security = baseHeaders({ https });
  return createServer((req, res) => {
    for (const [name, value] of security) res.setHeader(name, value);
    // Pages get their own policy, with a nonce, from proxy.ts.
    if (req.url?.startsWith("/api/")) res.setHeader("content-security-policy", API_POLICY);
    // Next.js fails on a path it cannot percent-decode with a 500: such a path names nothing.
    if (hasMalformedPath(req.url ?? "")) return badPath(req.url ?? "", res);
    const client = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], trustProxy);
    req.headers[CLIENT_IP_HEADER] = client;
    guard(req, res, client)
      .then((answered) => (answered ? undefined : handle(req, res)))
      .catch((error: unknown) => {
        logger.error({ err: (error as Error)?.message, url: req.url }, "request failed before reaching the app");
        if (!res.headersSent) {
          res.statusCode = 503;
          res.setHeader("retry-after", "5");
          res.end();
        }
      });
  });
}

function badPath(target: string, res: ServerResponse) {
  const api = target.startsWith("/api/");
  const body = api ? JSON.stringify({ error: "Malformed percent-encoding in the path" }) : "Bad request: malformed percent-encoding in the path\n";
  res.statusCode = 400;
  res.setHeader("content-type", api ? "application/json" : "text/plain; charset=utf-8");
  res.setHeader("content-length", Buffer.byteLength(body));
  res.end(body);
}

export function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}

/** `npm start` on a fresh clone: build once, then serve. */
export async function buildIfMissing(logger: Logger): Promise<void> {
  if (existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) return;
  logger.info("no production build yet: running `next build` (first start only, about a minute)");
  const nextBin = createRequire(__filename).resolve("next/dist/bin/next");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, "build"], { stdio: ["ignore", "inherit", "inherit"] });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit ${code})`))));
    child.on("error", reject);
  });
}

/**
 * The client's address, for rate limits: the TCP peer, which a client cannot fake; behind a trusted
 * reverse proxy (TRUST_PROXY=true), the address that proxy appended to X-Forwarded-For.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trustProxy: boolean): string {
  const forwarded = Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor;
  if (trustProxy && forwarded) {
    const last = forwarded.split(",").map((a) => a.trim()).filter(Boolean).at(-1);
    if (last) return last;
  }
  return peer ?? "unknown";
}
