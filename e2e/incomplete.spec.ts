// Nights that end without an end, in the browser (issue 12, §3). A sleeper's night page is open while
// the phone goes quiet: the stale note says truthfully what the app is doing about it (asking Asleep,
// or since when Asleep could not be reached), and after INCOMPLETE_AFTER the page turns by itself into a
// partial report with the reason, no longer saying it is recording. Its own server, with time
// compressed (a 1-second cadence floor, a 20-second INCOMPLETE_AFTER), against the local stand-in for
// Asleep's REST API.

import { startAsleepApi, type AsleepStandIn } from "../test/support/asleep-api";
import { usersCli } from "../test/support/accounts";
import { startServer, type RunningServer } from "../test/support/server";
import { inferenceBlock, postWebhook, sessionComplete } from "../test/support/webhook";
import { expect, signInAs, test } from "./fixtures";

const API_KEY = "e2e-incomplete-key-0123456789";
const PASSWORD = "a long enough passphrase";

let asleep: AsleepStandIn;
let server: RunningServer;

test.beforeAll(async () => {
  asleep = await startAsleepApi({ apiKey: API_KEY });
  server = await startServer({ apiKey: API_KEY, env: { ASLEEP_API_BASE: asleep.url, BACKFILL_INTERVAL: "300ms", TEST_CADENCE_FLOOR: "1s", INCOMPLETE_AFTER: "20s" } });
});
test.afterAll(async () => {
  await server?.stop();
  await asleep?.close();
});

const block = (user: string, session: string, seq: number) => inferenceBlock(user, session, seq, [0, 0, 1, 1, 2, 2, 2, 1, 3, 3]);

for (const asleepAnswers of [false, true]) {
  test(`a night whose phone went quiet (Asleep ${asleepAnswers ? "answering with nothing more" : "unreachable"}) is flagged honestly, then closed as Incomplete on the open page`, async ({ page }) => {
    const user = asleepAnswers ? "quiet-answering" : "quiet-unreachable";
    const session = `${user}-night`;
    await usersCli(server, ["add", "--email", `${user}@e2e.test`, "--password", PASSWORD, "--role", "patient", "--asleep-user-id", user, "--timezone", "Europe/Paris"]);
    if (asleepAnswers) asleep.setSession(user, { session: { id: session, state: "OPEN", sleep_stages: Array(3).fill(block(user, session, 0).sleep_stages).flat() }, peculiarities: ["IN_PROGRESS"] });
    else asleep.behave(session, "fail");
    const target = { url: server.url, apiKey: API_KEY };
    // A complete night two days before, for the morning card (which is of complete nights only).
    const earlierStart = Date.now() - 2 * 86_400_000;
    const earlier = [...Array<number>(20).fill(0), ...Array<number>(800).fill(1), ...Array<number>(20).fill(0)];
    expect((await postWebhook(target, sessionComplete({ userId: user, sessionId: `${user}-earlier`, startTime: new Date(earlierStart).toISOString(), endTime: new Date(earlierStart + earlier.length * 30_000).toISOString(), timezone: "Europe/Paris", sleepStages: earlier, stat: {} }))).status).toBe(200);

    await signInAs(page, `${user}@e2e.test`, PASSWORD, server.url);
    for (const seq of [0, 1, 2]) {
      await postWebhook(target, block(user, session, seq));
      await page.waitForTimeout(300);
    }
    // Open the page once the server judges the night stale (silent for over twice its 1-second cadence):
    // the page then draws it stale from its first paint, rather than at its next 15-second tick.
    await expect.poll(async () => (await (await page.request.get(`${server.url}/api/sessions/${session}`)).json()).stale, { timeout: 15_000 }).toBe(true);
    await page.goto(`${server.url}/sessions/${session}`);
    await expect(page.getByTestId("connection")).toContainText("Live");

    // Stale, and the note says what is being done about it.
    const note = page.getByTestId("stale-note");
    await expect(note).toBeVisible();
    // In the sleeper's words: what happened to the recording, not which service failed (issue 25 §3).
    if (asleepAnswers) await expect(note).toContainText("asking for the missing part");
    else await expect(note).toContainText(/the missing part could not be fetched since \w{3} \d{1,2} \w{3} \d{4}, \d\d:\d\d Europe\/Paris/);
    await expect(note).not.toContainText("Asleep could not be reached");

    // INCOMPLETE_AFTER later, the open page turns into a partial report by itself: no reload.
    await expect(page.getByRole("heading", { name: "Partial night report" })).toBeVisible({ timeout: 45_000 });
    await expect(page.getByTestId("incomplete-note")).toContainText(
      asleepAnswers ? "the phone may have stopped recording" : "the rest of the night could not be fetched",
    );
    // The data ends 15 minutes into the night, said with its date and zone.
    await expect(page.getByTestId("incomplete-note")).toContainText(/Nothing arrived after \w{3} \d{1,2} \w{3} \d{4}, \d\d:\d\d Europe\/Paris/);
    await expect(page.getByRole("heading", { name: "Tonight, live" })).toHaveCount(0);
    await expect(page.getByTestId("stale-note")).toHaveCount(0);
    await expect(page.getByTestId("short-recording")).toContainText("under 3 hours");
    // Named to the end of what arrived (15 minutes), never "from …" as if it were still being recorded.
    const { startTime } = (await (await page.request.get(`${server.url}/api/sessions/${session}`)).json()) as { startTime: string };
    const clock = (ms: number) => new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Paris", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(ms);
    await expect(page.getByTestId("night-title")).toContainText(`${clock(Date.parse(startTime))}–${clock(Date.parse(startTime) + 15 * 60_000)}, Europe/Paris`);

    // Home no longer says it is being recorded.
    await page.goto(`${server.url}/`);
    await expect(page.getByText("Recording", { exact: true })).toHaveCount(0);
    await expect(page.getByTestId("night-row").first()).toContainText("Incomplete");
    // The morning card, of the earlier complete night, says that a newer night was closed as Incomplete
    // and links to it, at phone and at desktop width.
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      const newer = page.getByTestId("last-night").getByTestId("glance-newer-incomplete");
      await expect(newer).toContainText("was closed as Incomplete");
      await expect(newer.getByRole("link")).toHaveAttribute("href", `/sessions/${session}`);
    }

    // A late SESSION_COMPLETE still completes it: the open page turns into the full report by itself.
    await page.goto(`${server.url}/sessions/${session}`);
    await expect(page.getByRole("heading", { name: "Partial night report" })).toBeVisible();
    const final = Array(4).fill(block(user, session, 0).sleep_stages).flat() as number[];
    const endTime = new Date(Date.parse(startTime) + final.length * 30_000).toISOString();
    expect((await postWebhook(target, sessionComplete({ userId: user, sessionId: session, startTime, endTime, timezone: "Europe/Paris", sleepStages: final, stat: {} }))).status).toBe(200);
    await expect(page.getByRole("heading", { name: "Night report", exact: true })).toBeVisible();
    await expect(page.getByTestId("connection")).toContainText("Complete");
    await expect(page.getByTestId("incomplete-note")).toHaveCount(0);
    await expect(page.getByTestId("night-title")).toContainText(`${clock(Date.parse(startTime))}–${clock(Date.parse(endTime))}, Europe/Paris`);
  });
}

// The same night seen on a clinician's open board: while stale, its "Stale" says what the back-fill
// found, in the night page's words; once closed, the row stops saying "Recording" and shows the
// Incomplete night, as tonight's and as the last night (the complete night before it is no longer the
// last), without a reload. Asleep either fails (unreachable) or answers 404 (no record of the night).
for (const unreachable of [false, true]) {
  test(`a clinician's open board flags the quiet night truthfully (Asleep ${unreachable ? "unreachable" : "has no record"}), then shows it closed as Incomplete by itself`, async ({ page }) => {
    const user = unreachable ? "quiet-on-board" : "unknown-on-board";
    const session = `${user}-night`;
    await usersCli(server, ["add", "--email", `dr-${user}@e2e.test`, "--password", PASSWORD, "--role", "clinician", "--name", "Dr Quiet"]);
    await usersCli(server, ["add", "--email", `${user}@e2e.test`, "--password", PASSWORD, "--role", "patient", "--name", "Quentin", "--asleep-user-id", user, "--timezone", "Europe/Paris", "--clinician", `dr-${user}@e2e.test`]);
    // No session held at the stand-in: it answers 404.
    if (unreachable) asleep.behave(session, "fail");
    const target = { url: server.url, apiKey: API_KEY };
    const now = Date.now();
    const stages = Array(16 * 60).fill(1);
    expect(
      (await postWebhook(target, sessionComplete({ userId: user, sessionId: `${user}-before`, startTime: new Date(now - 30 * 3600_000).toISOString(), endTime: new Date(now - 22 * 3600_000).toISOString(), timezone: "Europe/Paris", sleepStages: stages, stat: {} }))).status,
    ).toBe(200);

    await signInAs(page, `dr-${user}@e2e.test`, PASSWORD, server.url);
    const row = page.getByTestId("board-row").filter({ hasText: "Quentin" });
    await expect(page.getByTestId("board-connection")).toContainText("Live");
    await expect(row.getByTestId("board-last-night")).toHaveAttribute("href", `/sessions/${user}-before`);
    for (const seq of [0, 1, 2]) {
      await postWebhook(target, block(user, session, seq));
      await page.waitForTimeout(300);
    }
    await expect(row.getByTestId("board-tonight")).toContainText("Recording");

    // Read once the server judges the night stale and the back-fill has asked Asleep.
    await expect
      .poll(async () => {
        const d = await (await page.request.get(`${server.url}/api/sessions/${session}`)).json();
        return d.stale && (unreachable ? d.asleepUnreachableSince !== null : d.asleepHasNoRecord);
      }, { timeout: 15_000 })
      .toBe(true);
    await page.goto(`${server.url}/`);
    await expect(page.getByTestId("board-connection")).toContainText("Live");
    await expect(row.getByTestId("board-stale")).toHaveAttribute(
      "title",
      unreachable ? /; Asleep could not be reached since \w{3} \d{1,2} \w{3} \d{4}, \d\d:\d\d Europe\/Paris$/ : /; Asleep has no record of the rest of this night$/,
    );
    await expect(row.getByTestId("board-stale")).not.toHaveAttribute("title", /asking Asleep/);

    // INCOMPLETE_AFTER (20 s) after the last analysis the server closes the night: no reload here.
    await expect(row.getByTestId("board-tonight")).toContainText("Incomplete", { timeout: 45_000 });
    await expect(row.getByTestId("board-tonight").getByRole("link", { name: "Incomplete" })).toHaveAttribute("href", `/sessions/${session}`);
    await expect(row.getByTestId("board-tonight")).not.toContainText("Recording");
    await expect(row.getByTestId("board-last-night")).toHaveAttribute("href", `/sessions/${session}`);
    await expect(row.getByTestId("board-last-night-state")).toHaveText("Incomplete");
    // Its figures, not the 8 hours of the night before: 3 blocks of 8 sleeping epochs.
    await expect(row.getByTestId("board-total-sleep")).toHaveText("12 min");
  });
}
