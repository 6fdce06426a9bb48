// Nights and people whose ids need percent-encoding, end to end as a person meets them: delivered by
// webhook, found in the list on the home page, opened by clicking the link, and the page shows that
// night (its CSV link answers too); a patient reached from the board, and a night from their page.

import { postWebhook, sessionComplete } from "../test/support/webhook";
import { expect, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";
const PATIENT = { userId: "ward 4/bed #2?", email: "bed2@ids-e2e.test", name: "Bed Two" };
const NIGHTS = ["a night", "nuit-été-😴", "a/b", "q?x", "h#x", "<i>x</i>", "lit%2Fslash", "%", "50% off+more"];

test("nights and a patient whose ids need encoding open from the links that list them", async ({ page, app }) => {
  const problems: string[] = [];
  page.on("console", (m) => m.type() === "error" && problems.push(`${m.text()} ${m.location().url}`));
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("response", (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));

  await app.users(["add", "--email", "admin@ids-e2e.test", "--password", PASSWORD, "--role", "admin", "--name", "Ida Admin"]);
  await app.users(["add", "--email", PATIENT.email, "--password", PASSWORD, "--role", "patient", "--asleep-user-id", PATIENT.userId, "--name", PATIENT.name]);
  for (const [i, sessionId] of NIGHTS.entries()) {
    const start = Date.parse("2026-11-01T22:00:00Z") + i * 86_400_000;
    const night = sessionComplete({
      userId: PATIENT.userId,
      sessionId,
      startTime: new Date(start).toISOString(),
      endTime: new Date(start + 10 * 60_000).toISOString(),
      timezone: "UTC",
      sleepStages: [0, 0, 1, 1, 2, 2, 2, 3, 3, 1, 1, 1, 2, 2, 3, 3, 1, 1, 0, 0],
      stat: { sleep_efficiency: 80 },
    });
    expect((await postWebhook({ url: app.server.url, apiKey: app.apiKey }, night)).status).toBe(200);
  }

  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs(page, "admin@ids-e2e.test", PASSWORD);
  const nightsTable = page.getByRole("region", { name: "Nights" });
  for (const id of NIGHTS) {
    // Found in the list as a person would, by its name, and opened by clicking it.
    await nightsTable.getByRole("link", { name: id, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Night ${id} · Asleep user ${PATIENT.userId}`);
    await expect(page.getByText("Total sleep").first()).toBeVisible();
    // The CSV link on that page answers with that night.
    const csvHref = await page.getByRole("link", { name: /CSV/ }).getAttribute("href");
    const csv = await page.request.get(csvHref!);
    expect(csv.status(), `CSV of ${id}`).toBe(200);
    expect((await csv.text()).trim().split("\r\n")).toHaveLength(1 + 20);
    // A full load of the same address (a bookmark, a shared link) opens it too.
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Night ${id} · Asleep user ${PATIENT.userId}`);
    // The id in the heading wraps at phone width. (Whole pages at 390 px are held by the layout's own
    // tests: tables scrolling inside their panels.)
    expect(await page.getByRole("heading", { level: 1 }).evaluate((h) => h.getBoundingClientRect().right), `${id} fits 390 px`).toBeLessThanOrEqual(390);
    await page.getByRole("link", { name: "← All nights" }).click();
    await expect(page.getByRole("heading", { name: "Nights" })).toBeVisible();
  }

  // The patient, from the board; then one of their nights from their own page.
  await page.getByRole("region", { name: "All patients" }).getByRole("link", { name: PATIENT.name }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${PATIENT.name} · Asleep user ${PATIENT.userId}`);
  await expect(page.getByTestId("averages")).toBeVisible();
  expect(await page.getByRole("heading", { level: 1 }).evaluate((h) => h.getBoundingClientRect().right), "the patient's heading fits 390 px").toBeLessThanOrEqual(390);
  await page.getByText("The trends as a table").click();
  await page.getByTestId("nights-table").getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(new RegExp(`^Night .+ · Asleep user ${PATIENT.userId.replace(/[?#/]/g, "\\$&")}$`));

  expect(problems, "console errors").toEqual([]);
});
