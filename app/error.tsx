"use client";

// Something failed while showing a page (most often the database not answering for a moment): say so
// in plain words in the app's own layout, offer to try again, and the way back.

import Link from "next/link";
import { useTranslations } from "next-intl";
import ui from "@/components/ui.module.css";
import { ActionButton } from "@/components/ActionButton";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("ErrorPage");
  return (
    <main className={ui.narrow}>
      <h1>{t("heading")}</h1>
      <section className={ui.panel} role="alert">
        <p>{t("text")}</p>
        {/* The details are in the server's log under this reference; the page shows none of them. */}
        {error.digest && <p className={`${ui.muted} ${ui.small}`}>{t("reference", { digest: error.digest })}</p>}
        <p>
          <ActionButton type="button" onClick={reset}>
            {t("retry")}
          </ActionButton>
        </p>
        <p>
          <Link href="/">{t("back")}</Link>
        </p>
      </section>
    </main>
  );
}
