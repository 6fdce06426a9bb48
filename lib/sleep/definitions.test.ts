import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { it } from "node:test";
import { DEFINITIONS } from "./definitions";

const ROOT = path.resolve(__dirname, "../..");

it("docs/DEFINITIONS.md states every definition in the words the pages show", () => {
  const docs = readFileSync(path.join(ROOT, "docs/DEFINITIONS.md"), "utf8");
  for (const { term, text } of Object.values(DEFINITIONS)) {
    assert.ok(docs.includes(`- **${term}**: ${text}`), `docs/DEFINITIONS.md is missing, or words differently, "${term}"`);
  }
});

it("the README links the reference page", () => {
  assert.match(readFileSync(path.join(ROOT, "README.md"), "utf8"), /\]\(docs\/DEFINITIONS\.md\)/);
});

it("the persistent-sleep definition names the length the code uses", () => {
  assert.match(DEFINITIONS.persistentSleepLatency.text, /20 consecutive sleep epochs \(10 minutes/);
});
