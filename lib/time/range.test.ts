import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EARLIEST_INFORMATIONAL_TIME, LATEST_INFORMATIONAL_TIME } from "../../server/webhook/schema";
import { dayParam, EARLIEST_DAY, EARLIEST_MS, instantParam, LATEST_DAY, LATEST_MS } from "./range";

describe("the days and instants a request may name", () => {
  it("are the years a night can be recorded in, as the webhook reads its times", () => {
    assert.equal(EARLIEST_MS, EARLIEST_INFORMATIONAL_TIME);
    assert.equal(LATEST_MS, LATEST_INFORMATIONAL_TIME);
    assert.equal(Date.parse(`${EARLIEST_DAY}T00:00:00Z`), EARLIEST_MS);
    assert.equal(Date.parse(`${LATEST_DAY}T00:00:00Z`) + 86_400_000, LATEST_MS);
  });

  it("a day: a real one, written YYYY-MM-DD, from 1970 to 2199", () => {
    for (const good of ["2026-11-30", EARLIEST_DAY, LATEST_DAY, "2028-02-29"]) assert.equal(dayParam.safeParse(good).success, true, good);
    for (const bad of ["9999-12-31", "2200-01-01", "1969-12-31", "0000-01-01", "2026-02-30", "+275760-09-13", "2026-11-30\u0000", "26-11-30"]) {
      assert.equal(dayParam.safeParse(bad).success, false, bad);
    }
  });

  it("an instant: what Date reads, within the same years", () => {
    assert.equal(instantParam.parse("2026-11-30T12:00:00+09:00").toISOString(), "2026-11-30T03:00:00.000Z");
    for (const bad of ["9999-12-31", "-271821-04-20", "+275760-09-13", "1969-12-31T23:59:59Z", "not a date", "\u0000"]) assert.equal(instantParam.safeParse(bad).success, false, bad);
  });
});
