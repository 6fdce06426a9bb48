// A night analysed every 40 minutes, while it is being recorded (issue 23 §3), in the browser: its
// first analysis carries 80 values (the first 40 minutes), and 50 minutes later (more than twice the
// 5 minutes once assumed, less than the next two analyses) neither the night page nor the clinician's
// board says Stale; past two missed analyses both do. Its own server on PostgreSQL, so the arrival can
// be moved back in time as the clock would.

import { usersCli } from "../test/support/accounts";
import { createTestDatabase, query, QUIET_CLOCK, type TestDatabase } from "../test/support/postgres";
import { startServer, type RunningServer } from "../test/support/server";
import { inSpelling, postWebhook } from "../test/support/webhook";
import { expect, signInAs, test } from "./fixtures";

const API_KEY = "e2e-cadence-key-0123456789";
const PASSWORD = "a long enough passphrase";

let db: TestDatabase;
let server: RunningServer;

test.beforeAll(async () => {
  db = await createTestDatabase();
  server = await startServer({ databaseUrl: db.url, apiKey: API_KEY, env: QUIET_CLOCK });
});
test.afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

test("a 40-minute-cadence night being recorded is calm on its page and on the board between analyses, and Stale after two missed", async ({ page }) => {
  const user = "forty-minutes";
  const session = `${user}-night`;
  await usersCli(server, ["add", "--email", "dr-forty@e2e.test", "--password", PASSWORD, "--role", "clinician", "--name", "Dr Forty"]);
  await usersCli(server, ["add", "--email", `${user}@e2e.test`, "--password", PASSWORD, "--role", "patient", "--name", "Fortunato", "--asleep-user-id", user, "--timezone", "Europe/Paris", "--clinician", "dr-forty@e2e.test"]);
  const stages = Array.from({ length: 80 }, (_, i) => (i < 10 ? 0 : i % 3 === 0 ? 2 : 1));
  const analysis = inSpelling({ event: "INFERENCE_COMPLETE", version: "V3", user_id: user, session_id: session, seq_num: 79, inference_seq_num: 7, sleep_stages: stages }, "field-table");
  expect((await postWebhook({ url: server.url, apiKey: API_KEY }, analysis, { userId: user })).status).toBe(200);
  const age = (minutes: number) => query(db.url, `UPDATE inference SET received_at = received_at - make_interval(mins => $2) WHERE session_id = $1`, [session, minutes]);
  await age(50);

  await signInAs(page, "dr-forty@e2e.test", PASSWORD, server.url);
  const row = page.getByTestId("board-row").filter({ hasText: "Fortunato" });
  await expect(page.getByTestId("board-connection")).toContainText("Live");
  await expect(row.getByTestId("board-tonight")).toContainText("Recording");
  await expect(row.getByTestId("board-stale")).toHaveCount(0);

  await page.goto(`${server.url}/sessions/${session}`);
  await expect(page.getByTestId("connection")).toContainText("Live");
  await expect(page.getByTestId("stale-note")).toHaveCount(0);

  // Two analyses missed (over 80 minutes of silence): both say so.
  await age(35);
  await page.reload();
  await expect(page.getByTestId("connection")).toContainText("Live");
  await expect(page.getByTestId("stale-note")).toBeVisible();
  await page.goto(`${server.url}/`);
  await expect(row.getByTestId("board-stale")).toHaveAttribute("title", /usual interval of 40 min/);
});
