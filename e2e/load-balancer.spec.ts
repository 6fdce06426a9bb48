// Two instances behind nginx (docs/deploy/nginx.conf) on PostgreSQL and Redis: the instance a
// clinician's browser is on goes away (SIGTERM, as a deploy or a scale-in does) while their board and a
// night page are open and online. Both come back live through the other instance by themselves, with
// what arrived while they were away read from the database (not from a live event they could not get).

import { usersCli } from "../test/support/accounts";
import { startNginx, type RunningNginx } from "../test/support/nginx";
import { createTestDatabase, type TestDatabase } from "../test/support/postgres";
import { requireRedis, TEST_REDIS_URL } from "../test/support/redis";
import { startServer, type RunningServer } from "../test/support/server";
import { postWebhook } from "../test/support/webhook";
import { expect, signInAs, test } from "./fixtures";
import { holdLiveSockets } from "./socket-gate";

const PASSWORD = "a long enough passphrase";
const API_KEY = "e2e-lb-key-0123456789abcdef";
const env = { ASLEEP_API_KEY: API_KEY, AUTH_SECRET: "e2e-lb-auth-secret-0123456789abcdef0123456789", REDIS_URL: TEST_REDIS_URL, TRUST_PROXY: "true" };
const block = (seq: number, stage: number) => ({
  event: "INFERENCE_COMPLETE",
  version: "V3",
  user_id: "asleep-e2e-lb",
  session_id: "lb-night",
  inference_seq_num: seq,
  sleep_stages: Array(10).fill(stage),
});

test("when the instance a browser is on goes away, its night page and board come back live through the other", async ({ page, context, pageChecks }) => {
  test.setTimeout(240_000);
  pageChecks.allowConsoleErrors(/WebSocket connection to .* failed/);
  await requireRedis();
  let db: TestDatabase | undefined;
  const servers: RunningServer[] = [];
  let nginx: RunningNginx | undefined;
  try {
    db = await createTestDatabase();
    servers.push(await startServer({ databaseUrl: db.url, apiKey: API_KEY, env }));
    servers.push(await startServer({ databaseUrl: db.url, apiKey: API_KEY, env }));
    const [a, b] = servers as [RunningServer, RunningServer];
    // The test's copy of the documented configuration also names the instance that answered.
    nginx = await startNginx([a.port, b.port], "add_header X-Upstream $upstream_addr always;");
    await usersCli(a, ["add", "--email", "dr-lb@e2e.test", "--password", PASSWORD, "--role", "clinician", "--name", "Dr Balance"]);
    await usersCli(a, ["add", "--email", "lb@e2e.test", "--password", PASSWORD, "--role", "patient", "--name", "Lena", "--asleep-user-id", "asleep-e2e-lb", "--clinician", "dr-lb@e2e.test"]);
    for (const [seq, stage] of [[0, 0], [1, 1]] as const) expect((await postWebhook({ url: nginx.url, apiKey: API_KEY }, block(seq, stage))).status).toBe(200);

    await signInAs(page, "dr-lb@e2e.test", PASSWORD, nginx.url);
    const status = page.getByTestId("board-connection");
    const row = page.getByTestId("board-row").first();
    await expect(status).toContainText("Live");
    await expect(row.getByTestId("board-stage")).toHaveText("Light");
    const night = await context.newPage();
    const response = await night.goto(`${nginx.url}/sessions/lb-night`);
    const connection = night.getByTestId("connection");
    await expect(connection).toContainText("Live");
    await expect(night.getByTestId("recorded")).toHaveText("10 min");

    // nginx keeps one client address on one instance: that one goes away.
    const upstream = response!.headers()["x-upstream"];
    const gone = servers.find((s) => upstream === `127.0.0.1:${s.port}`);
    expect(gone, `nginx answered from ${upstream}`).toBeDefined();
    const other = servers.find((s) => s !== gone)!;
    // The pages are held away (every new socket of theirs closed as it opens) until an analysis has
    // arrived through the other instance: they can only get it by catching up from the database.
    const gate = await holdLiveSockets(context);
    await gone!.stop();
    await expect(connection).toContainText("Reconnecting…");
    await expect(status).toContainText("Reconnecting…");
    expect((await postWebhook({ url: other.url, apiKey: API_KEY }, block(2, 2))).status).toBe(200);
    await expect(night.getByTestId("recorded")).toHaveText("10 min");
    gate.release();

    await expect(connection).toContainText("Live");
    await expect(status).toContainText("Live");
    await expect(night.getByTestId("recorded")).toHaveText("15 min");
    await expect(night.getByTestId("current-stage")).toHaveText("Deep");
    await expect(row.getByTestId("board-stage")).toHaveText("Deep");
    // And live again: the next analysis arrives by itself.
    expect((await postWebhook({ url: other.url, apiKey: API_KEY }, block(3, 3))).status).toBe(200);
    await expect(night.getByTestId("recorded")).toHaveText("20 min");
    await expect(night.getByTestId("current-stage")).toHaveText("REM");
    await expect(row.getByTestId("board-stage")).toHaveText("REM");
    // The pages are on the other instance now: what nginx answers from.
    const again = await night.request.get(`${nginx.url}/api/health`);
    expect(again.headers()["x-upstream"]).toBe(`127.0.0.1:${other.port}`);
    await night.close();
  } finally {
    await nginx?.stop();
    for (const s of servers) await s.stop();
    await db?.drop();
  }
});
