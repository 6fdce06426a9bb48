// A live page's link to the server, as the person watching should understand it. The page must never
// pass off its own disconnection as the night going quiet ("Stale"), and never wait for ever on a
// server that will not take it back: a restart, a deploy or an instance going away is retried until
// it works; a sign-in that ended is said in plain words.

import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { ko } from "date-fns/locale";
import { INTL_TAG, type Locale } from "@/lib/i18n/locales";
import englishWords from "@/lib/i18n/messages/en/ConnectionStatus.json";
import { catalogueWords, type Words } from "@/lib/i18n/words";

const english = catalogueWords("ConnectionStatus", englishWords);

/** "catching-up": connected again, but what arrived meanwhile is not on the page yet. */
export type ConnectionState = "connecting" | "live" | "catching-up" | "reconnecting" | "offline" | "signed-out";

/**
 * What a refused Socket.IO handshake means. The server refuses a socket whose sign-in is gone with
 * "unauthorized: …" (server/live/socket-server.ts): retrying cannot help. Anything else (the database
 * did not answer, "unavailable: …") may pass, so the page asks again.
 */
export function refusalOf(message: string): "signed-out" | "retry" {
  return /^unauthorized\b/i.test(message) ? "signed-out" : "retry";
}

const FIRST_RETRY_MS = 1_000;
export const MAX_RETRY_MS = 5_000;

/**
 * How long to wait before asking again after the server ended a socket itself or refused it for a
 * passing reason (Socket.IO does not retry either by itself). Doubles from 1 s up to 5 s, spread by
 * ±50% so that the pages a restart dropped together do not all come back in the same millisecond.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.5 + random()));
}

function zoneName(ms: number, zone: string): string {
  return zone === "UTC" || zone === "Etc/UTC" ? "UTC" : format(new TZDate(ms, zone), "zzz");
}

/**
 * A moment the viewer lived through (when the page lost the server), read on their own clock: the
 * clock time with its zone, and the date too unless it was the same calendar day as now.
 */
export function momentLabel(ms: number, nowMs: number, zone: string, locale: Locale = "en"): string {
  const at = new TZDate(ms, zone);
  const sameDay = format(at, "yyyy-MM-dd") === format(new TZDate(nowMs, zone), "yyyy-MM-dd");
  if (locale === "en") return `${format(at, sameDay ? "HH:mm" : "EEE d MMM, HH:mm")} ${zoneName(ms, zone)}`;
  // On the wall clock (TZDate): Node 20's Intl refuses the fixed offsets the app keeps ("+05:30").
  return `${format(at, sameDay ? "HH:mm" : "M월 d일 (EEE) HH:mm", { locale: ko })} ${zoneName(ms, zone)}`;
}

/**
 * The words of a page's connection indicator; `sinceMs` is when it stopped being live, if it was.
 * `t`: the "ConnectionStatus" translator of the reader's language (English when none is given).
 */
export function connectionText(state: ConnectionState, sinceMs: number | null, nowMs: number, zone: string, t: Words = english, locale: Locale = "en"): string {
  const since = sinceMs === null ? null : momentLabel(sinceMs, nowMs, zone, locale);
  switch (state) {
    case "live":
      return t("state.live");
    case "connecting":
      return t("state.connecting");
    case "catching-up":
      return since === null ? t("state.catchingUp") : t("state.catchingUpSince", { since });
    case "reconnecting":
      return since === null ? t("state.reconnecting") : t("state.reconnectingSince", { since });
    case "offline":
      return since === null ? t("state.offline") : t("state.offlineSince", { since });
    case "signed-out":
      return t("state.signedOut");
  }
}
