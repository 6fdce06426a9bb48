// What each of Asleep's plans measured, in the browser (issue 23 §2, §5). A night from the basic plan,
// scored only Wake (0) / Sleep (1) and with a report that has no light, deep or REM field, shows sleep
// and wake only: a two-row hypnogram, no stage shares or ranges, no REM latency, no cycles.

import { postWebhook, sessionComplete } from "../test/support/webhook";
import { expect, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";
const SLEEPER = "bea@plans-e2e.test";
const ASLEEP_ID = "plans-e2e-bea";
const fill = (minutes: number, stage: number) => Array<number>(minutes * 2).fill(stage);

// 20 min awake, 200 min asleep, 10 min awake, 180 min asleep, 10 min awake: 420 min in bed, 380 asleep.
const TWO_STAGE = [...fill(20, 0), ...fill(200, 1), ...fill(10, 0), ...fill(180, 1), ...fill(10, 0)];
// Asleep's report on the basic plan: times in bed, sleep and wake, no time in light, deep or REM.
const TWO_STAGE_STAT = { time_in_bed: 25200, time_in_sleep: 22800, time_in_wake: 2400, sleep_efficiency: 0.9, sleep_latency: 1200, waso_count: 1 };

// 10 min awake, 60 light, 30 deep, 20 REM, 60 light, 10 awake: 190 min.
const FOUR_STAGE = [...fill(10, 0), ...fill(60, 1), ...fill(30, 2), ...fill(20, 3), ...fill(60, 1), ...fill(10, 0)];
const FOUR_STAGE_STAT = { time_in_bed: 11400, time_in_sleep: 10200, time_in_light: 7200, time_in_deep: 1800, time_in_rem: 1200, sleep_efficiency: 0.89 };
// Breathing judged unstable for 20 minutes in the middle of the night, stable elsewhere.
const BREATH = [...fill(85, 0), ...fill(20, 1), ...fill(85, 0)];
const BREATHING = {
  id: "plans-e2e-breathing",
  stat: { ...FOUR_STAGE_STAT, sleep_index: 83, breathing_index: 2.5, time_in_stable_breath: 10200, time_in_unstable_breath: 1200, stable_breath_ratio: 0.895, unstable_breath_ratio: 0.105, time_in_snoring: 600, snoring_ratio: 0.05, snoring_count: 17, wakeup_latency: 600 },
  breath: BREATH,
};
const NO_BREATHING = { id: "plans-e2e-no-breathing", stat: FOUR_STAGE_STAT, breath: null };

test.describe("Asleep's plans", () => {
  test.beforeAll(async ({ workerApp }) => {
    await workerApp.users(["add", "--email", SLEEPER, "--password", PASSWORD, "--role", "patient", "--name", "Bea", "--asleep-user-id", ASLEEP_ID, "--enrolled-on", "2026-11-01"]);
    const target = { url: workerApp.server.url, apiKey: workerApp.apiKey };
    const start = Date.parse("2026-11-20T22:00:00Z");
    const body = sessionComplete({ userId: ASLEEP_ID, sessionId: "plans-e2e-two", startTime: new Date(start).toISOString(), endTime: new Date(start + TWO_STAGE.length * 30_000).toISOString(), timezone: "Europe/Paris", sleepStages: TWO_STAGE, stat: TWO_STAGE_STAT });
    expect((await postWebhook(target, body)).status).toBe(200);
    // Two 4-stage nights the next days: one from a plan with breathing analysis, one without.
    for (const [i, night] of [BREATHING, NO_BREATHING].entries()) {
      const at = start + (i + 1) * 86_400_000;
      const complete = sessionComplete({ userId: ASLEEP_ID, sessionId: night.id, startTime: new Date(at).toISOString(), endTime: new Date(at + FOUR_STAGE.length * 30_000).toISOString(), timezone: "Europe/Paris", sleepStages: FOUR_STAGE, stat: night.stat });
      const sent = night.breath ? { ...complete, session: { ...complete.session, breath_stages: night.breath } } : complete;
      expect((await postWebhook(target, sent)).status).toBe(200);
    }
  });

  test("a 2-stage night shows sleep and wake only: two hypnogram rows, no Light, no Deep 0 %, no REM latency", async ({ page }) => {
    await signInAs(page, SLEEPER, PASSWORD);
    await page.goto("/sessions/plans-e2e-two");
    const hypnogram = page.locator("figure[data-plan]");
    await expect(hypnogram).toHaveAttribute("data-plan", "2-stage");
    // The axis names two rows, Wake and Sleep; no Light, Deep or REM row, no REM line in the legend.
    const rowLabels = hypnogram.locator(".recharts-cartesian-axis-tick-value").filter({ hasText: /^[A-Za-z]+$/ });
    await expect(rowLabels.filter({ hasText: "Wake" }).first()).toBeVisible();
    expect(new Set(await rowLabels.allTextContents())).toEqual(new Set(["Wake", "Sleep", "Snoring"]));
    await expect(hypnogram).not.toContainText("Light");
    await expect(hypnogram).not.toContainText("Deep");
    await expect(hypnogram).not.toContainText("REM");
    await expect(page.getByTestId("two-stage-legend")).toBeVisible();

    const report = page.getByRole("region", { name: "Night report" });
    await expect(page.getByTestId("two-stage-note")).toBeVisible();
    await expect(page.getByTestId("total-sleep")).toHaveText("6 h 20 min");
    await expect(page.getByTestId("efficiency")).toHaveText("90%");
    // No stage shares or ranges, no REM latency, no cycles.
    await expect(page.getByTestId("stage-shares")).toHaveCount(0);
    await expect(page.getByTestId("rem-latency")).toHaveCount(0);
    await expect(page.getByTestId("report-figures")).not.toContainText("Sleep cycles");
    await expect(page.getByTestId("report-figures")).not.toContainText("REM");
    await expect(page.getByTestId("sleep-wake")).toContainText("Sleep");
    await expect(page.getByTestId("sleep-wake")).toContainText("6 h 20 min");
    await expect(report).not.toContainText("Light");
    await expect(report).not.toContainText("Deep 0");
    await expect(report).not.toContainText("below typical");
    // The hypnogram as a table says Sleep, never Light.
    await page.getByText("The hypnogram as a table").click();
    await expect(page.getByTestId("stage-table")).toContainText("Sleep");
    await expect(page.getByTestId("stage-table")).not.toContainText("Light");

    // Her trends: the 2-stage night's row says it has no stage shares, rather than 0 % or "—".
    await page.goto(`/patients/${ASLEEP_ID}`);
    await page.getByText("The trends as a table").click();
    await expect(page.getByTestId("trend-row").filter({ hasText: "2 stages: wake and sleep only" })).toHaveCount(1);
  });

  test("a night with Asleep's breathing analysis shows the breathing band and Asleep's figures; a night without shows none of it", async ({ page }) => {
    await signInAs(page, SLEEPER, PASSWORD);
    await page.goto(`/sessions/${BREATHING.id}`);
    await expect(page.getByTestId("breathing-band")).toBeVisible();
    await expect(page.locator("[data-testid=unstable-breath-area]")).toHaveCount(1);
    await expect(page.getByTestId("breathing-legend")).toContainText("Asleep");
    await expect(page.getByTestId("snoring-count")).toHaveText(": 17 snoring events, as counted by Asleep");
    const measures = page.getByTestId("asleep-measures");
    await expect(measures).toContainText("Asleep's own figures, computed by Asleep with its own formulas");
    await expect(page.getByTestId("asleep-sleep-index")).toHaveText("83 / 100");
    await expect(page.getByTestId("asleep-breathing")).toHaveText("unstable 11% of the night · 20 min unstable · 2 h 50 min stable · breathing index 2.5");
    await expect(page.getByTestId("asleep-snoring")).toHaveText("17 events · 10 min · 5% of the night");
    await expect(page.getByTestId("asleep-wakeup-latency")).toHaveText("10 min");

    await page.goto(`/sessions/${NO_BREATHING.id}`);
    await expect(page.getByRole("heading", { name: "Night report" })).toBeVisible();
    await expect(page.getByTestId("breathing-band")).toHaveCount(0);
    await expect(page.getByTestId("breathing-legend")).toHaveCount(0);
    await expect(page.getByTestId("snoring-count")).toHaveCount(0);
    await expect(page.getByTestId("asleep-measures")).toHaveCount(0);

    // Trends: the score and unstable breathing of the night that has them, an empty cell (not 0) for the others.
    await page.goto(`/patients/${ASLEEP_ID}`);
    await page.getByText("The trends as a table").click();
    const scores = await page.getByTestId("trend-asleep-score").allTextContents();
    expect(scores.sort()).toEqual(["", "", "83/100"]);
    const breathing = await page.getByTestId("trend-unstable-breathing").allTextContents();
    expect(breathing.sort()).toEqual(["", "", "11%"]);
    await expect(page.getByTestId("trend-asleep-note")).toContainText("Asleep computes it with its own formula");

    // The morning card's night is the newest (no score sent): no score there, no zero, no "—".
    await page.goto("/");
    await expect(page.getByTestId("glance-summary")).toBeVisible();
    await expect(page.getByTestId("glance-asleep-score")).toHaveCount(0);
  });
});

test.describe("Asleep's sleep score on the morning card", () => {
  const sleeper = "cal@plans-e2e.test";
  const asleepId = "plans-e2e-cal";
  test.beforeAll(async ({ workerApp }) => {
    await workerApp.users(["add", "--email", sleeper, "--password", PASSWORD, "--role", "patient", "--name", "Cal", "--asleep-user-id", asleepId, "--enrolled-on", "2026-11-01"]);
    const at = Date.parse("2026-11-25T22:00:00Z");
    const body = sessionComplete({ userId: asleepId, sessionId: "plans-e2e-cal-scored", startTime: new Date(at).toISOString(), endTime: new Date(at + FOUR_STAGE.length * 30_000).toISOString(), timezone: "Europe/Paris", sleepStages: FOUR_STAGE, stat: BREATHING.stat });
    expect((await postWebhook({ url: workerApp.server.url, apiKey: workerApp.apiKey }, body)).status).toBe(200);
  });

  test("the card shows Asleep's score for its night, labelled as Asleep's own, as the night report does", async ({ page }) => {
    await signInAs(page, sleeper, PASSWORD);
    await page.goto("/");
    const score = page.getByTestId("glance-asleep-score");
    await expect(score).toContainText("Asleep's sleep score: 83 / 100");
    await expect(score).toContainText("Asleep computes it with its own formula");
    await page.getByTestId("glance-when").getByRole("link", { name: "the night's report" }).click();
    await expect(page.getByTestId("asleep-sleep-index")).toHaveText("83 / 100");
  });
});
