// A sleeper's home is live and truthful (issue 25 §1), at phone width: with home open, the night being
// recorded completes and the morning card becomes its report without a reload; a night whose phone
// has gone quiet says so, and what to check, instead of "being recorded".

import { usersCli } from "../test/support/accounts";
import { startServer, type RunningServer } from "../test/support/server";
import { inferenceBlock, postWebhook, sessionComplete } from "../test/support/webhook";
import { expect, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";
const ZONE = "Europe/Paris";
const asleep = (n: number) => Array<number>(n).fill(1);

test("the night being recorded completes while home is open: the card becomes its report, no reload", async ({ page, app }) => {
  const target = { url: app.server.url, apiKey: app.apiKey };
  const user = "home-live-sam";
  await app.users(["add", "--email", "home-live@e2e.test", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", user, "--timezone", ZONE]);
  // A complete night three days ago: 20 wake, 800 asleep, 20 wake epochs = 6 h 40 min asleep.
  const earlierStart = Date.now() - 3 * 86_400_000;
  const earlier = [0, ...Array<number>(19).fill(0), ...asleep(800), ...Array<number>(20).fill(0)];
  expect((await postWebhook(target, sessionComplete({ userId: user, sessionId: `${user}-earlier`, startTime: new Date(earlierStart).toISOString(), endTime: new Date(earlierStart + earlier.length * 30_000).toISOString(), timezone: ZONE, sleepStages: earlier, stat: {} }))).status).toBe(200);
  // Tonight, two analyses so far.
  for (const seq of [0, 1]) expect((await postWebhook(target, inferenceBlock(user, `${user}-tonight`, seq))).status).toBe(200);

  await signInAs(page, "home-live@e2e.test", PASSWORD);
  await expect(page.getByTestId("home-live")).toHaveAttribute("data-state", "live");
  await expect(page.getByTestId("tonight-recording")).toContainText("Your night is being recorded.");
  await expect(page.getByTestId("glance-totalSleep")).toContainText("6 h 40 min");
  await expect(page.getByTestId("glance-when").getByRole("link")).toHaveAttribute("href", `/sessions/${user}-earlier`);
  // A mark on the document: a reload would wipe it.
  await page.evaluate(() => ((window as unknown as { homeMark: number }).homeMark = 1));

  // Tonight completes: 10 wake, 600 asleep = 5 h asleep.
  const start = Date.now() - 610 * 30_000;
  const stages = [...Array<number>(10).fill(0), ...asleep(600)];
  expect((await postWebhook(target, sessionComplete({ userId: user, sessionId: `${user}-tonight`, startTime: new Date(start).toISOString(), endTime: new Date(start + stages.length * 30_000).toISOString(), timezone: ZONE, sleepStages: stages, stat: {} }))).status).toBe(200);

  await expect(page.getByTestId("glance-when").getByRole("link")).toHaveAttribute("href", `/sessions/${user}-tonight`);
  await expect(page.getByTestId("glance-totalSleep")).toContainText("5 h");
  await expect(page.getByTestId("tonight")).toHaveCount(0);
  await expect(page.getByTestId("night-row").first()).toContainText("Complete");
  expect(await page.evaluate(() => (window as unknown as { homeMark?: number }).homeMark)).toBe(1);
});

// Its own server with a 1-second floor on the cadence: a night silent for over 2 seconds is quiet, so
// the test waits for real silence rather than moving the browser's clock.
test.describe("a quiet phone", () => {
  let server: RunningServer;
  const API_KEY = "e2e-home-quiet-key-0123456789";
  test.beforeAll(async () => {
    server = await startServer({ apiKey: API_KEY, env: { TEST_CADENCE_FLOOR: "1s" } });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test("a night gone silent says so on home, with what to check, and the note goes when news arrives", async ({ page }) => {
    const target = { url: server.url, apiKey: API_KEY };
    const user = "home-quiet-lou";
    await usersCli(server, ["add", "--email", "home-quiet@e2e.test", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", user, "--timezone", ZONE]);
    await signInAs(page, "home-quiet@e2e.test", PASSWORD, server.url);
    await page.goto(`${server.url}/`);
    await expect(page.getByTestId("home-live")).toHaveAttribute("data-state", "live");
    // The night begins while home is open: the page reads it in by itself.
    for (const seq of [0, 1, 2]) {
      expect((await postWebhook(target, inferenceBlock(user, `${user}-tonight`, seq))).status).toBe(200);
      await page.waitForTimeout(300);
    }
    await expect(page.getByTestId("tonight-recording")).toContainText("Your night is being recorded.");

    // Silence: over twice its usual interval (1 s here), judged again as the page's clock moves on.
    const silent = page.getByTestId("tonight-silent");
    await expect(silent).toContainText(/Nothing has arrived from your phone since \w{3} \d{1,2} \w{3} \d{4}, \d\d:\d\d Europe\/Paris \(/, { timeout: 30_000 });
    await expect(page.getByTestId("tonight-advice")).toContainText("Is the phone charging, and is the Asleep app still open and recording?");
    await expect(page.getByRole("heading", { name: "Tonight: your phone has gone quiet" })).toBeVisible();
    await expect(page.getByText("Watch it live")).toHaveCount(0);

    // News arrives: the note goes at once.
    expect((await postWebhook(target, inferenceBlock(user, `${user}-tonight`, 3))).status).toBe(200);
    await expect(page.getByTestId("tonight-recording")).toContainText("Your night is being recorded.");
    await expect(page.getByTestId("tonight-silent")).toHaveCount(0);
  });
});
