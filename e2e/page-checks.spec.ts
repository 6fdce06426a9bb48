// The fixture's own checks (e2e/fixtures.ts) can fail: a page that scrolls sideways at 390 px fails the
// test whether it is the main page or one the test opened, and whether it got wide on a load or on a
// client-side navigation; a page the test opened that breaks the Content Security Policy fails it too.
// Each test here is expected to fail (test.fail): passing would mean the check missed it.

import { test } from "./fixtures";

const WIDE = '<main><div style="width: 600px">wider than a phone</div></main>';
const NARROW = "<main><p>fits</p></main>";

test.fail("a page opened with context.newPage() that scrolls sideways fails the test", async ({ context }) => {
  const other = await context.newPage();
  await other.setContent(WIDE);
});

test.fail("a client-side navigation to a page that scrolls sideways fails the test", async ({ page }) => {
  await page.setContent(NARROW);
  await page.evaluate((wide) => {
    document.body.innerHTML = wide;
    history.pushState({}, "", "#wide");
  }, WIDE);
  // Narrow again before the end: only the check on the navigation can see it.
  await page.waitForTimeout(1_000);
  await page.evaluate((narrow) => void (document.body.innerHTML = narrow), NARROW);
});

test.fail("a page opened with context.newPage() that breaks the Content Security Policy fails the test", async ({ context, app, pageChecks }) => {
  // Only the policy check may catch it: the console-error check is told to let it pass.
  pageChecks.allowConsoleErrors(/Content Security Policy|Refused to|Failed to fetch/);
  const other = await context.newPage();
  await other.goto(`${app.server.url}/login`);
  // An image from another site: img-src allows only the app's own (and data: or blob: URLs), so the
  // policy refuses it and says so in the console.
  await other.evaluate(() => {
    const image = document.createElement("img");
    image.src = "https://elsewhere.example/pixel.png";
    document.body.appendChild(image);
  });
  await other.waitForTimeout(500);
});
