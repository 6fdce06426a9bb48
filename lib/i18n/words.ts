// The words of lib/ code that builds sentences people read: a translator of one catalogue namespace,
// passed in by the page (next-intl's `useTranslations(ns)`, `getTranslations(ns)`) or, on the server,
// `translatorFor(locale, ns)`. Without one, such code speaks English from the English catalogue, so its
// words have one source and its unit tests check the English pages show.

import { createTranslator, type AbstractIntlMessages } from "next-intl";

export type Words = (key: string, values?: Record<string, string | number>) => string;

/** A translator of one namespace from its catalogue file, imported by the caller (the English one, as a default). */
export function catalogueWords(namespace: string, messages: AbstractIntlMessages, locale = "en"): Words {
  return createTranslator({ locale, messages: { [namespace]: messages }, namespace }) as unknown as Words;
}
