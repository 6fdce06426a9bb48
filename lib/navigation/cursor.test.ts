import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import { cursorKey, cursorParam, encodeCursor, idCursorParam, keysetPage, nextLinkHeader, nextPageUrl } from "./cursor";

const nightCursor = cursorParam(z.tuple([z.iso.datetime().nullable(), z.string()]));

describe("keyset cursors", () => {
  it("a cursor reads back as the keys it was made of, null included", () => {
    for (const keys of [["2026-11-22T22:10:00.000Z", "night-1"], [null, "ü/é +&?"]] as const) {
      const cursor = encodeCursor(keys);
      assert.match(cursor, /^[A-Za-z0-9_-]+$/, "safe in a URL as it is");
      assert.deepEqual(nightCursor.parse(cursor), keys);
    }
  });

  it("anything else is refused with one message: not base64url, not JSON, keys of another list", () => {
    for (const bad of ["", "not a cursor", "e30=", Buffer.from("{").toString("base64url"), encodeCursor(["2026-11-22T22:10:00.000Z"]), encodeCursor([1, "x"]), "x".repeat(2000)]) {
      const parsed = nightCursor.safeParse(bad);
      assert.equal(parsed.success, false, bad);
      assert.equal(parsed.error!.issues[0]!.message, "must be the nextCursor of an earlier page");
    }
  });

  it("an id cursor is a positive integer's digits, no larger than PostgreSQL's bigint", () => {
    assert.equal(idCursorParam.parse("9007199254740993"), 9007199254740993n);
    assert.equal(idCursorParam.parse("9223372036854775807"), 9223372036854775807n);
    for (const bad of ["0", "-1", "1.5", "abc", "01", "9223372036854775808", "9999999999999999999", "99999999999999999999"]) assert.equal(idCursorParam.safeParse(bad).success, false, bad);
  });

  it("no key the database cannot compare against: a lone surrogate or NUL anywhere, an instant outside 1970–2199, a bigint past its range", () => {
    const sessions = cursorParam(z.tuple([cursorKey.instant.nullable(), cursorKey.instant, cursorKey.id]));
    const deliveries = cursorParam(z.tuple([cursorKey.instant, cursorKey.bigintId]));
    const at = "2026-11-22T22:10:00.000Z";
    assert.deepEqual(sessions.parse(encodeCursor([null, at, "night-1"])), [null, at, "night-1"]);
    for (const bad of [
      encodeCursor([null, at, "night\uD800"]),
      encodeCursor([null, at, "night\u0000"]),
      encodeCursor([null, "9999-12-31T00:00:00.000Z", "night-1"]),
      encodeCursor(["1969-12-31T23:59:59.999Z", at, "night-1"]),
    ]) {
      assert.equal(sessions.safeParse(bad).success, false, Buffer.from(bad, "base64url").toString());
    }
    // Whatever the keys' own schemas would let through, a string holding either is refused.
    assert.equal(cursorParam(z.tuple([z.string()])).safeParse(encodeCursor(["\uDC00"])).success, false);
    assert.deepEqual(deliveries.parse(encodeCursor([at, "9223372036854775807"])), [at, "9223372036854775807"]);
    assert.equal(deliveries.safeParse(encodeCursor([at, "9223372036854775808"])).success, false);
  });

  it("a page of limit + 1 rows keeps limit and names the last kept; fewer is the last page", () => {
    assert.deepEqual(keysetPage([1, 2, 3], 2, String), { rows: [1, 2], nextCursor: "2" });
    assert.deepEqual(keysetPage([1, 2], 2, String), { rows: [1, 2], nextCursor: null });
    assert.deepEqual(keysetPage([], 2, String), { rows: [], nextCursor: null });
  });

  it("the next page is the same path and query with before set (replaced, not repeated); RFC 8288 header", () => {
    const next = nextPageUrl("http://0.0.0.0:3000/api/sessions?userId=a%20b&before=old&limit=5", "CUR");
    assert.equal(next, "/api/sessions?userId=a+b&before=CUR&limit=5");
    assert.deepEqual(nextLinkHeader(next), { link: '<' + next + '>; rel="next"' });
    assert.equal(nextPageUrl("http://x/api/alerts", null), null);
    assert.deepEqual(nextLinkHeader(null), {});
  });
});
