import { expect, test } from "./fixtures";

test("the home page shows the service and counts a night replayed by npm run simulate", async ({ page, app }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Sleep dashboard" })).toBeVisible();
  await expect(page.getByText("embedded PostgreSQL (PGlite)")).toBeVisible();
  const nightsBefore = Number(await page.getByTestId("nights-stored").textContent());

  const printed = await app.simulate(["--speed", "max", "--hours", "1", "--seed", "7", "--quiet"]);
  expect(printed).toContain("Done: 12 inferences and 1 SESSION_COMPLETE");

  await page.reload();
  await expect(page.getByTestId("nights-stored")).toHaveText(String(nightsBefore + 1));
  await expect(page.getByTestId("deliveries-received")).toHaveText(/^\d+$/);
  expect(Number(await page.getByTestId("deliveries-received").textContent())).toBeGreaterThanOrEqual(13);
});
