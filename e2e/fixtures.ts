// Playwright fixtures: the real app on a fresh embedded database (one per worker), and a way to replay
// a night through it with `npm run simulate`, exactly as a newcomer would.

import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { test as base, type BrowserContext, type Page } from "@playwright/test";
import { usersCli } from "../test/support/accounts";
import { startServer, type RunningServer } from "../test/support/server";
import { startSmtp, type Mail } from "../test/support/smtp";

/** The enrolment day of the tests' patients unless a test chooses one (lib/sleep/enrolment.ts). */
export const LONG_AGO = "2026-01-01";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "..");

export interface App {
  server: RunningServer;
  apiKey: string;
  /** Runs `npm run simulate` against the app; returns what it printed. */
  simulate(args: string[]): Promise<string>;
  /** Runs `npm run users` against the app; returns what it printed. A patient is enrolled LONG_AGO unless the args say. */
  users(args: string[]): Promise<string>;
  /** The e-mails the app sent (its SMTP_URL is a real SMTP server started for the worker). */
  mails: Mail[];
}

/** Signs in through the /login form, as a person would. */
export async function signInAs(page: Page, email: string, password: string, baseUrl = "") {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/");
}

/**
 * Switches the browser to signed out, as closing the app's tab and forgetting the cookie would. The
 * page is left first: a page kept open without its cookie goes on asking (the header's alert count
 * when an alert arrives, its socket's reconnects) and is answered 401, a console error the test made.
 */
export async function leaveSignedOut(page: Page) {
  await page.goto("about:blank");
  await page.context().clearCookies();
}

/** A phone's width: every page of every test must fit it. */
export const PHONE = { width: 390, height: 844 };

/**
 * Fails when the page is wider than its viewport (it would scroll sideways). Called by the fixture
 * after every load and client-side navigation of every page of the test's context, and at the end of
 * every test; call it after a change within a page too.
 */
export async function expectNoSidewaysScroll(page: Page) {
  const seen = await page
    .evaluate(
      () =>
        new Promise<{ scrollWidth: number; width: number; url: string } | null>((resolve) =>
          requestAnimationFrame(() => {
            // A document being replaced by the next one has no root yet (or any more): nothing to measure,
            // and throwing here would land in the page's console (under page.clock, whose timers log it).
            const root = document.documentElement;
            resolve(root ? { scrollWidth: root.scrollWidth, width: window.innerWidth, url: location.pathname + location.search } : null);
          }),
        ),
    )
    .catch(() => null); // the page navigated away meanwhile: the next load is checked instead
  if (seen) base.expect(seen.scrollWidth, `${seen.url} is wider (${seen.scrollWidth}px) than its ${seen.width}px viewport`).toBeLessThanOrEqual(seen.width);
}

/**
 * Calls `watch` once for every page of the test's context: the main one, any already open, and any it
 * opens later (context.newPage(), a link to a new tab). Returns the pages seen so far.
 */
function everyPage(page: Page, context: BrowserContext, watch: (p: Page) => void): Set<Page> {
  const seen = new Set<Page>();
  const once = (p: Page) => {
    if (seen.has(p)) return;
    seen.add(p);
    watch(p);
  };
  once(page);
  for (const p of context.pages()) once(p);
  context.on("page", once);
  return seen;
}

export interface PageChecks {
  /** Console errors a test provokes on purpose (a 404 page it asks for, a server it stops). */
  allowConsoleErrors(pattern: RegExp): void;
}

export const test = base.extend<{ app: App; noPolicyViolations: void; pageChecks: PageChecks; expectedConsoleErrors: RegExp[] }, { workerApp: App }>({
  viewport: PHONE,
  /** Console errors every test of a file or group causes on purpose: `test.use({ expectedConsoleErrors: [/…/] })`. */
  expectedConsoleErrors: [[], { option: true }],
  // Every page of every test, at phone width: no page scrolls sideways, and nothing is logged as a
  // console error (React's hydration errors included) or thrown uncaught, unless the test expects it.
  // Every page of the test's context is watched, the main one and any it opens (context.newPage(), a
  // link to a new tab), on every load and every client-side navigation, and once more at the end.
  pageChecks: [
    async ({ page, context, expectedConsoleErrors }, use) => {
      const errors: string[] = [];
      const allowed: RegExp[] = [...expectedConsoleErrors];
      const widths: Array<Promise<unknown>> = [];
      const watched = everyPage(page, context, (p) => {
        const width = () => void widths.push(expectNoSidewaysScroll(p).catch((e: unknown) => e));
        p.on("console", (message) => {
          if (message.type() === "error") errors.push(`${message.text()} ${message.location().url} (on ${p.url()})`);
        });
        p.on("pageerror", (error) => errors.push(`uncaught: ${error.message} (on ${p.url()})`));
        p.on("load", width);
        // A client-side navigation (a Link, router.push) loads nothing: checked once the new page is drawn.
        p.on("framenavigated", (frame) => {
          if (frame === p.mainFrame()) width();
        });
      });
      await use({ allowConsoleErrors: (pattern) => void allowed.push(pattern) });
      for (const p of watched) if (!p.isClosed()) widths.push(expectNoSidewaysScroll(p).catch((e: unknown) => e));
      const failures = (await Promise.all(widths)).filter((r) => r instanceof Error);
      if (failures[0]) throw failures[0];
      base.expect(errors.filter((e) => !allowed.some((p) => p.test(e))), "console errors").toEqual([]);
    },
    { auto: true },
  ],
  // Every page of every test runs under the app's Content Security Policy: anything it blocked
  // (a script without the nonce, a frame, a foreign connection) fails the test.
  noPolicyViolations: [
    async ({ page, context }, use) => {
      const violations: string[] = [];
      everyPage(page, context, (p) =>
        p.on("console", (message) => {
          if (/Content Security Policy|Refused to (execute|load|connect|apply|frame)/i.test(message.text())) violations.push(`${message.text()} (on ${p.url()})`);
        }),
      );
      await use();
      base.expect(violations, "Content Security Policy violations").toEqual([]);
    },
    { auto: true },
  ],
  workerApp: [
    async ({}, use) => {
      const apiKey = "e2e-webhook-key-0123456789";
      // One app serves every test of a worker, all signing in from 127.0.0.1: the per-address sign-in
      // limit (10 a minute, tested in test/abuse.test.ts) would refuse the suite itself.
      // A real SMTP server for the alert e-mails (e2e/alerts.spec.ts); accounts send none unless they choose to.
      const smtp = await startSmtp();
      // Outbound event receivers run on this machine (test/support/receiver.ts): OUTBOUND_ALLOW_LOOPBACK.
      // No half-hourly alert evaluation (ALERTS_SCHEDULE, on the clock's :00 and :30): it raised an adherence
      // alert for a test's patient (enrolled long ago, one night) whenever a test ran across the half hour, beside
      // the alert the test waited for. Tests raise the alerts they need; the schedule is tested in test/alerts.test.ts.
      const server = await startServer({ apiKey, env: { SIGN_IN_RATE_LIMIT: "1000", SMTP_URL: smtp.url, ALERT_MAIL_FROM: "Sleep alerts <alerts@e2e.test>", OUTBOUND_ALLOW_LOOPBACK: "true", ALERTS_SCHEDULE: "off" } });
      await use({
        server,
        apiKey,
        mails: smtp.mails,
        async simulate(args) {
          const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/simulate.ts", "--url", server.url, "--key", apiKey, ...args], {
            cwd: ROOT,
            timeout: 120_000,
          });
          return stdout;
        },
        // A test's patients come with nights from weeks ago: unless it says otherwise (--enrolled-on), a
        // patient was enrolled before them, so every window counts (one enrolled today is "too early to tell").
        users: (args) => usersCli(server, args.includes("patient") && !args.includes("--enrolled-on") ? [...args, "--enrolled-on", LONG_AGO] : args),
      });
      await server.stop();
      await smtp.close();
    },
    { scope: "worker", timeout: 180_000 },
  ],
  app: async ({ workerApp }, use) => use(workerApp),
  baseURL: async ({ workerApp }, use) => use(workerApp.server.url),
});

export { expect } from "@playwright/test";
