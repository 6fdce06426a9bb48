// One figure, one value (issue 25 §2), as a sleeper at phone width: every figure shown on more than one
// page (last night's total sleep and efficiency; "Last 7 nights" and "Last 30 nights") is read from
// each page that shows it (home, trends, the night page) and must be the same everywhere, and as
// worked out here by hand.

import type { Page } from "@playwright/test";
import { postWebhook, sessionComplete } from "../test/support/webhook";
import { expect, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";
const USER = "one-figure-oli";
// Minutes asleep per night, last night first; each night 10 min awake before and 5 after.
const ASLEEP = [400, 380, 420, 360, 410, 390, 370, 430, 350];
const hm = (m: number) => `${Math.floor(m / 60)} h ${m % 60} min`.replace(/ 0 min$/, "");
// By hand. Last 7 (this one included): (400+380+420+360+410+390+370) / 7 = 390 = 6 h 30 min. All 9:
// 3510 / 9 = 390. (The 7 before last night, which the card compares last night with, average
// 2760 / 7 = 394 min = 6 h 34 min: a different figure, named differently.)
const efficiency = (m: number) => Math.round((100 * m) / (m + 15));
const meanRound = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / xs.length);
const EXPECTED = {
  "night-totalSleep": hm(400),
  "night-efficiency": `${efficiency(400)}%`,
  "last-7-total-sleep": "6 h 30 min",
  "last-7-efficiency": `${meanRound(ASLEEP.slice(0, 7).map(efficiency))}%`,
  "last-30-total-sleep": "6 h 30 min",
  "last-30-efficiency": `${meanRound(ASLEEP.map(efficiency))}%`,
};

const read = (page: Page, scope: string, figure: string) => page.locator(`${scope} [data-figure="${figure}"]`).first().innerText();

test("each figure shown on more than one page has one value: home, trends and the night page agree", async ({ page, app }) => {
  const target = { url: app.server.url, apiKey: app.apiKey };
  await app.users(["add", "--email", "oli@one-figure.test", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", USER, "--timezone", "Europe/Paris"]);
  for (const [k, minutes] of ASLEEP.entries()) {
    const stages = [...Array<number>(20).fill(0), ...Array<number>(minutes * 2).fill(1), ...Array<number>(10).fill(0)];
    const start = Date.now() - ((k + 1) * 24 + 10) * 3_600_000;
    const body = sessionComplete({ userId: USER, sessionId: `${USER}-${k}`, startTime: new Date(start).toISOString(), endTime: new Date(start + stages.length * 30_000).toISOString(), timezone: "Europe/Paris", sleepStages: stages, stat: {} });
    expect((await postWebhook(target, body)).status).toBe(200);
  }
  await signInAs(page, "oli@one-figure.test", PASSWORD);
  const card = '[data-testid="last-night"]';
  const home: Record<string, string> = {};
  for (const figure of Object.keys(EXPECTED)) home[figure] = await read(page, card, figure);
  expect(home).toEqual(EXPECTED);
  await expect(page.getByTestId("glance-last-7")).toContainText("Last 7 nights, this one included (7 nights)");

  await page.goto(`/patients/${USER}`);
  const averages = '[data-testid="averages"]';
  for (const figure of ["last-7-total-sleep", "last-7-efficiency", "last-30-total-sleep", "last-30-efficiency"]) expect(await read(page, averages, figure), `${figure} on trends`).toBe(home[figure]);
  await expect(page.getByTestId("averages-7").getByRole("rowheader")).toHaveText("Last 7 nights (7)");
  const newest = page.getByTestId("every-night-row").first();
  await expect(newest.getByRole("cell").nth(1)).toHaveText(home["night-totalSleep"]!);
  await expect(newest.getByRole("cell").nth(2)).toHaveText(home["night-efficiency"]!);

  await page.goto(`/sessions/${USER}-0`);
  await expect(page.getByTestId("total-sleep")).toHaveText(home["night-totalSleep"]!);
  await expect(page.getByTestId("efficiency")).toHaveText(home["night-efficiency"]!);
});
