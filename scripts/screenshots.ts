// Retakes the README's screenshots (docs/*.png) from the real app: a fresh embedded database, accounts
// made with `npm run users`, nights sent through the webhook with `npm run simulate`, pages shot in
// Debian's Chromium. Run after a production build: `npx tsx scripts/screenshots.ts`.

import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { chromium, type Page } from "@playwright/test";
import { usersCli } from "../test/support/accounts";
import { startServer } from "../test/support/server";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "..");
const API_KEY = "screenshots-webhook-key-0123456789";
const PASSWORD = "a long passphrase for pictures";

async function main() {
  const server = await startServer({ apiKey: API_KEY });
  const stopSimulating = new AbortController();
  const simulate = (args: string[]) =>
    run(process.execPath, ["--import", "tsx", "scripts/simulate.ts", "--url", server.url, "--key", API_KEY, "--quiet", ...args], { cwd: ROOT, timeout: 180_000, signal: stopSimulating.signal });
  try {
    await usersCli(server, ["add", "--email", "dr.moreau@clinic.example", "--password", PASSWORD, "--role", "clinician", "--name", "Dr Claire Moreau"]);
    const sleepers = [
      ["Ana Lima", "ana", "Europe/Paris"],
      ["Ben Okafor", "ben", "Europe/Paris"],
      ["Chen Wei", "chen", "Asia/Seoul"],
    ] as const;
    for (const [name, id, zone] of sleepers) {
      await usersCli(server, ["add", "--email", `${id}@sleep.example`, "--password", PASSWORD, "--role", "patient", "--asleep-user-id", id, "--clinician", "dr.moreau@clinic.example", "--name", name]);
      await simulate(["--user", id, "--session", `${id}-night-1`, "--speed", "max", "--seed", String(id.length * 7), "--timezone", zone]);
    }
    // Ana's night in progress: about three hours of it by the time it is shot, no SESSION_COMPLETE yet.
    const live = simulate(["--user", "ana", "--session", "ana-night-2", "--speed", "480", "--hours", "8", "--seed", "3", "--timezone", "Europe/Paris"]);
    live.catch(() => {});
    await new Promise((r) => setTimeout(r, 25_000));

    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    const shoot = async (email: string, width: number, height: number, pathname: string, file: string, prepare?: (page: Page) => Promise<void>) => {
      const page = await browser.newPage({ viewport: { width, height }, colorScheme: "dark" });
      await page.goto(`${server.url}/login`);
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((u) => u.pathname === "/");
      await page.goto(`${server.url}${pathname}`);
      await page.waitForLoadState("networkidle");
      await prepare?.(page);
      await page.screenshot({ path: path.join(ROOT, "docs", file), fullPage: true });
      await page.close();
    };
    await shoot("dr.moreau@clinic.example", 1280, 900, "/", "clinician-board.png");
    await shoot("ana@sleep.example", 1280, 900, "/sessions/ana-night-1", "night.png");
    await shoot("ana@sleep.example", 1280, 900, "/sessions/ana-night-2", "live-night.png");
    await shoot("ana@sleep.example", 390, 844, "/sessions/ana-night-1", "night-phone.png");
    await shoot("ana@sleep.example", 390, 844, "/", "sleeper-home-phone.png");
    await shoot("ana@sleep.example", 390, 844, "/patients/ana?range=7", "sleeper-trends-phone.png");
    await browser.close();
    console.log("screenshots written to docs/");
  } finally {
    stopSimulating.abort();
    await server.stop();
  }
}

void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
