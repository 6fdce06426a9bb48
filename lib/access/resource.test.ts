import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nightResource, splitResourceId } from "./resource";

const night = { startTime: "2026-11-22T22:10:00.000Z", endTime: "2026-11-23T05:40:00.000Z" };

describe("access-log resources", () => {
  it("a night is named by its date, clock range and zone, its id kept last in brackets", () => {
    assert.equal(nightResource(night, "Europe/Paris", "abc123"), "night Sun 22 Nov 2026, 23:10–06:40, Europe/Paris (abc123)");
    assert.equal(nightResource(night, "Etc/GMT-9", "abc123", "via the API"), "night Sun 22 Nov 2026, Mon 07:10–14:40, UTC+09:00 via the API (abc123)");
    assert.equal(nightResource({ startTime: "2026-11-22T22:10:00.000Z", endTime: null, open: true }, "UTC", "x"), "night Sun 22 Nov 2026, from 22:10, UTC (x)");
  });

  it("splits the words from the id for display; an entry without a bracketed id is all words", () => {
    assert.deepEqual(splitResourceId(nightResource(night, "Europe/Paris", "abc123")), { text: "night Sun 22 Nov 2026, 23:10–06:40, Europe/Paris", id: "abc123" });
    assert.deepEqual(splitResourceId("FHIR bundle, night 2026-11-02 (x-night-1)"), { text: "FHIR bundle, night 2026-11-02", id: "x-night-1" });
    assert.deepEqual(splitResourceId("night abc123"), { text: "night abc123", id: null });
    assert.deepEqual(splitResourceId("period report PDF 2026-11-01 to 2026-11-30"), { text: "period report PDF 2026-11-01 to 2026-11-30", id: null });
  });
});
