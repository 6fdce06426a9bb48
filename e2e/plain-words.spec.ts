// Plain words on every sleeper page (issue 25 §3), at phone width: no operations vocabulary in any
// page's text, hidden parts (closed <details>) and <title> included: the exports are under "Download my
// data", named for what they are for. And a sleeper's first visit, before any night, says how to
// record with the Asleep app and what the morning will show.

import type { Page } from "@playwright/test";
import { inferenceBlock, postWebhook, sessionComplete } from "../test/support/webhook";
import { expect, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";
const USER = "paris-01";
const BANNED = [/FHIR/, /Open mHealth/i, /mHealth/i, /Asleep could not be reached/i, /Asleep user/i, /webhook/i, /back-?fill/i, /\binference/i, /\bAPI\b/];

async function expectPlain(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator("main")).toBeVisible();
  // Every word of the page, hidden ones included, but not the scripts' source (the page's data for React,
  // which carries its message catalogue, is read by no one).
  const text = await page.evaluate(() => {
    const body = document.body.cloneNode(true) as HTMLElement;
    for (const code of Array.from(body.querySelectorAll("script, style, template"))) code.remove();
    return `${document.title}\n${body.textContent ?? ""}`;
  });
  for (const word of BANNED) expect(text, `${path} says ${word}`).not.toMatch(word);
}

test("every sleeper page is in plain words, and the first visit welcomes the sleeper", async ({ page, app }) => {
  const target = { url: app.server.url, apiKey: app.apiKey };
  await app.users(["add", "--email", "paris@plain.test", "--password", PASSWORD, "--role", "patient", "--name", "Paris", "--asleep-user-id", USER, "--timezone", "Europe/Paris"]);
  await signInAs(page, "paris@plain.test", PASSWORD);
  const welcome = page.getByTestId("first-night-welcome");
  await expect(welcome).toContainText("open the Asleep app on your phone and start a recording");
  await expect(welcome).toContainText("Leave the phone charging");
  await expect(welcome).toContainText("Deep and REM sleep");
  await expectPlain(page, "/");
  await expectPlain(page, `/patients/${USER}`);
  await expectPlain(page, "/diary");

  for (const k of [1, 2, 3, 4]) {
    const stages = [...Array<number>(20).fill(0), ...Array<number>(300).fill(1), ...Array<number>(200).fill(2), ...Array<number>(200).fill(3), ...Array<number>(10).fill(0)];
    const start = Date.now() - (k * 24 + 10) * 3_600_000;
    expect((await postWebhook(target, sessionComplete({ userId: USER, sessionId: `${USER}-${k}`, startTime: new Date(start).toISOString(), endTime: new Date(start + stages.length * 30_000).toISOString(), timezone: "Europe/Paris", sleepStages: stages, stat: {} }))).status).toBe(200);
  }
  for (const seq of [0, 1]) expect((await postWebhook(target, inferenceBlock(USER, `${USER}-tonight`, seq))).status).toBe(200);

  await expectPlain(page, "/");
  await expect(page.getByTestId("first-night-welcome")).toHaveCount(0);
  // Deep and REM against the sleeper's own usual, and how regular bed and wake times were.
  await expect(page.getByTestId("glance-deep")).toContainText("1 h 40 min");
  await expect(page.getByTestId("glance-rem-7")).toHaveText("vs the 7 nights before: usual (avg 1 h 40 min, 3 nights)");
  await expect(page.getByTestId("glance-consistency")).toContainText("Over your last 4 nights, bed times varied by");
  await expectPlain(page, `/patients/${USER}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your sleep");
  await expect(page.getByRole("heading", { name: "Download my data" })).toBeVisible();
  await expectPlain(page, `/sessions/${USER}-1`);
  await page.getByText("Download my data").click();
  await expect(page.getByRole("link", { name: "For a clinic's health-record system" })).toBeVisible();
  await expectPlain(page, `/sessions/${USER}-tonight`);
});
