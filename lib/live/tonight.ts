// What a sleeper's home says of the night being recorded: that it is, or that it has gone silent and
// what to check. Silent is the same judgement as the night page's "Stale" (lib/sleep/cadence.ts), but
// in a sleeper's words: no operations vocabulary, and what they can do about it from bed.

import { ago, dateTime } from "../format";
import { zoneLabel } from "../time/zone";

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

export const SILENT_ADVICE =
  "Is the phone charging, and is the Asleep app still open and recording? If the app stopped, start a new recording in it; what has arrived so far is kept.";

/** `nowMs` null: without the "minutes ago" (a page's first paint, which must match the server's to the letter). */
export function tonightText(facts: TonightFacts, nowMs: number | null): TonightText {
  if (facts.silent && facts.lastDeliveryMs !== null) {
    const when = `${dateTime(facts.lastDeliveryMs, facts.zone)} ${zoneLabel(facts.zone)}`;
    return { kind: "silent", text: `Nothing has arrived from your phone since ${when}${nowMs === null ? "" : ` (${ago(facts.lastDeliveryMs, nowMs)})`}.`, advice: SILENT_ADVICE };
  }
  const last = facts.lastDeliveryMs === null || nowMs === null ? "" : ` The last part arrived ${ago(facts.lastDeliveryMs, nowMs)}.`;
  return { kind: "recording", text: `Your night is being recorded.${last}`, advice: null };
}
