"use client";

// The sleeper's home, live: the night being recorded (or that it has gone silent, and what to check),
// and the page itself kept current. When a night completes, starts, or closes as Incomplete, the page's
// server parts are read again (router.refresh), so the morning card turns into last night's report
// without a reload. On every reconnect it reads them again too, for whatever the outage hid.

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { useLocale, useTranslations } from "next-intl";
import { isLocale } from "@/lib/i18n/locales";
import type { SessionDetail } from "@/lib/live/events";
import { tonightText } from "@/lib/live/tonight";
import { nightPath } from "@/lib/paths";
import { isStale } from "@/lib/sleep/cadence";
import { useLiveSocket, type CatchUp, type LiveSocket } from "./useLiveSocket";
import { useServerClock } from "./useServerClock";
import { useViewerZone } from "./useViewerZone";
import ui from "./ui.module.css";

type TonightNight = Pick<SessionDetail, "id" | "state" | "lastDeliveryAt" | "cadenceMs" | "stale" | "zone">;

export function Tonight({ initial, renderedAt, asleepUserId }: { initial: TonightNight | null; renderedAt: string; asleepUserId: string }) {
  const router = useRouter();
  const t = useTranslations("Tonight");
  const locale = useLocale();
  const [night, setNight] = useState(initial);
  // A refresh brings the server's view of tonight: it replaces the page's.
  useEffect(() => setNight(initial), [initial]);
  const current = useRef(night);
  current.current = night;
  const viewerZone = useViewerZone();
  const { now, refresh: readClock, calibrate } = useServerClock(renderedAt);
  // "Minutes ago" only once hydrated: the server's render and the browser's first paint are moments
  // apart, and either side of a minute they would read differently.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

  const setup = useCallback(
    (socket: LiveSocket, catchUp: CatchUp) => {
      let connects = 0;
      socket.on("connect", () => {
        void calibrate(socket);
        const caughtUp = catchUp();
        // After an outage anything may have happened (a night completed, another began): read it all again.
        if (++connects > 1) router.refresh();
        const open = current.current;
        if (!open) return caughtUp();
        void socket
          .timeout(10_000)
          .emitWithAck("session:sync", { sessionId: open.id })
          .then((detail) => {
            if ("error" in detail) return;
            // It ended between the render and this connect: the card is now of it.
            if (detail.state !== "OPEN") router.refresh();
            else setNight((n) => (n && n.id === detail.id ? { ...n, lastDeliveryAt: detail.lastDeliveryAt, cadenceMs: detail.cadenceMs, stale: detail.stale } : n));
            caughtUp();
          })
          .catch(() => undefined);
      });
      socket.on("session:update", (update) => {
        if (update.userId !== asleepUserId) return;
        const open = current.current;
        // A new night, or this one closed: the page's server parts change.
        if (update.state !== "OPEN" || !open || open.id !== update.sessionId) return router.refresh();
        const arrived = new Date(readClock()).toISOString();
        setNight((n) => (n && n.id === update.sessionId ? { ...n, lastDeliveryAt: arrived, stale: false } : n));
        // The night's usual interval is learnt from its arrivals (the first ones stand in for it with what
        // they announce): read it again, once an analysis, so silence is judged against what it is now.
        void socket
          .timeout(10_000)
          .emitWithAck("session:sync", { sessionId: update.sessionId })
          .then((detail) => {
            if ("error" in detail || detail.state !== "OPEN") return;
            setNight((n) => (n && n.id === detail.id ? { ...n, cadenceMs: detail.cadenceMs } : n));
          })
          .catch(() => undefined);
      });
      socket.on("session:complete", (complete) => {
        if (complete.userId === asleepUserId) router.refresh();
      });
    },
    [asleepUserId, calibrate, readClock, router],
  );
  const connection = useLiveSocket(setup);

  // Whether the page is live, for the people testing it (nothing to read for a sleeper).
  const state = <span hidden data-testid="home-live" data-state={connection.state} />;
  if (!night || night.state !== "OPEN") return state;
  const lastDeliveryMs = night.lastDeliveryAt ? Date.parse(night.lastDeliveryAt) : null;
  // Judged by the server's clock once live; before the first connect, as the server judged it; and not
  // at all while the page itself is cut off (its silence is not the phone's).
  const silent =
    connection.state === "live" ? isStale({ state: night.state, lastDeliveryAt: lastDeliveryMs, cadenceMs: night.cadenceMs }, now) : connection.state === "connecting" ? night.stale : false;
  const text = tonightText({ lastDeliveryMs, silent, zone: night.zone?.name ?? viewerZone ?? "UTC" }, hydrated ? now : null, t, isLocale(locale) ? locale : "en");
  return (
    <section className={ui.panel} aria-labelledby="tonight-heading" data-testid="tonight">
      {state}
      <h2 id="tonight-heading">{text.kind === "silent" ? t("silentHeading") : t("heading")}</h2>
      <p data-testid={text.kind === "silent" ? "tonight-silent" : "tonight-recording"} className={text.kind === "silent" ? ui.staleNote : undefined}>
        {text.text}
      </p>
      {text.advice && <p data-testid="tonight-advice">{text.advice}</p>}
      <p>
        <Link href={nightPath(night.id)}>{text.kind === "silent" ? t("seeRecorded") : t("watchLive")}</Link>
      </p>
    </section>
  );
}
