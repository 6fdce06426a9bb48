import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { postWebhook } from "../test/support/webhook";
import { expect, leaveSignedOut, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";

async function expectNoSeriousA11yViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length}×) ${v.nodes[0]?.target.join(" ")}`), `axe on ${what}`).toEqual([]);
}

test.describe("a clinician's patient page, and accessibility of every page", () => {
  test.beforeAll(async ({ workerApp }) => {
    await workerApp.users(["add", "--email", "dr@axe.test", "--password", PASSWORD, "--role", "clinician", "--name", "Dr Axe"]);
    await workerApp.users(["add", "--email", "cara@axe.test", "--password", PASSWORD, "--role", "patient", "--name", "Cara", "--asleep-user-id", "asleep-cara", "--clinician", "dr@axe.test"]);
    for (const [i, seed] of [11, 12, 13].entries()) {
      await workerApp.simulate(["--user", "asleep-cara", "--session", `cara-night-${i + 1}`, "--speed", "max", "--hours", "6", "--seed", String(seed), "--quiet"]);
    }
    await postWebhook({ url: workerApp.server.url, apiKey: workerApp.apiKey }, {
      event: "INFERENCE_COMPLETE", version: "V3", user_id: "asleep-cara", session_id: "cara-tonight", inference_seq_num: 0, sleep_stages: [0, 0, 1, 1, 1, 2, 2, 2, -1, -1],
    });
  });

  test("trends, 7- and 30-night averages, and two nights side by side", async ({ page }) => {
    await signInAs(page, "dr@axe.test", PASSWORD);
    await page.getByTestId("patient-board").getByRole("link", { name: "Cara", exact: true }).click();
    await expect(page.getByRole("heading", { name: /Cara/ })).toBeVisible();
    await expect(page.getByTestId("averages").getByRole("row", { name: /Last 7 nights \(3\)/ })).toBeVisible();
    await expect(page.getByLabel("Trends across nights")).toBeVisible();
    await page.getByText("The trends as a table").click();
    // One row per calendar night: the three simulated nights began within hours of each other, so a
    // day with more than one names them all in its row (the one with most sleep is drawn).
    const rows = page.getByTestId("nights-table").getByTestId("trend-row");
    await expect(rows.first()).toBeVisible();
    await expect(page.getByTestId("nights-table").getByRole("link")).toHaveCount(3);

    await page.getByLabel("First night").selectOption("cara-night-1");
    await page.getByLabel("Second night").selectOption("cara-night-3");
    await page.getByRole("button", { name: "Compare" }).click();
    await expect(page.getByTestId("comparison").getByRole("article")).toHaveCount(2);
    await expect(page.getByTestId("comparison").getByLabel("Hypnogram: sleep stage over the night")).toHaveCount(2);
    // One time scale for both, and a table of what differs (issue 24 §4).
    await expect(page.getByTestId("comparison-scale")).toContainText(/Both charts run on one clock, \d\d:\d\d to \d\d:\d\d/);
    const differences = page.getByTestId("comparison-differences");
    await expect(differences.getByRole("row", { name: /^Total sleep / })).toHaveCount(1);
    await expect(differences.getByRole("row", { name: /^Sleep efficiency .* (same|[+−]\d+ points?)$/ })).toHaveCount(1);
  });

  test("axe finds no serious or critical violation on any page", async ({ page }) => {
    // Seven full axe scans, the last on a page of five charts: more than the default two minutes on a busy machine.
    test.slow();
    await page.goto("/login");
    await expectNoSeriousA11yViolations(page, "/login");
    await signInAs(page, "cara@axe.test", PASSWORD);
    await expectNoSeriousA11yViolations(page, "/ (sleeper)");
    await page.goto("/sessions/cara-tonight");
    await expect(page.getByTestId("connection")).toContainText("Live");
    await expectNoSeriousA11yViolations(page, "/sessions (live)");
    await page.goto("/sessions/cara-night-1");
    await expect(page.getByRole("heading", { name: "Night report" })).toBeVisible();
    await expectNoSeriousA11yViolations(page, "/sessions (report)");

    await leaveSignedOut(page);
    await signInAs(page, "dr@axe.test", PASSWORD);
    await expectNoSeriousA11yViolations(page, "/ (clinician board)");
    await page.goto("/patients/asleep-cara?a=cara-night-1&b=cara-night-2");
    await expect(page.getByTestId("comparison")).toBeVisible();
    await expectNoSeriousA11yViolations(page, "/patients");
  });
});
