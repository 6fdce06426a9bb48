// A clinician on a patient's page: adherence over the clinic's rule with its definition, and the period
// report downloaded for a chosen range, as a PDF read back with pdftotext and as CSV, at phone width;
// then interpreted and signed (issue 26 §3): the signed PDF reads back with the interpretation and the
// signature block, its SHA-256 as shown; an amendment lists both versions.

import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { readPdf } from "../test/support/pdf";
import { postWebhook, sessionComplete } from "../test/support/webhook";
import { createHash } from "node:crypto";
import { expect, expectNoSidewaysScroll, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";
const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && !m.location().url.endsWith("/favicon.ico")) errors.push(`${m.text()} ${m.location().url}`);
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

// Two nights in UTC, begun at 22:00 two days ago and three days ago: 4 h 30 min asleep and 3 h asleep.
const now = Date.now();
const startOf = (daysAgo: number) => Date.parse(`${day(now - daysAgo * DAY_MS)}T22:00:00Z`);
const NIGHTS = [
  { id: "rep-long", start: startOf(3), stages: [...Array<number>(20).fill(0), ...Array<number>(540).fill(1)] },
  { id: "rep-short", start: startOf(2), stages: [...Array<number>(20).fill(0), ...Array<number>(360).fill(2)] },
];

test.beforeAll(async ({ workerApp }) => {
  await workerApp.users(["add", "--email", "dr@report.test", "--password", PASSWORD, "--role", "clinician", "--name", "Dr Rhea"]);
  await workerApp.users(["add", "--email", "ria@report.test", "--password", PASSWORD, "--role", "patient", "--name", "Ria Report", "--asleep-user-id", "asleep-report", "--clinician", "dr@report.test", "--enrolled-on", day(now - 40 * DAY_MS)]);
  for (const n of NIGHTS) {
    const sent = await postWebhook(
      { url: workerApp.server.url, apiKey: workerApp.apiKey },
      sessionComplete({ userId: "asleep-report", sessionId: n.id, startTime: new Date(n.start).toISOString(), endTime: new Date(n.start + n.stages.length * 30_000).toISOString(), timezone: "UTC", sleepStages: n.stages, stat: {} }),
    );
    expect(sent.status).toBe(200);
  }
});

test.use({ viewport: { width: 390, height: 844 }, acceptDownloads: true });

test("a clinician sees adherence and downloads the period report for a chosen range", async ({ page }) => {
  const errors = watchConsole(page);
  await signInAs(page, "dr@report.test", PASSWORD);
  await page.goto("/patients/asleep-report");
  await expect(page.getByRole("heading", { name: /Ria Report/ })).toBeVisible();

  // One of the two nights reached 4 h; the 28 days without a night count against (Ria was enrolled 40 days ago).
  await expect(page.getByTestId("adherence")).toContainText("1 of 30 days with at least 4 h of sleep — 3 % — does not meet the usual rule");
  await page.getByText("How adherence is counted").click();
  await expect(page.getByText(/a day with no night is not adherent/)).toBeVisible();

  // The range: the two nights' days only.
  const from = day(NIGHTS[0]!.start);
  const to = day(NIGHTS[1]!.start);
  const form = page.getByTestId("report-form");
  await form.getByLabel("From").fill(from);
  await form.getByLabel("To").fill(to);
  const scroll = await page.evaluate(() => ({ width: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  expect(scroll.width, "page wider than the viewport").toBeLessThanOrEqual(scroll.viewport);

  const [pdf] = await Promise.all([page.waitForEvent("download"), form.getByRole("button", { name: "Download PDF" }).click()]);
  expect(pdf.suggestedFilename()).toBe(`sleep-report-asleep-report-${from}-to-${to}.pdf`);
  // Read as one line, wherever the page wrapped it.
  const { prose: text } = await readPdf(readFileSync(await pdf.path()));
  expect(text).toContain("Sleep report: Ria Report");
  expect(text).toContain("Clinician: Dr Rhea (dr@report.test)");
  expect(text).toContain("Time zone: UTC");
  expect(text).toContain("Nights (2)");
  expect(text).toMatch(/4 h 40 min 4 h 30 min 96 % 10 min — 0 min 0/);
  // pdftotext may join a short cell's "3 h" into "3h".
  expect(text).toMatch(/3 h 10 min 3 ?h 95 % 10 min — 0 min 0/);
  expect(text).toContain("Not a diagnosis.");

  const [csv] = await Promise.all([page.waitForEvent("download"), form.getByRole("button", { name: "Download CSV" }).click()]);
  const lines = readFileSync(await csv.path(), "utf8").trim().split("\r\n");
  expect(lines).toHaveLength(3);
  expect(lines[1]).toMatch(new RegExp(`^${from},rep-long,COMPLETE,UTC,`));
  // Then tags and clinician notes (none), compliance in the first 90 days and the enrolment day, on every row.
  expect(lines[2]).toMatch(new RegExp(`^${to},rep-short,COMPLETE,UTC,.*,190,180,94.7,10,,0,0,,,Not yet: best 30-day window so far 1 of 30; \\d+ days left to reach 21,\\d{4}-\\d\\d-\\d\\d$`));
  expect(errors).toEqual([]);
});

test("the PDF button says the report is being prepared until it is saved", async ({ page }) => {
  const errors = watchConsole(page);
  await signInAs(page, "dr@report.test", PASSWORD);
  await page.goto("/patients/asleep-report");
  const form = page.getByTestId("report-form");
  await form.getByLabel("From").fill(day(NIGHTS[0]!.start));
  await form.getByLabel("To").fill(day(NIGHTS[1]!.start));
  // Every text the status line shows, however briefly (a short report is ready in moments).
  await page.evaluate(() => {
    const status = document.querySelector('[data-testid="report-status"]')!;
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    new MutationObserver(() => seen.push(status.textContent ?? "")).observe(status, { childList: true, characterData: true, subtree: true });
  });
  const [pdf] = await Promise.all([page.waitForEvent("download"), form.getByRole("button", { name: "Download PDF" }).click()]);
  expect(pdf.suggestedFilename()).toMatch(/^sleep-report-asleep-report-.*\.pdf$/);
  expect((await readPdf(readFileSync(await pdf.path()))).prose).toContain("Nights (2)");
  const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
  expect(seen).toContain("Preparing your report… a year of nights can take a minute.");
  // Saved: the button is back and the status line empty.
  await expect(form.getByRole("button", { name: "Download PDF" })).toBeEnabled();
  await expect(page.getByTestId("report-status")).toHaveText("");
  expect(errors).toEqual([]);
});

test("a clinician interprets and signs the period report; the signed PDF reads back; an amendment keeps both versions", async ({ page }) => {
  const errors = watchConsole(page);
  await signInAs(page, "dr@report.test", PASSWORD);
  await page.goto("/patients/asleep-report");
  const signed = page.getByTestId("period-reports");
  await expect(signed.getByText("Add your credential (under Sleep studies) to sign a period's report.")).toBeVisible();
  await page.getByLabel("Your credential, printed after your name when you sign").fill("MD, FAASM");
  await page.getByRole("button", { name: "Save credential" }).click();
  await expect(signed.getByRole("heading", { name: "Interpret and sign a period's report" })).toBeVisible();

  const from = day(NIGHTS[0]!.start);
  const to = day(NIGHTS[1]!.start);
  await signed.getByLabel("From").fill(from);
  await signed.getByLabel("To").fill(to);
  await signed.getByLabel("Impression").fill("Two short nights; the second under 4 h.");
  await signed.getByLabel("Recommendation").fill("Earlier bedtime; review in two weeks.");
  await signed.getByRole("button", { name: "Sign report" }).click();
  const report = signed.getByRole("article", { name: `Period report ${from} to ${to}` });
  await expect(report.getByText(/Version 1: signed by Dr Rhea, MD, FAASM/)).toBeVisible();
  await expect(report.getByText("2 nights recorded", { exact: false })).toBeVisible();
  // The form for the next period starts empty: it must not sign another period with these words.
  const next = signed.locator("form", { has: page.getByRole("heading", { name: "Interpret and sign a period's report" }) });
  await expect(next.getByLabel("Impression")).toHaveValue("");
  await expect(next.getByLabel("Recommendation")).toHaveValue("");
  const shown = /SHA-256 ([0-9a-f]{64})/.exec((await report.getByText(/SHA-256 [0-9a-f]{64}/).textContent()) ?? "")![1]!;
  await expectNoSidewaysScroll(page);

  const pdf = await page.request.get((await report.getByRole("link", { name: "PDF" }).getAttribute("href")) ?? "");
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  const bytes = Buffer.from(await pdf.body());
  expect(createHash("sha256").update(bytes).digest("hex")).toBe(shown);
  const { prose } = await readPdf(bytes);
  expect(prose).toContain("Sleep report: Ria Report");
  expect(prose).toContain("Nights (2)");
  expect(prose).toMatch(/Findings: 2 nights recorded, \w{3} \d{1,2} \w{3} \d{4} to \w{3} \d{1,2} \w{3} \d{4} \(2 days\)/);
  expect(prose).toContain("Impression Two short nights; the second under 4 h.");
  expect(prose).toContain("Recommendation Earlier bedtime; review in two weeks.");
  expect(prose).toMatch(/Electronically signed by Dr Rhea, MD, FAASM/);
  expect(prose).toMatch(/Signed at \d\d:\d\d \w{3} \d{1,2} \w{3} \d{4} UTC/);

  // Final: the same period cannot be signed again, only amended, with a reason.
  await report.getByLabel("Reason for the amendment").fill("Review date moved");
  await report.getByLabel("Recommendation").fill("Earlier bedtime; review in one month.");
  await report.getByRole("button", { name: "Sign amendment" }).click();
  await expect(report.getByText(/Version 2 \(amended\): signed by Dr Rhea, MD, FAASM/)).toBeVisible();
  await expect(report.getByText(/Version 1: signed by Dr Rhea/)).toBeVisible();
  await expect(report.getByText(`SHA-256 ${shown}`)).toBeVisible();
  // Each line says "Version N" itself: no list numbers beside it ("2." next to "Version 2").
  await expect(report.locator("ol")).toHaveCSS("list-style-type", "none");
  // The amendment's reason was that amendment's; the text amended stays, as the next one starts from it.
  await expect(report.getByLabel("Reason for the amendment")).toHaveValue("");
  await expect(report.getByLabel("Recommendation")).toHaveValue("Earlier bedtime; review in one month.");
  await expectNoSidewaysScroll(page);
  expect(errors).toEqual([]);
});
