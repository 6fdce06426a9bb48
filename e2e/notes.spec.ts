// A clinician's notes on a night, at phone width: write one, edit it, read its history, share it; then
// the sleeper sees only the shared note, marked as from their clinician.

import AxeBuilder from "@axe-core/playwright";
import { expect, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";
const CLINICIAN = "dr@notes-e2e.test";
const SLEEPER = "sam@notes-e2e.test";
const NIGHT = "notes-e2e-night";

test.describe("clinicians' notes", () => {
  test.beforeAll(async ({ workerApp }) => {
    await workerApp.users(["add", "--email", CLINICIAN, "--password", PASSWORD, "--role", "clinician", "--name", "Dr Nora Notes"]);
    await workerApp.users(["add", "--email", SLEEPER, "--password", PASSWORD, "--role", "patient", "--name", "Sam", "--asleep-user-id", "notes-e2e-sam", "--clinician", CLINICIAN]);
    await workerApp.simulate(["--user", "notes-e2e-sam", "--session", NIGHT, "--speed", "max", "--hours", "1", "--quiet"]);
  });

  test("a clinician writes, edits and shares a note on a night; the sleeper sees only the shared one", async ({ page }) => {
    await signInAs(page, CLINICIAN, PASSWORD);
    await page.goto(`/sessions/${NIGHT}`);
    const notes = page.getByTestId("notes");
    await expect(notes.getByRole("heading", { name: "Notes on this night" })).toBeVisible();
    await expect(notes.getByText("No notes yet.")).toBeVisible();

    await notes.getByLabel("New note").fill("Mask leak around 2 am?");
    await notes.getByRole("button", { name: "Add note" }).click();
    await expect(notes.getByTestId("note-status")).toHaveText("Note saved");
    const first = notes.getByTestId("note").filter({ hasText: "Mask leak" });
    await expect(first.getByTestId("note-text")).toHaveText("Mask leak around 2 am?");
    await expect(first).toContainText("Dr Nora Notes");
    await expect(first).toContainText("clinicians only");

    await first.getByRole("button", { name: "Edit" }).click();
    await first.getByLabel("Edit note").fill("Mask leak confirmed at 02:10");
    await first.getByRole("button", { name: "Save" }).click();
    await expect(first.getByTestId("note-text")).toHaveText("Mask leak confirmed at 02:10");
    await expect(first).toContainText("edited by Dr Nora Notes");
    await first.getByText("History (1 earlier version)").click();
    await expect(first.getByTestId("note-history")).toContainText("Mask leak around 2 am?");

    await first.getByRole("button", { name: "Share with patient" }).click();
    await expect(first).toContainText("shared with the patient");
    await expect(first.getByRole("button", { name: "Stop sharing" })).toBeVisible();

    await notes.getByLabel("New note").fill("Consider a titration study");
    await notes.getByRole("button", { name: "Add note" }).click();
    await expect(notes.getByTestId("note")).toHaveCount(2);

    // After a reload the notes are still there, from the server.
    await page.reload();
    await expect(page.getByTestId("note")).toHaveCount(2);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.id}: ${v.help} ${v.nodes[0]?.target.join(" ")}`), "axe on the night page with notes").toEqual([]);

    await page.context().clearCookies();
    await signInAs(page, SLEEPER, PASSWORD);
    await page.goto(`/sessions/${NIGHT}`);
    const mine = page.getByTestId("notes");
    await expect(mine.getByRole("heading", { name: "From your clinician" })).toBeVisible();
    await expect(mine.getByTestId("note")).toHaveCount(1);
    await expect(mine.getByTestId("note-text")).toHaveText("Mask leak confirmed at 02:10");
    await expect(mine).toContainText("From your clinician, Dr Nora Notes");
    await expect(page.getByText("Consider a titration study")).toHaveCount(0);
    await expect(page.getByText("Mask leak around 2 am?")).toHaveCount(0);
    await expect(mine.getByRole("button")).toHaveCount(0);
    await expect(mine.getByTestId("note-form")).toHaveCount(0);
  });
});
