// Nights are named and listed as people read them (issue 12, §2): the patient page's "Every night"
// lists the nights closed as Incomplete too, labelled, while the averages stay on complete nights; the
// home list tells a clinician whose night each is by name; the access log names the night, not its id.

import { query } from "../test/support/postgres";
import { postWebhook, sessionComplete } from "../test/support/webhook";
import { expect, leaveSignedOut, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";
// The browser is in New York, so each night's own zone is shown beside its name.
test.use({ timezoneId: "America/New_York" });

test("Every night lists a night closed as Incomplete, labelled and dated in the account's zone; the averages keep to complete nights; the home list and the access log name the night and whose it is", async ({ page, app }) => {
  await app.users(["add", "--email", "named-dr@e2e.test", "--password", PASSWORD, "--role", "clinician", "--name", "Dr Named"]);
  await app.users(["add", "--email", "named-admin@e2e.test", "--password", PASSWORD, "--role", "admin", "--name", "Admin Named"]);
  await app.users(["add", "--email", "kim@e2e.test", "--password", PASSWORD, "--role", "patient", "--name", "Kim Park", "--asleep-user-id", "asleep-kim-named", "--clinician", "named-dr@e2e.test", "--timezone", "Asia/Seoul"]);
  const target = { url: app.server.url, apiKey: app.apiKey };
  // A complete night, 22:00 to 22:10 on Fri 20 Nov in Seoul.
  const stages = [0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 1, 1, 1, 1, 0, 0];
  await postWebhook(target, sessionComplete({ userId: "asleep-kim-named", sessionId: "kim-named-1", startTime: "2026-11-20T13:00:00Z", endTime: "2026-11-20T13:10:00Z", timezone: "Asia/Seoul", sleepStages: stages, stat: {} }));
  // A night closed as Incomplete as the back-fill worker leaves it (no zone, no end): 20:30 Sat 21 Nov in
  // Seoul, an hour recorded (120 epochs), so it is named 20:30–21:30, never "from 20:30" as if recording.
  await query(
    app.server.databaseUrl,
    `INSERT INTO sleep_session (id, user_id, state, start_time, timezone, sleep_stages, snoring_stages, epoch_source_seq, incomplete_reason, updated_at)
     VALUES ('kim-named-2', 'asleep-kim-named', 'INCOMPLETE', '2026-11-21T11:30:00Z', NULL, $1::smallint[], '{}', '{}', 'NOTHING_MORE', now())`,
    [Array<number>(120).fill(1)],
  );

  await signInAs(page, "named-dr@e2e.test", PASSWORD);
  // Home: each night with the patient's name, the Asleep id second.
  const homeRows = page.getByTestId("night-row");
  await expect(homeRows).toHaveCount(2);
  await expect(homeRows.nth(0)).toContainText("Sat 21 Nov 2026, 20:30–21:30, Asia/Seoul");
  for (const cell of await page.getByTestId("night-patient").all()) await expect(cell).toHaveText("Kim Park Asleep user asleep-kim-named");

  await page.goto("/patients/asleep-kim-named");
  const rows = page.getByTestId("every-night-row");
  await expect(rows).toHaveCount(2);
  // Newest first: the Incomplete night, dated in Asia/Seoul (the account's zone) and labelled.
  await expect(rows.nth(0)).toContainText("Sat 21 Nov 2026, 20:30–21:30, Asia/Seoul");
  await expect(rows.nth(0).getByTestId("night-state")).toHaveText("· Incomplete");
  await expect(rows.nth(0)).toContainText("1 h");
  await expect(rows.nth(1)).toContainText("Fri 20 Nov 2026, 22:00–22:10, Asia/Seoul");
  await expect(rows.nth(1).getByTestId("night-state")).toHaveCount(0);
  // The averages are over complete nights only: one night, not two.
  await expect(page.getByTestId("averages")).toContainText("Last 7 nights (1)");

  await rows.nth(0).getByRole("link").click();
  await expect(page.getByTestId("night-title")).toContainText("Sat 21 Nov 2026, 20:30–21:30, Asia/Seoul");
  await page.goBack();
  await rows.nth(1).getByRole("link").click();
  await expect(page.getByTestId("night-title")).toContainText("Fri 20 Nov 2026, 22:00–22:10, Asia/Seoul");

  // The admin reads, in the access log, which night the clinician looked at, its id on a line of its own.
  await leaveSignedOut(page);
  await signInAs(page, "named-admin@e2e.test", PASSWORD);
  await page.goto("/admin?user=asleep-kim-named");
  // The page's view (its live connection's catching-up has an entry of its own, "via the live connection").
  const entry = page.getByTestId("access-row").filter({ hasText: "named-dr@e2e.test" }).filter({ hasText: "id kim-named-1" }).filter({ hasNotText: "via the live connection" });
  await expect(entry).toContainText("view: night Fri 20 Nov 2026, 22:00–22:10, Asia/Seoul");
  await expect(entry.getByTestId("access-resource-id")).toHaveText("id kim-named-1");
});
