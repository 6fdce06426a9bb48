// 한국어 (issue 8 of 8): a Korean clinic uses every page in Korean at phone width — the browser's language
// before sign-in, the account's setting after — with no English sentence of the catalogue left on a page,
// no text cut off, nothing scrolling sideways, axe clean, no console error; the period PDF in Korean reads
// back with pdftotext; and the language chosen follows the account to another browser.

import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { usersCli } from "../test/support/accounts";
import { readPdf } from "../test/support/pdf";
import { startServer } from "../test/support/server";
import { postWebhook, sessionComplete } from "../test/support/webhook";
import { expect, leaveSignedOut, test } from "./fixtures";

const PASSWORD = "a long enough passphrase";
const MESSAGES = path.resolve(__dirname, "..", "lib", "i18n", "messages");

type Tree = { [key: string]: string | Tree };
function flatten(tree: Tree, prefix = "", out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === "string") out.set(prefix + k, v);
    else flatten(v, `${prefix}${k}.`, out);
  }
  return out;
}
function catalogue(locale: string): Map<string, string> {
  const all = new Map<string, string>();
  for (const file of readdirSync(path.join(MESSAGES, locale))) flatten(JSON.parse(readFileSync(path.join(MESSAGES, locale, file), "utf8")) as Tree, `${file.replace(/\.json$/, "")}.`, all);
  return all;
}

/**
 * English sentences of the catalogue that a Korean page must not show: whole messages of three words or
 * more without arguments, which Korean words differently (a sentence, not a name or a figure).
 */
const ENGLISH_SENTENCES = (() => {
  const en = catalogue("en");
  const ko = catalogue("ko");
  return [...en].filter(([key, text]) => !/[{<]/.test(text) && text.trim().split(/\s+/).length >= 3 && !ko.get(key)?.includes(text)).map(([, text]) => text);
})();

/** Text an element cuts off: its content wider or taller than its box while it hides the overflow. */
async function clippedText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>("body *"))) {
      if (!el.innerText?.trim() || el.closest("svg, [aria-hidden='true']")) continue;
      const style = getComputedStyle(el);
      const hidesX = ["hidden", "clip"].includes(style.overflowX) || style.textOverflow === "ellipsis";
      const hidesY = ["hidden", "clip"].includes(style.overflowY);
      if ((hidesX && el.scrollWidth > el.clientWidth + 1) || (hidesY && el.scrollHeight > el.clientHeight + 1)) out.push(`${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ""}: ${el.innerText.trim().slice(0, 60)}`);
    }
    return out;
  });
}

/**
 * Words a Korean page may show in Latin letters: product, standard and technical names, abbreviations
 * Korean sleep medicine uses as they are. Anything else in Latin letters is English left behind — a
 * sentence built in code, not only one from the catalogue. Tokens with a digit, "@", "/" or "." (ids,
 * e-mail addresses, zones, file names) and lower-case hyphenated ids (an Asleep user id) are data.
 */
const LATIN_ALLOWED = new Set(["Asleep", "REM", "WASO", "FHIR", "CSV", "PDF", "JSON", "API", "UTC", "GMT", "Open", "mHealth", "Web", "Push", "Webhook", "Socket", "PostgreSQL", "PGlite", "AASM", "YASA", "SDK", "POST", "GET", "HTTP", "HTTPS", "URL", "IANA", "English", "ID", "SMTP", "TST", "SE", "SOL", "HMAC", "Standard", "Webhooks", "embedded", "Retry-After", "Carskadon", "Dement", "Phillips"]);
/** Names of works and instruments, cited as published (Korean sleep medicine cites them in English too). */
const CITED_WORKS = ["Principles and Practice of Sleep Medicine", "Consensus Sleep Diary"];

async function latinWords(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    const parts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      // Marked English (lang="en"): a record kept as it was written, e.g. the access log's entries.
      if (!parent || parent.closest("code, script, style, [translate='no'], [lang='en'], option:not(:checked), [hidden]")) continue;
      if (parent.getClientRects().length === 0) continue;
      parts.push(node.textContent ?? "");
    }
    return parts.join(" ");
  });
  const prose = CITED_WORKS.reduce((t, work) => t.split(work).join(" "), text)
    // A title in quotes, a citation with its year, and an English gloss after a Korean term: "수면 효율(SE)".
    .replace(/“[^”]*”/g, " ")
    .replace(/\([^()]*\b(19|20)\d\d\b[^()]*\)/g, " ")
    .replace(/([\uac00-\ud7a3])\([^()\uac00-\ud7a3]*\)/g, "$1 ");
  // Upper-case abbreviations and codes (TIB, SE, CPAP, STORED) are written so in Korean texts too.
  const words = prose.split(/[\s,;:()[\]«»"“”'‘’·…—–]+/).filter((t) => t && !/[0-9@/.]/.test(t) && !/^[a-z0-9]+(-[a-z0-9]+)+$/.test(t) && /^[A-Za-z][A-Za-z-]{2,}$/.test(t) && !/^[A-Z_]+$/.test(t) && !LATIN_ALLOWED.has(t));
  // Each word with a little of what surrounds it, to find where it comes from.
  return [...new Set(words)].map((w) => `${w} (…${prose.slice(Math.max(0, prose.indexOf(w) - 40), prose.indexOf(w) + 40).replace(/\s+/g, " ")}…)`);
}

async function expectKorean(page: Page, what: string) {
  await expect.soft(page.locator("html"), `${what}: the page's language`).toHaveAttribute("lang", "ko");
  const text = await page.locator("body").innerText();
  expect.soft(text, `${what}: Korean words on the page`).toMatch(/[\uac00-\ud7a3]{2,}/);
  expect.soft(ENGLISH_SENTENCES.filter((s) => text.includes(s)), `${what}: English sentences left on a Korean page`).toEqual([]);
  expect.soft(await latinWords(page), `${what}: English words left on a Korean page`).toEqual([]);
  expect.soft(await clippedText(page), `${what}: text cut off`).toEqual([]);
  const axe = await new AxeBuilder({ page }).analyze();
  expect.soft(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help} ${v.nodes[0]?.target.join(" ")}`), `${what}: axe`).toEqual([]);
}

/** Signs in through the Korean /login form (its labels are Korean: the fields are found by type). */
async function signInKorean(page: Page, email: string, base = "") {
  await page.goto(`${base}/login`);
  await expectKorean(page, "/login");
  await page.locator("input[type=email]").fill(email);
  await page.locator("input[type=password]").fill(PASSWORD);
  await page.locator("form button[type=submit]").click();
  await page.waitForURL((url) => url.pathname === "/");
}

const KOREAN_CLINIC_KEY = "korean-clinic-key-0123456789";
const run = promisify(execFile);

test.describe("한국어", () => {
  test.use({ locale: "ko-KR", acceptDownloads: true });

  test.beforeAll(async ({ workerApp }) => {
    await workerApp.users(["add", "--email", "dr@ko.test", "--password", PASSWORD, "--role", "clinician", "--name", "김서연"]);
    await workerApp.users(["add", "--email", "minjun@ko.test", "--password", PASSWORD, "--role", "patient", "--name", "이민준", "--asleep-user-id", "asleep-minjun", "--clinician", "dr@ko.test", "--timezone", "Asia/Seoul"]);
    // Three nights, the last one short: an alert on the board and in the inbox, in Korean too.
    for (const [i, [seed, hours]] of [[21, 7], [22, 7], [23, 4]].entries()) {
      await workerApp.simulate(["--user", "asleep-minjun", "--session", `minjun-night-${i + 1}`, "--speed", "max", "--hours", String(hours), "--seed", String(seed), "--quiet"]);
    }
    await postWebhook({ url: workerApp.server.url, apiKey: workerApp.apiKey }, {
      event: "INFERENCE_COMPLETE", version: "V3", user_id: "asleep-minjun", session_id: "minjun-tonight", inference_seq_num: 0, sleep_stages: [0, 0, 1, 1, 1, 2, 2, 2, 3, 3],
    });
  });

  test("a sleeper's pages, in the browser's language", async ({ page, pageChecks }) => {
    test.slow();
    await signInKorean(page, "minjun@ko.test");
    await expectKorean(page, "/ (sleeper)");
    for (const pathname of ["/diary", "/sessions/minjun-night-1", "/sessions/minjun-tonight"]) {
      await page.goto(pathname);
      await expectKorean(page, pathname);
    }
    pageChecks.allowConsoleErrors(/404 \(Not Found\).*no-such-page/);
    await page.goto("/no-such-page");
    await expectKorean(page, "not found");
  });

  test("a clinician's pages and the period PDF", async ({ page }) => {
    test.slow();
    await signInKorean(page, "dr@ko.test");
    await expectKorean(page, "/ (clinician board)");
    // The short night's alert is on the board, in Korean.
    await expect(page.getByTestId("board-flag").first()).toContainText(/총 수면/);
    for (const pathname of ["/patients/asleep-minjun", "/alerts", "/sessions/minjun-night-2"]) {
      await page.goto(pathname);
      await expectKorean(page, pathname);
    }
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 14 * 86_400_000).toISOString().slice(0, 10);
    // As the browser's own download would ask: in its language (the account has not chosen one).
    const pdf = await page.request.get(`/api/patients/asleep-minjun/report.pdf?from=${from}&to=${today}`, { headers: { "accept-language": "ko-KR,ko;q=0.9" } });
    expect(pdf.status()).toBe(200);
    const { prose } = await readPdf(Buffer.from(await pdf.body()));
    expect(prose).toContain("이민준");
    expect(prose).toContain("수면 효율");
    expect(prose).toContain("김서연");
  });

  test("an administrator's pages", async ({ page }) => {
    test.slow();
    // An administrator sees everyone: on the suite's shared app that is every other test's (English) data.
    // A clinic of its own, in Korean only.
    const server = await startServer({ apiKey: KOREAN_CLINIC_KEY });
    try {
      await usersCli(server, ["add", "--email", "admin@ko.test", "--password", PASSWORD, "--role", "admin", "--name", "관리자 박"]);
      await usersCli(server, ["add", "--email", "dr@ko.test", "--password", PASSWORD, "--role", "clinician", "--name", "김서연"]);
      await usersCli(server, ["add", "--email", "seoa@ko.test", "--password", PASSWORD, "--role", "patient", "--name", "정서아", "--asleep-user-id", "asleep-seoa", "--clinician", "dr@ko.test", "--timezone", "Asia/Seoul", "--enrolled-on", "2026-01-01"]);
      await run(process.execPath, ["--import", "tsx", "scripts/simulate.ts", "--url", server.url, "--key", KOREAN_CLINIC_KEY, "--user", "asleep-seoa", "--session", "seoa-night-1", "--speed", "max", "--hours", "4", "--seed", "31", "--quiet"], { cwd: path.resolve(__dirname, ".."), timeout: 120_000 });
      await signInKorean(page, "admin@ko.test", server.url);
      await expectKorean(page, "/ (admin)");
      await page.goto(`${server.url}/sessions/seoa-night-1`);
      await expectKorean(page, "/sessions (admin)");
      await page.goto(`${server.url}/admin?user=asleep-seoa`);
      await expectKorean(page, "/admin (a person looked up)");
      for (const pathname of ["/admin", "/admin/webhooks", "/admin/rules"]) {
        await page.goto(`${server.url}${pathname}`);
        await expectKorean(page, pathname);
      }
      await page.goto("about:blank");
    } finally {
      await server.stop();
    }
  });
});

/** A message as its reader sees it: the subject's encoded words and the text part's transfer encoding undone. */
function readMail(raw: string): { subject: string; body: string } {
  const unfolded = raw.replace(/\r?\n[ \t]+/g, " ");
  const words = (s: string) =>
    s.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, kind: string, data: string) =>
      kind.toLowerCase() === "b" ? Buffer.from(data, "base64").toString("utf8") : Buffer.from(data.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"),
    );
  const subject = words(/^subject: (.*)$/im.exec(unfolded)?.[1] ?? "");
  // The text/plain part (or the whole body of a one-part message), decoded.
  const part = /content-type: text\/plain[^]*?\r?\n\r?\n([^]*?)(\r?\n--|$)/i.exec(raw);
  const header = part ? raw.slice(0, part.index + part[0].length - part[1]!.length) : raw;
  const encoding = [...header.matchAll(/content-transfer-encoding: ([\w-]+)/gi)].at(-1)?.[1]?.toLowerCase();
  const data = part?.[1] ?? raw.split(/\r?\n\r?\n/).slice(1).join("\n\n");
  const body =
    encoding === "base64"
      ? Buffer.from(data.replace(/\s+/g, ""), "base64").toString("utf8")
      : encoding === "quoted-printable"
        ? Buffer.from(data.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8")
        : data;
  return { subject, body };
}

test.describe("한국어 e-mail", () => {
  test.use({ locale: "ko-KR" });

  test("a Korean clinician's alert e-mail is in Korean, with the reason the inbox shows", async ({ page, app }) => {
    await app.users(["add", "--email", "mail@ko.test", "--password", PASSWORD, "--role", "clinician", "--name", "최지우"]);
    await app.users(["add", "--email", "sora@ko.test", "--password", PASSWORD, "--role", "patient", "--name", "한소라", "--asleep-user-id", "ko-sora", "--clinician", "mail@ko.test"]);
    await signInKorean(page, "mail@ko.test");
    // The account's own choice (e-mails follow it, not the browser), and an e-mail for each alert.
    await page.getByRole("combobox", { name: "언어" }).selectOption("en");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await page.getByRole("combobox", { name: "Language" }).selectOption("ko");
    await expect(page.locator("html")).toHaveAttribute("lang", "ko");
    await page.goto("/alerts");
    await page.locator("input[type=radio][value=immediate]").check();
    await expect(page.locator("input[type=radio][value=immediate]")).toBeChecked();
    await page.reload();
    await expect(page.locator("input[type=radio][value=immediate]")).toBeChecked();

    // A 4 h 10 min night in Seoul completes: an alert, in the inbox and by e-mail.
    const start = Date.now() - 6 * 3_600_000;
    const sleepStages = [...Array(8).fill(0), ...Array(500).fill(1), 0, 0];
    const night = sessionComplete({ userId: "ko-sora", sessionId: "ko-sora-night", startTime: new Date(start).toISOString(), endTime: new Date(start + sleepStages.length * 30_000).toISOString(), timezone: "Asia/Seoul", sleepStages, stat: {} });
    expect((await postWebhook({ url: app.server.url, apiKey: app.apiKey }, night)).status).toBe(200);
    const alert = page.getByTestId("alert").filter({ hasText: "한소라" });
    await expect(alert).toHaveCount(1, { timeout: 20_000 });
    const reason = (await alert.getByTestId("alert-reason").textContent())!.trim();
    expect(reason).toMatch(/[\uac00-\ud7a3]/);
    const toDoctor = () => app.mails.filter((m) => m.to.includes("mail@ko.test"));
    await expect.poll(() => toDoctor().length, { timeout: 20_000 }).toBe(1);
    const mail = readMail(toDoctor()[0]!.text);
    expect(mail.subject).toMatch(/[\uac00-\ud7a3]{2,}/);
    expect(mail.subject).toContain("한소라");
    expect(mail.body.replace(/\s+/g, " ")).toContain(reason.replace(/\s+/g, " "));
    expect(mail.body).toContain("/alerts");
    expect(ENGLISH_SENTENCES.filter((s) => mail.body.includes(s) || mail.subject.includes(s))).toEqual([]);
  });
});

test.describe("the account's language", () => {
  test.use({ locale: "en-GB" });

  test("chosen once, it follows the account to another browser; cleared, the browser's language returns", async ({ page, browser, baseURL, workerApp }) => {
    await workerApp.users(["add", "--email", "seoyeon@lang.test", "--password", PASSWORD, "--role", "clinician", "--name", "Seo-yeon"]);
    await page.goto("/login");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await page.getByLabel("Email").fill("seoyeon@lang.test");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await page.getByRole("combobox", { name: "Language" }).selectOption("ko");
    await expect(page.locator("html")).toHaveAttribute("lang", "ko");
    await expect(page.getByRole("combobox", { name: "언어" })).toHaveValue("ko");

    // Another browser, English, no cookie of ours: signed in, the account's Korean wins.
    const other = await browser.newContext({ locale: "en-US", baseURL, viewport: { width: 390, height: 844 } });
    const second = await other.newPage();
    await second.goto("/login");
    await expect(second.locator("html")).toHaveAttribute("lang", "en");
    await second.locator("input[type=email]").fill("seoyeon@lang.test");
    await second.locator("input[type=password]").fill(PASSWORD);
    await second.locator("form button[type=submit]").click();
    await second.waitForURL((url) => url.pathname === "/");
    await expect(second.locator("html")).toHaveAttribute("lang", "ko");
    await other.close();

    // Back to English from the menu.
    await page.getByRole("combobox", { name: "언어" }).selectOption("en");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await leaveSignedOut(page);
  });

  test("before sign-in, the menu on the sign-in page switches it for this browser", async ({ page }) => {
    await page.goto("/login");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await page.getByRole("combobox", { name: "Language" }).selectOption("ko");
    await expect(page.locator("html")).toHaveAttribute("lang", "ko");
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("lang", "ko");
    await expect(page.getByRole("combobox", { name: "언어" })).toHaveValue("ko");
  });
});
