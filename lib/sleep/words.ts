// What the sleep functions that word something for a page take: a translator of the page's catalogue
// (next-intl's `useTranslations`/`getTranslations`, or server/i18n/translator.ts `translatorFor`), so
// the logic stays here and the words, in every language, in lib/i18n/messages.

/** A translator of one namespace: a message key and the values it takes. */
export type Words = (key: string, values?: Record<string, string | number>) => string;
