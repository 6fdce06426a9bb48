// Live nights over Socket.IO, on the same port as the app. The handshake is authenticated by the
// sign-in cookie; the server, never the client, decides which rooms a socket is in (one room per Asleep
// user it may see, or the everyone room for admins). After each stored webhook the process that stored
// it emits to exactly those rooms. Clients can always catch up with `session:sync`, which reads the
// database, so missed events never leave a stale night behind.

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
import { audienceOf, type Audience } from "../data/access";
import { getSessionDetail } from "../data/sessions";
import { allowedOrigins } from "../http/origin";
import type { Logger } from "../logger";
import type { IngestResult } from "../webhook/ingest";
import type { RedisLink } from "./redis";

export interface SocketData {
  viewer: Viewer;
  audience: Audience;
}

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export const EVERYONE_ROOM = "everyone";
export const asleepUserRoom = (asleepUserId: string) => `asleep-user:${asleepUserId}`;
const authSessionRoom = (sessionId: string) => `auth-session:${sessionId}`;
const accountRoom = (accountId: string) => `account:${accountId}`;
/** Alerts go to those who care for a patient (clinicians assigned, admins), never to the patient. */
export const careRoom = (asleepUserId: string) => `care:${asleepUserId}`;
export const CARE_EVERYONE_ROOM = "care:everyone";

const syncRequest = z.object({ sessionId: z.string().min(1).max(128) });

export interface Live {
  io: LiveServer;
  /** Pushes what a stored webhook changed to everyone allowed to see it. */
  publish(result: IngestResult): void;
  /** Pushes an alert raised, acknowledged or resolved to the clinicians and admins who may see its patient. */
  publishAlert(event: "alert:raised" | "alert:changed", alert: AlertView): void;
  /** Closes the sockets of a signed-out browser session. */
  endAuthSession(sessionId: string): void;
  /** Closes every socket of an account (deleted by an admin): their audience was fixed at connect. */
  endAccount(accountId: string): void;
  /**
   * Drops every connection of this instance at the transport, as a crash or a network cut would, for a
   * restart or a deploy. Not a Socket.IO disconnect: clients never retry after one of those ("io server
   * disconnect"), but they do after a transport close, to this port once it is back or, behind a load
   * balancer, to another instance, and catch up there with `session:sync`.
   */
  dropConnections(): void;
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
}

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

export function createApplication(httpServer: HttpServer, { auth, db, logger, redis, publicUrl }: LiveOptions): Live {
  const io: LiveServer = new Server(httpServer, {
    ...(redis && {
      adapter: createAdapter(redis.link.client, {
        streamName: redis.streamName,
        channelPrefix: redis.streamName,
        sessionKeyPrefix: `${redis.streamName}:session:`,
      }),
    }),
    serveClient: false,
    // Leave other upgrade requests (Next.js dev reload) alone.
    destroyUpgrade: false,
    // No connection state recovery: to replay missed events it keeps every event sent to any room for
    // two to three minutes, whether anyone is in the room or not, and each session:update carries its
    // whole night. At 300 deliveries a second that held 200 MB more every 100 s, and the major garbage
    // collections it caused stalled the webhook's answers by 100-300 ms. Every page catches up from the
    // database on every connect (session:sync, the board and the inbox read again), so it added nothing.
    // The first request of every connection (engine.io's handshake, polling or WebSocket), before
    // any session lookup: a foreign Origin gets 403. Later requests carry the unguessable sid it set.
    allowRequest: (req, callback) => {
      const allowed = handshakeOriginAllowed(req.headers.origin, req.headers.host, publicUrl);
      if (!allowed) logger.warn({ status: 403, origin: req.headers.origin?.slice(0, 200) }, "socket refused: not from the app's own origin");
      callback(allowed ? null : "Forbidden: not from the app's own origin", allowed);
    },
  });

  io.use(async (socket, next) => {
    try {
      const viewer = await viewerFromHeaders(auth, toHeaders(socket.request.headers));
      if (!viewer) return next(new Error("unauthorized: sign in first"));
      socket.data.viewer = viewer;
      socket.data.audience = await audienceOf(db, viewer);
      next();
    } catch (error) {
      logger.error({ err: (error as Error).message }, "socket handshake failed");
      next(new Error("unavailable: try again"));
    }
  });

  io.on("connection", (socket: LiveSocket) => {
    const { viewer, audience } = socket.data;
    socket.join([authSessionRoom(viewer.sessionId), accountRoom(viewer.accountId)]);
    if (audience.everyone) socket.join(EVERYONE_ROOM);
    else for (const id of audience.asleepUserIds) socket.join(asleepUserRoom(id));
    if (viewer.role === "admin") socket.join(CARE_EVERYONE_ROOM);
    else if (viewer.role === "clinician") for (const id of audience.everyone ? [] : audience.asleepUserIds) socket.join(careRoom(id));

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
        const detail = await getSessionDetail(db, socket.data.audience, parsed.data.sessionId);
        ack(detail ?? { error: "Not found" });
      } catch (error) {
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
        everywhere().to(rooms).emit("session:complete", { sessionId: night.sessionId, userId: night.userId, ...result.report });
      } else {
        everywhere().to(rooms).emit("session:update", {
          sessionId: night.sessionId,
          userId: night.userId,
          state: night.night.state,
          inferenceSeqNum: night.night.lastInferenceSeqNum,
          sleepStages: night.night.timeline.sleepStages,
          snoringStages: night.night.timeline.snoringStages,
          startTime: night.startTime?.toISOString() ?? null,
          updatedAt: night.updatedAt.toISOString(),
        });
      }
    },
    publishAlert(event, alert) {
      const rooms = [CARE_EVERYONE_ROOM, ...(alert.patient.asleepUserId ? [careRoom(alert.patient.asleepUserId)] : [])];
      everywhere().to(rooms).emit(event, alert);
    },
    endAuthSession(sessionId) {
      everywhere().in(authSessionRoom(sessionId)).disconnectSockets(true);
    },
    endAccount(accountId) {
      everywhere().in(accountRoom(accountId)).disconnectSockets(true);
    },
    dropConnections() {
      io.engine.close();
    },
    close: () => new Promise<void>((resolve) => void io.close(() => resolve())),
  };
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}
