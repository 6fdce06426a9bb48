// Print and phone (issue 25 §7): a night printed from a phone (390 px wide) fits one A4 page, and the
// trends page's "Two nights side by side" selects fit within a 390 px screen, long night names and all.

import { postWebhook, sessionComplete } from "../test/support/webhook";
import { expect, PHONE, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";
const USER = "print-phone-pia";

test("a night printed from a phone is one A4 page, and the side-by-side selects fit the phone", async ({ page, app }) => {
  const target = { url: app.server.url, apiKey: app.apiKey };
  await app.users(["add", "--email", "pia@print-phone.test", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", USER, "--timezone", "Europe/Paris"]);
  for (const k of [1, 2, 3]) {
    // 9 hours with every stage, awakenings and a gap in the data: a full report.
    const stages = [...Array<number>(30).fill(0), ...Array<number>(300).fill(1), ...Array<number>(6).fill(0), ...Array<number>(200).fill(2), ...Array<number>(40).fill(-1), ...Array<number>(250).fill(3), ...Array<number>(250).fill(1), ...Array<number>(4).fill(0)];
    const start = Date.now() - (k * 24 + 12) * 3_600_000;
    const body = sessionComplete({ userId: USER, sessionId: `${USER}-${k}`, startTime: new Date(start).toISOString(), endTime: new Date(start + stages.length * 30_000).toISOString(), timezone: "Europe/Paris", sleepStages: stages, stat: {} });
    expect((await postWebhook(target, body)).status).toBe(200);
  }
  await signInAs(page, "pia@print-phone.test", PASSWORD);

  await page.goto(`/patients/${USER}`);
  const form = page.getByRole("heading", { name: "Two nights side by side" }).locator("..").locator("form");
  for (const name of ["First night", "Second night"]) {
    const box = (await form.getByLabel(name).boundingBox())!;
    expect(box.x, `${name} starts on screen`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `${name} ends within ${PHONE.width} px`).toBeLessThanOrEqual(PHONE.width);
  }

  await page.goto(`/sessions/${USER}-1`);
  await expect(page.getByTestId("report-figures")).toBeVisible();
  await page.emulateMedia({ media: "print" });
  const pdf = (await page.pdf({ format: "A4", printBackground: true })).toString("latin1");
  expect(pdf.match(/\/Type\s*\/Page[^s]/g)?.length, "pages in the night printed from a phone").toBe(1);
});
