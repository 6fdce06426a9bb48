import { postWebhook, sessionComplete } from "../test/support/webhook";
import { expect, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";

test("a clinician's board shows who is being tracked, their current stage live, and last night's figures", async ({ page, app }) => {
  const target = { url: app.server.url, apiKey: app.apiKey };
  await app.users(["add", "--email", "doctor@e2e.test", "--password", PASSWORD, "--role", "clinician", "--name", "Dr Lee"]);
  await app.users(["add", "--email", "ana@e2e.test", "--password", PASSWORD, "--role", "patient", "--name", "Ana", "--asleep-user-id", "asleep-ana", "--clinician", "doctor@e2e.test"]);
  await app.users(["add", "--email", "ben@e2e.test", "--password", PASSWORD, "--role", "patient", "--name", "Ben", "--asleep-user-id", "asleep-ben"]);
  // Ana's last night, complete; then tonight, being recorded.
  await app.simulate(["--user", "asleep-ana", "--session", "ana-last-night", "--speed", "max", "--hours", "1", "--seed", "3", "--quiet"]);
  const block = (seq: number, stages: number[]) => ({ event: "INFERENCE_COMPLETE", version: "V3", user_id: "asleep-ana", session_id: "ana-tonight", inference_seq_num: seq, sleep_stages: stages });
  await postWebhook(target, block(0, [0, 0, 0, 1, 1, 1, 1, 1, 1, 1]));

  // The clinician's computer runs 12 minutes fast: the board still judges silence by the server's clock.
  await page.clock.install({ time: Date.now() + 12 * 60_000 });
  await signInAs(page, "doctor@e2e.test", PASSWORD);
  await expect(page.getByRole("heading", { name: "Your patients" })).toBeVisible();
  const rows = page.getByTestId("board-row");
  await expect(rows).toHaveCount(1); // Ben is not this clinician's patient
  await expect(rows.first()).toContainText("Ana");
  await expect(rows.first()).toContainText("Recording");
  await expect(rows.first().getByTestId("board-stage")).toHaveText("Light");
  await expect(rows.first().getByTestId("board-since")).toHaveText("0 min ago");
  await expect(rows.first().getByTestId("board-total-sleep")).toHaveText(/^\d+ (h|min)/);
  await expect(rows.first().getByTestId("board-efficiency")).toHaveText(/^\d+%$/);

  await postWebhook(target, block(1, [2, 2, 2, 2, 2, 2, 2, 2, 2, 2]));
  await expect(rows.first().getByTestId("board-stage")).toHaveText("Deep");
  await expect(rows.first().getByTestId("board-since")).toHaveText("0 min ago");

  // Two analyses are too few to know this night's rhythm, so Asleep's 5 minutes stand in: after more
  // than twice that without news the board flags the night stale.
  // The page has measured its clock against the server's: a measurement after the fast-forward would
  // take the forwarded minutes for skew.
  await expect(page.getByTestId("board-connection")).toHaveAttribute("data-clock", "measured");
  await page.clock.fastForward("09:00");
  await expect(rows.first().getByTestId("board-since")).toHaveText(/^9 min ago$/);
  await page.clock.fastForward("02:00");
  await expect(rows.first().getByTestId("board-since")).toHaveText(/^1[01] min ago · Stale$/);

  // Tonight ends: the row stops tracking and its last night becomes tonight's, with no reload.
  await page.evaluate(() => ((window as unknown as { boardNotReloaded: boolean }).boardNotReloaded = true));
  const stages = [0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2];
  await postWebhook(
    target,
    // Tonight started after the last night (simulated an hour up to now): by start, it is the last night now.
    sessionComplete({ userId: "asleep-ana", sessionId: "ana-tonight", startTime: new Date(Date.now() - 10 * 60_000).toISOString(), endTime: new Date().toISOString(), timezone: "UTC", sleepStages: stages, stat: { sleep_efficiency: 85 } }),
  );
  await expect(rows.first()).toContainText("Not tracking");
  await expect(rows.first().getByTestId("board-stage")).toHaveText("—");
  // 17 of 20 epochs asleep: 8 min 30 s (shown to the minute), 85% of the time in bed.
  await expect(rows.first().getByTestId("board-last-night")).toHaveAttribute("href", "/sessions/ana-tonight");
  await expect(rows.first().getByTestId("board-total-sleep")).toHaveText("9 min");
  await expect(rows.first().getByTestId("board-efficiency")).toHaveText("85%");
  expect(await page.evaluate(() => (window as unknown as { boardNotReloaded?: boolean }).boardNotReloaded)).toBe(true);
});

test("an admin sees every patient, whoever their clinician", async ({ page, app }) => {
  // Its own people: after a failed test Playwright starts a fresh worker, with a fresh app.
  await app.users(["add", "--email", "root@e2e.test", "--password", PASSWORD, "--role", "admin", "--name", "Admin"]);
  await app.users(["add", "--email", "dr-kim@e2e.test", "--password", PASSWORD, "--role", "clinician", "--name", "Dr Kim"]);
  await app.users(["add", "--email", "fay@e2e.test", "--password", PASSWORD, "--role", "patient", "--name", "Fay", "--asleep-user-id", "asleep-fay", "--clinician", "dr-kim@e2e.test"]);
  await app.users(["add", "--email", "gus@e2e.test", "--password", PASSWORD, "--role", "patient", "--name", "Gus", "--asleep-user-id", "asleep-gus"]);
  await signInAs(page, "root@e2e.test", PASSWORD);
  await expect(page.getByRole("heading", { name: "All patients" })).toBeVisible();
  const board = page.getByTestId("patient-board");
  // The worker's app may hold other tests' patients (a page is 50): each is found by name.
  for (const name of ["Fay", "Gus"]) {
    await page.goto(`/?q=${name}`);
    await expect(board.getByRole("link", { name, exact: true })).toBeVisible();
  }
  await expect(page.getByRole("heading", { name: "Nights" })).toBeVisible();
});
