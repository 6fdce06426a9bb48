// Retakes the README's screenshots (docs/*.png) from the real app: a fresh embedded database, accounts
// made with `npm run users`, nights sent through the webhook with `npm run simulate`, pages shot in
// Debian's Chromium. Run after a production build: `npx tsx scripts/screenshots.ts`.

import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { TZDate } from "@date-fns/tz";
import { chromium, type Page } from "@playwright/test";
import { signIn, usersCli } from "../test/support/accounts";
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
    // Two weeks of history each, one night a day ending in the morning of its own zone, so the card
    // compares last night with a real average and the trends have something to draw.
    const HISTORY = 14;
    for (const [name, id, zone] of sleepers) {
      await usersCli(server, ["add", "--email", `${id}@sleep.example`, "--password", PASSWORD, "--role", "patient", "--asleep-user-id", id, "--clinician", "dr.moreau@clinic.example", "--name", name]);
      for (let daysAgo = HISTORY; daysAgo >= 1; daysAgo--) {
        // The latest morning that ended before tonight's recording (which started an hour ago) began.
        const today = new TZDate(Date.now(), zone);
        const lastMorning = new TZDate(today.getFullYear(), today.getMonth(), today.getDate(), 5, 59, 0, zone).getTime() > Date.now() - 1.25 * 3600_000 ? 1 : 0;
        const end = new TZDate(today.getFullYear(), today.getMonth(), today.getDate() - daysAgo + 1 - lastMorning, 5, 30 + ((daysAgo * 17) % 30), 0, zone);
        const hours = 6.25 + ((daysAgo * 7 + id.length) % 9) * 0.25;
        await simulate(["--user", id, "--session", `${id}-night-${HISTORY - daysAgo + 1}`, "--speed", "max", "--seed", String(id.length * 7 + daysAgo), "--timezone", zone, "--hours", String(hours), "--end", new Date(end.getTime()).toISOString()]);
      }
    }
    // Ana tags a few of her nights, as a sleeper does from the morning card.
    const ana = await signIn(server, "ana@sleep.example", PASSWORD);
    for (const [night, tags] of [[3, ["alcohol"]], [6, ["caffeine", "alcohol"]], [9, ["alcohol", "late meal"]], [11, ["exercise"]], [HISTORY, ["caffeine"]]] as const) {
      const res = await fetch(`${server.url}/api/sessions/ana-night-${night}/tags`, {
        method: "PUT",
        headers: { cookie: ana.cookie!, origin: server.url, "content-type": "application/json" },
        body: JSON.stringify({ tags }),
      });
      if (!res.ok) throw new Error(`tags: ${res.status} ${await res.text()}`);
    }
    // Ana's night in progress: it began an hour ago and about an hour of it has arrived by the time it
    // is shot (an 8-hour night ending seven hours from now, at 480× speed for 7 s), no SESSION_COMPLETE yet.
    const tonightEnd = new Date(Date.now() + 7 * 3600_000).toISOString();
    const live = simulate(["--user", "ana", "--session", "ana-tonight", "--speed", "480", "--hours", "8", "--seed", "3", "--timezone", "Europe/Paris", "--end", tonightEnd]);
    live.catch(() => {});
    await new Promise((r) => setTimeout(r, 7_000));
    // No more of it: the pictures are taken over the next minute, and the night must not run ahead of now.
    stopSimulating.abort();

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
    await shoot("ana@sleep.example", 1280, 900, `/sessions/ana-night-${HISTORY}`, "night.png");
    await shoot("ana@sleep.example", 1280, 900, "/sessions/ana-tonight", "live-night.png");
    await shoot("ana@sleep.example", 390, 844, `/sessions/ana-night-${HISTORY}`, "night-phone.png");
    await shoot("ana@sleep.example", 390, 844, "/", "sleeper-home-phone.png");
    await shoot("ana@sleep.example", 390, 844, "/patients/ana?range=30", "sleeper-trends-phone.png");
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
