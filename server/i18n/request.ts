// next-intl's request configuration (next.config.js points its plugin here): the language of this
// request's pages, and the catalogue they read. The account's setting first (the same viewer lookup
// the page makes, cached per request), then the visitor's cookie, then the browser's Accept-Language.

import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { chooseLocale, LOCALE_COOKIE } from "@/lib/i18n/locales";
import { currentViewer } from "../http/viewer";
import { messagesFor } from "./messages";

export default getRequestConfig(async () => {
  const [requestHeaders, jar] = await Promise.all([headers(), cookies()]);
  const viewer = await currentViewer().catch(() => null);
  const locale = chooseLocale({ account: viewer?.locale, cookie: jar.get(LOCALE_COOKIE)?.value, acceptLanguage: requestHeaders.get("accept-language") });
  // Times are always formatted with an explicit zone (the night's or the viewer's): UTC is only the
  // fallback next-intl asks for, never what a page shows unlabelled.
  return { locale, messages: messagesFor(locale), timeZone: "UTC" };
});
