"use client";

// The last resort, when even the root layout failed: it replaces the layout, so it brings its own
// document and the app's styles (dark, never a white page at 3 am). Outside the layout there is no
// NextIntlClientProvider (nor the request's language): this page brings its own, with only its own
// namespace, in the language the visitor chose (the `locale` cookie, which mirrors the account's
// setting), else the browser's; English until the browser has said (the first render may be the server's).

import "./globals.css";
import { NextIntlClientProvider, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import en from "@/lib/i18n/messages/en/GlobalError.json";
import ko from "@/lib/i18n/messages/ko/GlobalError.json";
import ui from "@/components/ui.module.css";
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, LOCALES, type Locale } from "@/lib/i18n/locales";
import { ActionButton } from "@/components/ActionButton";

const MESSAGES: Record<Locale, { GlobalError: typeof en }> = { en: { GlobalError: en }, ko: { GlobalError: ko } };

/** The visitor's language as the browser knows it: their choice (cookie), else the first of the browser's languages we speak. */
function browserLocale(): Locale {
  const cookie = document.cookie
    .split(";")
    .map((c) => c.trim().split("="))
    .find(([name]) => name === LOCALE_COOKIE)?.[1];
  if (isLocale(cookie)) return cookie;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const found = LOCALES.find((l) => tag.toLowerCase() === l || tag.toLowerCase().startsWith(`${l}-`));
    if (found) return found;
  }
  return DEFAULT_LOCALE;
}

export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const [locale, setLocale] = useState<Locale>(DEFAULT_LOCALE);
  useEffect(() => setLocale(browserLocale()), []);
  return (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider locale={locale} messages={MESSAGES[locale]} timeZone="UTC">
          <Failure reset={reset} />
        </NextIntlClientProvider>
      </body>
    </html>
  );
}

function Failure({ reset }: { reset: () => void }) {
  const t = useTranslations("GlobalError");
  return (
    <main className={ui.narrow}>
      <h1>{t("heading")}</h1>
      <section className={ui.panel} role="alert">
        <p>{t("text")}</p>
        <p>
          <ActionButton type="button" onClick={reset}>
            {t("retry")}
          </ActionButton>
        </p>
        <p>
          {/* A full page load: the app around this page is what failed. */}
          {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
          <a href="/">{t("back")}</a>
        </p>
      </section>
    </main>
  );
}
