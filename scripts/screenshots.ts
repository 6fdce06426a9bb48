// Retakes the README's screenshots (docs/*.png) from the real app showing the demo clinic (`npm run demo`:
// 60 patients in several zones, some with Korean names, 45 days of nights with gaps, alerts, notes, tags,
// a night recording now), seeded into a fresh embedded database through the real webhook and shot in
// Debian's Chromium. Run after a production build: `npx tsx scripts/screenshots.ts` (about 5 minutes).

import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { chromium } from "@playwright/test";
import { getJson, signIn } from "../test/support/accounts";
import { startServer } from "../test/support/server";
import { DEMO_CLINICIANS, DEMO_PASSWORD } from "./demo/accounts";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "..");
const API_KEY = "screenshots-webhook-key-0123456789";
const PASSWORD = DEMO_PASSWORD;

async function main() {
  const server = await startServer({ apiKey: API_KEY, timeoutMs: 300_000 });
  try {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/demo.ts", "--url", server.url, "--key", API_KEY, "--no-live"], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: server.dataDir },
      timeout: 900_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    // The demo prints whom to sign in as: the sleeper recording now, then one with 45 days of nights.
    const sleepers = [...stdout.matchAll(/^\s+sleeper\s+(\S+)/gm)].map((m) => m[1]!);
    const [liveSleeper, sleeper] = sleepers;
    if (!liveSleeper || !sleeper) throw new Error(`the demo did not name its sleepers:\n${stdout}`);
    const nightsOf = async (email: string) => {
      const { cookie } = await signIn(server, email, PASSWORD);
      const { body } = await getJson(server, "/api/sessions", cookie!);
      return body.sessions as Array<{ id: string; userId: string; state: string }>;
    };
    const lastNight = (await nightsOf(sleeper)).find((n) => n.state === "COMPLETE")!;
    const tonight = (await nightsOf(liveSleeper)).find((n) => n.state === "OPEN")!;

    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    // The board is shot as its first screen (what a clinician sees on opening it); the others whole.
    const shoot = async (email: string, width: number, height: number, pathname: string, file: string, fullPage = true) => {
      const page = await browser.newPage({ viewport: { width, height }, colorScheme: "dark" });
      await page.goto(`${server.url}/login`);
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((u) => u.pathname === "/");
      await page.goto(`${server.url}${pathname}`);
      await page.waitForLoadState("networkidle");
      await page.screenshot({ path: path.join(ROOT, "docs", file), fullPage });
      await page.close();
    };
    const path_ = (id: string) => `/sessions/${encodeURIComponent(id)}`;
    await shoot(DEMO_CLINICIANS[0], 1440, 900, "/", "clinician-board.png", false);
    await shoot(sleeper, 1280, 900, path_(lastNight.id), "night.png");
    await shoot(liveSleeper, 1280, 900, path_(tonight.id), "live-night.png");
    await shoot(sleeper, 390, 844, path_(lastNight.id), "night-phone.png");
    await shoot(sleeper, 390, 844, "/", "sleeper-home-phone.png");
    await shoot(sleeper, 390, 844, `/patients/${encodeURIComponent(lastNight.userId)}?range=30`, "sleeper-trends-phone.png");
    await browser.close();
    console.log("screenshots written to docs/");
  } finally {
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
