// Tags that tell the truth (issue 25 §4), as a sleeper at phone width: 19 nights, 6 tagged "alcohol",
// whose figures differ from the 13 others by no more than night-to-night noise (total sleep 3 min
// shorter on average, Deep 0 min): the comparison says one line, "No clear difference yet (6 nights with,
// 13 without)", not a list of differences.

import { postWebhook, sessionComplete } from "../test/support/webhook";
import { expect, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";
const USER = "tag-noise-nia";
const W = 0, L = 1, D = 2, R = 3;
const fill = (minutes: number, stage: number) => Array<number>(minutes * 2).fill(stage);
// Light minutes per night (the noise); Deep and REM the same every night but for a minute or two.
const WITH = [
  { light: 240, deep: 58 }, { light: 300, deep: 62 }, { light: 210, deep: 60 }, { light: 280, deep: 61 }, { light: 250, deep: 59 }, { light: 262, deep: 60 },
];
const WITHOUT = [260, 230, 310, 220, 290, 270, 240, 300, 215, 285, 255, 265, 245].map((light) => ({ light, deep: 60 }));
// Mean light with: 1542 / 6 = 257 min; without: 3385 / 13 = 260.4 min: 3 min shorter, well under the 15
// that would matter, and every other figure within a minute or a point.

test("a tag whose nights differ by noise says there is no clear difference yet", async ({ page, app }) => {
  const target = { url: app.server.url, apiKey: app.apiKey };
  await app.users(["add", "--email", "nia@tag-noise.test", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", USER]);
  // Interleaved: every third night is an alcohol night, the rest in between.
  const order = [...WITHOUT.map((n) => ({ ...n, alcohol: false }))];
  WITH.forEach((n, i) => order.splice(i * 3, 0, { ...n, alcohol: true }));
  for (const [i, n] of order.entries()) {
    const start = Date.parse("2026-09-01T21:30:00Z") + i * 86_400_000;
    const stages = [...fill(10, W), ...fill(n.light, L), ...fill(n.deep, D), ...fill(90, R), ...fill(5, W)];
    const body = sessionComplete({ userId: USER, sessionId: `${USER}-${i}`, startTime: new Date(start).toISOString(), endTime: new Date(start + stages.length * 30_000).toISOString(), timezone: "Europe/London", sleepStages: stages, stat: {} });
    expect((await postWebhook(target, body)).status).toBe(200);
  }
  await signInAs(page, "nia@tag-noise.test", PASSWORD);
  for (const [i, n] of order.entries()) {
    if (!n.alcohol) continue;
    const res = await page.request.put(`/api/sessions/${USER}-${i}/tags`, { data: { tags: ["alcohol"] }, headers: { Origin: app.server.url } });
    expect(res.status()).toBe(200);
  }
  await page.goto(`/patients/${USER}`);
  await expect(page.getByTestId("tag-comparison-scope")).toContainText("19 complete nights compared");
  await expect(page.getByTestId("tag-comparison-scope")).toContainText("at least 15 min of total sleep");
  const alcohol = page.locator('[data-testid="tag-comparison"][data-tag="alcohol"]');
  await expect(alcohol.getByTestId("no-clear-difference")).toHaveText("No clear difference yet (6 nights with, 13 without).");
  await expect(alcohol.getByRole("listitem")).toHaveCount(0);
});
