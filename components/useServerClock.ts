"use client";

// "Now" on the server's clock, as this page reckons it. Staleness and "minutes ago" compare server
// timestamps (when a night's last analysis arrived) with now, and a browser's clock can be minutes
// off: a clock 6 minutes fast would flag every night stale on sight. So the page moves its own clock by
// how far it is from the server's: first from the time the server rendered the page (the page's load
// time counts as skew there), then, once its socket is up, measured over the socket as NTP does
// (offset = server's time - the middle of the round trip), which is off by at most half a round trip.
// Measured once per page: after that, the page's clock moving means time passing.

import { useCallback, useEffect, useRef, useState } from "react";
import type { Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/live/events";

const TICK_MS = 15_000;

export function useServerClock(renderedAt: string) {
  const offset = useRef<{ ms: number; measured: boolean } | null>(null);
  if (offset.current === null) offset.current = { ms: Date.parse(renderedAt) - Date.now(), measured: false };
  const read = useCallback(() => Date.now() + offset.current!.ms, []);
  const [now, setNow] = useState(read);
  // Re-read as time passes, so what depends on it (stale, minutes ago) moves on by itself.
  useEffect(() => {
    const tick = setInterval(() => setNow(read()), TICK_MS);
    return () => clearInterval(tick);
  }, [read]);

  /** Reads the server's time at once (and moves `now` to it), returning it. */
  const refresh = useCallback(() => {
    const at = read();
    setNow(at);
    return at;
  }, [read]);

  /** Measures the offset over a connected socket, once per page. */
  const calibrate = useCallback(
    async (socket: Socket<ServerToClientEvents, ClientToServerEvents>) => {
      if (offset.current!.measured) return;
      const sent = Date.now();
      const reply = await socket.timeout(5_000).emitWithAck("clock").catch(() => null);
      if (!reply || !Number.isFinite(reply.now) || offset.current!.measured) return;
      offset.current = { ms: reply.now - (sent + Date.now()) / 2, measured: true };
      setNow(read());
    },
    [read],
  );

  return { now, refresh, calibrate };
}
