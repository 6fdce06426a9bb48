import assert from "node:assert/strict";
import { test } from "node:test";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { failureReasons, finishedTests, playwrightFailureReasons, playwrightFailures } from "./test-progress";

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

test("gives each failed node test's reason, without its stack, from node's own spec output", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "reasons-"));
  const file = path.join(dir, "two.test.mjs");
  writeFileSync(
    file,
    [
      'import { it } from "node:test"; import assert from "node:assert/strict";',
      'it("health is ok", () => { assert.equal("degraded", "ok", "health of A"); });',
      'it("passes", () => {});',
      'it("serves", async () => { throw new Error("`npm start` exited before serving:\\nError: P1001"); });',
    ].join("\n"),
  );
  // Without the runner's own NODE_TEST_CONTEXT, which would make the child report to this runner, not in spec.
  const { NODE_TEST_CONTEXT: _, ...inherited } = process.env;
  const childEnv = { ...inherited, FORCE_COLOR: "0" };
  let output = "";
  try {
    execFileSync(process.execPath, ["--test", "--test-reporter=spec", file], { encoding: "utf8", env: childEnv });
  } catch (error) {
    output = (error as { stdout: string }).stdout;
  }
  assert.deepEqual(finishedTests(output).failures.map((f) => f.replace(/ \([\d.]+m?s\)$/, "")), ["✖ health is ok", "✖ serves"], "each failure counted once, the closing list not as one");
  const reasons = failureReasons(output);
  assert.deepEqual(reasons.map((r) => r.test), ["health is ok", "serves"]);
  assert.match(reasons[0]!.reason.join("\n"), /health of A/);
  assert.deepEqual(reasons[1]!.reason.slice(0, 2), ["Error: `npm start` exited before serving:", "Error: P1001"]);
  assert.ok(reasons.every((r) => r.reason.every((l) => !/^\s+at /.test(l))), "no stack lines");
});

test("gives each failed Playwright test's reason, without code frame or stack, from Playwright's own list report", () => {
  // Inside the project, so the spec finds @playwright/test; no browser is needed.
  const dir = mkdtempSync(path.join(__dirname, "..", ".reasons-"));
  try {
    writeFileSync(path.join(dir, "playwright.config.mjs"), 'export default { testDir: ".", testMatch: "*.spec.mjs", outputDir: "./results", workers: 1, reporter: [["list"]] };\n');
    writeFileSync(
      path.join(dir, "two.spec.mjs"),
      [
        'import { test, expect } from "@playwright/test";',
        'test("health is ok", () => { expect("degraded", "health of A").toBe("ok"); });',
        'test("passes", () => {});',
        'test("serves", () => { throw new Error("`npm start` exited before serving:\\nError: P1001"); });',
      ].join("\n"),
    );
    const { NODE_TEST_CONTEXT: _, CI: __, ...inherited } = process.env;
    let output = "";
    try {
      execFileSync(process.execPath, [require.resolve("@playwright/test/cli"), "test", "-c", path.join(dir, "playwright.config.mjs")], { encoding: "utf8", env: { ...inherited, FORCE_COLOR: "0" }, cwd: dir });
    } catch (error) {
      output = (error as { stdout: string }).stdout;
    }
    assert.deepEqual(playwrightFailures(output), ["two.spec.mjs:2:1 › health is ok", "two.spec.mjs:4:1 › serves"], output);
    const reasons = playwrightFailureReasons(output);
    assert.deepEqual(reasons.map((r) => r.test), ["two.spec.mjs:2:1 › health is ok", "two.spec.mjs:4:1 › serves"]);
    assert.match(reasons[0]!.reason.join("\n"), /health of A/);
    assert.match(reasons[0]!.reason.join("\n"), /Expected: "ok"/);
    assert.deepEqual(reasons[1]!.reason.slice(0, 2), ["Error: `npm start` exited before serving:", "Error: P1001"]);
    assert.ok(reasons.every((r) => r.reason.every((l) => !/^\s+at .*\(/.test(l) && !/\d+ \|/.test(l))), `no stack or code frame: ${JSON.stringify(reasons)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
