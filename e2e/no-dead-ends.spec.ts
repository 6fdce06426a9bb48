// No dead ends: a page that is not there is a page of the app, with the way back; signing in returns to
// the page that was asked for (and never to another site); every list pages through everything.

import { usersCli } from "../test/support/accounts";
import { startReceiver } from "../test/support/receiver";
import { randomUUID } from "node:crypto";
import { createTestDatabase, query } from "../test/support/postgres";
import { startServer } from "../test/support/server";
import { startTcpProxy } from "../test/support/tcp-proxy";
import { postWebhook, sessionComplete } from "../test/support/webhook";
import { expect, leaveSignedOut, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";
const NIGHTS = 53; // more than a page (50)

test.describe("no dead ends", () => {
  test.beforeAll(async ({ workerApp }) => {
    await workerApp.users(["add", "--email", "admin@ends.test", "--password", PASSWORD, "--role", "admin", "--name", "Ada"]);
    await workerApp.users(["add", "--email", "dr@ends.test", "--password", PASSWORD, "--role", "clinician", "--name", "Dr Ends"]);
    await workerApp.users(["add", "--email", "pia@ends.test", "--password", PASSWORD, "--role", "patient", "--name", "Pia", "--asleep-user-id", "asleep-pia", "--clinician", "dr@ends.test"]);
    const target = { url: workerApp.server.url, apiKey: workerApp.apiKey };
    // Pia's nights, one a day back from 1 Nov 2026, each complete with a 20-minute hypnogram.
    for (let i = 0; i < NIGHTS; i++) {
      const start = Date.parse("2026-11-01T22:00:00Z") - i * 86_400_000;
      const night = sessionComplete({
        userId: "asleep-pia",
        sessionId: `pia-night-${String(i).padStart(2, "0")}`,
        startTime: new Date(start).toISOString(),
        endTime: new Date(start + 20 * 60_000).toISOString(),
        timezone: "UTC",
        sleepStages: [...Array(10).fill(0), ...Array(30).fill(1)],
        stat: {},
      });
      expect((await postWebhook(target, night)).status).toBe(200);
    }
  });

  test("a page that is not there is dark, in the app's layout, with the way back", async ({ page, pageChecks }) => {
    pageChecks.allowConsoleErrors(/status of 404/);
    await signInAs(page, "pia@ends.test", PASSWORD);
    for (const path of ["/no-such-page", "/sessions/not-a-night-of-yours", "/patients/asleep-not-pia"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole("heading", { name: "Not found", level: 1 })).toBeVisible();
      // Dark, as every page of the app: not the framework's white page.
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), path).toBe("rgb(15, 23, 42)");
    }
    await page.getByRole("link", { name: "Back to the dashboard" }).click();
    await expect(page.getByRole("heading", { name: "Your nights" })).toBeVisible();
  });

  test("signing in returns to the page that was asked for", async ({ page }) => {
    await page.goto("/patients/asleep-pia?page=2");
    await expect(page).toHaveURL(/\/login\?next=%2Fpatients%2Fasleep-pia%3Fpage%3D2$/);
    await page.getByLabel("Email").fill("dr@ends.test");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/patients/asleep-pia" && url.search === "?page=2");
    await expect(page.getByRole("heading", { name: /Pia/ })).toBeVisible();
  });

  test("sign-in never leads to another site", async ({ page, baseURL }) => {
    for (const next of ["//evil.example", "https://evil.example", "/\\evil.example"]) {
      await leaveSignedOut(page);
      await page.goto(`/login?next=${encodeURIComponent(next)}`);
      await page.getByLabel("Email").fill("pia@ends.test");
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((url) => url.origin === baseURL && url.pathname === "/");
      await expect(page.getByRole("heading", { name: "Your nights" })).toBeVisible();
    }
    // Already signed in, the sign-in page sends a crafted link home too.
    await page.goto(`/login?next=${encodeURIComponent("https://evil.example")}`);
    await expect(page).toHaveURL(`${baseURL}/`);
  });

  test("every night is reachable, a page at a time: the sleeper's list, the patient page, and the audit log", async ({ page }) => {
    await signInAs(page, "pia@ends.test", PASSWORD);
    const rows = page.getByTestId("night-row");
    await expect(rows).toHaveCount(50);
    await expect(rows.first()).toContainText("Sun 1 Nov 2026");
    await page.getByRole("link", { name: "Older →" }).click();
    await expect(rows).toHaveCount(NIGHTS - 50);
    await expect(rows.last()).toContainText("Thu 10 Sep 2026");
    await expect(page.getByRole("link", { name: "Older →" })).toHaveCount(0);
    await page.getByRole("link", { name: "← Newer" }).click();
    await expect(rows).toHaveCount(50);

    await leaveSignedOut(page);
    await signInAs(page, "dr@ends.test", PASSWORD);
    await page.goto("/patients/asleep-pia");
    const every = page.getByTestId("every-night-row");
    await expect(every).toHaveCount(50);
    await page.getByRole("navigation", { name: "Every night: pages" }).getByRole("link", { name: "Older →" }).click();
    await expect(every).toHaveCount(NIGHTS - 50);
    await expect(every.last()).toContainText("Thu 10 Sep 2026, 22:00");
    // Any night can be compared, not only the newest 30: the choices hold this page's nights too.
    await page.getByLabel("First night").selectOption(`pia-night-${NIGHTS - 1}`);
    await page.getByRole("button", { name: "Compare" }).click();
    await expect(page).toHaveURL(new RegExp(`[?&]page=2&a=pia-night-${NIGHTS - 1}&`));
    await expect(page.getByTestId("comparison").locator("h3").first()).toContainText("Thu 10 Sep 2026");

    await leaveSignedOut(page);
    await signInAs(page, "admin@ends.test", PASSWORD);
    await page.goto("/admin?user=asleep-pia");
    const deliveries = page.getByTestId("delivery-row");
    await expect(deliveries).toHaveCount(50);
    await page.getByRole("navigation", { name: "Deliveries: pages" }).getByRole("link", { name: "Older →" }).click();
    await expect(page).toHaveURL(/\/admin\?user=asleep-pia&page=2$/);
    await expect(deliveries).toHaveCount(NIGHTS - 50);
  });

  test("the outbound delivery log pages through every delivery, each once, newest first", async ({ page, baseURL, workerApp }) => {
    const receiver = await startReceiver();
    await signInAs(page, "admin@ends.test", PASSWORD);
    const headers = { origin: baseURL! };
    const url = `${receiver.url}/paging`;
    const created = await page.request.post("/api/admin/webhooks", { headers, data: { url, events: ["night.completed"] } });
    expect(created.status()).toBe(201);
    const endpointId = ((await created.json()) as { endpoint: { id: string } }).endpoint.id;
    try {
      // One night completes (a sleeper without an account: no one else's lists change), then 52 replays of its event.
      const night = sessionComplete({
        userId: "asleep-outbound-pager",
        sessionId: "outbound-pager-night",
        startTime: "2026-11-01T22:00:00Z",
        endTime: "2026-11-01T22:20:00Z",
        timezone: "UTC",
        sleepStages: [...Array(10).fill(0), ...Array(30).fill(1)],
        stat: {},
      });
      expect((await postWebhook({ url: workerApp.server.url, apiKey: workerApp.apiKey }, night)).status).toBe(200);
      // Every delivery to this endpoint, by the API's own paging (next until null).
      const apiLog = async () => {
        const ids: string[] = [];
        for (let next: string | null = `/api/admin/webhooks/deliveries?endpointId=${endpointId}&limit=20`; next; ) {
          const res = await page.request.get(next);
          expect(res.status()).toBe(200);
          const body = (await res.json()) as { deliveries: Array<{ id: string }>; next: string | null };
          ids.push(...body.deliveries.map((d) => d.id));
          next = body.next;
        }
        return ids;
      };
      await expect.poll(async () => (await apiLog()).length, { timeout: 30_000 }).toBe(1);
      const [first] = await apiLog();
      for (let i = 0; i < 52; i++) expect((await page.request.post(`/api/admin/webhooks/deliveries/${first}/replay`, { headers })).status()).toBe(202);
      const expected = await apiLog();
      expect(expected).toHaveLength(53);

      await page.goto("/admin/webhooks");
      const rows = page.getByTestId("outbound-delivery-row");
      await expect(rows).toHaveCount(50);
      const seen: string[] = [];
      for (let n = 1; ; n++) {
        await expect(page).toHaveURL(n === 1 ? /\/admin\/webhooks$/ : new RegExp(`/admin/webhooks\\?page=${n}$`));
        await expect(rows.first()).toBeVisible();
        for (const text of await rows.filter({ hasText: url }).locator("td:first-child div:first-of-type").allTextContents()) seen.push(/^#(\d+)/.exec(text)![1]!);
        const older = page.getByRole("navigation", { name: "Delivery log: pages" }).getByRole("link", { name: "Older →" });
        if ((await older.count()) === 0) break;
        await older.click();
      }
      expect(seen).toEqual(expected);
    } finally {
      await page.request.delete(`/api/admin/webhooks/${endpointId}`, { headers });
      await receiver.close();
    }
  });
});

test("a page that fails (the database gone for a moment) is dark, says so, and has the way back", async ({ page, pageChecks }) => {
  test.setTimeout(180_000);
  // The page that failed, and React reporting the server's error (#441: its message withheld in production).
  pageChecks.allowConsoleErrors(/status of 500/);
  pageChecks.allowConsoleErrors(/Minified React error #441/);
  // Its own server, on PostgreSQL behind a proxy the test can cut.
  const db = await createTestDatabase();
  const direct = new URL(db.url);
  const proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
  const viaProxy = new URL(db.url);
  viaProxy.port = String(proxy.port);
  const server = await startServer({ databaseUrl: viaProxy.toString(), apiKey: "e2e-error-key-0123456789" });
  try {
    await usersCli(server, ["add", "--email", "err@ends.test", "--password", PASSWORD, "--role", "patient", "--asleep-user-id", "asleep-err"]);
    await signInAs(page, "err@ends.test", PASSWORD, server.url);
    proxy.setMode("refuse");
    const response = await page.goto(`${server.url}/sessions/any-night`);
    expect(response?.status()).toBe(500);
    await expect(page.getByRole("heading", { name: "Something went wrong", level: 1 })).toBeVisible();
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(15, 23, 42)");
    proxy.setMode("forward");
    await page.getByRole("link", { name: "Back to the dashboard" }).click();
    await expect(page.getByRole("heading", { name: "Your nights" })).toBeVisible();
  } finally {
    proxy.setMode("forward");
    // Leave the page before its server goes: the home page's links prefetch in the background.
    await page.goto("about:blank");
    await server.stop();
    await proxy.close();
    await db.drop();
  }
});

test("the alert inbox pages through every alert, each once, newest first", async ({ page }) => {
  test.setTimeout(180_000);
  // Its own server on PostgreSQL, its alerts written straight into the database (raised in the background
  // one night at a time, 120 would take minutes); no scheduled checks to add any.
  const db = await createTestDatabase();
  const server = await startServer({ databaseUrl: db.url, apiKey: "e2e-inbox-key-0123456789", env: { ALERTS_SCHEDULE: "off", ALERTS_DIGEST_SCHEDULE: "off" } });
  try {
    await usersCli(server, ["add", "--email", "inbox@ends.test", "--password", PASSWORD, "--role", "clinician", "--name", "Dr Inbox"]);
    await usersCli(server, ["add", "--email", "ivy@ends.test", "--password", PASSWORD, "--role", "patient", "--name", "Ivy", "--asleep-user-id", "asleep-ivy", "--clinician", "inbox@ends.test"]);
    const [ivy] = await query<{ id: string }>(db.url, "SELECT id FROM app_user WHERE email = 'ivy@ends.test'");
    // 120 alerts, two raised in each minute (the id orders those), each with its own reason.
    const seeded = Array.from({ length: 120 }, (_, i) => ({ id: randomUUID(), reason: `Seeded alert ${i + 1}`, raisedAt: new Date(Date.parse("2026-11-20T06:00:00Z") - Math.floor(i / 2) * 60_000).toISOString() }));
    await query(
      db.url,
      `INSERT INTO alert (id, patient_id, rule, cause_key, reason, raised_at)
       SELECT a.id, $1, 'short-sleep', a.id, a.reason, a.raised_at FROM unnest($2::text[], $3::text[], $4::timestamptz[]) AS a(id, reason, raised_at)`,
      [ivy!.id, seeded.map((a) => a.id), seeded.map((a) => a.reason), seeded.map((a) => a.raisedAt)],
    );
    const expected = [...seeded].sort((a, b) => (a.raisedAt === b.raisedAt ? (a.id < b.id ? -1 : 1) : a.raisedAt < b.raisedAt ? 1 : -1)).map((a) => a.reason);

    await signInAs(page, "inbox@ends.test", PASSWORD, server.url);
    await page.goto(`${server.url}/alerts`);
    const alerts = page.getByTestId("alert");
    await expect(page.getByTestId("alerts-connection")).toContainText("Live");
    // 25 a page (app/alerts/page.tsx), one compact row each: 120 alerts are 5 pages.
    const PER_PAGE = 25;
    const pages = Math.ceil(seeded.length / PER_PAGE);
    await expect(alerts).toHaveCount(PER_PAGE);
    const seen: string[] = [];
    for (let n = 1; ; n++) {
      await expect(page).toHaveURL(n === 1 ? /\/alerts$/ : new RegExp(`/alerts\\?page=${n}$`));
      await expect(alerts.first()).toBeVisible();
      seen.push(...(await page.getByTestId("alert-reason").allTextContents()));
      const older = page.getByRole("navigation", { name: "Alerts: pages" }).getByRole("link", { name: "Older →" });
      if ((await older.count()) === 0) break;
      await older.click();
    }
    expect(seen).toEqual(expected);
    await page.getByRole("navigation", { name: "Alerts: pages" }).getByRole("link", { name: "← Newer" }).click();
    await expect(page).toHaveURL(new RegExp(`/alerts\\?page=${pages - 1}$`));
    await expect(alerts).toHaveCount(PER_PAGE);
    await expect(alerts.first()).toContainText(expected[(pages - 2) * PER_PAGE]!);
  } finally {
    await page.goto("about:blank");
    await server.stop();
    await db.drop();
  }
});
