import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";

test.describe("an admin's data and deliveries page", () => {
  test.beforeAll(async ({ workerApp }) => {
    await workerApp.users(["add", "--email", "admin@rights-e2e.test", "--password", PASSWORD, "--role", "admin", "--name", "Ada Admin"]);
    await workerApp.users(["add", "--email", "dora@rights-e2e.test", "--password", PASSWORD, "--role", "patient", "--name", "Dora", "--asleep-user-id", "asleep-dora"]);
    await workerApp.users(["add", "--email", "eve@rights-e2e.test", "--password", PASSWORD, "--role", "patient", "--name", "Eve", "--asleep-user-id", "asleep-eve"]);
    await workerApp.simulate(["--user", "asleep-dora", "--session", "dora-night", "--speed", "max", "--hours", "1", "--quiet"]);
  });

  test("is not found for anyone but an admin", async ({ page, pageChecks }) => {
    pageChecks.allowConsoleErrors(/status of 404/); // the page asked for is not found
    await signInAs(page, "eve@rights-e2e.test", PASSWORD);
    const response = await page.goto("/admin");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("link", { name: "Data and deliveries" })).toHaveCount(0);
  });

  test("look up a person, replay a delivery, export everything, then delete it after confirming", async ({ page }) => {
    await signInAs(page, "admin@rights-e2e.test", PASSWORD);
    await page.getByRole("link", { name: "Data and deliveries" }).click();
    await expect(page.getByRole("heading", { name: "Data and deliveries", level: 1 })).toBeVisible();
    await page.getByLabel("Asleep user id", { exact: true }).fill("asleep-dora");
    await page.getByRole("button", { name: "Look up" }).click();
    await expect(page.getByRole("heading", { name: "Asleep user asleep-dora" })).toBeVisible();
    await expect(page.getByTestId("delivery-row")).toHaveCount(13); // 12 analyses of an hour, then SESSION_COMPLETE

    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.id}: ${v.help} ${v.nodes[0]?.target.join(" ")}`), "axe on /admin").toEqual([]);

    await page.getByTestId("delivery-row").first().getByRole("button", { name: /^Replay entry/ }).click();
    await expect(page.getByTestId("delivery-row").first().getByTestId("replay-outcome")).toHaveText("DUPLICATE");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export all data (JSON)" }).click()]);
    expect(download.suggestedFilename()).toBe("person-asleep-dora.json");
    const exported = JSON.parse(readFileSync((await download.path())!, "utf8")) as { sessions: Array<{ id: string }>; deliveries: unknown[]; accounts: Array<{ email: string }> };
    expect(exported.sessions.map((s) => s.id)).toEqual(["dora-night"]);
    expect(exported.deliveries).toHaveLength(14); // the 13 received and the replay
    expect(exported.accounts.map((a) => a.email)).toEqual(["dora@rights-e2e.test"]);

    const remove = page.getByRole("button", { name: "Delete all data of asleep-dora" });
    await expect(remove).toBeDisabled();
    await page.getByLabel("Type the Asleep user id (asleep-dora) to confirm").fill("asleep-dor");
    await expect(remove).toBeDisabled();
    await page.getByLabel("Type the Asleep user id (asleep-dora) to confirm").fill("asleep-dora");
    await remove.click();
    await expect(page.getByTestId("deleted")).toHaveText(
      // The export above is in the access log: an entry about her, deleted with the rest. What the
      // clinic's rules and outbound bookkeeping made of her night after it was stored goes too; how
      // much of that had run by now depends on those background jobs.
      /^Deleted: 1 account, 0 signed-in browsers, 1 credential, 0 clinician links, 1 night, 12 analyses, 1 report, 0 night tags, 14 audit entries, 0 clinician notes, 0 earlier note versions, 1 access-log entry, 0 sleep diary entries, 0 sleep studies, 0 signed study reports, 0 signed period reports, \d+ alerts?, 0 own alert threshold sets, \d+ outbound events?, \d+ outbound night records?, 0 browsers subscribed to the morning notification, \d+ morning notification records?\.$/,
    );

    await page.getByLabel("Asleep user id", { exact: true }).fill("asleep-dora");
    await page.getByRole("button", { name: "Look up" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Nothing is held about Asleep user asleep-dora." })).toBeVisible();
  });
});
