// The server restarts in the middle of a night while a sleeper's page is open, and deliveries arrive
// before the page is back: once it reconnects it shows the whole night, with no gap.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { usersCli } from "../test/support/accounts";
import { startServer, type RunningServer } from "../test/support/server";
import { postWebhook } from "../test/support/webhook";
import { expect, signInAs, test } from "./fixtures";
import { holdLiveSockets } from "./socket-gate";

const PASSWORD = "a long enough passphrase";
const API_KEY = "e2e-restart-key-0123456789";
const block = (seq: number, stage: number) => ({
  event: "INFERENCE_COMPLETE",
  version: "V3",
  user_id: "asleep-e2e-restart",
  session_id: "restart-night",
  inference_seq_num: seq,
  sleep_stages: Array(10).fill(stage),
});

test("after a server restart mid-night, an open page reconnects and catches up with what arrived meanwhile", async ({ page, context, pageChecks }) => {
  pageChecks.allowConsoleErrors(/WebSocket connection to .* failed/); // while the server (and the network) is away
  test.setTimeout(180_000);
  // Its own server, so restarting it disturbs no other test.
  const dataDir = mkdtempSync(path.join(tmpdir(), "sleep-e2e-restart-"));
  let server: RunningServer = await startServer({ dataDir, apiKey: API_KEY });
  try {
    await usersCli(server, ["add", "--email", "restart@e2e.test", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "asleep-e2e-restart"]);
    for (const [seq, stage] of [[0, 0], [1, 1]] as const) expect((await postWebhook({ url: server.url, apiKey: API_KEY }, block(seq, stage))).status).toBe(200);

    await signInAs(page, "restart@e2e.test", PASSWORD, server.url);
    await page.goto(`${server.url}/sessions/restart-night`);
    await expect(page.getByTestId("connection")).toContainText("Live");
    await expect(page.getByTestId("recorded")).toHaveText("10 min");

    // The page loses the server: its network goes, then the server stops and starts again (same port,
    // same data) and two analyses arrive while the page is still away.
    await context.setOffline(true);
    const port = server.port;
    await server.stop();
    await expect(page.getByTestId("connection")).toContainText(/Reconnecting|Offline/);
    server = await startServer({ dataDir, apiKey: API_KEY, env: { PORT: String(port) } });
    for (const [seq, stage] of [[2, 2], [3, 3]] as const) expect((await postWebhook({ url: server.url, apiKey: API_KEY }, block(seq, stage))).status).toBe(200);
    await expect(page.getByTestId("recorded")).toHaveText("10 min"); // not yet: the page is still away

    await context.setOffline(false);
    await expect(page.getByTestId("connection")).toContainText("Live", { timeout: 30_000 });
    await expect(page.getByTestId("recorded")).toHaveText("20 min");
    await expect(page.getByTestId("current-stage")).toHaveText("REM");

    // And it stays live after the restart: the next analysis arrives without a reload.
    await postWebhook({ url: server.url, apiKey: API_KEY }, block(4, 2));
    await expect(page.getByTestId("recorded")).toHaveText("25 min");
    await expect(page.getByTestId("current-stage")).toHaveText("Deep");
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

// The everyday case: the server restarts (a deploy) while pages are open and their network is fine the
// whole time. Both the night page and the clinician's board come back live by themselves, never
// mistake their own disconnection for a quiet night ("Stale"), and say since when they are away.
test("after a restart with the pages online throughout, the night page and the board come back live by themselves", async ({ page, context, pageChecks }) => {
  test.setTimeout(180_000);
  pageChecks.allowConsoleErrors(/WebSocket connection to .* failed/); // while the server is away
  // The clinician-time timer records the minutes counted before the 11 idle minutes while the server is away: the browser logs the refused request (the minutes are kept and sent again).
  pageChecks.allowConsoleErrors(/Failed to load resource: net::ERR_CONNECTION_REFUSED .*\/clinician-time /);
  const dataDir = mkdtempSync(path.join(tmpdir(), "sleep-e2e-restart-"));
  let server: RunningServer = await startServer({ dataDir, apiKey: API_KEY });
  try {
    await usersCli(server, ["add", "--email", "dr-restart@e2e.test", "--password", PASSWORD, "--role", "clinician", "--name", "Dr Restart"]);
    await usersCli(server, ["add", "--email", "restart@e2e.test", "--password", PASSWORD, "--role", "patient", "--name", "Rita", "--asleep-user-id", "asleep-e2e-restart", "--clinician", "dr-restart@e2e.test"]);
    for (const [seq, stage] of [[0, 0], [1, 1]] as const) expect((await postWebhook({ url: server.url, apiKey: API_KEY }, block(seq, stage))).status).toBe(200);

    await page.clock.install();
    await signInAs(page, "dr-restart@e2e.test", PASSWORD, server.url);
    const board = page;
    const status = board.getByTestId("board-connection");
    const row = board.getByTestId("board-row").first();
    await expect(status).toContainText("Live");
    await expect(board.getByTestId("board-as-of")).toHaveText(/^\d\d:\d\d \S+$/);
    await expect(row.getByTestId("board-stage")).toHaveText("Light");
    const night = await context.newPage();
    await night.goto(`${server.url}/sessions/restart-night`);
    const connection = night.getByTestId("connection");
    await expect(connection).toContainText("Live");
    await expect(night.getByTestId("recorded")).toHaveText("10 min");

    // The server stops (SIGTERM, as a deploy does) and stays away for a while.
    const port = server.port;
    await server.stop();
    await expect(connection).toContainText(/Reconnecting… since \d\d:\d\d \S+/);
    await expect(status).toContainText(/Reconnecting… since \d\d:\d\d \S+/);
    // Eleven minutes without news would make the night stale (twice Asleep's 5 minutes), but these pages
    // are the ones without news: they must not blame the night.
    await page.clock.fastForward("11:00");
    await expect(night.getByTestId("last-update")).toHaveText(/^1[12] minutes ago$/);
    await expect(row.getByTestId("board-since")).toHaveText(/^1[12] min ago$/);
    await expect(night.getByTestId("stale-note")).toHaveCount(0);
    await expect(connection).toContainText("Reconnecting…");

    // Back on the same port and the same data; the next analyses reach both pages without a reload.
    server = await startServer({ dataDir, apiKey: API_KEY, env: { PORT: String(port) } });
    expect((await postWebhook({ url: server.url, apiKey: API_KEY }, block(2, 2))).status).toBe(200);
    await expect(connection).toContainText("Live");
    await expect(status).toContainText("Live");
    await expect(night.getByTestId("recorded")).toHaveText("15 min");
    await expect(row.getByTestId("board-stage")).toHaveText("Deep");
    expect((await postWebhook({ url: server.url, apiKey: API_KEY }, block(3, 3))).status).toBe(200);
    await expect(night.getByTestId("recorded")).toHaveText("20 min");
    await expect(night.getByTestId("current-stage")).toHaveText("REM");
    await expect(row.getByTestId("board-stage")).toHaveText("REM");
    await expect(row.getByTestId("board-since")).toHaveText("0 min ago");
    await night.close();
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("a page whose sign-in ended says so, instead of reconnecting for ever, and signing in again comes back to it", async ({ page, app }) => {
  const target = { url: app.server.url, apiKey: app.apiKey };
  await app.users(["add", "--email", "signed-out@e2e.test", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "asleep-e2e-signed-out"]);
  await postWebhook(target, { ...block(0, 1), user_id: "asleep-e2e-signed-out", session_id: "signed-out-night" });
  await signInAs(page, "signed-out@e2e.test", PASSWORD);
  await page.goto("/sessions/signed-out-night");
  await expect(page.getByTestId("connection")).toContainText("Live");

  // Signed out elsewhere (another tab of this browser): the server ends the page's socket.
  expect((await page.request.post("/api/auth/sign-out", { headers: { origin: app.server.url }, data: {} })).status()).toBe(200);
  await expect(page.getByTestId("connection")).toContainText("You were signed out");
  await page.getByTestId("connection").getByRole("link", { name: "Sign in again" }).click();
  await expect(page).toHaveURL(/\/login\?next=%2Fsessions%2Fsigned-out-night$/);
  await page.getByLabel("Email").fill("signed-out@e2e.test");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/sessions/signed-out-night");
  await expect(page.getByTestId("connection")).toContainText("Live");
});

test("the board whose sign-in ended says so, instead of reconnecting for ever, and signing in again comes back to it", async ({ page, app }) => {
  await app.users(["add", "--email", "dr-signed-out@e2e.test", "--password", PASSWORD, "--role", "clinician", "--name", "Dr Gone"]);
  await signInAs(page, "dr-signed-out@e2e.test", PASSWORD);
  const status = page.getByTestId("board-connection");
  await expect(status).toContainText("Live");

  // Signed out elsewhere (another tab of this browser): the server ends the board's socket.
  expect((await page.request.post("/api/auth/sign-out", { headers: { origin: app.server.url }, data: {} })).status()).toBe(200);
  await expect(status).toContainText("You were signed out");
  await expect(status).not.toContainText("Reconnecting");
  await status.getByRole("link", { name: "Sign in again" }).click();
  await expect(page).toHaveURL(/\/login(\?next=%2F)?$/);
  await page.getByLabel("Email").fill("dr-signed-out@e2e.test");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await expect(page.getByTestId("board-connection")).toContainText("Live");
});

test("a board that lost the server does not say Stale, even of a night it last read as stale", async ({ page, pageChecks }) => {
  pageChecks.allowConsoleErrors(/WebSocket connection to .* failed/); // while the server is away
  // The night's usual interval is 1 s here (TEST_CADENCE_FLOOR), so it is stale seconds after it falls quiet.
  const server = await startServer({ apiKey: API_KEY, env: { TEST_CADENCE_FLOOR: "1s" } });
  try {
    await usersCli(server, ["add", "--email", "dr-quiet@e2e.test", "--password", PASSWORD, "--role", "clinician", "--name", "Dr Quiet"]);
    await usersCli(server, ["add", "--email", "quiet@e2e.test", "--password", PASSWORD, "--role", "patient", "--name", "Rita", "--asleep-user-id", "asleep-e2e-restart", "--clinician", "dr-quiet@e2e.test"]);
    await signInAs(page, "dr-quiet@e2e.test", PASSWORD, server.url);
    // Three analyses a little apart give the night its usual interval; then it falls quiet.
    for (const [seq, stage] of [[0, 0], [1, 1], [2, 1]] as const) {
      expect((await postWebhook({ url: server.url, apiKey: API_KEY }, block(seq, stage))).status).toBe(200);
      await page.waitForTimeout(300);
    }
    await expect.poll(async () => (await (await page.request.get(`${server.url}/api/sessions/restart-night`)).json()).stale, { timeout: 15_000 }).toBe(true);
    await page.reload();
    const status = page.getByTestId("board-connection");
    const row = page.getByTestId("board-row").first();
    // Live, the board says the quiet night is stale: the server's flag and the Tonight column alike.
    await expect(status).toContainText("Live");
    await expect(row.getByTestId("board-flag")).toContainText("Stale tonight since");
    await expect(row.getByTestId("board-stale")).toBeVisible();

    await server.stop();
    await expect(status).toContainText(/Reconnecting… since \d\d:\d\d \S+/);
    // Away from the server, the board cannot tell a quiet night from its own silence.
    await expect(row.getByTestId("board-flag")).toHaveCount(0);
    await expect(row.getByTestId("board-stale")).toHaveCount(0);
    await expect(row).not.toContainText("Stale");
  } finally {
    await server.stop();
  }
});

// Back from a restart, a page holds what it had before the outage until its catch-up lands: judged on
// that, a night that kept sending meanwhile would look stale. Here the night's usual interval is 1 s
// (TEST_CADENCE_FLOOR), so the last analysis a page saw before the outage would be "Stale" long before
// the page is back, while the night kept arriving at the server. Neither page may say "Stale" on the
// way back: they say they are catching up, then show the new analyses, live.
test("back from a restart, neither page says Stale before it has caught up with what arrived meanwhile", async ({ page, context, pageChecks }) => {
  test.setTimeout(180_000);
  pageChecks.allowConsoleErrors(/WebSocket connection to .* failed/);
  const user = "asleep-e2e-catch-up";
  const session = "catch-up-night";
  const blockOf = (seq: number, stage: number) => ({ ...block(seq, stage), user_id: user, session_id: session });
  const dataDir = mkdtempSync(path.join(tmpdir(), "sleep-e2e-restart-"));
  const env = { TEST_CADENCE_FLOOR: "1s" };
  let server: RunningServer = await startServer({ dataDir, apiKey: API_KEY, env });
  // The night goes on at the server every 400 ms (never stale there), except while it is away.
  let seq = 0;
  let stage = 1;
  let keepSending = true;
  const send = async () => {
    while (keepSending) {
      await postWebhook({ url: server.url, apiKey: API_KEY }, blockOf(seq++, stage));
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
  };
  let sending: Promise<void> | undefined;
  try {
    await usersCli(server, ["add", "--email", "dr-catch-up@e2e.test", "--password", PASSWORD, "--role", "clinician", "--name", "Dr Catch"]);
    await usersCli(server, ["add", "--email", "catch-up@e2e.test", "--password", PASSWORD, "--role", "patient", "--name", "Cato", "--asleep-user-id", user, "--clinician", "dr-catch-up@e2e.test"]);
    for (; seq < 3; seq++) expect((await postWebhook({ url: server.url, apiKey: API_KEY }, blockOf(seq, stage))).status).toBe(200);
    sending = send();

    await signInAs(page, "dr-catch-up@e2e.test", PASSWORD, server.url);
    const board = page;
    const row = board.getByTestId("board-row").first();
    await expect(board.getByTestId("board-connection")).toContainText("Live");
    const night = await context.newPage();
    await night.goto(`${server.url}/sessions/${session}`);
    await expect(night.getByTestId("connection")).toContainText("Live");
    await expect(night.getByTestId("current-stage")).toHaveText("Light");

    // The server goes (SIGTERM); the pages may not come back until the night has moved on at the server.
    const gate = await holdLiveSockets(context);
    keepSending = false;
    await sending;
    const port = server.port;
    await server.stop();
    await expect(night.getByTestId("connection")).toContainText("Reconnecting…");
    await expect(board.getByTestId("board-connection")).toContainText("Reconnecting…");
    // From here to caught up, every "Stale" that appears on either page is recorded, with what the
    // page's connection said at that moment.
    for (const p of [board, night]) {
      await p.evaluate(() => {
        const seen = { stale: [] as string[], statuses: [] as string[], caughtUp: false };
        (window as unknown as { seen: typeof seen }).seen = seen;
        const check = () => {
          if (seen.caughtUp) return;
          const status = document.querySelector('[data-testid="connection"], [data-testid="board-connection"]')?.textContent ?? "";
          if (seen.statuses.at(-1) !== status) seen.statuses.push(status);
          // Recorded until the page is live again after catching up. From then on "Stale" is the page
          // judging the night as it arrives, which on a loaded machine (the night's interval here is
          // 1 s) can rightly be late: that is not what this test is about.
          if (/Live/.test(status) && seen.statuses.some((s) => /Catching up/.test(s))) {
            seen.caughtUp = true;
            return;
          }
          const flags = [...document.querySelectorAll('[data-testid="board-flag"]')].map((f) => f.textContent ?? "");
          if (document.querySelector('[data-testid="stale-note"], [data-testid="board-stale"]') || flags.some((f) => /stale/i.test(f))) seen.stale.push(status);
        };
        new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      });
    }
    // Each page re-reads its clock every 15 s: after 18 s away, both judge by a "now" more than twice
    // the 1-s interval after the last analysis they saw.
    await board.waitForTimeout(18_000);

    server = await startServer({ dataDir, apiKey: API_KEY, env: { ...env, PORT: String(port) } });
    // The night goes on at the server (now in REM) before the pages are let back, and until the end.
    stage = 3;
    expect((await postWebhook({ url: server.url, apiKey: API_KEY }, blockOf(seq++, stage))).status).toBe(200);
    keepSending = true;
    sending = send();
    gate.release();

    await expect(night.getByTestId("connection")).toContainText("Live", { timeout: 30_000 });
    await expect(night.getByTestId("current-stage")).toHaveText("REM");
    await expect(board.getByTestId("board-connection")).toContainText("Live", { timeout: 30_000 });
    await expect(row.getByTestId("board-stage")).toHaveText("REM");
    for (const [name, p] of [["night page", night], ["board", board]] as const) {
      const seen = await p.evaluate(() => (window as unknown as { seen: { stale: string[]; statuses: string[]; caughtUp: boolean } }).seen);
      expect(seen.stale, `the ${name} said "Stale" on its way back (its connection said: ${seen.stale.join(" | ")})`).toEqual([]);
      // On its way back it said it was catching up, not "Live", until it was.
      expect(seen.statuses.some((s) => /Catching up on what arrived since \d\d:\d\d/.test(s)), `the ${name}'s statuses: ${seen.statuses.join(" | ")}`).toBe(true);
    }
    await night.close();
  } finally {
    keepSending = false;
    await sending;
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
