// Every time says its date and zone: an open night is drawn in the best zone known and labelled, never
// shifted silently; nights are named by day, clock range and zone, sorted by when they started; a
// night in a fixed-offset zone (+09:00) renders the same on the server and in the browser.

import { postWebhook, sessionComplete } from "../test/support/webhook";
import { expect, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";
// The browser is in New York: no night here is in the viewer's zone unless a test says so.
test.use({ timezoneId: "America/New_York" });

/** An analysis of block `seq` whose time window ends at `windowEnd`: the night's start is known from it. */
const analysis = (userId: string, sessionId: string, seq: number, windowEnd: string) => ({
  event: "INFERENCE_COMPLETE",
  version: "V3",
  user_id: userId,
  session_id: sessionId,
  inference_seq_num: seq,
  sleep_stages: [0, 0, 1, 1, 1, 1, 2, 2, 2, 2],
  time_window: { start: new Date(Date.parse(windowEnd) - 5 * 60_000).toISOString(), end: windowEnd },
});
const stages = [0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 1, 1, 1, 1, 0, 0];
const complete = (userId: string, sessionId: string, startTime: string, endTime: string, timezone: string) =>
  sessionComplete({ userId, sessionId, startTime, endTime, timezone, sleepStages: stages, stat: { sleep_efficiency: 80 } });

test("an open night is drawn in the zone set on the account, labelled, and does not move when Asleep's own zone arrives", async ({ page, app }) => {
  const target = { url: app.server.url, apiKey: app.apiKey };
  await app.users(["add", "--email", "paris@e2e.test", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "asleep-paris", "--timezone", "Europe/Paris"]);
  // The first analysis ends at 22:15 UTC: the night started at 22:10 UTC, 23:10 in Paris, 17:10 in New York.
  await postWebhook(target, analysis("asleep-paris", "paris-night", 0, "2026-11-22T22:15:00Z"));

  await signInAs(page, "paris@e2e.test", PASSWORD);
  const link = page.getByTestId("night-row").getByRole("link");
  await expect(link).toHaveText("Sun 22 Nov 2026, from 23:10, Europe/Paris");
  await link.click();
  await expect(page.getByTestId("night-title")).toHaveText("Sun 22 Nov 2026, from 23:10, Europe/Paris");
  await expect(page).toHaveTitle("Sun 22 Nov 2026, from 23:10, Europe/Paris · Sleep dashboard");
  await expect(page.getByTestId("zone-note")).toHaveText("Times in Europe/Paris (the zone set on the sleeper's account).");
  await page.getByText("The hypnogram as a table").click();
  await expect(page.getByTestId("stage-table").getByRole("row").nth(1)).toContainText("23:10");

  // The night ends; Asleep sends its zone, the same: the times stay where they were, the label says whose.
  await postWebhook(target, complete("asleep-paris", "paris-night", "2026-11-22T22:10:00Z", "2026-11-23T05:40:00Z", "Europe/Paris"));
  await expect(page.getByTestId("night-title")).toHaveText("Sun 22 Nov 2026, 23:10–06:40, Europe/Paris");
  await expect(page.getByTestId("zone-note")).toHaveText("Times in Europe/Paris (the night's zone).");
  await expect(page.getByTestId("stage-table").getByRole("row").nth(1)).toContainText("23:10");
});

test("with no zone on the account, an open night takes the previous night's zone", async ({ page, app }) => {
  const target = { url: app.server.url, apiKey: app.apiKey };
  await app.users(["add", "--email", "seoul@e2e.test", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "asleep-seoul"]);
  await postWebhook(target, complete("asleep-seoul", "seoul-last", "2026-11-21T13:00:00Z", "2026-11-21T20:00:00Z", "Asia/Seoul"));
  await postWebhook(target, analysis("asleep-seoul", "seoul-tonight", 0, "2026-11-22T13:05:00Z"));

  await signInAs(page, "seoul@e2e.test", PASSWORD);
  await page.goto("/sessions/seoul-tonight");
  // 13:00 UTC is 22:00 in Seoul.
  await expect(page.getByTestId("night-title")).toHaveText("Sun 22 Nov 2026, from 22:00, Asia/Seoul");
  await expect(page.getByTestId("zone-note")).toHaveText("Times in Asia/Seoul (the zone of the sleeper's previous night).");
});

test("with no zone known the viewer's own is used and said; a +09:00 night renders the same on the server and in the browser", async ({ page, app }) => {
  const target = { url: app.server.url, apiKey: app.apiKey };
  await app.users(["add", "--email", "nozone@e2e.test", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "asleep-nozone"]);
  await postWebhook(target, analysis("asleep-nozone", "nozone-night", 0, "2026-11-22T22:15:00Z"));

  await signInAs(page, "nozone@e2e.test", PASSWORD);
  await page.goto("/sessions/nozone-night");
  await expect(page.getByTestId("zone-note")).toHaveText("Times in America/New_York (your browser's zone; the night's zone is not known yet).");
  await expect(page.getByTestId("night-title")).toHaveText("Sun 22 Nov 2026, from 17:10, America/New_York");
  await page.getByText("The hypnogram as a table").click();
  await expect(page.getByTestId("stage-table").getByRole("row").nth(1)).toContainText("17:10");

  // Asleep's zone is a fixed offset: every time moves to it, and the label with them.
  await postWebhook(target, complete("asleep-nozone", "nozone-night", "2026-11-22T22:10:00Z", "2026-11-23T05:40:00Z", "+09:00"));
  await expect(page.getByTestId("zone-note")).toHaveText("Times in UTC+09:00 (the night's zone).");
  await expect(page.getByTestId("stage-table").getByRole("row").nth(1)).toContainText("07:10");
  // 07:10 on Monday at +09:00 is before noon: Sunday's night.
  await expect(page.getByTestId("night-title")).toHaveText("Sun 22 Nov 2026, Mon 07:10–14:40, UTC+09:00");

  // A fresh load: the server paints +09:00 as the browser does (any hydration error fails the test).
  await page.reload();
  await expect(page.getByTestId("night-title")).toHaveText("Sun 22 Nov 2026, Mon 07:10–14:40, UTC+09:00");
  await expect(page).toHaveTitle("Sun 22 Nov 2026, Mon 07:10–14:40, UTC+09:00 · Sleep dashboard");
  await page.getByText("The hypnogram as a table").click();
  await expect(page.getByTestId("stage-table").getByRole("row").nth(1)).toContainText("07:10");
  await page.goto("/");
  await expect(page.getByTestId("night-row").getByRole("link")).toHaveText("Sun 22 Nov 2026, Mon 07:10–14:40, UTC+09:00");
});

test.describe("in Paris", () => {
  test.use({ timezoneId: "Europe/Paris" });

  test("lists sort nights by when they started and show a zone only when it is not the viewer's; the board's last night is the newest by start, with its date; clinicians see whose night it is", async ({ page, app }) => {
    const target = { url: app.server.url, apiKey: app.apiKey };
    await app.users(["add", "--email", "dr-roux@e2e.test", "--password", PASSWORD, "--role", "clinician", "--name", "Dr Roux"]);
    await app.users(["add", "--email", "eve.martin@e2e.test", "--password", PASSWORD, "--role", "patient", "--name", "Eve Martin", "--asleep-user-id", "asleep-eve-martin", "--clinician", "dr-roux@e2e.test"]);
    // Stored in another order than they started: New York's night (22:00 UTC on the 21st) started
    // last, Seoul's (21:30 UTC) before it though its clock says the next morning, Paris's a day earlier.
    await postWebhook(target, complete("asleep-eve-martin", "eve-new-york", "2026-11-21T22:00:00Z", "2026-11-22T05:00:00Z", "America/New_York"));
    await postWebhook(target, complete("asleep-eve-martin", "eve-paris", "2026-11-20T22:00:00Z", "2026-11-21T06:00:00Z", "Europe/Paris"));
    await postWebhook(target, complete("asleep-eve-martin", "eve-seoul", "2026-11-21T21:30:00Z", "2026-11-22T04:00:00Z", "Asia/Seoul"));

    await signInAs(page, "dr-roux@e2e.test", PASSWORD);
    const board = page.getByTestId("board-row").filter({ hasText: "Eve Martin" });
    // Seoul's night was stored last, yet New York's started last: it is the last night.
    await expect(board.getByTestId("board-last-night")).toHaveAttribute("href", "/sessions/eve-new-york");
    await expect(board.getByTestId("board-last-night")).toHaveText("Sat 21 Nov 2026, 17:00–00:00, America/New_York");

    await expect(page.getByTestId("night-row").getByRole("link")).toHaveText([
      "Sat 21 Nov 2026, 17:00–00:00, America/New_York",
      "Sat 21 Nov 2026, Sun 06:30–13:00, Asia/Seoul",
      "Fri 20 Nov 2026, 23:00–07:00", // Paris, the viewer's own zone
    ]);

    await page.getByTestId("night-row").getByRole("link").last().click();
    await expect(page.getByTestId("night-title")).toHaveText("Fri 20 Nov 2026, 23:00–07:00, Europe/Paris · Eve Martin (Asleep user asleep-eve-martin)");
    await expect(page).toHaveTitle("Fri 20 Nov 2026, 23:00–07:00, Europe/Paris · Sleep dashboard");
  });

  test("the trends table, which counts back from today, names each night by its day, clock range and zone, the newest start first", async ({ page, app }) => {
    const target = { url: app.server.url, apiKey: app.apiKey };
    await app.users(["add", "--email", "dr-lune@e2e.test", "--password", PASSWORD, "--role", "clinician", "--name", "Dr Lune"]);
    await app.users(["add", "--email", "theo@e2e.test", "--password", PASSWORD, "--role", "patient", "--name", "Theo Trend", "--asleep-user-id", "asleep-theo", "--clinician", "dr-lune@e2e.test"]);
    // Nights of the last few days, since the trends count back from today: each begins at 22:00 on its
    // own clock and ends at 06:00, in zones without daylight saving time, so those clock times hold
    // whatever today is. Stored in another order than they began.
    const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    const night = (id: string, zone: string, offsetMinutes: number, daysAgo: number) => {
      const day = new Date(Date.now() - daysAgo * 86_400_000);
      const [y, m, d] = [day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()];
      const startMs = Date.UTC(y, m, d, 22) - offsetMinutes * 60_000;
      const label = `${WEEKDAYS[new Date(Date.UTC(y, m, d)).getUTCDay()]} ${d} ${MONTHS[m]} ${y}, 22:00–06:00, ${zone}`;
      return { id, zone, startMs, label };
    };
    const nights = [night("theo-seoul", "Asia/Seoul", 9 * 60, 3), night("theo-bogota", "America/Bogota", -5 * 60, 2), night("theo-kolkata", "Asia/Kolkata", 5.5 * 60, 4)];
    for (const n of nights) {
      const body = complete("asleep-theo", n.id, new Date(n.startMs).toISOString(), new Date(n.startMs + 8 * 3_600_000).toISOString(), n.zone);
      expect((await postWebhook(target, body)).status).toBe(200);
    }

    await signInAs(page, "dr-lune@e2e.test", PASSWORD);
    await page.goto("/patients/asleep-theo?range=7");
    await page.getByText("The trends as a table").click();
    await expect(page.getByTestId("nights-table").getByRole("link")).toHaveText([...nights].sort((a, b) => b.startMs - a.startMs).map((n) => n.label));
  });
});

test("a sleeper sets their own time zone on the home page, and their night being recorded is drawn in it", async ({ page, app }) => {
  const target = { url: app.server.url, apiKey: app.apiKey };
  await app.users(["add", "--email", "traveller@e2e.test", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "asleep-traveller"]);
  await postWebhook(target, analysis("asleep-traveller", "traveller-night", 0, "2026-11-22T22:15:00Z"));

  await signInAs(page, "traveller@e2e.test", PASSWORD);
  const form = page.getByTestId("timezone-form");
  await form.getByLabel("Time zone").fill("Mars/Olympus");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("timezone-status")).toContainText("Mars/Olympus is not a time zone");
  await form.getByRole("button", { name: "Use this device's (America/New_York)" }).click();
  await expect(form.getByLabel("Time zone")).toHaveValue("America/New_York");
  await form.getByLabel("Time zone").fill("+09:00");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("timezone-status")).toHaveText("Saved: UTC+09:00");
  // The field says it as people read it (never the stored Etc/GMT-9, read as UTC−9), now and after a reload.
  await expect(form.getByLabel("Time zone")).toHaveValue("UTC+09:00");
  // The list follows at once: 22:10 UTC is 07:10 on Monday at +09:00.
  await expect(page.getByTestId("night-row").getByRole("link")).toHaveText("Sun 22 Nov 2026, from Mon 07:10, UTC+09:00");

  await page.reload();
  await expect(form.getByLabel("Time zone")).toHaveValue("UTC+09:00");

  await page.getByTestId("night-row").getByRole("link").click();
  await expect(page.getByTestId("zone-note")).toHaveText("Times in UTC+09:00 (the zone set on the sleeper's account).");
  await page.reload();
  await expect(page.getByTestId("zone-note")).toHaveText("Times in UTC+09:00 (the zone set on the sleeper's account).");
});
