// The languages the product speaks, and how a request's language is chosen (pure: the request config in
// server/i18n/request.ts and the e-mail, push and PDF senders pass in what they know).

import { match } from "@formatjs/intl-localematcher";
import Negotiator from "negotiator";

export const LOCALES = ["en", "ko"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** The cookie a visitor's choice is kept in before sign-in (and mirrors the account's once signed in). */
export const LOCALE_COOKIE = "locale";

/** The `locale` cookie that keeps a choice in this browser for a year; null forgets it. */
export function localeCookie(locale: Locale | null): string {
  return locale ? `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax` : `${LOCALE_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`;
}

/** Each language by its own name, as a language menu shows it. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", ko: "한국어" };

/**
 * The tag Intl formats with. English as the app has always written it (day before month, 24-hour
 * clock: its first clinics are outside the US); Korean as Korea writes it.
 */
export const INTL_TAG: Record<Locale, string> = { en: "en-GB", ko: "ko-KR" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** The browser's preferred language we speak (Accept-Language, by quality), else English. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const wanted = new Negotiator({ headers: { "accept-language": header } }).languages().filter((l) => l !== "*");
  if (wanted.length === 0) return DEFAULT_LOCALE;
  try {
    const found = match(wanted, [...LOCALES], DEFAULT_LOCALE);
    return isLocale(found) ? found : DEFAULT_LOCALE;
  } catch {
    // A malformed tag in the header: as if none was sent.
    return DEFAULT_LOCALE;
  }
}

/** The account's setting wins; then the visitor's own choice (cookie); then the browser's language. */
export function chooseLocale({ account, cookie, acceptLanguage }: { account?: string | null; cookie?: string | null; acceptLanguage?: string | null }): Locale {
  if (isLocale(account)) return account;
  if (isLocale(cookie)) return cookie;
  return localeFromAcceptLanguage(acceptLanguage);
}
