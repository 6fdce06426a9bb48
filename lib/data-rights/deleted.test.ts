import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LOCALES } from "@/lib/i18n/locales";
import { translatorFor } from "@/server/i18n/translator";
import { DELETED_KINDS, deletedSummary } from "./deleted";

describe("what deleting a person removed, in words", () => {
  it("says one or many as the count needs", () => {
    const say = translatorFor("en", "PersonRecord.deleted");
    assert.equal(deletedSummary({ accounts: 1, inferences: 12, diary: 1, studies: 2 }, say), "1 account, 12 analyses, 1 sleep diary entry, 2 sleep studies");
    // Counts as they are, without a thousands separator; a name the list does not know, as it is.
    assert.equal(deletedSummary({ inferences: 1234, somethingNew: 3 }, say), "1234 analyses, 3 somethingNew");
  });
  it("words every kind, in the singular and the plural, with no name of code left in them", () => {
    const say = translatorFor("en", "PersonRecord.deleted");
    for (const kind of DELETED_KINDS) {
      const [one, many] = [say(kind, { count: 1, n: "1" }), say(kind, { count: 2, n: "2" })];
      assert.match(one, /^1 /, kind);
      assert.match(many, /^2 /, kind);
      assert.notEqual(one.slice(2), many.slice(2), kind);
      for (const w of [one, many]) assert.doesNotMatch(w, /[A-Z]|[a-z][A-Z]|PersonRecord/, `${kind}: ${w}`);
    }
  });
  it("words every kind in every language", () => {
    for (const locale of LOCALES) {
      const say = translatorFor(locale, "PersonRecord.deleted");
      for (const kind of DELETED_KINDS) assert.ok(say.has(kind), `${locale}: ${kind}`);
    }
  });
});
