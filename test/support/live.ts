// A signed-in viewer's Socket.IO connection to the real server, opened as the pages open theirs
// (WebSocket only) but never reconnecting by itself: a test sees exactly what one connection got.

import { io as connect, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/live/events";

export type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Opens the socket; subscribe to its events, then `await connected(socket)`. */
export function openLiveSocket(server: { url: string }, cookie?: string): LiveClient {
  return connect(server.url, { transports: ["websocket"], reconnection: false, forceNew: true, extraHeaders: cookie ? { cookie } : {} });
}

/** Resolves once the handshake was accepted; rejects with the server's refusal. */
export function connected(socket: LiveClient): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve();
    socket.once("connect", () => resolve());
    socket.once("connect_error", (error) => reject(error));
  });
}
