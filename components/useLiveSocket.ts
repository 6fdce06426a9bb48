"use client";

// One live page's Socket.IO connection and what the person watching should know about it. Socket.IO
// retries a dropped transport by itself, but not a disconnect the server made (an instance shutting
// down the old way, a sign-out) nor a refused handshake: the page asks again itself, unless the server
// said the sign-in is gone, and then says so instead of reconnecting for ever. A page is live only once
// its catch-up after a connect has landed: until then what it shows is as of the outage, and judging a
// night "Stale" on it would blame the night for the page's own absence.

import { useEffect, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { MAX_RETRY_MS, refusalOf, retryDelayMs, type ConnectionState } from "@/lib/live/connection";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/live/events";

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Called by a page as it starts catching up on a connect; the function it returns says the catch-up
 * landed. One from an earlier connect does nothing.
 */
export type CatchUp = () => () => void;

export interface LiveConnection {
  state: ConnectionState;
  /** When, on this browser's clock, the page stopped being live (null while live or first connecting). */
  sinceMs: number | null;
}

/**
 * Opens the page's socket, hands it to `setup` (which subscribes to the events and, on every "connect",
 * catches up and says when that landed with `catchUp`), and reports the connection. `setup` must be
 * stable (useCallback).
 */
export function useLiveSocket(setup: (socket: LiveSocket, catchUp: CatchUp) => void): LiveConnection {
  const [connection, setConnection] = useState<LiveConnection>({ state: "connecting", sinceMs: null });

  useEffect(() => {
    const socket: LiveSocket = io({ transports: ["websocket"], reconnectionDelayMax: MAX_RETRY_MS });
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    let signedOut = false;
    // Which connect this is, and the last one whose catch-up landed.
    let connects = 0;
    let caughtUp = -1;
    const away = (state: "reconnecting" | "offline") =>
      setConnection((c) => (c.state === "signed-out" ? c : { state, sinceMs: c.sinceMs ?? Date.now() }));
    const awayState = () => (navigator.onLine ? "reconnecting" : "offline");
    // Socket.IO will not come back by itself from these: ask again after a while.
    const askAgain = () => {
      clearTimeout(retry);
      retry = setTimeout(() => {
        if (!signedOut && !socket.connected && !socket.active) socket.connect();
      }, retryDelayMs(attempts++));
    };

    // Before `setup`'s own "connect" listener, which asks for the catch-up of this connect.
    socket.on("connect", () => {
      attempts = 0;
      connects++;
      setConnection((c) => (c.state === "connecting" ? c : { state: "catching-up", sinceMs: c.sinceMs ?? Date.now() }));
    });
    const catchUp: CatchUp = () => {
      const mine = connects;
      return () => {
        if (mine !== connects || !socket.connected || signedOut) return;
        caughtUp = mine;
        if (navigator.onLine) setConnection({ state: "live", sinceMs: null });
      };
    };
    setup(socket, catchUp);
    socket.on("disconnect", (reason) => {
      if (reason === "io client disconnect") return;
      away(awayState());
      // The server ended this socket: a restart or deploy by an older instance, or a sign-in that ended.
      // Asking again tells which: the handshake refuses a sign-in that is gone.
      if (reason === "io server disconnect") askAgain();
    });
    socket.on("connect_error", (error) => {
      if (refusalOf(error.message) === "signed-out") {
        signedOut = true;
        clearTimeout(retry);
        socket.close();
        setConnection((c) => ({ state: "signed-out", sinceMs: c.sinceMs ?? Date.now() }));
        return;
      }
      away(awayState());
      // A refused handshake (the server could not check the sign-in) is not retried by Socket.IO.
      if (!socket.active) askAgain();
    });
    const offline = () => away("offline");
    const online = () => {
      if (socket.connected) {
        if (caughtUp === connects) setConnection({ state: "live", sinceMs: null });
        else setConnection((c) => ({ state: "catching-up", sinceMs: c.sinceMs ?? Date.now() }));
      } else {
        away("reconnecting");
        if (!socket.active && !signedOut) socket.connect();
      }
    };
    window.addEventListener("offline", offline);
    window.addEventListener("online", online);
    return () => {
      clearTimeout(retry);
      window.removeEventListener("offline", offline);
      window.removeEventListener("online", online);
      socket.close();
    };
  }, [setup]);

  return connection;
}
