// Live nights over Socket.IO, on the same port as the app. The handshake is authenticated by the
// sign-in cookie; the server, never the client, decides which rooms a socket is in (one room per Asleep
// user it may see, or the everyone room for admins), and keeps them following every change of who may
// see whom (access-rooms.ts). After each stored webhook the process that stored it emits to exactly
// those rooms. Clients can always catch up with `session:sync`, which reads the database (for what the
// viewer may see now, as the rooms do), so missed events never leave a stale night behind.

import type { Server as HttpServer } from "node:http";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import { Server, type Socket } from "socket.io";
import { z } from "zod";
import type { AlertView, ClientToServerEvents, ServerToClientEvents } from "@/lib/live/events";
import type { Auth } from "../auth/auth";
import { viewerFromHeaders, type Viewer } from "../auth/viewer";
import type { Db } from "../db/client";
import { canNameStoredId } from "@/lib/paths";
import { classifyDbError } from "../db/errors";
import { nightResource } from "@/lib/access/resource";
import { audienceOf, type AccessFollower, type Audience } from "../data/access";
import { recordAccess } from "../data/access-log";
import { getSessionDetail } from "../data/sessions";
import { allowedOrigins } from "../http/origin";
import type { Logger } from "../logger";
import type { IngestResult } from "../webhook/ingest";
import { LIVE_PATH } from "./path";
import type { RedisLink } from "./redis";
import { ReadsBusyError, type LiveLimits } from "./socket-limits";
import { accountRoom, asleepUserRoom, authSessionRoom, CARE_EVERYONE_ROOM, careRoom, createAccessRooms, EVERYONE_ROOM } from "./access-rooms";

export interface SocketData {
  viewer: Viewer;
  audience: Audience;
}

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const syncRequest = z.object({ sessionId: z.string().min(1).max(128) });

/** Every change of who may see whom reaches open sockets through revoke and refresh (server/data/access.ts changeAccess). */
export interface Live extends AccessFollower {
  io: LiveServer;
  /** Pushes what a stored webhook changed to everyone allowed to see it. */
  publish(result: IngestResult): void;
  /** Pushes an alert raised, acknowledged or resolved to the clinicians and admins who may see its patient. */
  publishAlert(event: "alert:raised" | "alert:changed", alert: AlertView): void;
  /** Closes the sockets of a signed-out browser session. */
  endAuthSession(sessionId: string): void;
  /** Closes every socket of an account whose sessions were all ended (a new password). */
  endAccount(accountId: string): void;
  /**
   * Drops every connection of this instance at the transport, as a crash or a network cut would, for a
   * restart or a deploy. Not a Socket.IO disconnect: clients never retry after one of those ("io server
   * disconnect"), but they do after a transport close, to this port once it is back or, behind a load
   * balancer, to another instance, and catch up there with `session:sync`.
   */
  dropConnections(): void;
  /** Live events are shared with the other instances and rooms are current (false while Redis is away, and until this instance has caught up). */
  sharing(): boolean;
  close(): Promise<void>;
}

export interface LiveOptions {
  auth: Auth;
  db: Db;
  logger: Logger;
  /** Shares rooms with the other instances through Redis streams (keeps connection state recovery). */
  redis?: { link: RedisLink; streamName: string };
  /** Where people reach the app: the only origin a handshake may come from (unset: the request's host). */
  publicUrl?: string;
  /** Events per socket and account, sockets per sign-in, reads at once (./socket-limits.ts). */
  limits: LiveLimits;
}

/** Refusals in a row, in multiples of the socket's per-second limit, after which it is cut off. */
export const FLOOD_FACTOR = 2;

/** A Socket.IO message's largest size (its default is 1 MB): a client sends only ids. */
export const LIVE_MESSAGE_MAX_BYTES = 64 * 1024;

/**
 * The handshake's Origin, by the rule the state-changing HTTP routes follow (server/http/origin.ts): a
 * page on another site must not open a socket with the sleeper's cookie (cross-site WebSocket
 * hijacking: WebSockets are not bound by CORS). Without an Origin the handshake passes: browsers
 * send one on every cross-origin request and every WebSocket, but not on the same-origin GET that
 * starts Socket.IO's long-polling, and a client outside a browser still needs a session cookie.
 */
export function handshakeOriginAllowed(origin: string | undefined, host: string | undefined, publicUrl: string | undefined): boolean {
  if (origin === undefined) return true;
  return allowedOrigins(publicUrl, host ?? null).includes(origin.toLowerCase());
}

export function createApplication(httpServer: HttpServer, { auth, db, logger, redis, publicUrl, limits }: LiveOptions): Live {
  const io: LiveServer = new Server(httpServer, {
    ...(redis && {
      adapter: createAdapter(redis.link.client, {
        streamName: redis.streamName,
        channelPrefix: redis.streamName,
        sessionKeyPrefix: `${redis.streamName}:session:`,
      }),
    }),
    serveClient: false,
    maxHttpBufferSize: LIVE_MESSAGE_MAX_BYTES,
    // Leave other upgrade requests (Next.js dev reload) alone.
    destroyUpgrade: false,
    // No connection state recovery: to replay missed events it keeps every event sent to any room for
    // two to three minutes, whether anyone is in the room or not, and each session:update carries its
    // whole night. At 300 deliveries a second that held 200 MB more every 100 s, and the major garbage
    // collections it caused stalled the webhook's answers by 100-300 ms. Every page catches up from the
    // database on every connect (session:sync, the board and the inbox read again), so it added nothing.
    // The first request of every connection (engine.io's handshake, polling or WebSocket), before
    // any session lookup and before the WebSocket upgrade: a foreign Origin gets 403, and a sign-in
    // with all its places taken is refused here (400 on an upgrade, 403 on polling, with the reason in
    // the body). 300 sockets on one cookie, each refused only after its upgrade, engine.io's open
    // and Socket.IO's connect, kept webhooks waiting up to 776 ms; refused here, each costs a
    // few lines. Later requests carry the unguessable sid the handshake set.
    path: LIVE_PATH,
    allowRequest: (req, callback) => {
      const allowed = handshakeOriginAllowed(req.headers.origin, req.headers.host, publicUrl);
      if (!allowed) {
        logger.warn({ status: 403, origin: req.headers.origin?.slice(0, 200) }, "socket refused: not from the app's own origin");
        return callback("Forbidden: not from the app's own origin", false);
      }
      const token = sessionTokenOf(req.headers.cookie);
      // Without a cookie the handshake goes on, to be told "sign in first" where the page reads it.
      if (!token) return callback(null, true);
      const release = limits.reserveConnection(token);
      if (!release) {
        refusals.refused();
        return callback(tooMany(), false);
      }
      connectionPlaces.set(req, release);
      // However the connection ends, even if it never becomes one (an upgrade ws aborts): a
      // WebSocket's connection is its TCP connection; a polling one ends with engine.io's "close".
      if (req.headers.upgrade) req.socket.once("close", release);
      callback(null, true);
    },
  });

  /** Each handshake's place among its sign-in's connections, until engine.io's connection for it ends. */
  const connectionPlaces = new WeakMap<object, () => void>();
  io.engine.on("connection", (conn: { request: object; once(event: "close", listener: () => void): void }) => {
    const release = connectionPlaces.get(conn.request);
    if (release) conn.once("close", release);
  });
  io.engine.on("connection_error", ({ req }: { req: object }) => connectionPlaces.get(req)?.());
  const tooMany = () => `too many connections: at most ${limits.settings.socketsPerSession} live connections per sign-in; close other tabs or sign in again`;
  const refusals = throttledRefusalLog(logger, limits.settings.socketsPerSession);

  const access = createAccessRooms(io, { db, logger, redis });

  /**
   * Handshakes of one sign-in under way at once share one read of its viewer and audience (a
   * browser's tabs all come back together after a restart; 20 sockets on one cookie were 20 reads,
   * each compiled and run on the event loop). A change of access heard after the shared read began
   * makes each of them read again before it joins any room (access.admit), as for a read of its own.
   */
  const lookups = new Map<string, { since: number; found: Promise<SocketData | null> }>();
  const lookUp = (headers: Record<string, string | string[] | undefined>, cookie: string) => {
    let lookup = lookups.get(cookie);
    if (!lookup) {
      const since = access.mark();
      const found = (async () => {
        const viewer = await viewerFromHeaders(auth, toHeaders(headers));
        return viewer && { viewer, audience: await audienceOf(db, viewer) };
      })();
      const done = () => void lookups.delete(cookie);
      found.then(done, done);
      lookup = { since, found };
      lookups.set(cookie, lookup);
    }
    return lookup;
  };

  io.use(async (socket, next) => {
    try {
      const token = sessionTokenOf(socket.request.headers.cookie);
      if (!token) return next(new Error("unauthorized: sign in first"));
      // Counted by the sign-in's cookie before anything is read: the 21st socket of one sign-in costs
      // no database read at all. (Connections were counted before the upgrade; this counts
      // Socket.IO's sockets, several of which one connection can carry.)
      const release = limits.reserveSocket(token);
      if (!release) {
        refusals.refused();
        return next(new Error(tooMany()));
      }
      // However the connection ends (even before "connection", or with the transport only).
      socket.conn.once("close", release);
      try {
        // Not through the read gate: every page comes back at once after a restart, and its handshake
        // must not queue behind the syncs; a storm on one sign-in is refused above, before any read.
        const lookup = lookUp(socket.request.headers, socket.request.headers.cookie!);
        access.reading(socket, lookup.since);
        const found = await lookup.found;
        if (!found) {
          release();
          return next(new Error("unauthorized: sign in first"));
        }
        // Its own copy: each socket's viewer and audience are replaced as access changes.
        socket.data.viewer = structuredClone(found.viewer);
        socket.data.audience = structuredClone(found.audience);
      } catch (error) {
        release();
        throw error;
      }
      next();
    } catch (error) {
      if (error instanceof ReadsBusyError) return next(new Error("unavailable: busy, try again"));
      logger.error({ err: (error as Error).message }, "socket handshake failed");
      next(new Error("unavailable: try again"));
    }
  });

  io.on("connection", (socket: LiveSocket) => {
    const { viewer } = socket.data;
    socket.join([authSessionRoom(viewer.sessionId), accountRoom(viewer.accountId)]);
    access.admit(socket);
    // Nights whose reading over this connection is in the access log already: once per connection and
    // night, as a page's view is once per page (the page re-reads on every update of a closed night).
    const logged = new Set<string>();
    /**
     * This socket's catching-up reads still waiting for a slot, by night. A sync joins one of those (it
     * will read after the sync was asked), never one already reading: that read may have begun before
     * what the page asks about (a completion it just heard), and answering with it kept the page on the
     * Incomplete night for good.
     */
    const waiting = new Map<string, { started: boolean; answer: Promise<Awaited<ReturnType<typeof getSessionDetail>>> }>();

    // Every event counts against the socket's and the account's limits before any work; one over
    // them is answered at once, without touching the database.
    // A socket that keeps sending after being told to wait is flooding: it is cut off, and what it
    // queued is dropped unread (answering 3,000 refusals one by one cost the event loop seconds).
    let refusedInRow = 0;
    socket.use(([event, ...args], next) => {
      void limits.event(socket.id, viewer.accountId).then((wait) => {
        if (wait === null) {
          refusedInRow = 0;
          return next();
        }
        if (++refusedInRow > limits.settings.eventsPerSocket * FLOOD_FACTOR) {
          if (socket.connected) {
            logger.warn({ event, account: viewer.accountId, refused: refusedInRow }, "socket cut off: kept sending events over its rate limit");
            socket.disconnect(true);
          }
          return;
        }
        const ack = args.at(-1);
        logger.debug({ event, account: viewer.accountId, retryAfter: wait }, "socket event refused: over its rate limit");
        if (typeof ack === "function") ack({ error: `Too many requests: retry in ${wait} s` });
      });
    });

    socket.on("clock", (ack) => {
      if (typeof ack === "function") ack({ now: Date.now() });
    });

    socket.on("session:sync", async (request, ack) => {
      if (typeof ack !== "function") return;
      const parsed = syncRequest.safeParse(request);
      if (!parsed.success) return ack({ error: "sessionId is required" });
      // An id no stored night can have (U+0000, a lone surrogate) names nothing, as on the pages.
      if (!canNameStoredId(parsed.data.sessionId)) return ack({ error: "Not found" });
      try {
        // A page asks again when its catching-up is slow (after 10 s); the read still queued answers
        // both, instead of a second read behind the first (after a restart that doubled the queue).
        const sessionId = parsed.data.sessionId;
        let pending = waiting.get(sessionId);
        if (!pending || pending.started) {
          const read = { started: false, answer: null as unknown as Promise<Awaited<ReturnType<typeof getSessionDetail>>> };
          read.answer = limits
            .read(async () => {
              // Reading from here on: a sync asked from now gets a read of its own.
              read.started = true;
              // Whose nights it may see now, not at the handshake: access may have changed since.
              const now = await access.current(socket);
              const detail = now && (await getSessionDetail(db, now.audience, sessionId));
              if (!now || !detail || !now.mayRead(detail.userId)) return null;
              if (!logged.has(detail.id)) {
                await recordAccess(db, now.viewer, { asleepUserId: detail.userId, action: "view", resource: nightResource({ ...detail, open: detail.state === "OPEN" }, detail.zone?.name ?? "UTC", detail.id, "via the live connection") });
                logged.add(detail.id);
              }
              return detail;
            })
            .finally(() => {
              if (waiting.get(sessionId) === read) waiting.delete(sessionId);
            });
          waiting.set(sessionId, read);
          pending = read;
        }
        const answer = await pending.answer;
        ack(answer ?? { error: "Not found" });
      } catch (error) {
        if (error instanceof ReadsBusyError) return ack({ error: "Temporarily unavailable, please retry" });
        // "Retry" only for what a retry can fix: the page asks again on anything but "Not found".
        const failure = classifyDbError(error);
        logger[failure === "transient" ? "warn" : "error"]({ event: "session:sync", failure, err: (error as Error)?.message }, "session:sync failed");
        ack({ error: failure === "transient" ? "Temporarily unavailable, please retry" : failure === "unstorable" ? "Not found" : "Internal error" });
      }
    });
  });

  // While Redis is away, broadcast to this instance's sockets only, at once, instead of queueing the
  // event for a Redis that may not come back soon.
  const everywhere = () => (redis && !redis.link.isReady() ? io.local : io);

  return {
    io,
    publish(result) {
      const night = result.night;
      if (!night) return;
      const rooms = [asleepUserRoom(night.userId), EVERYONE_ROOM];
      if (result.report) {
        const complete = { sessionId: night.sessionId, userId: night.userId, ...result.report };
        everywhere().to(rooms).emit("session:complete", complete);
        access.deliverChecked(night.userId, "nights", (socket) => socket.emit("session:complete", complete));
      } else {
        const update = {
          sessionId: night.sessionId,
          userId: night.userId,
          state: night.night.state,
          inferenceSeqNum: night.night.lastInferenceSeqNum,
          sleepStages: night.night.timeline.sleepStages,
          snoringStages: night.night.timeline.snoringStages,
          startTime: night.startTime?.toISOString() ?? null,
          updatedAt: night.updatedAt.toISOString(),
        };
        everywhere().to(rooms).emit("session:update", update);
        access.deliverChecked(night.userId, "nights", (socket) => socket.emit("session:update", update));
      }
    },
    publishAlert(event, alert) {
      const rooms = [CARE_EVERYONE_ROOM, ...(alert.patient.asleepUserId ? [careRoom(alert.patient.asleepUserId)] : [])];
      everywhere().to(rooms).emit(event, alert);
      access.deliverChecked(alert.patient.asleepUserId, "alerts", (socket) => socket.emit(event, alert));
    },
    revoke: (changeId, change) => access.revoke(changeId, change),
    refresh: (changeId, change) => access.refresh(changeId, change),
    endAuthSession(sessionId) {
      everywhere().in(authSessionRoom(sessionId)).disconnectSockets(true);
    },
    endAccount(accountId) {
      everywhere().in(accountRoom(accountId)).disconnectSockets(true);
    },
    dropConnections() {
      io.engine.close();
    },
    sharing: () => access.trusted(),
    close: async () => {
      await new Promise<void>((resolve) => void io.close(() => resolve()));
      await access.close();
    },
  };
}

/**
 * One warning for a storm of refused handshakes, not one per handshake (300 at once were 300 lines):
 * the first at once, then at most one a second, saying how many were refused since the last.
 */
function throttledRefusalLog(logger: Logger, limit: number, everyMs = 1000): { refused(): void } {
  let last = -Infinity;
  let since = 0;
  return {
    refused() {
      since++;
      const now = performance.now();
      if (now - last < everyMs) return;
      logger.warn({ status: 429, limit, refused: since }, "socket refused: too many live connections for one sign-in");
      last = now;
      since = 0;
    },
  };
}

/** The sign-in's session cookie (better-auth's `session_token`, `__Secure-` prefixed over HTTPS), or null. */
function sessionTokenOf(cookie: string | undefined): string | null {
  const match = cookie && /(?:^|;\s*)(?:__Secure-)?better-auth\.session_token=([^;]+)/.exec(cookie);
  return match ? match[1]!.slice(0, 512) : null;
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}
