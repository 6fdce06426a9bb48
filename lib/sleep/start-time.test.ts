import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { estimateStart, startAfterInference, startMoved, type NightStart } from "./start-time";

const at = (iso: string) => new Date(iso);

describe("estimateStart", () => {
  it("inference n ends n+1 blocks of 5 minutes after the start", () => {
    assert.equal(estimateStart(at("2026-11-22T00:05:00Z"), 0).toISOString(), "2026-11-22T00:00:00.000Z");
    assert.equal(estimateStart(at("2026-11-22T01:00:00Z"), 11).toISOString(), "2026-11-22T00:00:00.000Z");
  });
});

describe("startAfterInference", () => {
  it("keeps a start SESSION_COMPLETE gave, whatever the estimate", () => {
    const given: NightStart = { startTime: at("2026-11-22T00:00:00Z"), estimated: false };
    assert.equal(startAfterInference(given, at("2026-11-21T20:00:00Z"))?.toISOString(), "2026-11-22T00:00:00.000Z");
  });
  it("while estimated, takes the earliest estimate, starting from none", () => {
    const none: NightStart = { startTime: null, estimated: true };
    const first = startAfterInference(none, at("2026-11-22T00:03:00Z"));
    assert.equal(first?.toISOString(), "2026-11-22T00:03:00.000Z");
    assert.equal(startAfterInference({ startTime: first, estimated: true }, at("2026-11-22T00:01:00Z"))?.toISOString(), "2026-11-22T00:01:00.000Z");
    assert.equal(startAfterInference({ startTime: first, estimated: true }, at("2026-11-22T00:09:00Z"))?.toISOString(), "2026-11-22T00:03:00.000Z");
  });
  it("property: folding any permutation of the same estimates gives the same start", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 ** 9 }), { minLength: 1, maxLength: 12 }), fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })), (offsets, keys) => {
        const estimates = offsets.map((o) => new Date(Date.UTC(2026, 10, 22) + o));
        const fold = (list: Date[]) => list.reduce<NightStart>((s, e) => ({ startTime: startAfterInference(s, e), estimated: true }), { startTime: null, estimated: true }).startTime;
        const shuffled = estimates.map((e) => ({ e, k: keys.next().value as number })).sort((a, b) => a.k - b.k).map(({ e }) => e);
        assert.equal(fold(shuffled)?.getTime(), fold(estimates)?.getTime());
        assert.equal(fold(estimates)?.getTime(), Math.min(...estimates.map((e) => e.getTime())));
      }),
    );
  });
});

describe("startMoved", () => {
  it("says whether the start changed, a first start included, by instant not by object", () => {
    const at = (iso: string) => new Date(iso);
    assert.equal(startMoved(at("2026-11-20T23:00:00Z"), at("2026-11-20T22:59:00Z")), true);
    assert.equal(startMoved(null, at("2026-11-20T23:00:00Z")), true);
    assert.equal(startMoved(at("2026-11-20T23:00:00Z"), at("2026-11-20T23:00:00.000Z")), false);
    assert.equal(startMoved(null, null), false);
  });
});
