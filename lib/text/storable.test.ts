import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { storableString, unstorableTextProblem } from "./storable";

describe("storable text: what PostgreSQL's text and jsonb can hold", () => {
  it("refuses U+0000 and lone surrogates, wherever they stand", () => {
    for (const bad of ["\u0000", "a\u0000b", "\uD800", "x\uDBFFy", "\uDC00", "a\uDFFF", "\uDC00\uD800"]) assert.notEqual(unstorableTextProblem(bad), null, JSON.stringify(bad));
    assert.match(unstorableTextProblem("a\u0000")!, /U\+0000/);
    assert.match(unstorableTextProblem("a\uD800")!, /surrogate/);
  });

  it("takes any other text, astral characters (surrogate pairs) included", () => {
    for (const good of ["", "night 😴", "\uD83D\uDE34", "日本語", "\u0001\u001f", "tab\tnew\nline"]) assert.equal(unstorableTextProblem(good), null, JSON.stringify(good));
    fc.assert(fc.property(fc.string({ unit: "grapheme" }), (s) => unstorableTextProblem(s.replaceAll("\u0000", "")) === null));
  });

  it("is exactly what UTF-8 can carry without loss, apart from NUL", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const roundTrips = Buffer.from(s, "utf8").toString("utf8") === s;
        assert.equal(unstorableTextProblem(s) === null, roundTrips && !s.includes("\u0000"));
      }),
      { numRuns: 2000 },
    );
  });

  it("as a zod rule, chained with the usual checks, names the problem", () => {
    const schema = storableString().trim().min(1).max(10);
    assert.equal(schema.parse("  ok  "), "ok");
    const refused = schema.safeParse("a\u0000");
    assert.equal(refused.success, false);
    assert.match(refused.error!.issues[0]!.message, /U\+0000/);
  });
});
