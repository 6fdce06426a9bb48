import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_PAGE, pageHref, pageOf, pageRows, pageWindow } from "./paging";

describe("paging a list", () => {
  it("reads a page number, and anything else as the first page", () => {
    assert.equal(pageOf("3"), 3);
    assert.equal(pageOf(["2", "9"]), 2);
    for (const raw of [undefined, "", "0", "-1", "1.5", "abc", String(MAX_PAGE + 1)]) assert.equal(pageOf(raw), 1, String(raw));
  });

  it("asks for one row more than a page, to know whether another follows", () => {
    assert.deepEqual(pageWindow(1, 50), { offset: 0, limit: 51 });
    assert.deepEqual(pageWindow(3, 50), { offset: 100, limit: 51 });
    assert.deepEqual(pageRows([1, 2, 3], 2), { rows: [1, 2], more: true });
    assert.deepEqual(pageRows([1, 2], 2), { rows: [1, 2], more: false });
  });

  it("links to another page keeping the page's other parameters", () => {
    assert.equal(pageHref("/admin", { user: "asleep-ana", page: "2" }, "page", 3), "/admin?user=asleep-ana&page=3");
    assert.equal(pageHref("/admin", { user: "asleep-ana", page: "2" }, "page", 1), "/admin?user=asleep-ana");
    assert.equal(pageHref("/", { patients: "2" }, "nights", 1), "/?patients=2");
    assert.equal(pageHref("/", {}, "nights", 1), "/");
  });
});
