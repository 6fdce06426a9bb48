// A patient enrolled today, with one night recorded before: the patient page shows the enrolment date and
// says the adherence window is too early to tell, in words, instead of "1 of 30 days — 3 % — does not meet"
// (issue 22 §2). Their clinician moves the enrolment date back 40 days with the form: the page then judges
// the whole 30-day window. The patient sees the date but no form.

import { postWebhook, sessionComplete } from "../test/support/webhook";
import { addDays } from "../lib/sleep/adherence";
import { dayLabel } from "../lib/time/day";
import { expect, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";
const DAY_MS = 86_400_000;

test.beforeAll(async ({ workerApp }) => {
  await workerApp.users(["add", "--email", "dr@enrol.test", "--password", PASSWORD, "--role", "clinician", "--name", "Dr Enid"]);
  await workerApp.users(["add", "--email", "eun@enrol.test", "--password", PASSWORD, "--role", "patient", "--name", "김은지", "--asleep-user-id", "asleep-enrol", "--clinician", "dr@enrol.test", "--timezone", "UTC", "--enrolled-on", new Date().toISOString().slice(0, 10)]); // the day the account is made, as by default (test/enrolment.test.ts)
  // One night of 6 h, three days ago: before the account was made.
  const start = Date.parse(`${new Date(Date.now() - 3 * DAY_MS).toISOString().slice(0, 10)}T22:00:00Z`);
  const stages = [...Array<number>(8).fill(0), ...Array<number>(720).fill(1)];
  const sent = await postWebhook(
    { url: workerApp.server.url, apiKey: workerApp.apiKey },
    sessionComplete({ userId: "asleep-enrol", sessionId: "enrol-n1", startTime: new Date(start).toISOString(), endTime: new Date(start + stages.length * 30_000).toISOString(), timezone: "UTC", sleepStages: stages, stat: {} }),
  );
  expect(sent.status).toBe(200);
});

test("the patient page shows the enrolment date and 'too early to tell'; the clinician sets the date and the window is judged", async ({ page }) => {
  const today = new Date().toISOString().slice(0, 10);
  await signInAs(page, "dr@enrol.test", PASSWORD);
  await page.goto("/patients/asleep-enrol");
  await expect(page.getByTestId("enrolment")).toContainText(`Enrolled on ${dayLabel(today)}`);
  await expect(page.getByTestId("adherence")).toContainText(`Too early to tell: enrolled ${dayLabel(today)}`);
  await expect(page.getByTestId("adherence")).not.toContainText("does not meet");

  const back = addDays(today, -40);
  await page.getByLabel("Enrolment date").fill(back);
  await page.getByRole("button", { name: "Save enrolment date" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toHaveText("Saved. Windows now count from this day.");
  await expect(page.getByTestId("enrolment")).toContainText(`Enrolled on ${dayLabel(back)}`);
  await expect(page.getByTestId("adherence")).toContainText("1 of 30 days with at least 4 h of sleep — 3 % — does not meet the usual rule");
});

test("the patient sees their enrolment date, with no form to change it", async ({ page }) => {
  await signInAs(page, "eun@enrol.test", PASSWORD);
  await page.goto("/patients/asleep-enrol");
  await expect(page.getByTestId("enrolment")).toContainText("Enrolled on");
  await expect(page.getByLabel("Enrolment date")).toHaveCount(0);
});
