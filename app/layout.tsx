import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { DEFAULT_LOCALE, isLocale } from "@/lib/i18n/locales";
import { clientMessagesFor } from "@/server/i18n/messages";
import type { ReactNode } from "react";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("Layout");
  return { title: { default: t("title"), template: t("titleTemplate", { page: "%s" }) }, description: t("description") };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0f172a" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page carries a per-request CSP nonce (proxy.ts), so none may be prerendered.
  await connection();
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body>
        {/* Only what components read in the browser goes with each page (not the e-mails', PDFs' and server pages' words). */}
        <NextIntlClientProvider messages={clientMessagesFor(isLocale(locale) ? locale : DEFAULT_LOCALE)}>{children}</NextIntlClientProvider>
      </body>
    </html>
  );
}
