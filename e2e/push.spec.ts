// The morning notification in the browser (issue 25 §6), as a sleeper at 390 px: she turns it on from
// home (the permission prompt, granted; the service worker registered), a night completes through the
// webhook, the app sends the push to a local push service that checks its VAPID token and decrypts it
// with the subscription's keys (test/support/push-service.ts), and that message is delivered to the
// page's service worker, which shows the notification and tells the page.
//
// Chromium's own push service (Google's FCM) cannot be reached here, so two steps stand in for it: the
// browser's PushManager.subscribe hands back a subscription of the local push service (made with the
// applicationServerKey the page passed), and the decrypted message reaches the service worker through
// the DevTools protocol (ServiceWorker.deliverPushMessage), as FCM would deliver it.

import { startPushService, type PushService, type PushSubscriptionJson } from "../test/support/push-service";
import { postWebhook, sessionComplete } from "../test/support/webhook";
import { expect, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";

let push: PushService;
test.beforeAll(async () => {
  push = await startPushService();
});
test.afterAll(async () => {
  await push?.close();
});

test("a push arrives when a night completes: the sleeper turns it on, and the report-ready notification is shown", async ({ app, page, context }) => {
  const user = "push-e2e";
  await app.users(["add", "--email", `${user}@e2e.test`, "--password", PASSWORD, "--role", "patient", "--asleep-user-id", user, "--timezone", "Europe/Paris"]);
  await context.grantPermissions(["notifications"], { origin: app.server.url });
  const subscriptions: PushSubscriptionJson[] = [];
  const keysPassed: string[] = [];
  await page.exposeFunction("__localPushSubscribe", (applicationServerKey: string) => {
    keysPassed.push(applicationServerKey);
    const sub = push.subscribe(applicationServerKey);
    subscriptions.push(sub);
    return sub;
  });
  await page.addInitScript(() => {
    type Json = { endpoint: string; expirationTime: null; keys: { p256dh: string; auth: string } };
    const w = window as unknown as { __localPushSubscribe(key: string): Promise<Json> };
    const toBase64url = (key: unknown) =>
      typeof key === "string" ? key : btoa(String.fromCharCode(...new Uint8Array(key as ArrayBuffer))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    const asSubscription = (json: Json) => ({
      endpoint: json.endpoint,
      expirationTime: null,
      toJSON: () => json,
      unsubscribe: async () => {
        localStorage.removeItem("local-push-subscription");
        return true;
      },
    });
    PushManager.prototype.subscribe = async function (options?: PushSubscriptionOptionsInit) {
      const json = await w.__localPushSubscribe(toBase64url(options?.applicationServerKey));
      localStorage.setItem("local-push-subscription", JSON.stringify(json));
      return asSubscription(json) as unknown as PushSubscription;
    };
    PushManager.prototype.getSubscription = async function () {
      const stored = localStorage.getItem("local-push-subscription");
      return (stored ? asSubscription(JSON.parse(stored) as Json) : null) as unknown as PushSubscription | null;
    };
  });

  await signInAs(page, `${user}@e2e.test`, PASSWORD, app.server.url);
  const panel = page.getByTestId("morning-notification");
  await panel.getByRole("button", { name: "Turn on the morning notification" }).click();
  await expect(page.getByTestId("morning-notification-status")).toHaveText("On: this browser will tell you when your sleep report is ready.");
  await expect(panel.getByRole("button", { name: "Turn it off" })).toBeVisible();
  const { publicKey } = (await (await page.request.get(`${app.server.url}/api/account/push`)).json()) as { publicKey: string };
  expect(keysPassed).toEqual([publicKey]);

  // The service worker the page registered, as the DevTools protocol knows it.
  const cdp = await context.newCDPSession(page);
  const registrations = new Map<string, string>();
  cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations: list }) => {
    for (const r of list) if (!r.isDeleted) registrations.set(r.scopeURL, r.registrationId);
  });
  await cdp.send("ServiceWorker.enable");
  await expect.poll(() => registrations.get(`${app.server.url}/`)).toBeTruthy();

  // A night completes: the app pushes, the local push service verifies and decrypts.
  const sessionId = `${user}-night`;
  const end = Date.now() - 10 * 60_000;
  const stages = [...Array<number>(10).fill(0), ...Array<number>(700).fill(1), ...Array<number>(10).fill(0)];
  const night = sessionComplete({ userId: user, sessionId, startTime: new Date(end - stages.length * 30_000).toISOString(), endTime: new Date(end).toISOString(), timezone: "Europe/Paris", sleepStages: stages, stat: {} });
  expect((await postWebhook({ url: app.server.url, apiKey: app.apiKey }, night)).status).toBe(200);
  await expect.poll(() => push.messages.filter((m) => subscriptions[0]!.endpoint.endsWith(`/${m.subscriptionId}`)).length, { timeout: 30_000 }).toBe(1);
  expect(push.rejected).toEqual([]);
  const message = push.messages.find((m) => subscriptions[0]!.endpoint.endsWith(`/${m.subscriptionId}`))!;

  // Delivered to the page's service worker, as the browser's push service would.
  await cdp.send("ServiceWorker.deliverPushMessage", { origin: app.server.url, registrationId: registrations.get(`${app.server.url}/`)!, data: message.text });
  await expect(page.getByTestId("morning-notification-arrived")).toHaveText("Just arrived: Your sleep report is ready");
  const shown = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration("/");
    return (await registration!.getNotifications()).map((n) => ({ title: n.title, body: n.body, url: (n.data as { url: string }).url }));
  });
  expect(shown).toEqual([{ title: "Your sleep report is ready", body: "See how you slept last night: open your report.", url: `/sessions/${sessionId}` }]);

  // Off again: this browser is no longer subscribed.
  await panel.getByRole("button", { name: "Turn it off" }).click();
  await expect(page.getByTestId("morning-notification-status")).toHaveText("Off: this browser will not notify you.");
  const after = (await (await page.request.get(`${app.server.url}/api/account/push?endpoint=${encodeURIComponent(subscriptions[0]!.endpoint)}`)).json()) as { subscribed: boolean };
  expect(after.subscribed).toBe(false);
});
