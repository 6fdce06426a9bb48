// `npm run demo` (issue 24 §5) is the clinic the team and the README's pictures look at: its patients must
// be what the board would show of a real clinic. Here a small one (10 patients × 35 days, no live night)
// is seeded into a running app through its webhook, then read back as its two clinicians read it. Before,
// every demo account was enrolled the day the demo ran, so the board said "too early to tell" for the
// adherence of patients with 35 days of nights.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import type { BoardPage } from "@/lib/live/events";
import { DEMO_CLINICIANS, DEMO_PASSWORD } from "../scripts/demo/accounts";
import { getJson, signIn } from "./support/accounts";
import { createTestDatabase, QUIET_CLOCK, type TestDatabase } from "./support/postgres";
import { startServer, type RunningServer } from "./support/server";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "..");
const API_KEY = "demo-test-key-0123456789abcdef";
const PASSWORD = DEMO_PASSWORD;
const DAYS = 35;

describe("npm run demo: a small clinic", { timeout: 600_000 }, () => {
  let db: TestDatabase;
  let server: RunningServer;
  let printed = "";
  before(async () => {
    db = await createTestDatabase();
    server = await startServer({ databaseUrl: db.url, apiKey: API_KEY, env: QUIET_CLOCK });
    const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/demo.ts", "--url", server.url, "--key", API_KEY, "--patients", "10", "--days", String(DAYS), "--no-live"], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: server.dataDir },
      timeout: 480_000,
    });
    printed = stdout;
  });
  after(async () => {
    await server?.stop();
    await db?.drop();
  });

  it("enrols each patient on the day of their first night, so the board judges adherence over their weeks of nights", async () => {
    const rows: BoardPage["rows"] = [];
    for (const clinician of DEMO_CLINICIANS) {
      const { cookie } = await signIn(server, clinician, PASSWORD);
      assert.ok(cookie, `${clinician} signs in with the password the demo prints`);
      const { status, body } = await getJson(server, "/api/board?size=100", cookie);
      assert.equal(status, 200);
      rows.push(...(body as unknown as BoardPage).rows);
    }
    assert.equal(rows.length, 10, "the two clinicians see the ten patients between them");
    const enrolledLong = rows.filter((r) => r.asleepUserId !== "demo-010");
    for (const r of enrolledLong) {
      assert.equal(r.adherence.tooEarly, false, `${r.name} (${r.asleepUserId}), enrolled on ${r.enrolledOn}: adherence over ${DAYS} days of nights is not "too early to tell"`);
      assert.ok(r.adherence.days >= 28, `${r.name}: a full window (${r.adherence.days} days)`);
    }
    // One in ten enrolled this week (demo-010, five days ago): for them it is too early.
    const recent = rows.find((r) => r.asleepUserId === "demo-010")!;
    assert.equal(recent.adherence.tooEarly, true, "the patient enrolled five days ago is too early to tell");
    const daysSince = (Date.now() - Date.parse(`${recent.enrolledOn}T12:00:00Z`)) / 86_400_000;
    assert.ok(daysSince > 3 && daysSince < 7, `enrolled five days ago, not today (${recent.enrolledOn})`);
    assert.match(printed, /sleeper\s+demo-\d{3}@demo\.clinic/, "the demo says whom to sign in as");
  });
});
