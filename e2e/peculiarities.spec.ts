// Asleep's peculiarities on the night report (issue 23 §4): every code Asleep's Get Session documents
// is shown in plain words for the sleeper and precisely for the clinician, and a code Asleep has not
// documented is shown as itself. The report arrives in the callback spelling of Asleep's v2 pages.

import { DOCUMENTED_PECULIARITIES, explainPeculiarity } from "../lib/sleep/peculiarities";
import { inSpelling, postWebhook, sessionComplete } from "../test/support/webhook";
import { expect, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";

test("a night's report shows every documented peculiarity in plain and precise words, and an unknown one as itself", async ({ page, app }) => {
  const user = "peculiar-sleeper";
  const session = `${user}-night`;
  await app.users(["add", "--email", `${user}@e2e.test`, "--password", PASSWORD, "--role", "patient", "--asleep-user-id", user, "--timezone", "Europe/Paris"]);
  const start = Date.UTC(2026, 11, 1, 22, 0);
  const stages = [...Array<number>(20).fill(0), ...Array<number>(600).fill(1), ...Array<number>(20).fill(0)];
  const codes = [...DOCUMENTED_PECULIARITIES, "SOMETHING_NEW_FROM_ASLEEP"];
  const report = {
    ...sessionComplete({ userId: user, sessionId: session, startTime: new Date(start).toISOString(), endTime: new Date(start + stages.length * 30_000).toISOString(), timezone: "Europe/Paris", sleepStages: stages, stat: {} }),
    peculiarities: codes,
  };
  const res = await postWebhook({ url: app.server.url, apiKey: app.apiKey }, inSpelling(report, "callback-page"), { userId: user });
  expect(res.status).toBe(200);

  await signInAs(page, `${user}@e2e.test`, PASSWORD);
  await page.goto(`/sessions/${session}`);
  const items = page.getByTestId("peculiarity");
  await expect(items).toHaveCount(codes.length);
  for (const [i, code] of codes.entries()) {
    const item = items.nth(i);
    await expect(item).toHaveAttribute("data-code", code);
    const e = explainPeculiarity(code);
    await expect(item).toContainText(e.plain);
    await expect(item).toContainText(e.clinical);
  }
  await expect(items.nth(codes.length - 1)).toContainText('"SOMETHING_NEW_FROM_ASLEEP"');
  // Where the night came from, in the sleeper's plain words (how it was delivered is for the clinic)...
  await expect(page.getByTestId("provenance")).toHaveText("Measured by Asleep from sound · 4 stages · no analyses while recording");
  // ...and in the API: the report arrived in the v2 callback pages' spelling.
  const detail = (await (await page.request.get(`/api/sessions/${encodeURIComponent(session)}`)).json()) as { provenance: { forms: Array<{ names: string; version: string }> } };
  expect(detail.provenance.forms.map((f) => `${f.version} ${f.names}`)).toEqual(["V3 callback"]);
  await expect(page.getByText("under about 5 minutes")).toHaveCount(0);
  await expect(page.getByText("could not be measured steadily")).toHaveCount(0);
});
