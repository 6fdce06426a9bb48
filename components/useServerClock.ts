"use client";

// "Now" on the server's clock, as this page reckons it. Staleness and "minutes ago" compare server
// timestamps (when a night's last analysis arrived) with now, and a browser's clock can be minutes
// off: a clock 6 minutes fast would flag every night stale on sight. So the page moves its own clock by
// how far it is from the server's: first from the time the server rendered the page (the page's load
// time counts as skew there), then, once its socket is up, measured over the socket as NTP does
// (offset = server's time - the middle of the round trip), which is off by at most half a round trip.
// Measured once per page: after that, the page's clock moving means time passing. A measurement that got
// no answer (the server busy, the event refused over its rate limit) is tried again a second later while
// the socket is up: otherwise the next reconnection would measure, and take whatever time the page lived
// through meanwhile for skew. `measured` says which the page has (its connection line shows it as
// data-clock, so a test can wait for it before moving the browser's clock).

import { useCallback, useEffect, useRef, useState } from "react";
import type { Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/live/events";

const TICK_MS = 15_000;
/** After a measurement that got no answer, the next try. */
const RETRY_MS = 1_000;

export function useServerClock(renderedAt: string) {
  const offset = useRef<{ ms: number; measured: boolean } | null>(null);
  if (offset.current === null) offset.current = { ms: Date.parse(renderedAt) - Date.now(), measured: false };
  const read = useCallback(() => Date.now() + offset.current!.ms, []);
  const [now, setNow] = useState(read);
  const [measured, setMeasured] = useState(false);
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
    async (socket: Socket<ServerToClientEvents, ClientToServerEvents>): Promise<void> => {
      if (offset.current!.measured) return;
      const sent = Date.now();
      const reply = await socket.timeout(5_000).emitWithAck("clock").catch(() => null);
      if (offset.current!.measured) return;
      if (!reply || !Number.isFinite(reply.now)) {
        if (socket.connected) setTimeout(() => void calibrate(socket), RETRY_MS);
        return;
      }
      offset.current = { ms: reply.now - (sent + Date.now()) / 2, measured: true };
      setMeasured(true);
      setNow(read());
    },
    [read],
  );

  return { now, refresh, calibrate, measured };
}
