// The sleeper's own view (issue 14): last night at a glance on their home, and their own trends on the
// page their clinician uses, at phone and at desktop width. The nights are delivered over the webhook
// here, and every figure checked below is worked out by hand from them.

import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { blendOver, contrastRatio, MIN_GRAPHIC_CONTRAST } from "../lib/chart/palette";
import { addDays } from "../lib/sleep/adherence";
import { dayLabel, sleepDay } from "../lib/time/day";
import { postWebhook, sessionComplete } from "../test/support/webhook";
import { expect, leaveSignedOut, PHONE, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";
const SAM = { email: "sam@sleeper.test", userId: "sleeper-sam" };
// Lou has two nights (one before last night's), a long one with snoring and a gap in the data, and is recording tonight.
const LOU = { email: "lou@sleeper.test", userId: "sleeper-lou" };
const ZONE = "Europe/Paris";

/** A hypnogram from runs of [stage, epochs]. */
const hyp = (...runs: Array<[number, number]>) => runs.flatMap(([stage, n]) => Array<number>(n).fill(stage));

// Nights k days before "today" (the night now under way or still to come, noon to noon in Paris).
// Paris is UTC+1 all of November to March, and these tests keep to dates near now: a night delivered
// near the end of October would shift by an hour, so the clock is given with Paris's offset of the day.
// "Today" changes at noon in Paris, for these tests and for the server alike, and the whole file must see
// one: it takes a minute or two, so when noon is less than SAME_DAY_MARGIN_MS away the nights are dated
// in the next sleep day and the file waits for noon before it starts (test.beforeAll).
const SAME_DAY_MARGIN_MS = 5 * 60_000;
const today = sleepDay(Date.now() + SAME_DAY_MARGIN_MS, ZONE);
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
// Lou's last night: 22:00 to 08:00, 10 hours (1200 epochs), with an hour of no data (120 epochs) and
// snoring in two runs; the night before it, one earlier night only.
const LOU_LONG = hyp([0, 20], [1, 300], [-1, 120], [2, 240], [0, 10], [3, 200], [1, 300], [0, 10]);
const LOU_SNORING = LOU_LONG.map((_, i) => ((i >= 400 && i < 460) || (i >= 900 && i < 940) ? 1 : 0));
const LOU_NIGHTS = [
  { k: 1, start: at(day(1), "22:00"), stages: LOU_LONG, snoring: LOU_SNORING },
  { k: 2, start: at(day(2), "23:00"), stages: hyp([0, 20], [1, 800], [0, 20]), snoring: undefined },
];
// Lou tonight, two analyses: wake 1 + 1 epochs, Light 3 + 3, Deep 2 + 4, REM 2 + 2, no data 2 + 0: 20
// epochs = 10 min: Light 3 min, Deep 3 min, REM 2 min, Wake 1 min, No data 1 min.
const LOU_TONIGHT = [
  [0, 1, 1, 2, 2, -1, -1, 3, 3, 1],
  [1, 1, 2, 2, 2, 2, 3, 3, 0, 1],
];

/**
 * The card's heading, by hand: "Last night" when the night's day is yesterday's date on the Paris clock,
 * else the date and how many days ago ("today" on its own day). The tests run at any hour, and "today"
 * above is the sleep day (noon to noon), so last night may be one or two calendar days back.
 */
function cardHeading(nightDay: string): string {
  const todayInParis = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(new Date());
  const ago = Math.round((Date.parse(`${todayInParis}T00:00:00Z`) - Date.parse(`${nightDay}T00:00:00Z`)) / 86_400_000);
  return ago === 1 ? "Last night" : `The night of ${dayLabel(nightDay)} (${ago === 0 ? "today" : `${ago} days ago`})`;
}

/** "rgb(30, 41, 59)" → "#1e293b". */
const hexOf = (rgb: string) => `#${rgb.match(/\d+/g)!.slice(0, 3).map((v) => Number(v).toString(16).padStart(2, "0")).join("")}`;

/** Every fill and stroke of every rect, path and text of the page's charts, as computed (print media or not). */
async function svgPaint(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("svg rect, svg path, svg text")].flatMap((el) => {
      const style = getComputedStyle(el);
      return [
        { what: `${el.tagName} ${el.getAttribute("class") ?? ""} fill`, colour: style.fill },
        { what: `${el.tagName} ${el.getAttribute("class") ?? ""} stroke`, colour: style.stroke },
      ];
    }),
  );
}

/** Black, white, a grey (r = g = b), or nothing painted at all. */
const isGreyOrNone = (colour: string) => {
  if (colour === "none" || colour === "transparent") return true;
  const v = colour.match(/[\d.]+/g)?.map(Number);
  if (!v || v.length < 3) return false;
  return (v.length === 4 && v[3] === 0) || (v[0] === v[1] && v[1] === v[2]);
};

// The three nights before last night, by hand: total sleep (375 + 400 + 350) / 3 = 375 min = 6 h 15 min;
// efficiency (91 + 91 + 95) / 3 = 92.3 → 92 %; awakenings (1 + 2 + 0) / 3 = 1; bedtime minutes after
// noon (690 + 750 + 690) / 3 = 710 → 23:50; wake (1100 + 1190 + 1060) / 3 = 1116.7 → 06:37.

/** Presses a tag on the night page unless it is pressed already, and waits for the save. */
async function tapIfUnpressed(page: Page, tag: string) {
  const chip = page.getByTestId("night-tags").getByRole("button", { name: tag, exact: true });
  if ((await chip.getAttribute("aria-pressed")) === "true") return;
  await chip.click();
  await expect(page.getByTestId("night-tags").getByRole("status")).toHaveText("Saved.");
}

async function expectAxeClean(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length}×) ${v.nodes[0]?.target.join(" ")}`), `axe on ${what}`).toEqual([]);
}

test.beforeAll(async ({ workerApp }) => {
  test.setTimeout(SAME_DAY_MARGIN_MS + 120_000);
  while (sleepDay(Date.now(), ZONE) !== today) await new Promise((r) => setTimeout(r, 1_000));
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
  await workerApp.users(["add", "--email", LOU.email, "--password", PASSWORD, "--role", "patient", "--name", "Lou", "--asleep-user-id", LOU.userId, "--clinician", "dr@sleeper.test"]);
  for (const n of LOU_NIGHTS) {
    const body = sessionComplete({ userId: LOU.userId, sessionId: `sleeper-lou-${n.k}`, startTime: n.start.toISOString(), endTime: new Date(n.start.getTime() + n.stages.length * 30_000).toISOString(), timezone: ZONE, sleepStages: n.stages, stat: {} });
    if (n.snoring) body.session.snoring_stages = n.snoring;
    expect((await postWebhook({ url: workerApp.server.url, apiKey: workerApp.apiKey }, body)).status).toBe(200);
  }
  for (const [seq, stages] of LOU_TONIGHT.entries()) {
    const sent = await postWebhook(
      { url: workerApp.server.url, apiKey: workerApp.apiKey },
      { event: "INFERENCE_COMPLETE", version: "V3", user_id: LOU.userId, session_id: "sleeper-lou-tonight", inference_seq_num: seq, sleep_stages: stages, snoring_stages: stages.map(() => 0) },
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
      await expect(card.getByRole("heading", { level: 2 })).toHaveText(cardHeading(day(1)));
      await expect(card.getByTestId("glance-when")).toContainText(`${dayLabel(day(1))}, 23:30 to ${dayLabel(day(0)).slice(0, 3)} 07:00 (Europe/Paris)`);
      const figure = (metric: string) => card.getByTestId(`glance-${metric}`).getByRole("definition").first();
      await expect(figure("bedtime")).toHaveText("23:30");
      await expect(figure("wake")).toHaveText("07:00");
      await expect(figure("totalSleep")).toHaveText("7 h 15 min");
      await expect(figure("efficiency")).toHaveText("97%");
      await expect(figure("awakenings")).toHaveText("2");
      // Three earlier nights: the 7- and the 30-night averages would be over the same three, so one row.
      await expect(card.locator('[data-testid$="-30"]')).toHaveCount(0);
      for (const w of [7]) {
        await expect(card.getByTestId(`glance-totalSleep-${w}`)).toHaveText(`vs the ${w} nights before: better: 1 h more (avg 6 h 15 min, 3 nights)`);
        await expect(card.getByTestId(`glance-efficiency-${w}`)).toHaveText(`vs the ${w} nights before: better: 5 points higher (avg 92%, 3 nights)`);
        await expect(card.getByTestId(`glance-awakenings-${w}`)).toHaveText(`vs the ${w} nights before: usual (avg 1, 3 nights)`);
        await expect(card.getByTestId(`glance-bedtime-${w}`)).toHaveText(`vs the ${w} nights before: usual (avg 23:50, 3 nights)`);
        await expect(card.getByTestId(`glance-wake-${w}`)).toHaveText(`vs the ${w} nights before: usual (avg 06:37, 3 nights)`);
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

    test("with one earlier night the card says it is too few to compare, in one row, and the night is tagged on the card", async ({ page }) => {
      await signInAs(page, LOU.email, PASSWORD);
      const card = page.getByTestId("last-night");
      await expect(card.getByRole("heading", { level: 2 })).toHaveText(cardHeading(day(1)));
      // 22:00 to 08:00: 1200 epochs, of which 20 + 10 + 10 wake and 120 no data; asleep 1040 = 8 h 40 min.
      await expect(card.getByTestId("glance-totalSleep").getByRole("definition").first()).toHaveText("8 h 40 min");
      for (const metric of ["bedtime", "wake", "totalSleep", "efficiency", "awakenings"]) {
        await expect(card.getByTestId(`glance-${metric}-7`)).toHaveText("vs the 7 nights before: too few nights to compare yet (1 so far)");
        await expect(card.getByTestId(`glance-${metric}-30`)).toHaveCount(0);
      }
      await expect(card.getByTestId("glance-summary")).toContainText("There is 1 earlier night here: too few to compare with yet (comparisons start at 3).");
      await expect(card.getByTestId("glance-summary")).not.toContainText(/better|worse|than your average/);
      // The picker is the card's own, for the card's night; a tag per width, so each starts unpressed.
      const tag = viewport.width === PHONE.width ? "caffeine" : "exercise";
      const picker = card.getByTestId("night-tags");
      await expect(picker.getByRole("heading", { level: 3 })).toHaveText(cardHeading(day(1)) === "Last night" ? "Tag your last night" : "Tag this night");
      const chip = picker.getByRole("button", { name: tag, exact: true });
      await expect(chip).toHaveAttribute("aria-pressed", "false");
      expect((await chip.boundingBox())!.height).toBeGreaterThanOrEqual(44);
      await chip.click();
      await expect(picker.getByRole("status")).toHaveText("Saved.");
      await expectAxeClean(page, "/ (the card with its tag picker)");
      // Saved on the card's night: its own page shows the tag after a reload.
      await page.goto("/sessions/sleeper-lou-1");
      await expect(page.getByTestId("night-tags").getByRole("button", { name: tag, exact: true })).toHaveAttribute("aria-pressed", "true");
    });

    test("the hypnogram's snoring band and no-data shading read at 3:1 on the panel, as drawn", async ({ page }) => {
      await signInAs(page, LOU.email, PASSWORD);
      await page.goto("/sessions/sleeper-lou-1");
      const hypnogram = page.getByRole("figure", { name: "Hypnogram: sleep stage over the night" });
      await expect(hypnogram.getByTestId("no-data-area")).toHaveCount(1);
      await expect(hypnogram.getByTestId("snoring-area")).toHaveCount(2);
      const drawn = await hypnogram.evaluate((figure) => {
        const paint = (testId: string) => [...figure.querySelectorAll(`[data-testid="${testId}"]`)].map((el) => ({ fill: el.getAttribute("fill")!, opacity: Number(el.getAttribute("fill-opacity") ?? "1") }));
        return { panel: getComputedStyle(figure.closest("section")!).backgroundColor, shading: [...paint("no-data-area"), ...paint("snoring-area")] };
      });
      const panel = hexOf(drawn.panel);
      for (const { fill, opacity } of drawn.shading) {
        const ratio = contrastRatio(blendOver(fill, opacity, panel), panel);
        expect(ratio, `${fill} at ${opacity} on ${panel}`).toBeGreaterThanOrEqual(MIN_GRAPHIC_CONTRAST);
      }
    });

    test("while recording: minutes per stage so far with Wake and No data, adding up to the time recorded, and clock ticks in the first hour", async ({ page }) => {
      await signInAs(page, LOU.email, PASSWORD);
      await page.goto("/sessions/sleeper-lou-tonight");
      await expect(page.getByTestId("connection")).toContainText("Live");
      const table = page.getByTestId("stage-minutes-so-far");
      const minutes = async (row: string) => table.getByRole("row", { name: new RegExp(`^${row}`) }).getByRole("cell").first();
      await expect(await minutes("Light")).toHaveText("3 min");
      await expect(await minutes("Deep")).toHaveText("3 min");
      await expect(await minutes("REM")).toHaveText("2 min");
      await expect(await minutes("Wake")).toHaveText("1 min");
      await expect(await minutes("No data")).toHaveText("1 min");
      await expect(await minutes("Recorded so far")).toHaveText("10 min");
      await expect(page.getByTestId("recorded")).toHaveText("10 min");
      // The night is minutes old: no whole hour on its axis, yet every tick is on the local clock's
      // quarter, 5-minute or minute marks, never the chart's own odd times, and there are two at least.
      const clockTicks = page.getByRole("figure", { name: "Hypnogram: sleep stage over the night" }).locator(".recharts-cartesian-axis-tick-value").filter({ hasText: /^\d\d:\d\d$/ });
      await expect(clockTicks.nth(1)).toBeVisible();
      const labels = await clockTicks.allTextContents();
      const minutesOf = labels.map((t) => Number(t.slice(3)));
      const step = [60, 30, 15, 5, 1].find((m) => minutesOf.every((x) => x % m === 0))!;
      // Consecutive ticks one step apart (recharts may leave some out for room: then a multiple of it).
      expect(minutesOf.length, labels.join(" ")).toBeGreaterThanOrEqual(2);
      expect(step, labels.join(" ")).toBeGreaterThanOrEqual(5);
      await expectAxeClean(page, "/sessions (recording, with the stage minutes)");
      await page.goto("/sessions/sleeper-lou-1");
      await expect(page.getByTestId("stage-minutes-so-far")).toHaveCount(0);
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
  const colours = await page.getByRole("figure", { name: "Hypnogram: sleep stage over the night" }).evaluate((hypnogram) => {
    const style = (el: Element | null) => (el ? getComputedStyle(el) : null);
    return {
      text: style(document.body)!.color,
      background: style(document.body)!.backgroundColor,
      panel: style(hypnogram.closest("section"))!.backgroundColor,
      figure: style(document.querySelector('[data-testid="report-figures"] dd'))!.color,
      tick: style(hypnogram.querySelector(".recharts-cartesian-axis-tick-value"))!.fill,
      line: style(hypnogram.querySelector(".recharts-line-curve"))!.stroke,
    };
  });
  expect(colours).toEqual({ text: "rgb(0, 0, 0)", background: "rgb(255, 255, 255)", panel: "rgb(255, 255, 255)", figure: "rgb(0, 0, 0)", tick: "rgb(0, 0, 0)", line: "rgb(0, 0, 0)" });
  const paint = await svgPaint(page);
  expect(paint.length).toBeGreaterThan(0);
  expect(paint.filter((p) => !isGreyOrNone(p.colour)), "colours left in print").toEqual([]);
  const pdf = (await page.pdf({ format: "A4", printBackground: true })).toString("latin1");
  expect(pdf.match(/\/Type\s*\/Page[^s]/g)?.length, "pages in the printed night").toBe(1);
});

test("a clinician prints a 10-hour night with snoring, no data, three notes and tags: one page, black, white and greys, the tags read-only", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAs(page, LOU.email, PASSWORD);
  await page.goto("/sessions/sleeper-lou-1");
  // Her own print of the night shows her tags too, as words, not the picker's choices or its form.
  await tapIfUnpressed(page, "alcohol");
  await page.emulateMedia({ media: "print" });
  const own = page.getByTestId("night-tags");
  await expect(own.getByRole("button", { name: "alcohol", exact: true, pressed: true })).toBeVisible();
  await expect(own.locator("button[aria-pressed]:visible")).toHaveCount(await own.locator('button[aria-pressed="true"]').count());
  await expect(own.locator('button[aria-pressed="false"]').first()).toBeHidden();
  await expect(own.getByLabel("Your own tag")).toBeHidden();
  await page.emulateMedia({ media: "screen" });
  for (const tag of ["alcohol", "late meal"]) await tapIfUnpressed(page, tag);
  await leaveSignedOut(page);
  await signInAs(page, "dr@sleeper.test", PASSWORD);
  await page.goto("/sessions/sleeper-lou-1");
  const notes = page.getByTestId("notes");
  const texts = ["Snoring mostly in the first half; consider positional therapy.", "An hour without data after midnight: ask about the phone's charger.", "Long night (10 h): check the time in bed against the diary."];
  for (const [i, text] of texts.entries()) {
    await notes.getByLabel("New note").fill(text);
    await notes.getByRole("button", { name: "Add note" }).click();
    await expect(notes.getByTestId("note")).toHaveCount(i + 1);
  }
  await page.emulateMedia({ media: "print" });
  await expect(page.getByTestId("print-patient")).toContainText("Patient: Lou");
  await expect(page.getByTestId("night-title")).toContainText(dayLabel(day(1)));
  await expect(page.getByTestId("zone-note")).toContainText("Europe/Paris");
  // The tags print, read-only (the card's tests may have added one more of their own).
  const tags = page.getByTestId("night-tags");
  await expect(tags).toBeVisible();
  await expect(tags.getByRole("listitem").filter({ hasText: /^alcohol$/ })).toBeVisible();
  await expect(tags.getByRole("listitem").filter({ hasText: /^late meal$/ })).toBeVisible();
  for (const text of texts) await expect(page.getByText(text)).toBeVisible();
  const paint = await svgPaint(page);
  expect(paint.some((p) => p.what.includes("reference-area"))).toBe(true);
  // The snoring row's invisible series (there only so recharts draws the band) stays invisible on paper.
  const hypnogram = page.getByRole("figure", { name: "Hypnogram: sleep stage over the night" });
  expect(await hypnogram.locator('.recharts-line-curve[stroke="transparent"]').evaluate((line) => getComputedStyle(line).stroke)).toBe("none");
  expect(paint.filter((p) => !isGreyOrNone(p.colour)), "colours left in print").toEqual([]);
  // The legend's swatches print in greys too.
  const swatches = await hypnogram.locator("figcaption i").evaluateAll((all) => all.map((el) => getComputedStyle(el).backgroundColor));
  expect(swatches.filter((c) => !isGreyOrNone(c))).toEqual([]);
  const pdf = (await page.pdf({ format: "A4", printBackground: true })).toString("latin1");
  expect(pdf.match(/\/Type\s*\/Page[^s]/g)?.length, "pages in the printed night").toBe(1);
});
