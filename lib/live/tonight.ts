// What a sleeper's home says of the night being recorded: that it is, or that it has gone silent and
// what to check. Silent is the same judgement as the night page's "Stale" (lib/sleep/cadence.ts), but
// in a sleeper's words: no operations vocabulary, and what they can do about it from bed.

import { ago, dateTime } from "../format";
import type { Locale } from "../i18n/locales";
import englishWords from "../i18n/messages/en/Tonight.json";
import { catalogueWords, type Words } from "../i18n/words";
import { zoneLabel } from "../time/zone";

const english = catalogueWords("Tonight", englishWords);

export interface TonightFacts {
  /** When the night's last analysis arrived (ms), or null when none has yet. */
  lastDeliveryMs: number | null;
  /** Silent for longer than twice its usual cadence (lib/sleep/cadence.ts isStale). */
  silent: boolean;
  /** The zone the night's times are shown in. */
  zone: string;
}

export interface TonightText {
  kind: "recording" | "silent";
  /** The main sentence. */
  text: string;
  /** What to check, for a silent night. */
  advice: string | null;
}

/** What to check on a silent night (in English; `advice` of the "Tonight" catalogue). */
export const SILENT_ADVICE = english("advice");

/**
 * `nowMs` null: without the "minutes ago" (a page's first paint, which must match the server's to the letter).
 * `t`: the "Tonight" translator of the reader's language (English when none is given).
 */
export function tonightText(facts: TonightFacts, nowMs: number | null, t: Words = english, locale: Locale = "en"): TonightText {
  if (facts.silent && facts.lastDeliveryMs !== null) {
    const when = `${dateTime(facts.lastDeliveryMs, facts.zone, locale)} ${zoneLabel(facts.zone)}`;
    return { kind: "silent", text: nowMs === null ? t("silent", { when }) : t("silentAgo", { when, ago: ago(facts.lastDeliveryMs, nowMs, locale) }), advice: t("advice") };
  }
  const text = facts.lastDeliveryMs === null || nowMs === null ? t("recording") : t("recordingAgo", { ago: ago(facts.lastDeliveryMs, nowMs, locale) });
  return { kind: "recording", text, advice: null };
}
