// The sleep diary in the browser, at phone width: last night is measured over the webhook; the
// sleeper's morning card reminds her to fill in her diary; she fills it in on her phone, and the
// reminder is gone. Her clinician's page for her then shows reported against measured, for the night
// and on average. The sleeper's zone is one where it is early afternoon whenever the test runs, so the
// diary's morning is today there (lib/sleep/diary.ts).

import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { addDays } from "@/lib/sleep/days";
import { diaryNightOf } from "@/lib/sleep/diary";
import { dayLabel } from "@/lib/time/day";
import { postWebhook, sessionComplete } from "../test/support/webhook";
import { expect, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";
const SLEEPER = "dana@diary-e2e.test";
const CLINICIAN = "dr@diary-e2e.test";
const ASLEEP_ID = "diary-e2e-dana";

const offsetHours = 13 - new Date().getUTCHours();
const ZONE = offsetHours === 0 ? "UTC" : `Etc/GMT${offsetHours > 0 ? "-" : "+"}${Math.abs(offsetHours)}`;
const NIGHT = diaryNightOf(Date.now(), ZONE);
const at = (day: string, clock: string) => Date.parse(`${day}T${clock}:00Z`) - offsetHours * 3_600_000;

const W = 0, L = 1;
const fill = (n: number, stage: number) => Array<number>(n).fill(stage);
// Measured: TIB 395 min, SOL 30, TST 350 (5 h 50 min), WASO 10, SE 89%.
const STAGES = [...fill(60, W), ...fill(360, L), ...fill(20, W), ...fill(340, L), ...fill(10, W)];

async function expectAxeClean(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} ${v.nodes[0]?.target.join(" ")}`), `axe on ${what}`).toEqual([]);
}

test.describe.configure({ mode: "serial" });

test.describe("the sleep diary", () => {
  test.beforeAll(async ({ workerApp }) => {
    await workerApp.users(["add", "--email", CLINICIAN, "--password", PASSWORD, "--role", "clinician", "--name", "Dr Dee"]);
    await workerApp.users(["add", "--email", SLEEPER, "--password", PASSWORD, "--role", "patient", "--name", "Dana", "--asleep-user-id", ASLEEP_ID, "--clinician", CLINICIAN, "--timezone", ZONE]);
    const start = at(NIGHT, "23:00");
    const body = sessionComplete({ userId: ASLEEP_ID, sessionId: "diary-e2e-night", startTime: new Date(start).toISOString(), endTime: new Date(start + STAGES.length * 30_000).toISOString(), timezone: ZONE, sleepStages: STAGES, stat: {} });
    expect((await postWebhook({ url: workerApp.server.url, apiKey: workerApp.apiKey }, body)).status).toBe(200);
  });

  test("a sleeper on her phone fills in her diary from the morning card, and the reminder goes", async ({ page, pageChecks }) => {
    // The answers out of order below are refused with a 400 on purpose: the browser logs it.
    pageChecks.allowConsoleErrors(/status of 400 \(Bad Request\) .*\/api\/patients\/diary-e2e-dana\/diary\//);
    await signInAs(page, SLEEPER, PASSWORD);
    const card = page.getByTestId("last-night");
    const reminder = card.getByTestId("diary-reminder");
    await expect(reminder).toContainText(`for the night of ${dayLabel(NIGHT)}`);
    await reminder.getByRole("link", { name: "How did you sleep? Fill in your diary" }).click();
    await page.waitForURL((url) => url.pathname === "/diary");
    await expect(page.getByRole("heading", { name: `The night of ${dayLabel(NIGHT)}` })).toBeVisible();
    // When it closes, with the date and the zone.
    await expect(page.getByTestId("diary-window")).toContainText(`until midnight at the end of ${dayLabel(addDays(NIGHT, 1))} (UTC`);

    await expectAxeClean(page, "/diary");
    const form = page.getByTestId("diary-form");
    await form.getByLabel("Into bed", { exact: true }).fill("22:30");
    await form.getByLabel("Tried to sleep", { exact: true }).fill("23:00");
    await form.getByLabel("How long it took to fall asleep").fill("20");
    await form.getByLabel("Times you woke up").fill("2");
    await form.getByLabel("Awake in total").fill("25");
    await form.getByLabel("Final awakening", { exact: true }).fill("06:45");
    // Out of bed before the final awakening: the server says which answer, and nothing is saved.
    await form.getByLabel("Out of bed", { exact: true }).fill("06:30");
    await form.getByLabel("Quality of your sleep").selectOption({ label: "Good" });
    await form.getByLabel("How rested you felt on waking").selectOption({ label: "Somewhat rested" });
    await form.getByLabel("Comments").fill("a dog barked");
    await form.getByRole("button", { name: "Save diary" }).click();
    await expect(form.getByRole("status")).toHaveText("Not saved: please check the answers marked below.");
    await expect(form.getByText("is before the final awakening (06:45)")).toBeVisible();

    await form.getByLabel("Out of bed", { exact: true }).fill("07:15");
    await form.getByRole("button", { name: "Save diary" }).click();
    await expect(form.getByRole("status")).toHaveText("Saved. You can change it until the end of today.");
    await expect(page.getByTestId("diary-window")).toContainText("Filled in.");

    await page.getByRole("link", { name: "← Home" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await expect(card.getByTestId("diary-done")).toContainText(`Your diary for the night of ${dayLabel(NIGHT)} is filled in.`);
    await expect(card.getByTestId("diary-reminder")).toHaveCount(0);

    // Back in the form, her answers are there to change.
    await card.getByRole("link", { name: "Change it" }).click();
    await expect(page.getByTestId("diary-form").getByLabel("Out of bed", { exact: true })).toHaveValue("07:15");
    await expect(page.getByTestId("diary-form").getByLabel("Quality of your sleep")).toHaveValue("4");
  });

  test("her clinician sees what she reported against what was measured, for the night and on average", async ({ page }) => {
    await signInAs(page, CLINICIAN, PASSWORD);
    await page.goto(`/patients/${ASLEEP_ID}`);
    const section = page.getByRole("region", { name: "Sleep diary: reported and measured" });
    const row = section.getByTestId("diary-comparison-row");
    await expect(row).toHaveCount(1);
    // Reported 23:00 → 06:45 − 20 − 25 = 7 h; measured 5 h 50 min; +70 min. SOL 20 / 30, WASO 25 / 10, SE 80% / 89%.
    await expect(row.locator("th, td")).toHaveText([dayLabel(NIGHT), "7 h", "5 h 50 min", "+70 min", "20 min", "30 min", "25 min", "10 min", "80%", "89%"]);
    const average = section.getByTestId("diary-comparison-average");
    await expect(average.locator("th, td")).toHaveText(["Average (1 night with both)", "7 h", "5 h 50 min", "+70 min", "20 min", "30 min", "25 min", "10 min", "80%", "89%"]);
    await expectAxeClean(page, "the patient page with the diary comparison");
  });
});
