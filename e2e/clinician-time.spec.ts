// The clinician-time timer (issue 24 §3, docs/BILLING.md) on a phone: a clinician works on a patient's
// page, moving about it for four minutes, then leaves it untouched. The timer records what it counted
// (the four minutes, and the three idle minutes it allows for reading) and no more; the month's total on
// the page follows, against the 10-minute step. The browser's clock is Playwright's, moved on by hand.

import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { expect, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";
const MINUTE = 60_000;

test("the timer counts while the patient page is in use, stops when idle, and the month's total follows", async ({ page, app }) => {
  await app.users(["add", "--email", "timer-dr@e2e.test", "--password", PASSWORD, "--role", "clinician", "--name", "Dr Timer"]);
  await app.users(["add", "--email", "timer-kim@e2e.test", "--password", PASSWORD, "--role", "patient", "--name", "Kim Timer", "--asleep-user-id", "timer-kim", "--clinician", "timer-dr@e2e.test"]);
  await signInAs(page, "timer-dr@e2e.test", PASSWORD);
  await page.clock.install();
  await page.goto("/patients/timer-kim");
  const timer = page.getByTestId("time-timer");
  await expect(timer).toHaveAttribute("data-counting", "yes");
  await expect(page.getByTestId("time-month-total")).toContainText("0 min this month");

  // Four minutes of work: the pointer moves every thirty seconds.
  for (let i = 1; i <= 8; i++) {
    await page.clock.runFor(30_000);
    await page.mouse.move(20 + i * 10, 200);
  }
  await expect(timer).toContainText("4 min on this patient page, counting");
  // Then nothing for twenty minutes: counting stops three minutes after the last move.
  await page.clock.runFor(20 * MINUTE);
  await expect(timer).toHaveAttribute("data-counting", "no");
  await expect(timer).toContainText("7 min on this patient page, paused");

  // Recorded through the API as data review, on today's date in the patient's zone (UTC: no nights yet).
  await expect(page.getByTestId("time-month-total")).toContainText("7 min this month, no interactive contact yet: no step reached; 3 more min for 99470");
  const month = format(new TZDate(await page.evaluate(() => Date.now()), "UTC"), "yyyy-MM");
  const logged = (await (await page.request.get(`/api/patients/timer-kim/clinician-time?month=${month}`)).json()) as { entries: Array<{ minutes: number; kind: string; note: string }> };
  expect(logged.entries.reduce((s, e) => s + e.minutes, 0)).toBe(7);
  expect(new Set(logged.entries.map((e) => `${e.kind} ${e.note}`))).toEqual(new Set(["review Timer: patient page"]));
  await expect(page.getByTestId("time-entry")).not.toHaveCount(0);

  // Back to work: it counts again, not the idle time.
  await page.mouse.move(300, 300);
  await page.clock.runFor(10_000);
  await expect(timer).toHaveAttribute("data-counting", "yes");
});
