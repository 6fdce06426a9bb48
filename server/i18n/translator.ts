// Words outside React (e-mails, push notifications, PDFs, alert texts): the same catalogues, through
// next-intl's createTranslator, in the recipient's language.

import { createTranslator } from "next-intl";
import { DEFAULT_LOCALE, isLocale, type Locale } from "@/lib/i18n/locales";
import { messagesFor } from "./messages";

/** The language of a recipient's account: their setting, else English (they have never chosen one). */
export function accountLocale(setting: string | null | undefined): Locale {
  return isLocale(setting) ? setting : DEFAULT_LOCALE;
}

export function translatorFor<N extends string>(locale: Locale, namespace: N) {
  return createTranslator({ locale, messages: messagesFor(locale), namespace: namespace as never }) as unknown as Translate;
}

/** A translator's call: a key of its namespace and the values its message takes. */
export type Translate = ((key: string, values?: Record<string, string | number | Date>) => string) & {
  has: (key: string) => boolean;
};
