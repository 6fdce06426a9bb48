// The server restarts in the middle of a night while a sleeper's page is open, and deliveries arrive
// before the page is back: once it reconnects it shows the whole night, with no gap.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { usersCli } from "../test/support/accounts";
import { startServer, type RunningServer } from "../test/support/server";
import { postWebhook } from "../test/support/webhook";
import { expect, signInAs, test } from "./fixtures";

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

// The page's socket fails to connect while the server is away: expected, and only that.
test.use({ expectedConsoleErrors: [/^WebSocket connection to 'ws:\/\/[^']+\/socket\.io\/[^']*' failed/] });

test("after a server restart mid-night, an open page reconnects and catches up with what arrived meanwhile", async ({ page, context }) => {
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
