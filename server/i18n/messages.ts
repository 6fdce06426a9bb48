// The message catalogues: lib/i18n/messages/<locale>/<Namespace>.json, one file per namespace (a
// component, a page, an e-mail), merged into one object per locale. Read once per process.

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { AbstractIntlMessages } from "next-intl";
import { CLIENT_NAMESPACES } from "@/lib/i18n/client-namespaces";
import type { Locale } from "@/lib/i18n/locales";

// Read at run time from the app's folder (never bundled): the ignore comments keep Next.js from tracing the
// whole project because of a path it cannot resolve at build time.
export const MESSAGES_DIR = path.join(/* turbopackIgnore: true */ process.cwd(), "lib", "i18n", "messages");

const loaded = new Map<Locale, AbstractIntlMessages>();

/** Every namespace of one locale, keyed by file name ("PatientBoard.json" → messages.PatientBoard). */
export function readCatalogue(locale: Locale, dir = MESSAGES_DIR): AbstractIntlMessages {
  const messages: AbstractIntlMessages = {};
  for (const file of readdirSync(path.join(/* turbopackIgnore: true */ dir, locale)).sort()) {
    if (!file.endsWith(".json")) continue;
    messages[file.slice(0, -".json".length)] = JSON.parse(readFileSync(path.join(/* turbopackIgnore: true */ dir, locale, file), "utf8")) as AbstractIntlMessages;
  }
  return messages;
}

export function messagesFor(locale: Locale): AbstractIntlMessages {
  let messages = loaded.get(locale);
  if (!messages) loaded.set(locale, (messages = readCatalogue(locale)));
  return messages;
}

const forClient = new Map<Locale, AbstractIntlMessages>();

/** The namespaces components read in the browser (lib/i18n/client-namespaces.ts): what every page sends. */
export function clientMessagesFor(locale: Locale): AbstractIntlMessages {
  let picked = forClient.get(locale);
  if (!picked) {
    const all = messagesFor(locale);
    forClient.set(locale, (picked = Object.fromEntries(CLIENT_NAMESPACES.filter((ns) => ns in all).map((ns) => [ns, all[ns]!]))));
  }
  return picked;
}
