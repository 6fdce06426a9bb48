import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { boardHref, boardQueryFromSearch, boardQuerySchema, DEFAULT_BOARD_QUERY, pageCount, sortedBy } from "./query";

describe("a board view read from a URL", () => {
  it("defaults to flagged patients first, all of them, page 1 of 50, no data meaning 3 days", () => {
    assert.deepEqual(DEFAULT_BOARD_QUERY, { q: "", sort: "flags", dir: "desc", flag: "all", days: 3, clinician: "", page: 1, size: 50 });
  });

  it("names the parameter it cannot read", () => {
    for (const [key, value] of [["sort", "shoe-size"], ["dir", "up"], ["flag", "purple"], ["days", "0"], ["days", "two"], ["page", "-1"], ["size", "5"]] as const) {
      const parsed = boardQuerySchema.safeParse({ [key]: value });
      assert.equal(parsed.success, false, `${key}=${value}`);
      assert.equal(parsed.error!.issues[0]!.path[0], key);
    }
    const unknown = boardQuerySchema.safeParse({ colour: "red" });
    assert.equal(unknown.success, false);
    assert.match(unknown.error!.issues[0]!.message, /colour/);
  });

  it("a page keeps what reads as a view and says what it left out", () => {
    const { query, ignored } = boardQueryFromSearch({ q: "ana", sort: "nope", page: "2", nights: "3" });
    assert.equal(query.q, "ana");
    assert.equal(query.sort, "flags");
    assert.equal(query.page, 2);
    assert.deepEqual(ignored, ["sort"]);
  });

  it("a sort starts in the direction that shows what needs attention first, and flips when chosen again", () => {
    assert.deepEqual(sortedBy(DEFAULT_BOARD_QUERY, "adherence"), { sort: "adherence", dir: "asc" });
    assert.deepEqual(sortedBy({ ...DEFAULT_BOARD_QUERY, sort: "adherence", dir: "asc" }, "adherence"), { sort: "adherence", dir: "desc" });
    assert.equal(boardQuerySchema.parse({ sort: "name" }).dir, "asc");
  });
});

describe("a board view written as a URL", () => {
  it("says only what differs from the default, and any change but the page goes back to page 1", () => {
    assert.equal(boardHref("/", DEFAULT_BOARD_QUERY), "/");
    const view = boardQuerySchema.parse({ q: "50% Ana", flag: "no-data", days: "5", page: "3" });
    assert.equal(boardHref("/", view, { page: 4 }), "/?q=50%25+Ana&flag=no-data&days=5&page=4");
    assert.equal(boardHref("/", view, sortedBy(view, "name")), "/?q=50%25+Ana&sort=name&flag=no-data&days=5");
  });

  it("reads back as the same view (a bookmark shows what was shared)", () => {
    const view = boardQuerySchema.parse({ q: "x", sort: "efficiency", dir: "desc", flag: "below-adherence", days: "7", clinician: "dr@x.test", page: "2", size: "10" });
    const search = Object.fromEntries(new URL(boardHref("http://h/", view, { page: 2 })).searchParams);
    assert.deepEqual(boardQueryFromSearch(search).query, view);
  });

  it("counts pages, one when empty", () => {
    assert.equal(pageCount(0, 50), 1);
    assert.equal(pageCount(50, 50), 1);
    assert.equal(pageCount(51, 50), 2);
  });
});
