// Next.js behind Node's HTTP server, so Socket.IO can share the port.

import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import next from "next";
import { CLIENT_IP_HEADER } from "./auth/auth";
import { hasMalformedPath } from "./http/request-path";
import { LIVE_PATH } from "./live/path";
import type { Logger } from "./logger";
import type { EdgeGuard } from "./security/edge-guard";
import { API_POLICY, baseHeaders } from "./security/headers";

/**
 * How long a client may take (HTTP_HEADERS_TIMEOUT, HTTP_REQUEST_TIMEOUT, HTTP_KEEP_ALIVE_TIMEOUT).
 * Without them a client that sends half its headers, or a body a byte at a time, holds a connection
 * (and, for a body, a request handler waiting on it) for minutes.
 */
export interface HttpTimeouts {
  headersMs: number;
  requestMs: number;
  keepAliveMs: number;
}

/**
 * How often Node looks for connections past those timeouts (its default, 30 s, let a half-sent
 * request live up to 30 s past its deadline). A walk over the open connections: cheap.
 */
const TIMEOUT_CHECK_INTERVAL_MS = 250;

/** Next.js, loaded: its request handler, and the server it watches for upgrades (never listened on). */
export interface PreparedNext {
  handle: ReturnType<NextServer["getRequestHandler"]>;
  upgrades: Server;
}

type NextServer = ReturnType<typeof next>;

/**
 * Loads Next.js and, in production, every page and route module, and returns when they are loaded.
 *
 * Loading them is seconds of synchronous work (2.2 s measured, more on a loaded machine). Next.js does
 * it by itself in the background after `prepare()` (experimental.preloadEntriesOnStart), which left it
 * running while the server opened its database pool, its job queue and Redis: their timers (a pool's
 * wait for a connection, a connect timeout) ran out during the stall, and the start failed with
 * "timeout exceeded when trying to connect". So next.config.js turns that off and the start awaits the
 * same preload here, before anything with a timer is in flight (server/index.ts calls this first).
 */
export async function prepareNext({ dev, host, port }: { dev: boolean; host: string; port: number }): Promise<PreparedNext & { entries: number }> {
  // Next.js listens for upgrades on the server it is given (its dev reload; in production only its
  // rewrites to other hosts, which this app has none of). On the real server it saw every live
  // socket's WebSocket upgrade too and routed it, the pages' proxy (proxy.ts) included, for nothing:
  // so it is given a server that is never listened on, and only the upgrades Socket.IO does not take.
  const upgrades = createServer();
  const app = next({ dev, hostname: host, port, dir: process.cwd(), httpServer: upgrades });
  // Node's source maps are on (tsx turns them on for our own TypeScript's stack traces), and with them on
  // Node reads and keeps the map of every module it loads: for the build's chunks, 44 MB of maps with
  // their sources, which held an idle server's live heap at 151 MB (about 95 without them) and so
  // lengthened every mark-compact, the longest stalls of a webhook under load (docs/PERFORMANCE.md). So
  // the build loads with them off; our own modules keep theirs. A stack through a chunk names its file,
  // as in any Next.js production server.
  const sourceMaps = process.sourceMapsEnabled;
  if (!dev) process.setSourceMapsEnabled(false);
  try {
    await app.prepare();
    const entries = dev ? 0 : await preloadEntries(app);
    return { handle: app.getRequestHandler(), upgrades, entries };
  } finally {
    process.setSourceMapsEnabled(sourceMaps);
  }
}

/**
 * Next's own preload (NextNodeServer.unstable_preloadEntries, what preloadEntriesOnStart runs), awaited.
 * Reached through the custom server's `server` (a NextServer) and its getServer(), which Next's types keep
 * private; without them, modules load on first request as with the preload off (and "pages loaded" says 0).
 * Returns how many page and route modules the build has.
 */
async function preloadEntries(app: NextServer): Promise<number> {
  const custom = app as unknown as { server?: { getServer?: () => Promise<{ unstable_preloadEntries?: () => Promise<void> }> } };
  const server = await custom.server?.getServer?.();
  if (!server?.unstable_preloadEntries) return 0;
  await server.unstable_preloadEntries();
  return appEntries().length;
}

/** The build's page and route modules (its app-paths manifest), what the preload loads. */
export function appEntries(): string[] {
  const manifest = path.join(process.cwd(), ".next", "server", "app-paths-manifest.json");
  if (!existsSync(manifest)) return [];
  return Object.values(JSON.parse(readFileSync(manifest, "utf8")) as Record<string, string>);
}

/** An HTTP server for the prepared Next.js, not listening yet (attach Socket.IO first). */
export function createHttpServer({ prepared, https, trustProxy, guard, logger, timeouts }: { prepared: PreparedNext; trustProxy: boolean; https: boolean; guard: EdgeGuard; logger: Logger; timeouts: HttpTimeouts }): Server {
  const { handle, upgrades: nextUpgrades } = prepared;
  const security = baseHeaders({ https });
  const options = {
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_INTERVAL_MS, timeouts.headersMs),
  };
  const server = createServer(options, (req, res) => {
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
  server.on("upgrade", (req, socket, head) => {
    if (!req.url?.startsWith(LIVE_PATH)) nextUpgrades.emit("upgrade", req, socket, head);
  });
  return server;
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
