// A clinician works through the alert worklist at phone width (issue 24 §2): ten short nights raise ten alerts;
// the header counts them; she selects all ten and resolves them with one comment; the header's count falls to
// zero live, without a reload; the resolved alerts, filtered by status, carry her comment; an alert opens the
// night it is about. Her patient page does not tell her to tag nights (only the sleeper can).

import { postWebhook, shortNight } from "../test/support/webhook";
import { expect, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";

/** The usual short night (4 h 10 min asleep, in Paris) that began `daysAgo` days and six hours ago. */
const nightDaysAgo = (userId: string, sessionId: string, daysAgo: number) => shortNight(userId, sessionId, Date.now() - daysAgo * 86_400_000 - 6 * 3_600_000);

test("a clinician bulk-resolves ten alerts with a comment, the header's count follows live, and an alert opens its night", async ({ page, app }) => {
  const target = { url: app.server.url, apiKey: app.apiKey };
  await app.users(["add", "--email", "worklist-dr@e2e.test", "--password", PASSWORD, "--role", "clinician", "--name", "Dr Work"]);
  await app.users(["add", "--email", "worklist-lee@e2e.test", "--password", PASSWORD, "--role", "patient", "--name", "Lee Short", "--asleep-user-id", "worklist-lee", "--clinician", "worklist-dr@e2e.test"]);
  for (let d = 1; d <= 10; d++) expect((await postWebhook(target, nightDaysAgo("worklist-lee", `worklist-lee-${d}`, d))).status).toBe(200);

  await signInAs(page, "worklist-dr@e2e.test", PASSWORD);
  await page.goto("/alerts?patient=worklist-lee&rule=short-sleep");
  await expect(page.getByTestId("alerts-connection")).toContainText("Live");
  // The alerts are raised after the deliveries are answered: those raised once the page is open arrive live.
  await expect(page.getByTestId("alert")).toHaveCount(10, { timeout: 60_000 });
  await expect(page.getByTestId("alert-count")).toHaveText("(10 open)");

  await page.getByLabel("Select all on this page").check();
  await page.getByLabel("Comment (optional)").fill("Reviewed with Lee by phone; new sensor on its way.");
  await page.getByRole("button", { name: "Resolve selected (10)" }).click();
  await expect(page.getByTestId("bulk-done")).toHaveText("10 alerts resolved.");
  await expect(page.locator('[data-testid="alert"][data-state="RESOLVED"]')).toHaveCount(10);
  // Counted again over the socket: no reload.
  await expect(page.getByTestId("alert-count")).toHaveText("(0 open)");

  await page.getByLabel("Status").selectOption("resolved");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/state=resolved/);
  const resolved = page.getByTestId("alert");
  await expect(resolved).toHaveCount(10);
  await expect(resolved.getByTestId("alert-resolved")).toHaveText(Array(10).fill(/Resolved by Dr Work \(worklist-dr@e2e\.test\) on .+: “Reviewed with Lee by phone; new sensor on its way\.”$/));

  // Each alert names its night and links it (not only the patient).
  const subject = resolved.first().getByTestId("alert-subject");
  await expect(subject).toHaveText("Open the night");
  const href = await subject.getAttribute("href");
  expect(href).toMatch(/^\/sessions\/worklist-lee-(10|[1-9])$/);
  await subject.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.getByTestId("night-title")).toBeVisible();

  // On her patient's page, no tags yet: she is told the sleeper adds them, not to tag.
  await page.goto("/patients/worklist-lee");
  await expect(page.getByTestId("tag-comparison-empty")).toContainText("added by the sleeper");
  await expect(page.getByTestId("tag-comparison-empty")).not.toContainText("Tag a night");
});

test("an admin pages through many accounts at phone width and finds one by name", async ({ page, app }) => {
  await app.users(["add", "--email", "paging-admin@e2e.test", "--password", PASSWORD, "--role", "admin", "--name", "Pam Paging"]);
  await signInAs(page, "paging-admin@e2e.test", PASSWORD);
  for (let i = 1; i <= 21; i++) {
    const n = String(i).padStart(2, "0");
    const res = await page.request.post("/api/admin/accounts", {
      headers: { origin: app.server.url },
      data: { email: `paging-${n}@paging-e2e.test`, password: PASSWORD, role: "patient", name: i === 17 ? "Ji-woo Seo" : `Paging ${n}`, asleepUserId: `paging-${n}` },
    });
    expect(res.status()).toBe(201);
  }
  await page.goto("/admin?q=paging-e2e");
  await expect(page.getByTestId("account")).toHaveCount(20);
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page.getByTestId("account")).toHaveCount(1);
  await expect(page.getByTestId("account")).toHaveAttribute("data-email", "paging-21@paging-e2e.test");

  // By a piece of the name, any case.
  await page.getByLabel("Find an account").fill("JI-WOO");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("account")).toHaveCount(1);
  await expect(page.getByTestId("account")).toHaveAttribute("data-email", "paging-17@paging-e2e.test");
});
