"use client";

// The header's count of open (not yet resolved) alerts, kept current over the socket: whenever an alert is
// raised or changed anywhere the viewer may see, and on every (re)connect, it reads the count again
// (GET /api/alerts/count) rather than adding and subtracting, so it cannot drift from the inbox.

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useCallback, useState } from "react";
import { useLiveSocket, type CatchUp, type LiveSocket } from "./useLiveSocket";

export function AlertCount({ initial }: { initial: number }) {
  const t = useTranslations("AlertCount");
  const [open, setOpen] = useState(initial);
  const setup = useCallback((socket: LiveSocket, catchUp: CatchUp) => {
    // Each read carries its order: an answer older than one already shown is dropped.
    let asked = 0;
    let shown = 0;
    const read = async (caughtUp: () => void) => {
      const mine = ++asked;
      const response = await fetch("/api/alerts/count", { cache: "no-store" }).catch(() => null);
      const body = response?.ok ? ((await response.json().catch(() => null)) as { open: number } | null) : null;
      if (body && mine > shown) {
        shown = mine;
        setOpen(body.open);
      }
      caughtUp();
    };
    socket.on("connect", () => void read(catchUp()));
    socket.on("alert:raised", () => void read(() => {}));
    socket.on("alert:changed", () => void read(() => {}));
  }, []);
  useLiveSocket(setup);
  return (
    <>
      <Link href="/alerts">{t("alerts")}</Link>{" "}
      <span data-testid="alert-count" aria-live="polite">
        {t("open", { count: open })}
      </span>
    </>
  );
}
