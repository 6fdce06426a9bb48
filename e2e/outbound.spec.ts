import AxeBuilder from "@axe-core/playwright";
import { Webhook } from "standardwebhooks";
import { postWebhook, inferenceBlock } from "../test/support/webhook";
import { startReceiver, type Receiver } from "../test/support/receiver";
import { expect, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";
const NIGHT = "outbound-e2e-night";
const USER = "outbound-e2e-sleeper";

test.describe("outbound events at /admin/webhooks", () => {
  let receiver: Receiver;
  test.beforeAll(async ({ workerApp }) => {
    receiver = await startReceiver();
    await workerApp.users(["add", "--email", "admin@outbound-e2e.test", "--password", PASSWORD, "--role", "admin", "--name", "Otto Outbound"]);
  });
  test.afterAll(async () => {
    await receiver?.close();
  });

  test("register an endpoint, see its secret once, see a delivery in the log and replay it", async ({ page, workerApp }) => {
    await signInAs(page, "admin@outbound-e2e.test", PASSWORD);
    await page.goto("/admin");
    await page.getByRole("link", { name: /Outbound events/ }).click();
    await expect(page.getByRole("heading", { name: "Outbound events", level: 1 })).toBeVisible();

    const url = `${receiver.url}/e2e`;
    await page.getByLabel("URL").fill(url);
    await page.getByLabel("Description").fill("the ward's pager");
    await page.getByRole("button", { name: "Register endpoint" }).click();
    const shown = page.getByTestId("endpoint-secret");
    await expect(shown).toContainText("not shown again");
    const secret = (await shown.locator("code").textContent())!;
    expect(secret).toMatch(/^whsec_/);
    await expect(page.getByTestId("endpoint-row").filter({ hasText: url })).toContainText("(on)");

    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.id}: ${v.help} ${v.nodes[0]?.target.join(" ")}`), "axe on /admin/webhooks").toEqual([]);

    // Shown once: not after a reload.
    await page.reload();
    await expect(page.getByTestId("endpoint-secret")).toHaveCount(0);
    expect(await page.content()).not.toContain(secret);

    // A night starts: the receiver gets night.started, signed, and the log says it was delivered.
    const target = { url: workerApp.server.url, apiKey: workerApp.apiKey };
    expect((await postWebhook(target, inferenceBlock(USER, NIGHT, 0))).status).toBe(200);
    const row = page.getByTestId("outbound-delivery-row").filter({ hasText: `night:${NIGHT}` });
    await expect(async () => {
      await page.reload();
      await expect(row.first()).toContainText("DELIVERED", { timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    await expect(row.first()).toContainText("night.started");
    await expect(row.first()).toContainText("HTTP 200");
    await expect(row.first()).toContainText("1 attempt");
    const mine = () => receiver.received.filter((r) => r.path === "/e2e" && r.body.includes(NIGHT));
    expect(mine()).toHaveLength(1);
    const headers = (i: number) => ({ "webhook-id": String(mine()[i]!.headers["webhook-id"]), "webhook-timestamp": String(mine()[i]!.headers["webhook-timestamp"]), "webhook-signature": String(mine()[i]!.headers["webhook-signature"]) });
    expect((new Webhook(secret).verify(mine()[0]!.body, headers(0)) as { type: string }).type).toBe("night.started");

    // Replay: sent again with the same webhook-id, logged as a replay. The replay's own row appears above
    // the original when the page refreshes, so the original is found by its id, not by its place.
    const firstId = /^#(\d+)/.exec((await row.first().locator("td:first-child div").first().textContent())!)![1];
    const original = row.filter({ has: page.getByRole("button", { name: `Replay delivery ${firstId}`, exact: true }) });
    await original.getByRole("button", { name: /^Replay delivery/ }).click();
    await expect(original.getByTestId("outbound-replay-outcome")).toHaveText(/^queued as \d+$/);
    await expect.poll(() => mine().length, { timeout: 30_000 }).toBe(2);
    expect(headers(1)["webhook-id"]).toBe(headers(0)["webhook-id"]);
    expect((new Webhook(secret).verify(mine()[1]!.body, headers(1)) as { type: string }).type).toBe("night.started");
    await expect(async () => {
      await page.reload();
      await expect(row.filter({ hasText: "replay of" }).first()).toContainText("DELIVERED", { timeout: 1000 });
    }).toPass({ timeout: 30_000 });
  });
});

test.describe("outbound endpoints: a test event, and a receiver that says 410 Gone", () => {
  let receiver: Receiver;
  test.beforeAll(async ({ workerApp }) => {
    receiver = await startReceiver();
    await workerApp.users(["add", "--email", "admin@outbound-gone.test", "--password", PASSWORD, "--role", "admin", "--name", "Greta Gone"]);
  });
  test.afterAll(async () => {
    await receiver?.close();
  });

  test("Send test event shows the receiver's answer; an endpoint turned off by 410 Gone says so, with when", async ({ page, baseURL, workerApp }) => {
    await signInAs(page, "admin@outbound-gone.test", PASSWORD);
    const headers = { origin: baseURL! };
    const register = async (path: string) => {
      const created = await page.request.post("/api/admin/webhooks", { headers, data: { url: `${receiver.url}${path}`, events: ["night.started"] } });
      expect(created.status()).toBe(201);
      return ((await created.json()) as { secret: string }).secret;
    };
    const secret = await register("/tested");
    receiver.always("/gone", 410);
    await register("/gone");
    await page.goto("/admin/webhooks");

    // A test event: signed, sent now, and the receiver's answer shown beside the endpoint.
    const tested = page.getByTestId("endpoint-row").filter({ hasText: `${receiver.url}/tested` });
    await tested.getByRole("button", { name: `Send a test event to ${receiver.url}/tested` }).click();
    await expect(tested.getByTestId("endpoint-test-outcome")).toHaveText(/^Delivered: HTTP 200 in \d+ ms: “thanks”$/);
    const got = receiver.received.find((r) => r.path === "/tested")!;
    const h = { "webhook-id": String(got.headers["webhook-id"]), "webhook-timestamp": String(got.headers["webhook-timestamp"]), "webhook-signature": String(got.headers["webhook-signature"]) };
    expect((new Webhook(secret).verify(got.body, h) as { type: string }).type).toBe("webhook.test");

    // A night starts; the receiver at /gone answers 410 Gone: the app turns that endpoint off and says why and when.
    const target = { url: workerApp.server.url, apiKey: workerApp.apiKey };
    expect((await postWebhook(target, inferenceBlock("outbound-gone-sleeper", "outbound-gone-night", 0))).status).toBe(200);
    const gone = page.getByTestId("endpoint-row").filter({ hasText: `${receiver.url}/gone` });
    await expect(async () => {
      await page.reload();
      await expect(gone.getByTestId("endpoint-disabled")).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    await expect(gone).toContainText("(off)");
    await expect(gone.getByTestId("endpoint-disabled")).toContainText(/Turned off by the app on .+ \d{2}:\d{2} UTC: The receiver answered 410 Gone/);
    await expect(gone.getByRole("button", { name: `Turn on ${receiver.url}/gone` })).toBeVisible();
    await expect(tested).toContainText("(on)");
    // /admin says so too, beside its link here.
    await page.goto("/admin");
    await expect(page.getByTestId("endpoints-turned-off")).toContainText("1 endpoint turned off by the app: the receiver answered 410 Gone");
    await page.getByRole("link", { name: /Outbound events/ }).click();
    await expect(gone).toContainText("(off)");
    // Its test event shows the refusal, as the receiver gave it.
    await gone.getByRole("button", { name: `Send a test event to ${receiver.url}/gone` }).click();
    await expect(gone.getByTestId("endpoint-test-outcome")).toHaveText(/^Not delivered: HTTP 410 in \d+ ms: “receiver says 410”$/);

    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.id}: ${v.help} ${v.nodes[0]?.target.join(" ")}`), "axe on /admin/webhooks with a turned-off endpoint").toEqual([]);
    // The app serves the later test files too: its receiver closes with this file, so it hears no more.
    const list = (await (await page.request.get("/api/admin/webhooks")).json()) as { endpoints: Array<{ id: string; url: string }> };
    const testedId = list.endpoints.find((e) => e.url === `${receiver.url}/tested`)!.id;
    expect((await page.request.patch(`/api/admin/webhooks/${testedId}`, { headers, data: { enabled: false } })).status()).toBe(200);
  });
});
