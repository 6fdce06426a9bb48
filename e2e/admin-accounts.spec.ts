// An admin's accounts in /admin, at phone width: create a clinician and a patient, assign the patient,
// disable the clinician (who then cannot sign in), issue a reset link that works once; the access log
// shows who looked at the patient.

import AxeBuilder from "@axe-core/playwright";
import { expect, leaveSignedOut, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";
const ADMIN = "ada@accounts-e2e.test";
const DOCTOR = "doc@accounts-e2e.test";
const PATIENT = "pia@accounts-e2e.test";
const PATIENT_ID = "accounts-e2e-pia";

test.describe("accounts in /admin", () => {
  test.beforeAll(async ({ workerApp }) => {
    await workerApp.users(["add", "--email", ADMIN, "--password", PASSWORD, "--role", "admin", "--name", "Ada Accounts"]);
  });

  test("create, assign, disable, reset link, access log", async ({ page, pageChecks }) => {
    pageChecks.allowConsoleErrors(/status of 40[03]/); // the disabled sign-in and the used link, on purpose
    await signInAs(page, ADMIN, PASSWORD);
    await page.goto("/admin");
    const accounts = page.getByTestId("accounts");
    await accounts.getByText("Create an account").click();
    const form = accounts.getByTestId("create-account");

    // A refusal is shown by the form.
    await form.getByLabel("Role").selectOption("clinician");
    await form.getByLabel("E-mail").fill(DOCTOR);
    await form.getByLabel("Password (at least 10 characters)").fill("short");
    await form.getByRole("button", { name: "Create" }).click();
    await expect(form.getByRole("alert")).toHaveText("password: must be at least 10 characters");

    await form.getByLabel("Name").fill("Dr Doc");
    await form.getByLabel("Password (at least 10 characters)").fill(PASSWORD);
    await form.getByRole("button", { name: "Create" }).click();
    await expect(form.getByTestId("create-status")).toHaveText(`Created ${DOCTOR}`);

    await form.getByLabel("Role").selectOption("patient");
    await form.getByLabel("E-mail").fill(PATIENT);
    await form.getByLabel("Name").fill("Pia");
    await form.getByLabel("Their Asleep user id").fill(PATIENT_ID);
    await form.getByLabel("Password (at least 10 characters)").fill(PASSWORD);
    await form.getByRole("button", { name: "Create" }).click();
    await expect(form.getByTestId("create-status")).toHaveText(`Created ${PATIENT}`);

    const pia = accounts.locator(`[data-testid="account"][data-email="${PATIENT}"]`);
    await pia.getByLabel(`Clinician of ${PATIENT}`).selectOption(DOCTOR);
    await pia.getByRole("button", { name: "Assign" }).click();
    await expect(pia.getByTestId("account-status")).toHaveText(`Assigned to ${DOCTOR}`);

    // The doctor signs in and sees Pia, once, before being disabled.
    await leaveSignedOut(page);
    await signInAs(page, DOCTOR, PASSWORD);
    await expect(page.getByText("Pia").first()).toBeVisible();
    await page.goto(`/patients/${PATIENT_ID}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Pia");

    await leaveSignedOut(page);
    await signInAs(page, ADMIN, PASSWORD);
    await page.goto("/admin");
    // Accounts come 20 a page: these three are found by a piece of their e-mail, whichever page they are on.
    await page.getByLabel("Find an account").fill("accounts-e2e");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/\/admin\?q=accounts-e2e$/);
    await expect(page.getByTestId("account")).toHaveCount(3);
    const doc = page.locator(`[data-testid="account"][data-email="${DOCTOR}"]`);
    await doc.getByRole("button", { name: "Disable" }).click();
    await expect(doc.getByTestId("account-state")).toContainText("Disabled since");
    await expect(doc.getByRole("button", { name: "Enable" })).toBeVisible();

    await page.locator(`[data-testid="account"][data-email="${PATIENT}"]`).getByRole("button", { name: "Reset link" }).click();
    const link = await page.getByTestId("reset-link").inputValue();
    expect(link).toMatch(/\/reset-password\?token=/);

    // The access log, by patient: the doctor's look at Pia's page.
    await page.goto(`/admin?user=${PATIENT_ID}`);
    await expect(page.getByRole("heading", { name: `Access log of ${PATIENT_ID}` })).toBeVisible();
    await expect(page.getByTestId("access-row").filter({ hasText: DOCTOR })).toContainText("view: patient page");
    await expect(page.getByRole("link", { name: "Download CSV" })).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.id}: ${v.help} ${v.nodes[0]?.target.join(" ")}`), "axe on /admin with accounts").toEqual([]);

    // The disabled doctor cannot sign in.
    await leaveSignedOut(page);
    await page.goto("/login");
    await page.getByLabel("Email").fill(DOCTOR);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("This account is disabled. Ask your clinic's administrator.");

    // The reset link works once.
    await page.goto(link);
    await page.getByLabel("New password (at least 10 characters)").fill("pia's new passphrase");
    await page.getByLabel("The same again").fill("pia's new passphrase");
    await page.getByRole("button", { name: "Set password" }).click();
    await expect(page.getByRole("main").getByRole("status")).toContainText("Your password is set");
    await page.goto(link);
    await page.getByLabel("New password (at least 10 characters)").fill("another passphrase!");
    await page.getByLabel("The same again").fill("another passphrase!");
    await page.getByRole("button", { name: "Set password" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toContainText("expired or has been used already");
    await signInAs(page, PATIENT, "pia's new passphrase");
  });
});
