// The sleeper's own view (issue 14): last night at a glance on their home, and their own trends on the
// page their clinician uses, at phone and at desktop width. The nights are delivered over the webhook
// here, and every figure checked below is worked out by hand from them.

import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { addDays } from "../lib/sleep/adherence";
import { dayLabel, sleepDay } from "../lib/time/day";
import { postWebhook, sessionComplete } from "../test/support/webhook";
import { expect, PHONE, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";
const SAM = { email: "sam@sleeper.test", userId: "sleeper-sam" };
const ZONE = "Europe/Paris";

/** A hypnogram from runs of [stage, epochs]. */
const hyp = (...runs: Array<[number, number]>) => runs.flatMap(([stage, n]) => Array<number>(n).fill(stage));

// Nights k days before "today" (the night now under way or still to come, noon to noon in Paris).
// Paris is UTC+1 all of November to March, and these tests keep to dates near now: a night delivered
// near the end of October would shift by an hour, so the clock is given with Paris's offset of the day.
const today = sleepDay(Date.now(), ZONE);
const day = (k: number) => addDays(today, -k);
const at = (d: string, clock: string, nextDay = false) => {
  const date = nextDay ? addDays(d, 1) : d;
  const offset = new Intl.DateTimeFormat("en-GB", { timeZone: ZONE, timeZoneName: "longOffset" }).formatToParts(new Date(`${date}T12:00:00Z`)).find((p) => p.type === "timeZoneName")!.value.replace("GMT", "") || "+00:00";
  return new Date(`${date}T${clock}:00${offset}`);
};
const NIGHTS = [
  // Last night: in bed 23:30 to 07:00 (900 epochs). Asleep 400 + 300 + 170 = 870 epochs = 7 h 15 min,
  // 870 / 900 = 96.7 % → 97 %; two awakenings (the 4 wake epochs at the end are the final awakening).
  { k: 1, start: at(day(1), "23:30"), stages: hyp([0, 20], [1, 400], [0, 4], [2, 300], [0, 2], [3, 170], [0, 4]) },
  // 23:30 to 06:20 (820 epochs); asleep 750 = 6 h 15 min, 91.5 % → 91 %; one awakening.
  { k: 2, start: at(day(2), "23:30"), stages: hyp([0, 40], [1, 600], [0, 10], [3, 150], [0, 20]) },
  // 00:30 to 07:50 (880 epochs), still the night of day 3; asleep 800 = 6 h 40 min, 90.9 % → 91 %; two awakenings.
  { k: 3, start: at(day(3), "00:30", true), stages: hyp([0, 60], [1, 500], [0, 6], [2, 200], [0, 6], [3, 100], [0, 8]) },
  // No night on day 4. 23:30 to 05:40 (740 epochs); asleep 700 = 5 h 50 min, 94.6 % → 95 %; no awakening.
  { k: 5, start: at(day(5), "23:30"), stages: hyp([0, 20], [1, 700], [0, 20]) },
];
// The three nights before last night, by hand: total sleep (375 + 400 + 350) / 3 = 375 min = 6 h 15 min;
// efficiency (91 + 91 + 95) / 3 = 92.3 → 92 %; awakenings (1 + 2 + 0) / 3 = 1; bedtime minutes after
// noon (690 + 750 + 690) / 3 = 710 → 23:50; wake (1100 + 1190 + 1060) / 3 = 1116.7 → 06:37.

async function expectAxeClean(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length}×) ${v.nodes[0]?.target.join(" ")}`), `axe on ${what}`).toEqual([]);
}

test.beforeAll(async ({ workerApp }) => {
  await workerApp.users(["add", "--email", "dr@sleeper.test", "--password", PASSWORD, "--role", "clinician", "--name", "Dr Sleeper"]);
  await workerApp.users(["add", "--email", SAM.email, "--password", PASSWORD, "--role", "patient", "--name", "Sam", "--asleep-user-id", SAM.userId, "--clinician", "dr@sleeper.test"]);
  await workerApp.users(["add", "--email", "other@sleeper.test", "--password", PASSWORD, "--role", "patient", "--name", "Other", "--asleep-user-id", "sleeper-other", "--clinician", "dr@sleeper.test"]);
  for (const n of NIGHTS) {
    const sent = await postWebhook(
      { url: workerApp.server.url, apiKey: workerApp.apiKey },
      sessionComplete({ userId: SAM.userId, sessionId: `sleeper-sam-${n.k}`, startTime: n.start.toISOString(), endTime: new Date(n.start.getTime() + n.stages.length * 30_000).toISOString(), timezone: ZONE, sleepStages: n.stages, stat: {} }),
    );
    expect(sent.status).toBe(200);
  }
  // Tonight, still recording: three 5-minute analyses, each 9 of 10 epochs asleep and 3 epochs of snoring.
  for (const seq of [0, 1, 2]) {
    const sent = await postWebhook(
      { url: workerApp.server.url, apiKey: workerApp.apiKey },
      { event: "INFERENCE_COMPLETE", version: "V3", user_id: SAM.userId, session_id: "sleeper-sam-tonight", inference_seq_num: seq, sleep_stages: [0, 1, 1, 2, 2, 2, 1, 3, 3, 1], snoring_stages: [0, 0, 0, 1, 1, 1, 0, 0, 0, 0] },
    );
    expect(sent.status).toBe(200);
  }
  const other = hyp([0, 10], [1, 600]);
  await postWebhook({ url: workerApp.server.url, apiKey: workerApp.apiKey }, sessionComplete({ userId: "sleeper-other", sessionId: "sleeper-other-1", startTime: at(day(1), "22:00").toISOString(), endTime: new Date(at(day(1), "22:00").getTime() + other.length * 30_000).toISOString(), timezone: ZONE, sleepStages: other, stat: {} }));
});

for (const viewport of [PHONE, { width: 1280, height: 900 }]) {
  test.describe(`at ${viewport.width} px`, () => {
    test.use({ viewport });

    test("last night at a glance: figures against the sleeper's own averages, in plain words", async ({ page }) => {
      await signInAs(page, SAM.email, PASSWORD);
      const card = page.getByTestId("last-night");
      await expect(card.getByRole("heading", { name: "Last night" })).toBeVisible();
      await expect(card.getByTestId("glance-when")).toContainText(`${dayLabel(day(1))}, 23:30 to ${dayLabel(day(0)).slice(0, 3)} 07:00 (Europe/Paris)`);
      const figure = (metric: string) => card.getByTestId(`glance-${metric}`).locator(".glance-figure");
      await expect(figure("bedtime")).toHaveText("23:30");
      await expect(figure("wake")).toHaveText("07:00");
      await expect(figure("totalSleep")).toHaveText("7 h 15 min");
      await expect(figure("efficiency")).toHaveText("97%");
      await expect(figure("awakenings")).toHaveText("2");
      // Three earlier nights: the 7- and the 30-night averages are over the same three.
      for (const w of [7, 30]) {
        await expect(card.getByTestId(`glance-totalSleep-${w}`)).toHaveText(`vs last ${w}: better: 1 h more (avg 6 h 15 min, 3 nights)`);
        await expect(card.getByTestId(`glance-efficiency-${w}`)).toHaveText(`vs last ${w}: better: 5 points higher (avg 92%, 3 nights)`);
        await expect(card.getByTestId(`glance-awakenings-${w}`)).toHaveText(`vs last ${w}: usual (avg 1, 3 nights)`);
        await expect(card.getByTestId(`glance-bedtime-${w}`)).toHaveText(`vs last ${w}: usual (avg 23:50, 3 nights)`);
        await expect(card.getByTestId(`glance-wake-${w}`)).toHaveText(`vs last ${w}: usual (avg 06:37, 3 nights)`);
      }
      await expect(card.getByTestId("glance-summary")).toHaveText(
        `On the night of ${dayLabel(day(1))} you slept 7 h 15 min between 23:30 and 07:00 (Europe/Paris). ` +
          "That is 1 h more than your average over the 3 nights before (6 h 15 min). " +
          "Your sleep efficiency was 97%, 5 points higher than your average (92%). " +
          "You woke twice, within your usual range (your average: 1). " +
          "You went to bed at about your usual time (23:50 on average) and got up at about your usual time (06:37 on average).",
      );
      await card.getByText("What these figures mean, and the usual adult ranges").click();
      await expect(card.getByTestId("glance-explanations")).toContainText("Adults are advised to sleep 7 hours or more");
      await expect(card.getByTestId("glance-explanations")).toContainText("85% or more");
      await expect(card.getByTestId("glance-explanations")).toContainText("not a diagnosis");
      await expectAxeClean(page, "/ (sleeper, with the card)");
    });

    test("their own trends from home, with ranges, gaps and a table; anyone else's is not found", async ({ page, pageChecks }) => {
      await signInAs(page, SAM.email, PASSWORD);
      await page.getByRole("link", { name: "Your trends over 7, 30 and 90 nights →" }).click();
      await expect(page).toHaveURL(new RegExp(`/patients/${SAM.userId}$`));
      await expect(page.getByRole("link", { name: "← Home" })).toBeVisible();
      await expect(page.getByRole("link", { name: "30 nights" })).toHaveAttribute("aria-current", "page");
      await expect(page.getByTestId("trend-counts")).toContainText("4 of the last 30 nights recorded");
      // Bedtimes 23:30, 23:30, 00:30, 23:30: mean 23:45, deviations 15, 15, 45, 15 min; sqrt(2700 / 3) = 30.
      await expect(page.getByTestId("bedtime-regularity")).toHaveText("Bedtime regularity: bedtimes vary by 30 min (standard deviation over 4 nights).");

      await page.getByRole("link", { name: "7 nights" }).click();
      await expect(page).toHaveURL(/\?range=7$/);
      await expect(page.getByRole("link", { name: "7 nights" })).toHaveAttribute("aria-current", "page");
      await expect(page.getByTestId("trend-counts")).toContainText("4 of the last 7 nights recorded");
      // One chart per unit; in each single-line chart one dot per recorded night, none for the gaps.
      const charts = page.getByRole("group", { name: "Trends across nights" }).getByRole("figure");
      await expect(charts).toHaveCount(5);
      await expect(page.getByRole("figure", { name: "Total sleep (hours) by night" }).locator(".recharts-line-dots circle")).toHaveCount(4);
      await expect(page.getByRole("figure", { name: "Bedtime (local clock) by night" }).locator(".recharts-line-dots circle")).toHaveCount(4);
      // Deep's line is drawn in the palette's readable violet-blue, not the 2.8:1 blue.
      await expect(page.getByRole("figure", { name: "Stage shares (% of total sleep) by night" }).locator('.recharts-line path[stroke="#7F7FFF"]').first()).toBeAttached();
      // Its legend text is in the page's text colour (#e2e8f0, 11.9:1), not the line's (4.45:1 as text).
      const legendText = page.getByRole("figure", { name: "Stage shares (% of total sleep) by night" }).locator(".recharts-legend-item-text").filter({ hasText: "Deep (%)" });
      await expect(legendText.locator("span")).toHaveCSS("color", "rgb(226, 232, 240)");

      await page.getByText("The trends as a table").click();
      const table = page.getByTestId("nights-table");
      // Days 7 and 6 without a night, day 5, day 4 without, days 3, 2 and 1.
      await expect(table.getByTestId("gap-row")).toHaveText([`No night recorded: ${dayLabel(day(4))}`, `No night recorded: ${dayLabel(day(7))} to ${dayLabel(day(6))}`]);
      await expect(table.getByTestId("trend-row")).toHaveCount(4);
      // Newest first. Last night's shares: 400, 300 and 170 of 870 epochs = 45.98, 34.48, 19.54 %,
      // rounded to add up to 100 (largest remainders): 46 / 34 / 20; latency 20 wake epochs = 10 min.
      // The browser's zone is not Paris, so the night's name carries it.
      await expect(table.getByTestId("trend-row").first().getByRole("cell")).toHaveText([`${dayLabel(day(1))}, 23:30–07:00, Europe/Paris`, "7 h 15 min", "97%", "10 min", "46% / 34% / 20%", "23:30"]);
      await expectAxeClean(page, "/patients (the sleeper's own trends)");

      pageChecks.allowConsoleErrors(/status of 404/);
      for (const path of ["/patients/sleeper-other", "/patients/sleeper-other?range=7", "/patients/nobody-at-all"]) {
        const response = await page.goto(path);
        expect(response?.status(), path).toBe(404);
      }
    });

    test("the night page at 3 am: what so far, as of when, the hour ticks, now, snoring, and Complete not Live", async ({ page }) => {
      await signInAs(page, SAM.email, PASSWORD);
      await page.goto("/sessions/sleeper-sam-tonight");
      await expect(page.getByTestId("connection")).toContainText("Live");
      // 27 of 30 epochs asleep: 13.5 min, shown as 14; the last epoch is Light, so the stage is as recent as the data.
      const soFar = page.getByTestId("night-so-far");
      await expect(soFar).toHaveText(/^Asleep 14 min so far · Light as of (\d\d:\d\d) · data up to \1 \(.+\)$/);
      const hypnogram = page.getByRole("figure", { name: "Hypnogram: sleep stage over the night" });
      await expect(hypnogram.getByText(/^now \d\d:\d\d$/)).toBeVisible();
      await expect(hypnogram.getByText("Snoring", { exact: true })).toBeVisible();
      await page.getByText("The hypnogram as a table").click();
      await expect(page.getByTestId("snoring-table").locator("tbody tr")).toHaveCount(3);
      await expect(page.getByTestId("snoring-table").locator("tbody tr").first().getByRole("cell").nth(1)).toHaveText("2 min");

      await page.goto("/sessions/sleeper-sam-1");
      await expect(page.getByTestId("connection")).toContainText("Complete");
      await expect(page.getByTestId("connection")).not.toContainText("Live");
      await expect(page.getByTestId("night-so-far")).toHaveText("Slept 7 h 15 min · last stage Wake, at 07:00 · data up to 07:00 (Europe/Paris)");
      await expect(page.getByRole("figure", { name: "Hypnogram: sleep stage over the night" }).getByText(/^now \d\d:\d\d$/)).toHaveCount(0);
      // 23:30 to 07:00 in Paris: ticks on whole hours only (some may be left out for room on a phone).
      // The time axis's labels are the clock ones (the other axis names stages); the chart draws once measured.
      const clockTicks = page.getByRole("figure", { name: "Hypnogram: sleep stage over the night" }).locator(".recharts-cartesian-axis-tick-value").filter({ hasText: /^\d\d:\d\d$/ });
      await expect(clockTicks.first()).toBeVisible();
      const ticks = await clockTicks.allTextContents();
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      for (const t of ticks) expect(["00:00", "01:00", "02:00", "03:00", "04:00", "05:00", "06:00", "07:00"]).toContain(t);
      // Light 400, Deep 300, REM 170 epochs: 200 + 150 + 85 = 435 min, the total shown; wake 20 + 4 + 2 + 4 = 30 epochs.
      const shares = page.getByTestId("stage-shares");
      await expect(shares.getByRole("row", { name: /^Light/ }).getByRole("cell").first()).toHaveText("3 h 20 min");
      await expect(shares.getByRole("row", { name: /^Deep/ }).getByRole("cell").first()).toHaveText("2 h 30 min");
      await expect(shares.getByRole("row", { name: /^REM/ }).getByRole("cell").first()).toHaveText("1 h 25 min");
      await expect(shares.getByRole("row", { name: /^Total sleep/ }).getByRole("cell").first()).toHaveText("7 h 15 min");
      await expect(shares.getByTestId("wake-row").getByRole("cell").first()).toHaveText("15 min");
      await expect(shares.getByTestId("no-data-row").getByRole("cell").first()).toHaveText("0 min");
      await expect(shares.getByRole("row", { name: /^Time in bed/ }).getByRole("cell").first()).toHaveText("7 h 30 min");
      await page.getByText("The hypnogram as a table").click();
      await expect(page.getByTestId("snoring-table")).toContainText("No snoring recorded.");
      await expectAxeClean(page, "/sessions (complete, sleeper)");
    });

    test("the clinician sees the same trends for their patient", async ({ page }) => {
      await signInAs(page, "dr@sleeper.test", PASSWORD);
      await page.goto(`/patients/${SAM.userId}?range=90`);
      await expect(page.getByRole("link", { name: "← Board" })).toBeVisible();
      await expect(page.getByRole("link", { name: "90 nights" })).toHaveAttribute("aria-current", "page");
      await expect(page.getByTestId("trend-counts")).toContainText("4 of the last 90 nights recorded");
      await expect(page.getByTestId("bedtime-regularity")).toContainText("30 min");
    });
  });
}

test("a night printed is one page, black on white, with the patient, the date and the zone", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAs(page, SAM.email, PASSWORD);
  await page.goto("/sessions/sleeper-sam-1");
  await expect(page.getByTestId("night-so-far")).toBeVisible();
  await expect(page.getByTestId("print-patient")).toBeHidden();
  await page.emulateMedia({ media: "print" });
  await expect(page.getByTestId("print-patient")).toHaveText("Patient: Sam");
  await expect(page.getByTestId("night-title")).toContainText(dayLabel(day(1)));
  await expect(page.getByTestId("zone-note")).toContainText("Europe/Paris");
  await expect(page.getByTestId("report-definitions")).toBeHidden();
  await expect(page.getByRole("link", { name: "← All nights" })).toBeHidden();
  const colours = await page.evaluate(() => {
    const style = (el: Element | null) => (el ? getComputedStyle(el) : null);
    return {
      text: style(document.body)!.color,
      background: style(document.body)!.backgroundColor,
      panel: style(document.querySelector(".panel"))!.backgroundColor,
      figure: style(document.querySelector(".figures dd"))!.color,
      tick: style(document.querySelector(".hypnogram .recharts-cartesian-axis-tick-value"))!.fill,
      line: style(document.querySelector(".hypnogram .recharts-line-curve"))!.stroke,
    };
  });
  expect(colours).toEqual({ text: "rgb(0, 0, 0)", background: "rgb(255, 255, 255)", panel: "rgb(255, 255, 255)", figure: "rgb(0, 0, 0)", tick: "rgb(0, 0, 0)", line: "rgb(0, 0, 0)" });
  const pdf = (await page.pdf({ format: "A4", printBackground: true })).toString("latin1");
  expect(pdf.match(/\/Type\s*\/Page[^s]/g)?.length, "pages in the printed night").toBe(1);
});
