"use client";

// The language menu: signed in, the choice is the account's (its e-mails and PDFs follow it);
// before sign-in, this browser's (a cookie), over its Accept-Language.

import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { isLocale, localeCookie, LOCALE_NAMES, LOCALES } from "@/lib/i18n/locales";
import ui from "./ui.module.css";

export function LanguageMenu({ signedIn }: { signedIn: boolean }) {
  const t = useTranslations("LanguageMenu");
  const locale = useLocale();
  const router = useRouter();
  const [status, setStatus] = useState("");

  async function choose(value: string) {
    if (!isLocale(value)) return;
    setStatus("");
    if (!signedIn) {
      document.cookie = localeCookie(value);
      router.refresh();
      return;
    }
    try {
      const response = await fetch("/api/account/locale", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ locale: value }) });
      if (!response.ok) return setStatus(t("notSaved", { status: response.status }));
      router.refresh();
    } catch {
      setStatus(t("unreachable"));
    }
  }

  return (
    <span className={ui.small} data-testid="language-menu">
      <select value={locale} onChange={(e) => void choose(e.target.value)} aria-label={t("label")} name="locale">
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
      {status && <span role="status">{status}</span>}
    </span>
  );
}
