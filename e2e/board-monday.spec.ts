// The clinician's Monday on the board (issue 24 §1): sixty patients, and at 1440×900 the first screen
// shows at least fifteen of them, one line each, in the documented severity order (a recording gone
// stale tonight before a patient with more alerts), each fact once (a no-data alert and the no-data
// finding are one item, in one wording), a patient new since the last visit marked; on a phone, a card
// per patient and nothing wider than the screen. Then the whole Monday (issue 24, "Done when"): the
// board, ten alerts resolved at once with a comment, an alert's night opened, time logged by hand, and
// the month's billing CSV, whose days with data and minutes are checked against what was sent.

import { readFile } from "node:fs/promises";
import { request } from "node:http";
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { addDays, nightOf } from "../lib/sleep/adherence";
import { query } from "../test/support/postgres";
import { inferenceBlock, postWebhook, sessionComplete, shortNight } from "../test/support/webhook";
import { expect, LONG_AGO, PHONE, signInAs, test, type App } from "./fixtures";

const PASSWORD = "a long enough passphrase";
// lib/board/flags.ts SEVERITY_ORDER, as docs/GUIDE-CLINICIAN.md states it.
const ORDER = ["stale", "short-sleep", "long-waso", "low-efficiency", "long-latency", "adherence", "no-data", "new-patient"];

function addAccount(app: App, body: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: `${app.server.dataDir}/control.sock`, path: "/users", method: "POST" }, (res) => {
      res.resume();
      res.on("end", () => (res.statusCode === 201 ? resolve() : reject(new Error(`users: ${res.statusCode}`))));
    });
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

const raise = (app: App, email: string, rule: string, reason: string, cause: string, raisedAgoMs = 3600_000) =>
  query(
    app.server.databaseUrl,
    `INSERT INTO alert (id, patient_id, rule, cause_key, reason, raised_at) SELECT $1, id, $2, $3, $4, now() - make_interval(secs => $5) FROM app_user WHERE email = $6`,
    [`${email}-${rule}-${cause}`, rule, cause, reason, raisedAgoMs / 1000, email],
  );

/**
 * The latest night in Paris that began at `clock` (local) and lasted 7.5 h, ended by `now`: at 22:30 it is
 * named by its evening's date with a clock range ("Sun 6 Dec 2026, 22:30–06:00"); at 01:00 its clock also
 * names the next day ("Sun 6 Dec 2026, Mon 01:00–08:30"), the longest a night's name gets. Fixed clocks,
 * so the board shows both whatever the hour the test runs (it once checked only the short one by day).
 */
function endedNight(clock: "22:30" | "01:00", now: number): { start: number; end: number } {
  const [hours, minutes] = clock.split(":").map(Number) as [number, number];
  const today = new TZDate(now, "Europe/Paris");
  for (let back = 0; ; back++) {
    // 22:30 the evening before day D, or 01:00 on day D.
    const start = new TZDate(today.getFullYear(), today.getMonth(), today.getDate() - back - (hours >= 12 ? 1 : 0), hours, minutes, "Europe/Paris").getTime();
    const end = start + 7.5 * 3600_000;
    if (end <= now - 600_000) return { start, end };
  }
}

/** Sixty patients: one stale tonight, one with three alerts and no data, a few with one alert, the rest calm. */
async function sixtyPatients(app: App, prefix: string) {
  const doctor = `${prefix}-dr@e2e.test`;
  await addAccount(app, { email: doctor, password: PASSWORD, role: "clinician", name: `Dr ${prefix}` });
  const email = (id: string) => `${prefix}-${id}@e2e.test`;
  const patient = (name: string, id: string) => addAccount(app, { email: email(id), password: PASSWORD, role: "patient", name, asleepUserId: `${prefix}-${id}`, clinician: doctor, enrolledOn: LONG_AGO });
  const target = { url: app.server.url, apiKey: app.apiKey };
  const now = Date.now();
  // A good night ending this morning (or at a fixed clock, the latest that has ended): nothing to say about it.
  const goodNight = (id: string, daysAgo: number, clock?: "22:30" | "01:00") => {
    const { start, end } = clock ? endedNight(clock, now) : { start: now - daysAgo * 86_400_000 - 20 * 3600_000, end: now - daysAgo * 86_400_000 - 12.5 * 3600_000 };
    return postWebhook(
      target,
      sessionComplete({
        userId: `${prefix}-${id}`,
        sessionId: `${prefix}-${id}-${daysAgo}`,
        startTime: new Date(start).toISOString(),
        endTime: new Date(end).toISOString(),
        timezone: "Europe/Paris",
        sleepStages: [0, 0, ...Array<number>(898).fill(1)],
        stat: {},
      }),
    );
  };
  for (let i = 1; i <= 56; i++) {
    const id = `calm${String(i).padStart(2, "0")}`;
    await patient(`Calm Patient ${String(i).padStart(2, "0")}`, id);
    // Half begin before midnight, half after it: the board's night column holds both names whole.
    await goodNight(id, 0, i % 2 ? "01:00" : "22:30");
  }
  // Many alerts and no data since 30 Nov: ranks below a short night, above nothing; each fact once.
  await patient("Aaron Many", "many");
  await goodNight("many", 6);
  await raise(app, email("many"), "no-data", "No data for 3 nights (since a while)", "since:x");
  await raise(app, email("many"), "low-adherence", "Adherence 10 % over 30 days (target 70 %, at least 4 h a night)", "w");
  await raise(app, email("many"), "long-latency", "Sleep onset latency 50 min on an old night (over 30 min)", "n");
  // One short night: an alert of the most severe rule after a stale recording.
  await patient("Bea Short", "short");
  await goodNight("short", 0);
  await raise(app, email("short"), "short-sleep", "Total sleep 3 h 10 min last night (under 5 h)", "n");
  // A recording gone quiet tonight: its last analysis an hour ago.
  await patient("Zed Stale", "stale");
  await goodNight("stale", 1);
  await postWebhook(target, inferenceBlock(`${prefix}-stale`, `${prefix}-stale-tonight`, 0, [0, 0, 1, 1, 1, 1, 1, 1, 1, 1]));
  await query(app.server.databaseUrl, `UPDATE inference SET received_at = now() - interval '1 hour' WHERE session_id = $1`, [`${prefix}-stale-tonight`]);
  return { doctor, patient, email };
}

const rankOf = async (row: import("@playwright/test").Locator) => {
  const kinds = await row.getByTestId("board-flag").evaluateAll((els) => els.map((e) => e.getAttribute("data-kind") ?? ""));
  return kinds.length === 0 ? ORDER.length : Math.min(...kinds.map((k) => ORDER.indexOf(k)));
};

test.describe("at 1440×900", () => {
  test.use({ viewport: { width: 1440, height: 900 } });
  test("a clinician's Monday: fifteen patients on the first screen, in severity order, each fact once, the new one marked", async ({ page, app }) => {
    test.setTimeout(300_000);
    const { doctor, patient, email } = await sixtyPatients(app, "monday");
    await signInAs(page, doctor, PASSWORD);
    const rows = page.getByTestId("board-row");
    await expect(page.getByTestId("board-total")).toHaveText("59 patients");

    // At least fifteen whole lines on the first screen, without scrolling.
    const visible = await rows.evaluateAll((els) => els.filter((e) => {
      const box = e.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    }).length);
    expect(visible).toBeGreaterThanOrEqual(15);
    // The board uses the screen's width, not a column in its middle.
    const board = await page.getByTestId("patient-board").boundingBox();
    expect(board!.width).toBeGreaterThan(1300);
    // One line a patient cuts what follows a figure (reasons, notes, the details after adherence's figure,
    // a night's zone) with "…" when it must, never the figure: a clinician cannot read
    // "6 h 13 …", "Too early t…" or half a night's date (all cut at 1440 px in the demo clinic).
    for (const width of [1440, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      const cut = await rows.evaluateAll((els) =>
        els.flatMap((row) => {
          const cell = (label: string) => row.querySelector<HTMLElement>(`td[data-label="${label}"]`)!;
          // The right edge of a cell's content box, and of the figure's own text within it.
          const contentRight = (td: HTMLElement) => td.getBoundingClientRect().right - parseFloat(getComputedStyle(td).paddingRight);
          const textRight = (node: Node) => {
            const range = document.createRange();
            range.selectNodeContents(node);
            return range.getBoundingClientRect().right;
          };
          const figures: Array<[string, Node | null]> = [
            ["Total sleep", cell("Total sleep")],
            ["Efficiency", cell("Efficiency")],
            ["Adherence", cell("Adherence").querySelector('[data-testid="board-adherence-figure"]')],
            // The night's date and clock range: the first text of its link (its zone follows).
            ["Last night", cell("Last night").querySelector("a")?.firstChild ?? null],
          ];
          return figures.filter(([label, node]) => node && textRight(node) > contentRight(cell(label)) + 0.5).map(([label, node]) => `${label}: ${node!.textContent}`);
        }),
      );
      expect(cut, `figures cut at ${width} px`).toEqual([]);
    }
    await page.setViewportSize({ width: 1440, height: 900 });

    // The board says Stale only while it is live (away from the server it cannot tell a quiet night
    // from its own silence): wait for it to be.
    await expect(page.getByTestId("board-connection")).toContainText("Live");
    // Severity, not a count: tonight's quiet recording first, the short night next, then the patient with
    // three alerts (their most severe is slow sleep onset), then the calm ones.
    await expect(rows.nth(0)).toContainText("Zed Stale");
    await expect(rows.nth(0).getByTestId("board-flag").first()).toHaveText(/^Stale tonight since \d\d:\d\d Europe\/Paris \(night of /);
    await expect(rows.nth(1)).toContainText("Bea Short");
    await expect(rows.nth(2)).toContainText("Aaron Many");
    const ranks: number[] = [];
    for (let i = 0; i < (await rows.count()); i++) ranks.push(await rankOf(rows.nth(i)));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));

    // Each fact once: Aaron's no-data alert and the board's own finding are one item, in the alert
    // rule's words, counted from now; the items come in the severity order.
    const many = rows.nth(2).getByTestId("board-flag");
    await expect(many).toHaveCount(3);
    expect(await many.evaluateAll((els) => els.map((e) => e.getAttribute("data-kind")))).toEqual(["long-latency", "adherence", "no-data"]);
    await expect(many.nth(2)).toHaveText(/^No data for [56] nights \(since \w{3} \d{1,2} \w{3}\)$/);
    await expect(rows.nth(2)).not.toContainText("No data since");
    // Tonight's stale recording is one item too (the stale alert, once raised, joins it).
    await expect(rows.nth(0).getByTestId("board-flag").filter({ hasText: /Stale tonight/ })).toHaveCount(1);

    // Nothing is new on a first visit. A visit later, the patient assigned meanwhile is marked new.
    await expect(page.getByTestId("board-new")).toHaveCount(0);
    // The last visit two hours ago; the clinic as it was then, one short night raised since.
    await query(app.server.databaseUrl, `UPDATE app_user SET board_read_at = now() - interval '2 hours' WHERE email = $1`, [doctor]);
    await query(app.server.databaseUrl, `UPDATE care_assignment SET created_at = now() - interval '1 day'`);
    await query(app.server.databaseUrl, `UPDATE alert SET raised_at = now() - interval '1 day'`);
    await query(app.server.databaseUrl, `UPDATE alert SET raised_at = now() WHERE patient_id = (SELECT id FROM app_user WHERE email = $1)`, [email("short")]);
    await patient("Nina New", "new");
    await page.reload();
    await expect(page.getByTestId("board-total")).toHaveText("60 patients");
    const nina = rows.filter({ hasText: "Nina New" });
    await expect(nina.getByTestId("board-flag")).toHaveText(["No night recorded yet", "New patient since your last visit"]);
    await expect(page.getByTestId("board-row").filter({ hasText: "New patient since your last visit" })).toHaveCount(1);
    await expect(rows.filter({ hasText: "Aaron Many" }).getByTestId("board-new")).toHaveCount(0);
    await expect(rows.filter({ hasText: "Bea Short" }).getByTestId("board-new")).toHaveCount(1);
    // A reload within the same visit keeps what is new marked.
    await page.reload();
    await expect(rows.filter({ hasText: "Bea Short" }).getByTestId("board-new")).toHaveCount(1);
    await expect(nina).toContainText("New patient since your last visit");
  });
});

test.describe("a whole Monday at 1440×900", () => {
  test.use({ viewport: { width: 1440, height: 900 } });
  test("board, ten alerts resolved with a comment, an alert's night, time logged, and the month's billing CSV checked against the nights sent", async ({ page, app }) => {
    test.setTimeout(400_000);
    const { doctor, email } = await sixtyPatients(app, "bill");
    // Lee: enrolled so that the monitoring cycle holding the month's last day reaches back as far as it can.
    const month = format(new TZDate(Date.now(), "Europe/Paris"), "yyyy-MM");
    const [y, m] = month.split("-").map(Number) as [number, number];
    const monthEnd = addDays(`${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, "0")}-01`, -1);
    const enrolledOn = addDays(monthEnd, -29);
    await addAccount(app, { email: email("lee"), password: PASSWORD, role: "patient", name: "Lee Short", asleepUserId: "bill-lee", clinician: doctor, enrolledOn });
    const target = { url: app.server.url, apiKey: app.apiKey };
    const starts = Array.from({ length: 10 }, (_, i) => Date.now() - (i + 1) * 86_400_000 - 6 * 3_600_000);
    for (const [i, start] of starts.entries()) expect((await postWebhook(target, shortNight("bill-lee", `bill-lee-${i + 1}`, start))).status).toBe(200);
    // Days with data, by the definition (docs/BILLING.md): each night's day, noon to noon in its zone, in the cycle up to the month's end.
    const expectedDays = new Set(starts.map((s) => nightOf(s, "Europe/Paris")).filter((d) => d >= enrolledOn && d <= monthEnd)).size;

    // The alerts are raised after the deliveries are answered: the Monday starts once they are.
    await expect
      .poll(async () => (await query<{ n: string }>(app.server.databaseUrl, `SELECT count(*) AS n FROM alert a JOIN app_user u ON u.id = a.patient_id WHERE u.asleep_user_id = 'bill-lee' AND a.rule = 'short-sleep'`))[0]!.n, { timeout: 60_000 })
      .toBe("10");

    await signInAs(page, doctor, PASSWORD);
    await expect(page.getByTestId("board-total")).toHaveText("60 patients");
    await expect(page.getByTestId("board-connection")).toContainText("Live");
    const rows = page.getByTestId("board-row");
    await expect(rows.filter({ hasText: "Lee Short" }).getByTestId("board-flag").first()).toBeVisible();
    const visible = await rows.evaluateAll((els) => els.filter((e) => {
      const box = e.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    }).length);
    expect(visible).toBeGreaterThanOrEqual(15);
    await expect(rows.nth(0)).toContainText("Zed Stale");
    const ranks: number[] = [];
    for (let i = 0; i < 15; i++) {
      ranks.push(await rankOf(rows.nth(i)));
      // Each fact once: no item said twice on a line.
      const items = await rows.nth(i).getByTestId("board-flag").allTextContents();
      expect(new Set(items).size).toBe(items.length);
      // A condition (stale, no data, adherence, new) is one item, its alert and the board's finding together.
      const kinds = await rows.nth(i).getByTestId("board-flag").evaluateAll((els) => els.map((e) => e.getAttribute("data-kind") ?? ""));
      for (const kind of ["stale", "no-data", "adherence", "new-patient"]) expect(kinds.filter((k) => k === kind).length).toBeLessThanOrEqual(1);
    }
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));

    // The worklist: Lee's ten short nights, resolved at once with one comment.
    await page.goto("/alerts?patient=bill-lee&rule=short-sleep");
    await expect(page.getByTestId("alert")).toHaveCount(10, { timeout: 60_000 });
    await page.getByLabel("Select all on this page").check();
    await page.getByLabel("Comment (optional)").fill("Called Lee: shift work this fortnight.");
    await page.getByRole("button", { name: "Resolve selected (10)" }).click();
    await expect(page.getByTestId("bulk-done")).toHaveText("10 alerts resolved.");
    await expect(page.locator('[data-testid="alert"][data-state="RESOLVED"]')).toHaveCount(10);

    // An alert opens its night, where the timer counts the clinician's time on the patient.
    const subject = page.getByTestId("alert").first().getByTestId("alert-subject");
    const href = await subject.getAttribute("href");
    expect(href).toMatch(/^\/sessions\/bill-lee-\d+$/);
    await subject.click();
    await expect(page).toHaveURL(new RegExp(`${href}$`));
    await expect(page.getByTestId("night-title")).toBeVisible();
    await expect(page.getByTestId("time-timer")).toContainText("Time on this patient");

    // Time spent on the phone with Lee, logged by hand on the patient page.
    await page.goto("/patients/bill-lee");
    const form = page.getByTestId("time-form");
    await form.getByLabel("Minutes").fill("25");
    await form.getByLabel("Kind").selectOption("call");
    await form.getByLabel("Interactive contact with the patient").check();
    await form.getByLabel("Note").fill("Went through the short nights.");
    await form.getByRole("button", { name: "Record time" }).click();
    await expect(form.getByRole("status")).toHaveText(/^Recorded 25 min on \d{4}-\d\d-\d\d\.$/);
    const entry = page.getByTestId("time-entry").filter({ hasText: "Went through the short nights." });
    await expect(entry).toContainText("Phone call");
    await expect(entry).toContainText("Yes");
    // The month's minutes: those logged by hand and any the timer recorded, against the 10/20-minute steps.
    const logged = await (await page.request.get(`/api/patients/bill-lee/clinician-time?month=${month}`)).json() as { entries: Array<{ minutes: number }> };
    const minutes = logged.entries.reduce((sum, e) => sum + e.minutes, 0);
    expect(minutes).toBeGreaterThanOrEqual(25);
    await expect(page.getByTestId("time-month-total")).toContainText(`${minutes} min this month, with an interactive contact: 20 min step (CPT 99457) reached`);

    // The month's billing CSV, from the page.
    const download = page.waitForEvent("download");
    await page.getByTestId("billing-csv").click();
    const csv = await readFile((await (await download).path())!, "utf8");
    const [header, ...lines] = csv.trim().split(/\r?\n/).map((l) => l.split(","));
    const row = Object.fromEntries(header!.map((h, i) => [h, lines.find((l) => l[0] === "bill-lee")![i]]));
    expect(row).toMatchObject({
      patient_name: "Lee Short",
      enrolled_on: enrolledOn,
      month,
      cycle: "1",
      cycle_first_day: enrolledOn,
      cycle_last_day: monthEnd,
      days_with_data: String(expectedDays),
      clinician_minutes: String(minutes),
      interactive_contact: "yes",
    });
    // Every patient the clinician follows has a row.
    expect(lines).toHaveLength(60);
  });
});

test.describe("on a phone", () => {
  test.use({ viewport: PHONE });
  test("a card per patient, nothing wider than the screen", async ({ page, app }) => {
    test.setTimeout(300_000);
    const { doctor } = await sixtyPatients(app, "phone");
    await signInAs(page, doctor, PASSWORD);
    const rows = page.getByTestId("board-row");
    await expect(page.getByTestId("board-total")).toHaveText("59 patients");
    await expect(rows.first()).toContainText("Zed Stale");
    for (const i of [0, 2, 10]) {
      const row = rows.nth(i);
      const box = (await row.boundingBox())!;
      expect(box.width).toBeLessThanOrEqual(PHONE.width);
      // A card: what needs attention under the name, across the card; the figures labelled beneath.
      const name = (await row.getByRole("rowheader").boundingBox())!;
      const attention = (await row.getByTestId("board-flags").boundingBox())!;
      expect(attention.y).toBeGreaterThanOrEqual(name.y + name.height - 1);
      expect(attention.width).toBeGreaterThan(box.width * 0.8);
      await expect(row.getByTestId("board-total-sleep")).toBeVisible();
    }
    // The sort stays within reach on a phone.
    await expect(page.getByTestId("board-sort-adherence")).toBeVisible();
  });
});
