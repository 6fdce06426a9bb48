"use client";

// The words and dot of a live page's connection (lib/live/connection.ts), and the way back to sign-in
// when the sign-in ended.

import { useEffect, useState } from "react";
import { useLocale, useTranslations } from "next-intl";
import { isLocale } from "@/lib/i18n/locales";
import { connectionText } from "@/lib/live/connection";
import { loginHref } from "@/lib/navigation/return-to";
import styles from "./ConnectionStatus.module.css";
import type { LiveConnection } from "./useLiveSocket";

export function ConnectionStatus({ connection }: { connection: LiveConnection }) {
  const t = useTranslations("ConnectionStatus");
  const locale = useLocale();
  // The viewer's own zone and clock: "since" is a moment they lived through on this page. Read after
  // hydration (the server cannot know them), which is also when the page can first be anything but
  // "Connecting…".
  const [viewer, setViewer] = useState<{ zone: string; path: string } | null>(null);
  useEffect(() => {
    setViewer({ zone: Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC", path: `${location.pathname}${location.search}` });
  }, []);
  const zone = viewer?.zone ?? "UTC";
  return (
    <>
      <i aria-hidden="true" className={styles.dot} data-state={connection.state} /> {connectionText(connection.state, connection.sinceMs, Date.now(), zone, t, isLocale(locale) ? locale : "en")}
      {connection.state === "signed-out" && (
        <>
          {" · "}
          <a href={loginHref(viewer?.path)}>{t("signInAgain")}</a>
        </>
      )}
    </>
  );
}
