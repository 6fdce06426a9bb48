// The board as a clinician works it, on a phone and on a desktop: flag reasons in plain words, search,
// sort, the flagged filter and paging, all in the address (reload the bookmark, step back), with the
// stage of a night being recorded still arriving live.

import { request } from "node:http";
import { query } from "../test/support/postgres";
import { inferenceBlock, postWebhook, sessionComplete } from "../test/support/webhook";
import { expect, signInAs, test, type App } from "./fixtures";

const PASSWORD = "a long enough passphrase";

function addAccount(app: App, body: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: `${app.server.dataDir}/control.sock`, path: "/users", method: "POST" }, (res) => {
      res.resume();
      res.on("end", () => (res.statusCode === 201 ? resolve() : reject(new Error(`users: ${res.statusCode}`))));
    });
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

/** A clinician with eleven patients: one with an open alert and a night being recorded, one with last night complete, nine who never recorded. */
async function clinic(app: App, prefix: string) {
  const doctor = `${prefix}-dr@e2e.test`;
  await addAccount(app, { email: doctor, password: PASSWORD, role: "clinician", name: `Dr ${prefix}` });
  // Enrolled long ago: a patient with no night is flagged (one enrolled today would not be yet).
  const patient = (name: string, id: string) => addAccount(app, { email: `${prefix}-${id}@e2e.test`, password: PASSWORD, role: "patient", name, asleepUserId: `${prefix}-${id}`, clinician: doctor, enrolledOn: "2026-01-01" });
  await patient("Ana Alves", "ana");
  await patient("Ben Berg", "ben");
  for (let i = 1; i <= 9; i++) await patient(`Quiet Patient ${i}`, `quiet${i}`);
  const target = { url: app.server.url, apiKey: app.apiKey };
  const now = Date.now();
  const stages = [...Array<number>(40).fill(0), ...Array<number>(680).fill(1)];
  await postWebhook(target, sessionComplete({ userId: `${prefix}-ben`, sessionId: `${prefix}-ben-1`, startTime: new Date(now - 20 * 3600_000).toISOString(), endTime: new Date(now - 14 * 3600_000).toISOString(), timezone: "Europe/Paris", sleepStages: stages, stat: {} }));
  await postWebhook(target, inferenceBlock(`${prefix}-ana`, `${prefix}-ana-tonight`, 0, [0, 0, 1, 1, 1, 1, 1, 1, 1, 1]));
  // Alerts are raised by the clinic's rules: here, the row as they write it.
  await query(
    app.server.databaseUrl,
    `INSERT INTO alert (id, patient_id, rule, cause_key, reason) SELECT $1, id, 'short-sleep', 'e2e', '3 nights under 5 h' FROM app_user WHERE email = $2`,
    [`${prefix}-alert`, `${prefix}-ana@e2e.test`],
  );
  return { doctor, target, prefix };
}

async function workTheBoard(page: import("@playwright/test").Page, app: App, prefix: string) {
  // Eleven accounts, a dozen views: longer than one page load on a loaded machine.
  test.setTimeout(300_000);
  const { doctor, target } = await clinic(app, prefix);
  await signInAs(page, doctor, PASSWORD);
  const rows = page.getByTestId("board-row");
  await expect(page.getByTestId("board-total")).toHaveText("11 patients");
  // Flagged first: Ana (an open alert) then those with no night, each flag with its reason; Ben last.
  await expect(rows.first()).toContainText("Ana Alves");
  await expect(rows.first().getByTestId("board-flag")).toHaveText("3 nights under 5 h");
  await expect(rows.nth(1).getByTestId("board-flag")).toHaveText("No night recorded yet");
  await expect(rows.last()).toContainText("Ben Berg");
  await expect(rows.last().getByTestId("board-flags")).toHaveText("—");
  await expect(rows.last().getByTestId("board-total-sleep")).toHaveText("5 h 40 min");
  await expect(rows.first().getByTestId("board-stage")).toHaveText("Light");

  // Search, by part of a name, any case.
  await page.getByTestId("board-search").fill("aLVe");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/[?&]q=aLVe/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Ana Alves");

  // Sort by name, descending, then the flagged filter: the view is in the address.
  await page.goto("/");
  await page.getByTestId("board-sort-name").click();
  await expect(page).toHaveURL(/[?&]sort=name/);
  await expect(rows.first()).toContainText("Ana Alves");
  await page.getByTestId("board-sort-name").click();
  await expect(page).toHaveURL(/[?&]dir=desc/);
  await expect(rows.first()).toContainText("Quiet Patient 9");
  await expect(page.getByTestId("patient-board").getByRole("columnheader", { name: /Patient/ })).toHaveAttribute("aria-sort", "descending");
  await page.getByTestId("board-flag-filter").selectOption("flagged");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/[?&]flag=flagged/);
  await expect(page).toHaveURL(/[?&]sort=name/);
  await expect(page.getByTestId("board-total")).toHaveText("10 patients"); // all but Ben
  await expect(rows.filter({ hasText: "Ben Berg" })).toHaveCount(0);

  // Pages of ten: the second holds the eleventh; a reload of that address shows the same view.
  await page.goto("/?sort=name&size=10");
  await expect(page.getByTestId("board-page")).toHaveText("Page 1 of 2");
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(/[?&]page=2/);
  await expect(page.getByTestId("board-page")).toHaveText("Page 2 of 2");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Quiet Patient 9");
  await page.reload();
  await expect(page.getByTestId("board-page")).toHaveText("Page 2 of 2");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Quiet Patient 9");
  await page.goBack();
  await expect(page.getByTestId("board-page")).toHaveText("Page 1 of 2");
  await expect(rows.first()).toContainText("Ana Alves");
  const csv = page.getByRole("link", { name: "Download CSV" });
  await expect(csv).toHaveAttribute("href", "/api/board.csv?sort=name&size=10");

  // The stage of tonight's night still arrives live, in the view on screen.
  await expect(page.getByTestId("board-connection")).toContainText("Live");
  await postWebhook(target, inferenceBlock(`${prefix}-ana`, `${prefix}-ana-tonight`, 1, [2, 2, 2, 2, 2, 2, 2, 2, 2, 2]));
  await expect(rows.first().getByTestId("board-stage")).toHaveText("Deep");
  await expect(rows.first().getByTestId("board-tonight-as-of")).toHaveText(/^\d\d:\d\d \S+$/);
}

test("a clinician works the board on a phone: flags, search, sort, filter, pages, bookmark, live", async ({ page, app }) => {
  await workTheBoard(page, app, "bscale-phone");
});

test.describe("on a desktop", () => {
  test.use({ viewport: { width: 1280, height: 900 } });
  test("a clinician works the board on a desktop: the same views", async ({ page, app }) => {
    await workTheBoard(page, app, "bscale-desk");
  });
});
