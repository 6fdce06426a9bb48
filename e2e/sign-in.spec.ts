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
    // The form is sent by JavaScript, so its button is disabled until the page is hydrated; the keyboard user waits for it as the eye does.
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
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

  test("pressed before the page is ready, Sign in waits for it: nothing is sent, no password goes into the address", async ({ page }) => {
    // The page's JavaScript held back, as on a slow phone: the form is there, React is not yet.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/_next/static/chunks/**", async (route) => {
      await released;
      await route.continue();
    });
    const addresses: string[] = [];
    page.on("request", (request) => addresses.push(request.url()));
    // Not "load" nor "domcontentloaded": Next.js's scripts hold both back.
    await page.goto("/login", { waitUntil: "commit" });
    const button = page.getByRole("button", { name: "Sign in" });
    try {
      await expect(button).toBeDisabled();
      await page.getByLabel("Email").fill("sleeper@e2e.test");
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByLabel("Password").press("Enter");
    } finally {
      release(); // also when a check above fails, so the page can close
    }
    await expect(button).toBeEnabled();
    expect(addresses.filter((a) => a.includes("password") || a.includes(encodeURIComponent(PASSWORD))), "a request carrying the password in its address").toEqual([]);
    expect(new URL(page.url()).search).toBe("");
    // What was typed is still there, and now the button sends it.
    await expect(page.getByLabel("Password")).toHaveValue(PASSWORD);
    await button.click();
    await page.waitForURL((url) => url.pathname === "/");
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
