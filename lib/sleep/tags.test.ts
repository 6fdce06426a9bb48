import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { canonicalTags, MAX_TAG_LENGTH, PRESET_TAGS, tagChoices, tagProblem, tidyTag } from "./tags";

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

  it("spells a tag as its preset or as the sleeper first wrote it, and drops case-only duplicates", () => {
    assert.deepEqual(canonicalTags(["Alcohol", "cpap ON", "Evening Walk", "evening walk"], ["evening walk"]), ["alcohol", "CPAP on", "evening walk"]);
    assert.deepEqual(canonicalTags(["Sauna", "SAUNA"]), ["Sauna"]);
  });

  it("offers the presets first, then the sleeper's own tags once each", () => {
    assert.deepEqual(tagChoices(["sauna", "Alcohol", "Sauna"]), [...PRESET_TAGS, "sauna"]);
  });
});
