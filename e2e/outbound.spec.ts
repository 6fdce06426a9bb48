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

    // Replay: sent again with the same webhook-id, logged as a replay.
    await row.first().getByRole("button", { name: /^Replay delivery/ }).click();
    await expect(row.first().getByTestId("outbound-replay-outcome")).toHaveText(/^queued as \d+$/);
    await expect.poll(() => mine().length, { timeout: 30_000 }).toBe(2);
    expect(headers(1)["webhook-id"]).toBe(headers(0)["webhook-id"]);
    expect((new Webhook(secret).verify(mine()[1]!.body, headers(1)) as { type: string }).type).toBe("night.started");
    await expect(async () => {
      await page.reload();
      await expect(row.filter({ hasText: "replay of" }).first()).toContainText("DELIVERED", { timeout: 1000 });
    }).toPass({ timeout: 30_000 });
  });
});
