import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DELETED_WORDS, deletedSummary } from "./deleted";

describe("what deleting a person removed, in words", () => {
  it("says one or many as the count needs", () => {
    assert.equal(deletedSummary({ accounts: 1, inferences: 12, diary: 1, studies: 2 }), "1 account, 12 analyses, 1 sleep diary entry, 2 sleep studies");
  });
  it("words every kind, in the singular and the plural, with no name of code left in them", () => {
    for (const [kind, [one, many]] of Object.entries(DELETED_WORDS)) {
      assert.notEqual(one, many, kind);
      for (const w of [one, many]) assert.doesNotMatch(w, /[A-Z]|[a-z][A-Z]/, `${kind}: ${w}`);
    }
  });
});
