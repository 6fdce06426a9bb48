import { postWebhook, sessionComplete } from "../test/support/webhook";
import { expect, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";
const block = (seq: number, stages: number[]) => ({
  event: "INFERENCE_COMPLETE",
  version: "V3",
  user_id: "asleep-e2e-live",
  session_id: "live-night",
  inference_seq_num: seq,
  sleep_stages: stages,
  snoring_stages: stages.map((s) => (s === 2 ? 1 : 0)),
});

test("a sleeper watches the night unfold live, then sees the report appear", async ({ page, app }) => {
  const target = { url: app.server.url, apiKey: app.apiKey };
  await app.users(["add", "--email", "live@e2e.test", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "asleep-e2e-live"]);
  await postWebhook(target, block(0, [0, 0, 0, 0, 1, 1, 1, 1, 1, 1]));
  await postWebhook(target, block(1, [1, 2, 2, 2, 2, 2, 2, 1, 1, 1]));

  await signInAs(page, "live@e2e.test", PASSWORD);
  await page.getByTestId("night-row").getByRole("link").click();
  await expect(page.getByRole("heading", { name: "Tonight, live" })).toBeVisible();
  await expect(page.getByTestId("connection")).toContainText("Live");
  await expect(page.getByTestId("recorded")).toHaveText("10 min");
  await expect(page.getByTestId("current-stage")).toHaveText("Light");
  await expect(page.getByLabel("Hypnogram: sleep stage over the night")).toBeVisible();

  // The next analysis arrives while the page is open: no reload.
  await postWebhook(target, block(2, [3, 3, 3, 3, 3, 3, 3, 3, 3, 3]));
  await expect(page.getByTestId("recorded")).toHaveText("15 min");
  await expect(page.getByTestId("current-stage")).toHaveText("REM");
  await expect(page.getByTestId("asleep-so-far")).toHaveText("13 min");

  const stages = [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 1, 1, 1, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0];
  await postWebhook(
    target,
    sessionComplete({ userId: "asleep-e2e-live", sessionId: "live-night", startTime: "2026-11-21T22:00:00+00:00", endTime: "2026-11-21T22:15:00+00:00", timezone: "Asia/Seoul", sleepStages: stages, stat: { sleep_efficiency: 83.33, sleep_latency: 120 } }),
  );
  await expect(page.getByRole("heading", { name: "Night report" })).toBeVisible();
  // 30 epochs in bed, 25 asleep: derived from the final hypnogram, not copied from Asleep's stat.
  await expect(page.getByTestId("efficiency")).toHaveText("83%");
  // A 15-minute recording is no whole night: its stages get a caveat, not a verdict against adult ranges.
  await expect(page.getByTestId("short-recording")).toContainText("under 3 hours");
  await expect(page.getByTestId("stage-shares").getByRole("row", { name: /REM/ })).not.toContainText("above typical");
  await expect(page.getByRole("heading", { name: "The night" })).toBeVisible();
  await expect(page.getByTestId("current-stage")).toHaveText("Wake");
  await expect(page.getByText("Asleep so far")).toHaveCount(0); // the live wording is gone
  await page.getByText("The hypnogram as a table").click();
  // Clock times in the night's own zone (Seoul is UTC+9).
  await expect(page.getByTestId("stage-table").getByRole("row").nth(1)).toContainText("07:00");

  const download = page.waitForEvent("download");
  await page.getByText("Download my data").click();
  await page.getByRole("link", { name: "Download the night as CSV" }).click();
  expect((await download).suggestedFilename()).toBe("night-live-night.csv");
});

test("a night that goes quiet is flagged stale on its page, by the server's clock though the browser's is 12 minutes fast, and the flag goes when an analysis arrives", async ({ page, app }) => {
  const target = { url: app.server.url, apiKey: app.apiKey };
  const quiet = (seq: number) => ({ ...block(seq, [1, 1, 1, 2, 2, 2, 2, 1, 1, 1]), session_id: "quiet-night", user_id: "asleep-e2e-quiet" });
  await app.users(["add", "--email", "quiet@e2e.test", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "asleep-e2e-quiet"]);
  await postWebhook(target, quiet(0));
  await postWebhook(target, quiet(1));

  // Judged by the browser's own clock, a night with news a moment ago would look 12 minutes silent.
  const FAST = 12 * 60_000;
  await page.clock.install({ time: Date.now() + FAST });
  await signInAs(page, "quiet@e2e.test", PASSWORD);
  await page.goto("/sessions/quiet-night");
  await expect(page.getByTestId("connection")).toContainText("Live");
  await expect(page.getByTestId("last-update")).toHaveText("less than a minute ago");
  await expect(page.getByTestId("stale-note")).toHaveCount(0);

  // Asleep's usual 5 minutes between analyses: 9 minutes of silence is not yet twice that, 11 is.
  // The page has measured its clock against the server's: a measurement after the fast-forward would
  // take the forwarded minutes for skew.
  await expect(page.getByTestId("connection")).toHaveAttribute("data-clock", "measured");
  await page.clock.fastForward("09:00");
  await expect(page.getByTestId("stale-note")).toHaveCount(0);
  await page.clock.fastForward("02:00");
  await expect(page.getByTestId("stale-note")).toContainText(/Stale: the last analysis arrived 1[01] minutes ago/);

  // The page's clock back to the server's time (still 12 minutes fast; the jump ahead also timed out the
  // socket's heartbeat, so the page reconnects and resyncs from the server), then the next analysis arrives.
  await page.clock.setSystemTime(new Date(Date.now() + FAST));
  await postWebhook(target, quiet(2));
  await expect(page.getByTestId("recorded")).toHaveText("15 min");
  await expect(page.getByTestId("stale-note")).toHaveCount(0);
});
