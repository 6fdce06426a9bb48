import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { backfillNote } from "./backfill-note";

describe("what a stale night's note says the app is doing", () => {
  const since = (ms: number) => `${new Date(ms).toISOString().slice(11, 16)} UTC`;

  it("asks Asleep while Asleep answers", () => {
    assert.equal(backfillNote({ asleepUnreachableSince: null, asleepHasNoRecord: false }, since), "asking Asleep for the missing part");
  });

  it("says since when Asleep could not be reached, even if it once had no record", () => {
    assert.equal(backfillNote({ asleepUnreachableSince: "2026-11-23T03:10:00Z", asleepHasNoRecord: false }, since), "Asleep could not be reached since 03:10 UTC");
    assert.equal(backfillNote({ asleepUnreachableSince: "2026-11-23T03:10:00Z", asleepHasNoRecord: true }, since), "Asleep could not be reached since 03:10 UTC");
  });

  it("does not call Asleep unreachable when it answered that it has no such night", () => {
    assert.equal(backfillNote({ asleepUnreachableSince: null, asleepHasNoRecord: true }, since), "Asleep has no record of the rest of this night");
  });
});
