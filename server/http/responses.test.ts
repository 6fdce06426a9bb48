import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { json, noContent, notFound } from "./responses";

describe("JSON responses", () => {
  it("a status that has no body (204, 205, 304) is answered with no body, never with a thrown error (a 500)", async () => {
    for (const status of [204, 205, 304]) {
      const res = json(null, status, { "x-kept": "yes" });
      assert.equal(res.status, status);
      assert.equal(res.body, null);
      assert.equal(await res.text(), "");
      assert.equal(res.headers.get("x-kept"), "yes");
    }
    const done = noContent();
    assert.equal(done.status, 204);
    assert.equal(await done.text(), "");
  });

  it("any other status carries its JSON", async () => {
    const res = notFound();
    assert.equal(res.status, 404);
    assert.equal(res.headers.get("content-type"), "application/json");
    assert.deepEqual(await res.json(), { error: "Not found" });
    assert.deepEqual(await json({ a: 1 }, 201).json(), { a: 1 });
  });
});
