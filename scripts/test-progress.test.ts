import assert from "node:assert/strict";
import { test } from "node:test";
import { finishedTests } from "./test-progress";

test("counts finished tests, not the suites around them, in node's spec output", () => {
  const output = [
    "▶ rules",
    "  ✔ a good night raises nothing (1.2ms)",
    "  ✖ short sleep reads well (0.4ms)",
    "✖ rules (3.7ms)",
    "✔ a test outside any suite (0.8ms)",
    "▶ stale",
    "  ▶ inner",
    "    ✔ gives the time (12ms)",
    "  ✔ inner (12ms)",
    "✔ stale (13ms)",
    "",
  ].join("\n");
  assert.deepEqual(finishedTests(output), { passed: 3, failed: 1, failures: ["✖ short sleep reads well (0.4ms)"] });
});

test("counts Playwright's list reporter lines; a line still being written is not counted yet", () => {
  const output = "Running 3 tests using 1 worker\n\n  ✓   1 [chromium] › e2e/a.spec.ts:5:1 › opens (2.1s)\n  ✘   2 [chromium] › e2e/b.spec.ts:9:1 › fails (9.0s)\n  ✓   3";
  assert.deepEqual(finishedTests(output), { passed: 1, failed: 1, failures: ["✘   2 [chromium] › e2e/b.spec.ts:9:1 › fails (9.0s)"] });
});
