// A clinician orders a 3-night study on the patient's page; three nights arrive over the webhook (one too
// short); the sleeper fills in her diary on her phone; the study turns adequate; the clinician signs it
// and the signed version is listed with its SHA-256 and PDF, which reads back (pdftotext) with the
// adequacy line, the diary beside the measured night and the signature; then amends it, both versions are
// listed, and the study's FHIR DiagnosticReport validates. At phone width nothing scrolls sideways.
// The sleeper's zone is one where it is about 13:00 now, so her diary's night (the one that ended this
// morning there) is the study's third, whenever the test runs.

import { addDays } from "../lib/sleep/adherence";
import { diaryNightOf } from "../lib/sleep/diary";
import { readPdf } from "../test/support/pdf";
import { fhirResourceValidator } from "../test/support/schemas";
import { postWebhook, sessionComplete } from "../test/support/webhook";
import { expect, expectNoSidewaysScroll, PHONE, signInAs, test } from "./fixtures";

const offsetHours = 13 - new Date().getUTCHours();
const ZONE = offsetHours === 0 ? "UTC" : `Etc/GMT${offsetHours > 0 ? "-" : "+"}${Math.abs(offsetHours)}`;
const at = (day: string, clock: string) => Date.parse(`${day}T${clock}:00Z`) - offsetHours * 3_600_000;

const PASSWORD = "a long enough passphrase";
const fill = (n: number, stage: number) => Array<number>(n).fill(stage);

test.beforeAll(async ({ workerApp }) => {
  await workerApp.users(["add", "--email", "dr@study.test", "--password", PASSWORD, "--role", "clinician", "--name", "Dr Sam Study"]);
  await workerApp.users(["add", "--email", "pat@study.test", "--password", PASSWORD, "--role", "patient", "--name", "Pat", "--asleep-user-id", "asleep-study", "--clinician", "dr@study.test", "--timezone", ZONE]);
});

test("order a 3-night study, nights arrive (one short), the diary is filled in, it turns adequate, sign it, amend it", async ({ page, browser, workerApp }) => {
  await page.setViewportSize(PHONE);
  const diaryNight = diaryNightOf(Date.now(), ZONE);
  const first = addDays(diaryNight, -2);
  await signInAs(page, "dr@study.test", PASSWORD);
  await page.goto("/patients/asleep-study");
  await expect(page.getByRole("heading", { name: "Sleep studies" })).toBeVisible();
  await page.getByLabel("Study starts on").fill(first);
  await page.getByLabel("Window (days)").fill("7");
  await page.getByLabel("Nights wanted").fill("3");
  await page.getByLabel("Minimum valid nights").fill("2");
  await page.getByLabel("Minimum total sleep (hours)").fill("4");
  await page.getByRole("button", { name: "Order study" }).click();
  await expect(page.getByTestId("study-status")).toHaveText("0 of 3 valid nights, 4 days left");
  await expectNoSidewaysScroll(page);

  for (const [i, stages] of [[...fill(20, 0), ...fill(720, 1)], [...fill(20, 0), ...fill(240, 1)], [...fill(20, 0), ...fill(720, 1)]].entries()) {
    const start = at(addDays(first, i), "23:00");
    const sent = await postWebhook(
      { url: workerApp.server.url, apiKey: workerApp.apiKey },
      sessionComplete({ userId: "asleep-study", sessionId: `study-n${i}`, startTime: new Date(start).toISOString(), endTime: new Date(start + stages.length * 30_000).toISOString(), timezone: ZONE, sleepStages: stages, stat: {} }),
    );
    expect(sent.status).toBe(200);
  }
  // The sleeper, on her phone, fills in her diary for the third night from the morning card.
  const phone = await browser.newContext({ baseURL: workerApp.server.url, viewport: PHONE });
  const sleeper = await phone.newPage();
  await signInAs(sleeper, "pat@study.test", PASSWORD);
  await sleeper.getByRole("link", { name: "How did you sleep? Fill in your diary" }).click();
  await sleeper.waitForURL((url) => url.pathname === "/diary");
  const form = sleeper.getByTestId("diary-form");
  await form.getByLabel("Into bed", { exact: true }).fill("22:50");
  await form.getByLabel("Tried to sleep", { exact: true }).fill("23:00");
  await form.getByLabel("How long it took to fall asleep").fill("15");
  await form.getByLabel("Times you woke up").fill("1");
  await form.getByLabel("Awake in total").fill("15");
  await form.getByLabel("Final awakening", { exact: true }).fill("06:00");
  await form.getByLabel("Out of bed", { exact: true }).fill("06:20");
  await form.getByLabel("Quality of your sleep").selectOption({ label: "Good" });
  await form.getByLabel("How rested you felt on waking").selectOption({ label: "Somewhat rested" });
  await form.getByRole("button", { name: "Save diary" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved. You can change it until the end of today.");
  await expectNoSidewaysScroll(sleeper);
  await phone.close();

  // The evaluation is a job: the page shows the decision once it is stored.
  await expect(async () => {
    await page.reload();
    await expect(page.getByText("Add your credential below to sign this study's report.")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId("study-status")).toHaveText("2 of 3 valid nights: adequate");

  await page.getByLabel("Your credential, printed after your name when you sign").fill("MD, RPSGT");
  await page.getByRole("button", { name: "Save credential" }).click();
  await expect(page.getByRole("heading", { name: "Interpretation and signature" })).toBeVisible();
  // The study's own form (the period report's signing form is on the page too).
  const study = page.getByRole("article", { name: /^Study / });
  await study.getByLabel("Impression").fill("Adequate study; one short night.");
  await study.getByLabel("Recommendation").fill("No further study.");
  await study.getByRole("button", { name: "Sign report" }).click();
  await expect(page.getByText(/Version 1: signed by Dr Sam Study, MD, RPSGT/)).toBeVisible();
  await expect(page.getByText(/SHA-256 [0-9a-f]{64}/)).toBeVisible();
  const pdf = await page.request.get(await page.getByRole("link", { name: "PDF" }).getAttribute("href") ?? "");
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  const { prose } = await readPdf(Buffer.from(await pdf.body()));
  expect(prose).toContain("2 of 3 nights valid, each at least 4 h: adequate");
  // The diary beside the measured third night: reported (06:00 − 23:00) − 15 − 15 min = 6 h 30 min.
  expect(prose).toContain("Sleep diary compared with the measured nights");
  expect(prose).toContain("1 diary entry; 1 night has both a diary entry and a measured night");
  expect(prose).toContain("6 h 30 min");
  expect(prose).toMatch(/Electronically signed by Dr Sam Study, MD, RPSGT/);

  await study.getByLabel("Reason for the amendment").fill("Recommendation changed");
  await study.getByLabel("Recommendation").fill("Follow up in three months.");
  await study.getByRole("button", { name: "Sign amendment" }).click();
  await expect(page.getByText(/Version 2 \(amended\): signed by Dr Sam Study/)).toBeVisible();
  await expect(page.getByText(/Version 1: signed by Dr Sam Study/)).toBeVisible();
  await expectNoSidewaysScroll(page);

  // Into the chart: the amended report as a FHIR R4 DiagnosticReport, valid against HL7's R4 schema.
  const fhir = await page.request.get((await page.getByRole("link", { name: "FHIR DiagnosticReport" }).first().getAttribute("href")) ?? "");
  expect(fhir.status()).toBe(200);
  const report = (await fhir.json()) as { status: string; presentedForm?: Array<{ contentType: string }> };
  const verdict = fhirResourceValidator("DiagnosticReport")(report);
  expect(verdict.valid, verdict.errors).toBe(true);
  expect(report.status).toBe("amended");
  expect(report.presentedForm?.[0]?.contentType).toBe("application/pdf");

  // The same PDF worker drew both study PDFs; the patient's period report it draws next reads back whole.
  // (Fonts shared between documents lost the full stops of its last paragraph here.)
  const today = new Date().toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  const period = await page.request.get(`/api/patients/asleep-study/report.pdf?from=${monthAgo}&to=${today}`);
  expect(period.status()).toBe(200);
  expect((await readPdf(Buffer.from(await period.body()))).prose).toContain(
    "Not a diagnosis. These figures come from a consumer sleep-tracking app (Asleep), which estimates sleep stages from sound; they are not polysomnography and do not diagnose or rule out any sleep disorder. Interpret them with the patient's history and, where needed, a clinical sleep study.",
  );
});
