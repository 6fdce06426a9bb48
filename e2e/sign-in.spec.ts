import { expect, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";

test.describe("signing in", () => {
  test.beforeAll(async ({ workerApp }) => {
    await workerApp.users(["add", "--email", "sleeper@e2e.test", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "asleep-e2e-sleeper"]);
    await workerApp.simulate(["--user", "asleep-e2e-sleeper", "--session", "sleeper-night", "--speed", "max", "--hours", "1", "--quiet"]);
    await workerApp.simulate(["--user", "asleep-e2e-stranger", "--session", "stranger-night", "--speed", "max", "--hours", "1", "--quiet"]);
  });

  test("a visitor is sent to /login, and a wrong password is refused in plain words", async ({ page, pageChecks }) => {
    pageChecks.allowConsoleErrors(/status of 401/); // the refused sign-in request
    await page.goto("/");
    await expect(page).toHaveURL(/\/login$/);
    await page.getByLabel("Email").fill("sleeper@e2e.test");
    await page.getByLabel("Password").fill("not my password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong email or password.");
    await expect(page).toHaveURL(/\/login$/);
  });

  test("signing in and opening a night work by keyboard alone", async ({ page }) => {
    await page.goto("/login");
    await page.keyboard.press("Tab");
    await expect(page.getByLabel("Email")).toBeFocused();
    await page.keyboard.type("sleeper@e2e.test");
    await page.keyboard.press("Tab");
    await expect(page.getByLabel("Password")).toBeFocused();
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.pathname === "/");
    await page.getByTestId("night-row").getByRole("link").focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: "Night report" })).toBeVisible();
  });

  test("a sleeper sees their own night and nobody else's, and signing out ends the session", async ({ page }) => {
    await signInAs(page, "sleeper@e2e.test", PASSWORD);
    await expect(page.getByRole("heading", { name: "Your nights" })).toBeVisible();
    const rows = page.getByTestId("night-row");
    await expect(rows).toHaveCount(1);
    await expect(rows.first().getByRole("link")).toHaveAttribute("href", "/sessions/sleeper-night");
    await expect(rows.first()).toContainText("Complete");
    await expect(page.locator(`a[href="/sessions/stranger-night"]`)).toHaveCount(0);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/login$/);
    const api = await page.request.get("/api/sessions");
    expect(api.status()).toBe(401);
  });
});
