import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import { cursorParam, encodeCursor, idCursorParam, keysetPage, nextLinkHeader, nextPageUrl } from "./cursor";

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

  it("an id cursor is a positive integer's digits", () => {
    assert.equal(idCursorParam.parse("9007199254740993"), 9007199254740993n);
    for (const bad of ["0", "-1", "1.5", "abc", "01"]) assert.equal(idCursorParam.safeParse(bad).success, false, bad);
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
