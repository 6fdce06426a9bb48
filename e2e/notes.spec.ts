// A clinician's notes on a night, at phone width: write one, edit it, read its history, share it; then
// the sleeper sees only the shared note, marked as from their clinician. Two people editing the same
// note at once: the second is told who changed it and when, and keeps their text. A night or patient
// with many notes shows the newest, each whole, and the older ones on request.

import AxeBuilder from "@axe-core/playwright";
import { expect, leaveSignedOut, PHONE, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";
const CLINICIAN = "dr@notes-e2e.test";
const ADMIN = "ada@notes-e2e.test";
const SLEEPER = "sam@notes-e2e.test";
const NIGHT = "notes-e2e-night";
const EDITED_NIGHT = "notes-e2e-edited";
const BUSY_NIGHT = "notes-e2e-busy";

test.describe("clinicians' notes", () => {
  test.beforeAll(async ({ workerApp }) => {
    await workerApp.users(["add", "--email", CLINICIAN, "--password", PASSWORD, "--role", "clinician", "--name", "Dr Nora Notes"]);
    await workerApp.users(["add", "--email", ADMIN, "--password", PASSWORD, "--role", "admin", "--name", "Ada Admin"]);
    await workerApp.users(["add", "--email", SLEEPER, "--password", PASSWORD, "--role", "patient", "--name", "Sam", "--asleep-user-id", "notes-e2e-sam", "--clinician", CLINICIAN]);
    for (const night of [NIGHT, EDITED_NIGHT, BUSY_NIGHT]) await workerApp.simulate(["--user", "notes-e2e-sam", "--session", night, "--speed", "max", "--hours", "1", "--quiet"]);
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

    await leaveSignedOut(page);
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
  test("two people edit the same note at once: the second is told who changed it and when, keeps their text, and saves it deliberately", async ({ page, browser, workerApp }) => {
    await signInAs(page, CLINICIAN, PASSWORD);
    await page.goto(`/sessions/${EDITED_NIGHT}`);
    const notes = page.getByTestId("notes");
    await notes.getByLabel("New note").fill("Pressure 8 cmH2O");
    await notes.getByRole("button", { name: "Add note" }).click();
    await expect(notes.getByTestId("note-status")).toHaveText("Note saved");

    // The admin, in another browser, opens the same note for editing first.
    const other = await browser.newContext({ baseURL: workerApp.server.url, viewport: PHONE });
    const theirs = await other.newPage();
    const theirErrors: string[] = [];
    theirs.on("console", (m) => void (m.type() === "error" && theirErrors.push(m.text())));
    theirs.on("pageerror", (e) => void theirErrors.push(e.message));
    await signInAs(theirs, ADMIN, PASSWORD);
    await theirs.goto(`/sessions/${EDITED_NIGHT}`);
    // The night's only note (located by position: its text changes as it is edited).
    const theirNote = theirs.getByTestId("note").first();
    await theirNote.getByRole("button", { name: "Edit" }).click();
    await theirNote.getByLabel("Edit note").fill("Pressure 8, mask refitted");

    // Meanwhile the clinician edits and saves.
    const mine = notes.getByTestId("note").first();
    await mine.getByRole("button", { name: "Edit" }).click();
    await mine.getByLabel("Edit note").fill("Pressure raised to 10 cmH2O");
    await mine.getByRole("button", { name: "Save" }).click();
    await expect(notes.getByTestId("note-text")).toHaveText("Pressure raised to 10 cmH2O");

    // The admin saves: nothing is overwritten unseen. Their text stays in the box; the clinician's is shown.
    await theirNote.getByRole("button", { name: "Save" }).click();
    const conflict = theirs.getByTestId("note-conflict");
    await expect(conflict).toContainText(/This note was changed by Dr Nora Notes at .*\d{4}.*; your text is kept below/);
    await expect(conflict.getByTestId("note-current-text")).toHaveText("Pressure raised to 10 cmH2O");
    await expect(theirs.getByLabel("Edit note")).toHaveValue("Pressure 8, mask refitted");
    await expect(theirs.getByTestId("note-text")).toHaveCount(0);

    // Saving again, now knowing, replaces it; the clinician's version stays in the history.
    await theirs.getByRole("button", { name: "Save" }).click();
    await expect(theirs.getByTestId("note-text")).toHaveText("Pressure 8, mask refitted");
    await expect(conflict).toHaveCount(0);
    await theirs.getByText("History (2 earlier versions)").click();
    await expect(theirs.getByTestId("note-history")).toContainText("Pressure raised to 10 cmH2O");
    await expect(theirs.getByTestId("note-history")).toContainText("Pressure 8 cmH2O");
    expect(theirErrors.filter((e) => !/status of 409/.test(e)), "console errors in the admin's browser").toEqual([]);
    await other.close();

    await page.reload();
    await expect(page.getByTestId("note-text")).toHaveText("Pressure 8, mask refitted");
  });

  test("a night with many notes shows the newest 20, each whole, and the older ones on request; so does the patient page", async ({ page, baseURL }) => {
    await signInAs(page, CLINICIAN, PASSWORD);
    // 23 long notes, the oldest first.
    const text = (i: number) => `Busy note ${String(i).padStart(2, "0")}. ${"Leak, pressure, comfort. ".repeat(200)}`.slice(0, 5000).trimEnd();
    for (let i = 0; i < 23; i++) {
      const res = await page.request.post(`/api/sessions/${BUSY_NIGHT}/notes`, { data: { text: text(i) }, headers: { origin: baseURL! } });
      expect(res.status()).toBe(201);
    }
    await page.goto(`/sessions/${BUSY_NIGHT}`);
    const notes = page.getByTestId("notes");
    await expect(notes.getByTestId("note")).toHaveCount(20);
    await expect(notes.getByText("Busy note 22.")).toBeVisible();
    await expect(notes.getByText("Busy note 02.")).toHaveCount(0);
    await notes.getByRole("button", { name: "Show older notes" }).click();
    await expect(notes.getByTestId("note")).toHaveCount(23);
    await expect(notes.getByRole("button", { name: "Show older notes" })).toHaveCount(0);
    // Each note whole, the oldest included: all its text, wrapped on the page, none of it cut off.
    const oldest = notes.getByTestId("note-text").last();
    await expect(oldest).toHaveText(text(0));
    const box = await oldest.evaluate((el) => ({ clipped: el.scrollWidth > el.clientWidth + 1, height: el.getBoundingClientRect().height, line: parseFloat(getComputedStyle(el).lineHeight) || 20 }));
    expect(box.clipped, "the note's text is not cut off").toBe(false);
    expect(box.height, "5,000 characters wrap over many lines").toBeGreaterThan(box.line * 20);

    // The patient page: the newest 20 of all their notes, each naming its night; the rest on request.
    await page.goto("/patients/notes-e2e-sam");
    const all = page.getByTestId("notes");
    await expect(all.getByTestId("note")).toHaveCount(20);
    const total = (await (await page.request.get("/api/patients/notes-e2e-sam/notes?limit=100")).json()).notes.length as number;
    expect(total).toBeGreaterThan(20);
    await all.getByRole("button", { name: "Show older notes" }).click();
    await expect(all.getByTestId("note")).toHaveCount(total);
    await expect(all.getByTestId("note").filter({ hasNotText: "night of" })).toHaveCount(0);
  });
});
