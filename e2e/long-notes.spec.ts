// A clinician's long note reads whole wherever it is shown: the night page, the patient page, the
// sleeper's "From your clinician" (night page, home, their own page), and on paper; the board keeps its
// "last note" to one line but opens it whole in place. Once, a style for the board's cell (app/globals.css
// `.note-text`, nowrap and "…") cut every note everywhere to ~30 characters.

import type { Locator, Page } from "@playwright/test";
import { expect, leaveSignedOut, PHONE, signInAs, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";
const CLINICIAN = "dr@long-notes-e2e.test";
const SLEEPER = "rosa@long-notes-e2e.test";
const USER = "long-notes-rosa";
const NIGHT = "long-notes-night";

/** A clinician's note of exactly 600 characters, as written in a clinic; `tag` tells the notes apart. */
function note600(tag: string): string {
  const words =
    "snoring clusters in the first half of the night, mostly on the back by the diary, and the hour without data after " +
    "midnight matches the phone charger story. Plan: positional therapy for two weeks, then compare efficiency and awakenings " +
    "against the previous fortnight. If snoring stays above a third of total sleep, refer for a home sleep apnoea test. Keep " +
    "caffeine before noon and note any alcohol in the tags; both showed up on the worst nights of the month. Review at the next " +
    "visit with the trends over 30 and 90 nights.";
  const text = `${tag}: ${words} ${words}`.slice(0, 600).replace(/\s$/, ".");
  expect(text).toHaveLength(600);
  return text;
}

/**
 * The element showing exactly `text` shows all of it: nothing cut with "…" or clipped, on every line, by
 * the element, by any box around it, or by the page's width; and it runs over several lines (600
 * characters fit on no single line of any page).
 */
async function expectReadsWhole(target: Locator, where: string) {
  await expect(target, where).toBeVisible();
  await target.scrollIntoViewIfNeeded();
  const seen = await target.evaluate((el) => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(el);
    // The text's own boxes, as laid out: not clipped by overflow, so a cut line still reaches past the box.
    const text = range.getBoundingClientRect();
    const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
    const clipped: string[] = [];
    for (let a = el.parentElement; a; a = a.parentElement) {
      const s = getComputedStyle(a);
      const r = a.getBoundingClientRect();
      if (s.overflowX !== "visible" && (text.left < r.left - 1 || text.right > r.right + 1)) clipped.push(`${a.tagName} (overflow-x ${s.overflowX}) cuts it sideways`);
      if (s.overflowY !== "visible" && (text.top < r.top - 1 || text.bottom > r.bottom + 1)) clipped.push(`${a.tagName} (overflow-y ${s.overflowY}) cuts it`);
    }
    return {
      textOverflow: style.textOverflow,
      wraps: !/^(nowrap|pre)$/.test(style.whiteSpace),
      overflowsSideways: el.scrollWidth > el.clientWidth + 1,
      overflowsDown: el.scrollHeight > el.clientHeight + 1,
      textOutsideBox: text.left < box.left - 1 || text.right > box.right + 1 || text.top < box.top - 1 || text.bottom > box.bottom + 1,
      pastThePage: text.left < -1 || text.right > window.innerWidth + 1,
      lines,
      clipped,
    };
  });
  expect(seen, where).toEqual({
    textOverflow: "clip",
    wraps: true,
    overflowsSideways: false,
    overflowsDown: false,
    textOutsideBox: false,
    pastThePage: false,
    lines: expect.any(Number),
    clipped: [],
  });
  expect(seen.lines, `${where}: lines shown`).toBeGreaterThan(1);
}

/** On screen, then on paper (print media), the page shows each text whole. */
async function expectNotesWhole(page: Page, texts: string[], where: string) {
  for (const media of ["screen", "print"] as const) {
    await page.emulateMedia({ media });
    for (const [i, text] of texts.entries()) await expectReadsWhole(page.getByText(text, { exact: true }), `${where}, note ${i + 1}, ${media}`);
  }
  await page.emulateMedia({ media: "screen" });
}

test.describe("a long note reads whole", () => {
  test.beforeAll(async ({ workerApp }) => {
    await workerApp.users(["add", "--email", CLINICIAN, "--password", PASSWORD, "--role", "clinician", "--name", "Dr Lena Long"]);
    await workerApp.users(["add", "--email", SLEEPER, "--password", PASSWORD, "--role", "patient", "--name", "Rosa", "--asleep-user-id", USER, "--clinician", CLINICIAN]);
    await workerApp.simulate(["--user", USER, "--session", NIGHT, "--speed", "max", "--hours", "1", "--quiet"]);
  });

  for (const viewport of [PHONE, { width: 1440, height: 900 }]) {
    test(`at ${viewport.width} px, on every page that shows it and in print`, async ({ page }) => {
      await page.setViewportSize(viewport);
      const onNight = note600(`Night, ${viewport.width} px`);
      const onPatient = note600(`Patient, ${viewport.width} px`);
      await signInAs(page, CLINICIAN, PASSWORD);

      // Written through the forms, shared with the sleeper: one on the night, one on the patient.
      for (const [path, text] of [[`/sessions/${NIGHT}`, onNight], [`/patients/${USER}`, onPatient]] as const) {
        await page.goto(path);
        const notes = page.getByTestId("notes");
        await notes.getByLabel("New note").fill(text);
        await notes.getByLabel("Share with the patient").check();
        await notes.getByRole("button", { name: "Add note" }).click();
        await expect(notes.getByTestId("note-status")).toHaveText("Note saved");
        await expectReadsWhole(notes.getByTestId("note-text").filter({ hasText: text }), `${path} just written`);
      }

      await page.goto(`/sessions/${NIGHT}`);
      await expectNotesWhole(page, [onNight], "the night page (clinician)");
      await page.goto(`/patients/${USER}`);
      await expectNotesWhole(page, [onPatient, onNight], "the patient page (clinician)");

      // The board's last note: one line in the table, the whole of it a click away; whole on paper.
      await page.goto("/");
      const cell = page.getByTestId("board-row").filter({ hasText: "Rosa" }).getByTestId("board-note");
      const last = cell.getByText(onPatient, { exact: true });
      await expect(last).toBeVisible();
      // The line that holds it (the disclosure's summary) is cut with "…".
      expect(await last.evaluate((el) => { const line = el.closest("summary")!; return line.scrollWidth > line.clientWidth; }), "the board cuts the note to one line").toBe(true);
      await last.click();
      await expectReadsWhole(last, "the board's last note, opened");
      await page.reload();
      await page.emulateMedia({ media: "print" });
      await expectReadsWhole(cell.getByText(onPatient, { exact: true }), "the board's last note, print");
      await page.emulateMedia({ media: "screen" });

      // The sleeper: "From your clinician" on the night, at home, and on their own page.
      await leaveSignedOut(page);
      await signInAs(page, SLEEPER, PASSWORD);
      await expect(page.getByRole("heading", { name: "From your clinician" })).toBeVisible();
      await expectNotesWhole(page, [onPatient], "the sleeper's home");
      await page.goto(`/sessions/${NIGHT}`);
      await expect(page.getByRole("heading", { name: "From your clinician" })).toBeVisible();
      await expectNotesWhole(page, [onNight], "the night page (sleeper)");
      await page.goto(`/patients/${USER}`);
      await expectNotesWhole(page, [onPatient, onNight], "the sleeper's own page");
    });
  }
});
