// Browser tests: Debian's Chromium (Playwright's own browser download cannot work offline), driving
// the real app started on the embedded database by the fixtures in ./fixtures.ts.

import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  throw new Error(
    `The browser tests need Chromium at ${chromium}. Install it with: sudo apt-get install -y chromium ` +
      `(or set CHROMIUM_PATH). 'npx playwright install' cannot work without internet access.`,
  );
}

export default defineConfig({
  testDir: ".",
  testMatch: "**/*.spec.ts",
  outputDir: "../test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  // Printed at the end: the files that take longest, where to look when the run grows slow.
  reportSlowTests: { max: 12, threshold: 60_000 },
  use: {
    browserName: "chromium",
    launchOptions: {
      executablePath: chromium,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
    // A trace records every test (screencast and DOM snapshots) to keep the failing ones: 6 % of the CPU
    // and 12 % of the time of e2e/time.spec.ts. CI keeps no files, so there none is recorded.
    trace: process.env.CI ? "off" : "retain-on-failure",
    screenshot: "only-on-failure",
  },
});
