// The language a report is drawn in: the reader's, who asks for it or signs it. Their account's setting
// (viewer.locale) when they chose one, else the page's language as next-intl chose it for the request
// (server/i18n/request.ts): the `locale` cookie, then Accept-Language (lib/i18n/locales.ts chooseLocale).

import { chooseLocale, LOCALE_COOKIE, type Locale } from "@/lib/i18n/locales";

/** A cookie's value from a Cookie header, or null. */
function cookieOf(header: string | null, name: string): string | null {
  for (const part of (header ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return decodeURIComponent(part.slice(at + 1).trim());
  }
  return null;
}

export function reportLocale(request: Request, viewer: { locale?: Locale | null }): Locale {
  return chooseLocale({ account: viewer.locale, cookie: cookieOf(request.headers.get("cookie"), LOCALE_COOKIE), acceptLanguage: request.headers.get("accept-language") });
}
