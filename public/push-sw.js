// The morning notification's service worker (docs/PAGES.md, server/push/): shows what the app pushes
// ("Your sleep report is ready", "Your recording stopped at 02:10") and opens the night when tapped.
// The payload is lib/push/message.ts's NightPushMessage, as JSON. Open pages of the app hear of it too
// (a "push-shown" message), so one can say that it arrived.

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("push", (event) => {
  let message = null;
  try {
    message = event.data ? event.data.json() : null;
  } catch {
    message = null;
  }
  if (!message || typeof message.title !== "string") return;
  event.waitUntil(
    (async () => {
      await self.registration.showNotification(message.title, {
        body: message.body,
        tag: message.tag,
        icon: "/icon.svg",
        data: { url: message.url },
      });
      const pages = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      for (const page of pages) page.postMessage({ type: "push-shown", title: message.title, body: message.body, url: message.url });
    })(),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin);
  if (url.origin !== self.location.origin) return;
  event.waitUntil(
    (async () => {
      const pages = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      for (const page of pages) {
        if (page.url === url.href && "focus" in page) return page.focus();
      }
      return self.clients.openWindow(url.href);
    })(),
  );
});
