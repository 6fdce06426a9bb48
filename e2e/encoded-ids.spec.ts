// Nights and people whose ids need percent-encoding, end to end as a person meets them: delivered by
// webhook, found in the list on the home page, opened by clicking the link, and the page shows that
// night (its CSV link answers with it); a patient reached from the board, and a night from their page.
// (Console errors fail every test through the fixtures.)

import { nightCsvPath } from "../lib/paths";
import { nightTitle } from "../lib/time/night";
import { postWebhook, sessionComplete } from "../test/support/webhook";
import { expect, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";
const PATIENT = { userId: "ward 4/bed #2?", email: "bed2@ids-e2e.test", name: "Bed Two" };
const NIGHTS = ["a night", "nuit-été-😴", "a/b", "q?x", "h#x", "<i>x</i>", "lit%2Fslash", "%", "50% off+more"];
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/#]/g, "\\$&");

test("nights and a patient whose ids need encoding open from the links that list them", async ({ page, app }) => {
  // A long journey, not a wait: nine nights each found, opened, reloaded, their CSV fetched and back, then
  // the patient; about ten page loads a night on a loaded 2-core machine.
  test.setTimeout(300_000);
  await app.users(["add", "--email", "admin@ids-e2e.test", "--password", PASSWORD, "--role", "admin", "--name", "Ida Admin"]);
  await app.users(["add", "--email", PATIENT.email, "--password", PASSWORD, "--role", "patient", "--asleep-user-id", PATIENT.userId, "--name", PATIENT.name]);
  const times = NIGHTS.map((_, i) => {
    const start = Date.parse("2026-11-01T22:00:00Z") + i * 86_400_000;
    return { startTime: new Date(start).toISOString(), endTime: new Date(start + 10 * 60_000).toISOString() };
  });
  for (const [i, sessionId] of NIGHTS.entries()) {
    const night = sessionComplete({
      userId: PATIENT.userId,
      sessionId,
      ...times[i]!,
      timezone: "UTC",
      sleepStages: [0, 0, 1, 1, 2, 2, 2, 3, 3, 1, 1, 1, 2, 2, 3, 3, 1, 1, 0, 0],
      stat: { sleep_efficiency: 80 },
    });
    expect((await postWebhook({ url: app.server.url, apiKey: app.apiKey }, night)).status).toBe(200);
  }

  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs(page, "admin@ids-e2e.test", PASSWORD);
  const nightsTable = page.getByRole("region", { name: "Nights" });
  const title = page.getByTestId("night-title");
  // Newest first, a page at a time: the worker's app may hold other tests' newer nights, so turn the
  // pages as a person would until the night is listed. The nights are taken newest first too, so each is
  // on the page the last one was on, or a later one: back from a night, the person returns to that page.
  let listPage = 1;
  for (const i of [...NIGHTS.keys()].reverse()) {
    const id = NIGHTS[i]!;
    // Found in the list as a person would, by its name (its date and time), and opened by clicking it.
    const name = nightTitle({ ...times[i]!, open: false }, "UTC");
    const link = nightsTable.getByRole("link", { name: new RegExp(`^${escape(name)}`) });
    if (listPage > 1) await page.goto(`/?nights=${listPage}`);
    while (listPage <= 20 && (await link.count()) === 0) await page.goto(`/?nights=${++listPage}`);
    await link.click();
    await expect(title).toContainText(name);
    await expect(title).toContainText(`${PATIENT.name} (Asleep user ${PATIENT.userId})`);
    // That night's page, whose CSV link answers with that night.
    const csvLink = page.getByRole("link", { name: /CSV/ });
    await expect(csvLink).toHaveAttribute("href", nightCsvPath(id));
    const csv = await page.request.get(nightCsvPath(id));
    expect(csv.status(), `CSV of ${id}`).toBe(200);
    expect((await csv.text()).trim().split("\r\n")).toHaveLength(1 + 20);
    // A full load of the same address (a bookmark, a shared link) opens it too.
    await page.reload();
    await expect(title).toContainText(name);
    await expect(csvLink).toHaveAttribute("href", nightCsvPath(id));
    await page.getByRole("link", { name: "← All nights" }).click();
    await expect(page.getByRole("heading", { name: "Nights" })).toBeVisible();
  }

  // The patient, from the board; then a night from their own page.
  // Found by name on the board (other tests' patients may fill its first page).
  await page.goto(`/?q=${encodeURIComponent(PATIENT.name)}`);
  await page.getByRole("region", { name: "All patients" }).getByRole("link", { name: PATIENT.name }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${PATIENT.name} · Asleep user ${PATIENT.userId}`);
  await expect(page.getByTestId("averages")).toBeVisible();
  await page.getByText("The trends as a table").click();
  await page.getByTestId("nights-table").getByRole("link").first().click();
  await expect(title).toContainText(`(Asleep user ${PATIENT.userId})`);
  await expect(page.getByRole("link", { name: /CSV/ })).toHaveAttribute("href", new RegExp(`^/api/sessions/[^/]+/export\\.csv$`));
});
