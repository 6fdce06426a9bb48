import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nightCsvPath, nightPath, pageSegment, patientPath } from "./paths";

// Ids Asleep may send that a URL path cannot carry as they are.
const IDS = ["a night", "nuit-été-😴", "a/b", "q?x", "h#x", "<b>", "lit%2Fslash", "pct%", "a+b", "plain-id"];

describe("one rule for every dynamic segment", () => {
  it("a link's segment, read back by a page, is the id exactly (encoded once, decoded once)", () => {
    for (const id of IDS) {
      for (const [build, prefix] of [[nightPath, "/sessions/"], [patientPath, "/patients/"]] as const) {
        const path = build(id);
        assert.ok(path.startsWith(prefix));
        const raw = path.slice(prefix.length);
        assert.doesNotMatch(raw, /[/?#]/, `${id}: one segment, no query or fragment`);
        assert.equal(pageSegment(raw), id);
      }
    }
    assert.equal(nightCsvPath("a/b"), "/api/sessions/a%2Fb/export.csv");
  });

  it("a segment that cannot be decoded names nothing", () => {
    for (const raw of ["%ZZ", "%", "%E0%A4%A", "%E0%A4", "%00", "a%00b"]) assert.equal(pageSegment(raw), null, raw);
  });
});
