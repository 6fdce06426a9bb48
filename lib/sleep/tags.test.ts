import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { translatorFor } from "@/server/i18n/translator";
import { canonicalTags, MAX_TAG_LENGTH, PRESET_TAGS, presetTagId, tagChoices, tagProblem, tagProblemFact, tidyTag } from "./tags";

describe("night tags", () => {
  it("tidies white space and refuses empty, long or control-character tags", () => {
    assert.equal(tidyTag("  late \t walk  "), "late walk");
    assert.equal(tagProblem(tidyTag("   ")), "a tag must not be empty");
    assert.equal(tagProblem("x".repeat(MAX_TAG_LENGTH)), null);
    assert.match(tagProblem("x".repeat(MAX_TAG_LENGTH + 1)) ?? "", /at most 32/);
    assert.match(tagProblem("a\u0000b") ?? "", /control/);
    // Counted in characters a person sees, not UTF-16 units.
    assert.equal(tagProblem("🍷".repeat(MAX_TAG_LENGTH)), null);
  });

  it("refuses invisible and text-direction characters, naming them, so no lookalike sits beside a tag; emoji sequences stay", () => {
    for (const [text, char] of [
      ["caf\u200Bfeine", "U+200B"],
      ["\u202Eenieffac", "U+202E"],
      ["a\u2066b\u2069", "U+2066"],
      ["late\u00ADmeal", "U+00AD"],
      ["wine\u200D", "U+200D"],
      ["x\uFE0F", "U+FE0F"],
      ["\u3164", "U+3164"],
      ["a\u{E0067}b", "U+E0067"],
    ] as const) {
      assert.equal(tagProblem(tidyTag(text)), `a tag must not contain invisible or text-direction characters (${char})`, text);
    }
    for (const emoji of ["☕️", "🏃‍♀️", "👨‍👩‍👧", "👍🏽", "1️⃣", "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}", "café"]) assert.equal(tagProblem(tidyTag(emoji)), null, emoji);
  });

  it("does not offer an earlier tag that would now be refused", () => {
    assert.deepEqual(tagChoices(["sa\u200Buna", "sauna"]), [...PRESET_TAGS, "sauna"]);
  });

  it("spells a tag as its preset or as the sleeper first wrote it, and drops case-only duplicates", () => {
    assert.deepEqual(canonicalTags(["Alcohol", "cpap ON", "Evening Walk", "evening walk"], ["evening walk"]), ["alcohol", "CPAP on", "evening walk"]);
    assert.deepEqual(canonicalTags(["Sauna", "SAUNA"]), ["Sauna"]);
  });

  it("offers the presets first, then the sleeper's own tags once each", () => {
    assert.deepEqual(tagChoices(["sauna", "Alcohol", "Sauna"]), [...PRESET_TAGS, "sauna"]);
  });

  it("names each preset in the catalogues, English as it is stored, and a sleeper's own tag not at all", () => {
    const en = translatorFor("en", "NightTags");
    const ko = translatorFor("ko", "NightTags");
    for (const tag of PRESET_TAGS) {
      const id = presetTagId(tag);
      assert.ok(id, tag);
      assert.equal(en(`preset.${id}`), tag);
      assert.match(ko(`preset.${id}`), /[\uac00-\ud7a3]/);
    }
    assert.equal(presetTagId("Alcohol"), null);
    assert.equal(presetTagId("sauna"), null);
    assert.equal(presetTagId("constructor"), null);
  });

  it("gives why a tag is refused as facts the picker words, the English exactly as the API's", () => {
    const en = translatorFor("en", "NightTags");
    const ko = translatorFor("ko", "NightTags");
    for (const text of ["   ", "x".repeat(MAX_TAG_LENGTH + 1), "a\u0007b", "caf\u200Bfeine"]) {
      const fact = tagProblemFact(tidyTag(text))!;
      assert.equal(en(`problem.${fact.code}`, fact.values), tagProblem(tidyTag(text)));
      assert.match(ko(`problem.${fact.code}`, fact.values), /[\uac00-\ud7a3]/);
    }
    assert.equal(tagProblemFact("sauna"), null);
  });
});
