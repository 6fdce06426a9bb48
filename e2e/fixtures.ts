// Playwright fixtures: the real app on a fresh embedded database (one per worker), and a way to replay
// a night through it with `npm run simulate`, exactly as a newcomer would.

import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { test as base, type Page } from "@playwright/test";
import { usersCli } from "../test/support/accounts";
import { startServer, type RunningServer } from "../test/support/server";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "..");

export interface App {
  server: RunningServer;
  apiKey: string;
  /** Runs `npm run simulate` against the app; returns what it printed. */
  simulate(args: string[]): Promise<string>;
  /** Runs `npm run users` against the app; returns what it printed. */
  users(args: string[]): Promise<string>;
}

/** Signs in through the /login form, as a person would. */
export async function signInAs(page: Page, email: string, password: string, baseUrl = "") {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/");
}

export const test = base.extend<{ app: App; noPolicyViolations: void; noConsoleErrors: void; expectedConsoleErrors: RegExp[] }, { workerApp: App }>({
  /** Console errors a test causes on purpose (a 404 it asks for, a server it stops): `test.use({ expectedConsoleErrors: [/…/] })`. */
  expectedConsoleErrors: [[], { option: true }],
  // Every page of every test fails on a console error or an uncaught exception: React's hydration
  // errors included (a page whose server and browser paint differ, e.g. times in another zone).
  noConsoleErrors: [
    async ({ page, expectedConsoleErrors }, use) => {
      const errors: string[] = [];
      const unexpected = (text: string) => !expectedConsoleErrors.some((pattern) => pattern.test(text));
      page.on("console", (message) => {
        const text = `${message.text()} at ${message.location().url}`;
        if (message.type() === "error" && unexpected(text)) errors.push(text);
      });
      page.on("pageerror", (error) => {
        if (unexpected(error.message)) errors.push(`uncaught: ${error.message}`);
      });
      await use();
      base.expect(errors, "console errors").toEqual([]);
    },
    { auto: true },
  ],
  // Every page of every test runs under the app's Content Security Policy: anything it blocked
  // (a script without the nonce, a frame, a foreign connection) fails the test.
  noPolicyViolations: [
    async ({ page }, use) => {
      const violations: string[] = [];
      page.on("console", (message) => {
        if (/Content Security Policy|Refused to (execute|load|connect|apply|frame)/i.test(message.text())) violations.push(message.text());
      });
      await use();
      base.expect(violations, "Content Security Policy violations").toEqual([]);
    },
    { auto: true },
  ],
  workerApp: [
    async ({}, use) => {
      const apiKey = "e2e-webhook-key-0123456789";
      const server = await startServer({ apiKey });
      await use({
        server,
        apiKey,
        async simulate(args) {
          const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/simulate.ts", "--url", server.url, "--key", apiKey, ...args], {
            cwd: ROOT,
            timeout: 120_000,
          });
          return stdout;
        },
        users: (args) => usersCli(server, args),
      });
      await server.stop();
    },
    { scope: "worker", timeout: 180_000 },
  ],
  app: async ({ workerApp }, use) => use(workerApp),
  baseURL: async ({ workerApp }, use) => use(workerApp.server.url),
});

export { expect } from "@playwright/test";
