import assert from "node:assert/strict";
import { test } from "node:test";
import { finishedTests, playwrightFailures } from "./test-progress";

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

test("names the tests Playwright's summary lists as failed, not those meant to fail", () => {
  const output = [
    "  ✘   1 e2e/page-checks.spec.ts:11:6 › a page that scrolls sideways fails the test (1.0s)",
    "  ✘   2 e2e/board-monday.spec.ts:92:3 › at 1440×900 › a clinician's Monday (13.0s)",
    "",
    "  1) e2e/board-monday.spec.ts:92:3 › at 1440×900 › a clinician's Monday ─────",
    "",
    "    Error: figures cut at 1280 px",
    "",
    "  1 failed",
    "    e2e/board-monday.spec.ts:92:3 › at 1440×900 › a clinician's Monday ",
    "  1 timed out",
    "    e2e/restart.spec.ts:20:1 › restart ",
    "  101 passed (19.6m)",
    "",
  ].join("\n");
  assert.deepEqual(playwrightFailures(output), ["e2e/board-monday.spec.ts:92:3 › at 1440×900 › a clinician's Monday", "e2e/restart.spec.ts:20:1 › restart"]);
  assert.deepEqual(playwrightFailures("  103 passed (19.6m)\n"), []);
});
