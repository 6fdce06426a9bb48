// What the app is doing about a night that went quiet, in the words the night page's stale note and the
// board's "Stale" both use: asking Asleep while that works, that Asleep has no record of the rest of the
// night when it answers so (404), or since when Asleep could not be reached.

import { describeBackfill } from "@/lib/sleep/incomplete";

export interface BackfillFacts {
  asleepUnreachableSince: string | null;
  asleepHasNoRecord: boolean;
}

/** `since` formats the instant Asleep was first unreachable, with its date and zone. */
export function backfillNote(facts: BackfillFacts, since: (ms: number) => string, plain = false): string {
  if (facts.asleepUnreachableSince) return describeBackfill(since(Date.parse(facts.asleepUnreachableSince)), plain);
  if (facts.asleepHasNoRecord) return plain ? "the rest of this night was never received" : "Asleep has no record of the rest of this night";
  return describeBackfill(null, plain);
}
