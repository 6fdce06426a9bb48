// A clinician downloads a night as FHIR R4 and Open mHealth from the night page, and a patient's
// period as FHIR from the patient page, at phone width (the page must not scroll sideways).

import { readFileSync } from "node:fs";
import { postWebhook, sessionComplete } from "../test/support/webhook";
import { expect, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";
const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const START = Date.parse(`${day(Date.now() - 2 * DAY_MS)}T22:00:00Z`);
// 10 minutes awake, then 4 h 30 min light sleep.
const STAGES = [...Array<number>(20).fill(0), ...Array<number>(540).fill(1)];

test.beforeAll(async ({ workerApp }) => {
  await workerApp.users(["add", "--email", "dr@exports-e2e.test", "--password", PASSWORD, "--role", "clinician", "--name", "Dr Exa"]);
  await workerApp.users(["add", "--email", "eve@exports-e2e.test", "--password", PASSWORD, "--role", "patient", "--name", "Eve Export", "--asleep-user-id", "asleep-exports-e2e", "--clinician", "dr@exports-e2e.test"]);
  const sent = await postWebhook(
    { url: workerApp.server.url, apiKey: workerApp.apiKey },
    sessionComplete({ userId: "asleep-exports-e2e", sessionId: "exports-e2e-night", startTime: new Date(START).toISOString(), endTime: new Date(START + STAGES.length * 30_000).toISOString(), timezone: "UTC", sleepStages: STAGES, stat: {} }),
  );
  expect(sent.status).toBe(200);
});

test.use({ viewport: { width: 390, height: 844 }, acceptDownloads: true });

const noSidewaysScroll = async (page: import("@playwright/test").Page) => {
  const scroll = await page.evaluate(() => ({ width: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  expect(scroll.width, "page wider than the viewport").toBeLessThanOrEqual(scroll.viewport);
};

test("a clinician downloads a night as FHIR and Open mHealth, and a period as FHIR", async ({ page }) => {
  await signInAs(page, "dr@exports-e2e.test", PASSWORD);
  await page.goto("/sessions/exports-e2e-night");
  const links = page.getByTestId("night-exports");
  await expect(links).toBeVisible();
  await noSidewaysScroll(page);

  const [fhir] = await Promise.all([page.waitForEvent("download"), links.getByRole("link", { name: "FHIR R4 bundle" }).click()]);
  expect(fhir.suggestedFilename()).toBe("night-exports-e2e-night.fhir.json");
  const bundle = JSON.parse(readFileSync(await fhir.path(), "utf8"));
  expect(bundle.resourceType).toBe("Bundle");
  const total = bundle.entry.find((e: { resource: { code: { coding: Array<{ code: string }> } } }) => e.resource.code.coding[0]!.code === "93832-4");
  expect(total.resource.valueQuantity.value).toBe(270);

  const [omh] = await Promise.all([page.waitForEvent("download"), links.getByRole("link", { name: "Open mHealth JSON" }).click()]);
  const point = JSON.parse(readFileSync(await omh.path(), "utf8"));
  expect(point.header.schema_id).toEqual({ namespace: "omh", name: "sleep-episode", version: "1.1" });
  expect(point.body.total_sleep_time).toEqual({ value: 270, unit: "min" });

  await page.goto("/patients/asleep-exports-e2e");
  const form = page.getByTestId("report-form");
  await form.getByLabel("From").fill(day(START));
  await form.getByLabel("To").fill(day(START));
  await noSidewaysScroll(page);
  const [period] = await Promise.all([page.waitForEvent("download"), form.getByRole("button", { name: "FHIR R4" }).click()]);
  expect(period.suggestedFilename()).toBe(`nights-asleep-exports-e2e-${day(START)}-to-${day(START)}.fhir.json`);
  expect(JSON.parse(readFileSync(await period.path(), "utf8")).entry).toHaveLength(7);
});
