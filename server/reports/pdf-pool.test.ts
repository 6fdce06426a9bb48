// The period PDF's worker threads: a year of nights is drawn while the event loop keeps turning (a
// timer set every 10 ms is never late by 200 ms), the PDF reads back; one report in flight per account,
// a few per instance; a worker never lays out more than a year of nights.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { addDays } from "@/lib/sleep/adherence";
import type { PeriodSource } from "../data/period";
import { createLogger } from "../logger";
import { readPdf } from "../../test/support/pdf";
import { createReportPool, MAX_REPORT_NIGHTS, type ReportPool } from "./pdf-pool";
import { TooManyNightsError } from "./report-limits";
import { REPORT_NICE } from "./thread-priority";

const W = 0, L = 1, D = 2, R = 3;
// A full night: 8 h 20 min of epochs, with stage changes every few minutes (the hypnogram's strokes).
const NIGHT = Array.from({ length: 1000 }, (_, i) => [W, L, L, D, L, R, L, W][Math.floor(i / 7) % 8]!);

/** What the route reads for `count` nights, one a day from 2025-12-01, each starting 22:00 UTC. */
function yearSource(count: number): PeriodSource {
  const from = "2025-12-01";
  const to = addDays(from, Math.max(count, 1) - 1);
  const inputs = Array.from({ length: count }, (_, i) => {
    const start = Date.parse(`${addDays(from, i)}T22:00:00Z`);
    return { id: `n${i}`, state: "COMPLETE" as const, startTime: new Date(start).toISOString(), endTime: new Date(start + NIGHT.length * 30_000).toISOString(), timezone: "Europe/Paris", zoneSource: "night" as const, sleepStages: NIGHT.join(","), snoringStages: "" };
  });
  return {
    asleepUserId: "asleep-year",
    patient: { name: "Yara Year", email: "yara@x.test" },
    clinicians: [{ name: "Dr Ana", email: "ana@x.test" }],
    range: { from, to },
    rule: { minSleepHours: 4, targetPercent: 70, windowDays: 30 },
    nights: inputs,
    notes: [{ author: "Dr Ana", at: new Date("2026-06-01T09:00:00Z"), sessionId: null, text: "Seen in clinic." }],
    tags: new Map([["n3", ["caffeine"]]]),
    compliance: null,
    enrolledOn: null,
    provenance: new Map(),
  };
}

/** The longest a 10 ms timer was late while `work` ran: how long the event loop was held. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last - 10);
    last = now;
  }, 10);
  try {
    const result = await work();
    return { result, stallMs };
  } finally {
    clearInterval(timer);
  }
}

/** This process's threads' nice values (Linux: /proc/self/task/<tid>/stat, field 19), by thread id. */
function threadNices(): Map<number, number> {
  const nices = new Map<number, number>();
  for (const tid of readdirSync("/proc/self/task")) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      // After the command's closing parenthesis: state is field 3, nice field 19.
      nices.set(Number(tid), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return nices;
}

describe("period PDFs drawn in a worker thread", { timeout: 300_000 }, () => {
  let pool: ReportPool;
  before(() => {
    pool = createReportPool({ logger: createLogger("silent"), workers: 1, maxInFlight: 2 });
  });
  after(async () => {
    await pool.close();
  });

  it("draws a year of nights without holding the event loop, and the PDF reads back", async () => {
    const source = yearSource(365);
    const admission = pool.admit("account-a");
    assert.ok(admission.ok);
    const started = performance.now();
    const { result: pdf, stallMs } = await longestStall(() => admission.ticket.render(source, new Date("2026-12-01T08:00:00Z")));
    const ms = performance.now() - started;
    admission.ticket.release();
    const { text, pages } = await readPdf(pdf);
    assert.match(text, /Sleep report: Yara Year/);
    assert.match(text, /Nights \(365\)/);
    assert.match(text, new RegExp(`Page ${pages} of ${pages}`));
    console.log(`[figures] period PDF of 365 nights in a worker: ${Math.round(ms)} ms, ${pdf.length} bytes, ${pages} pages; longest event-loop stall meanwhile ${Math.round(stallMs)} ms`);
    assert.ok(stallMs < 200, `the event loop was held ${Math.round(stallMs)} ms`);
  });

  it("draws at a lower priority than the event loop's, so webhooks come first on a busy machine", { skip: process.platform !== "linux" && "thread priorities are read from Linux's /proc" }, async () => {
    const mainNice = threadNices().get(process.pid);
    const admission = pool.admit("account-nice");
    assert.ok(admission.ok);
    let drawn = false;
    const rendering = admission.ticket.render(yearSource(60), new Date()).finally(() => (drawn = true));
    // Sampled while the worker draws (its thread lives from the pool's first report to its close).
    let lowered: number[] = [];
    while (lowered.length === 0 && !drawn) {
      await new Promise((r) => setTimeout(r, 20));
      lowered = [...threadNices()].filter(([, nice]) => nice === REPORT_NICE).map(([tid]) => tid);
    }
    await rendering;
    admission.ticket.release();
    assert.equal(lowered.length, 1, "the worker's thread, and only it, is lowered");
    assert.notEqual(lowered[0], process.pid);
    assert.equal(mainNice, 0);
    assert.equal(threadNices().get(process.pid), mainNice, "the event loop's thread keeps its priority");
  });

  it("admits one report per account at a time and a few per instance; a released place is free again", () => {
    const a = pool.admit("account-a");
    assert.ok(a.ok);
    const again = pool.admit("account-a");
    assert.deepEqual(again.ok ? "admitted" : again.reason, "account");
    const b = pool.admit("account-b");
    assert.ok(b.ok);
    const c = pool.admit("account-c");
    assert.deepEqual(c.ok ? "admitted" : c.reason, "instance");
    assert.ok(!c.ok && c.retryAfterSeconds > 0);
    a.ticket.release();
    a.ticket.release(); // twice is once
    assert.equal(pool.inFlight(), 1);
    const later = pool.admit("account-a");
    assert.ok(later.ok);
    later.ticket.release();
    b.ticket.release();
    assert.equal(pool.inFlight(), 0);
  });

  it("refuses more than a year of nights, and the worker goes on drawing the next report", async () => {
    const big = pool.admit("account-big");
    assert.ok(big.ok);
    await assert.rejects(big.ticket.render(yearSource(MAX_REPORT_NIGHTS + 1), new Date()), (e) => e instanceof TooManyNightsError && e.nights === 367);
    big.ticket.release();
    const small = pool.admit("account-small");
    assert.ok(small.ok);
    const pdf = await small.ticket.render(yearSource(3), new Date());
    small.ticket.release();
    assert.match((await readPdf(pdf)).text, /Nights \(3\)/);
  });

  it("draws a report in the language it is asked in (the reader's), in the worker", async () => {
    const korean = pool.admit("account-ko");
    assert.ok(korean.ok);
    const pdf = await korean.ticket.render(yearSource(3), new Date(), null, "ko");
    korean.ticket.release();
    const { text } = await readPdf(pdf);
    assert.match(text, /^수면 리포트: Yara Year$/m);
    assert.match(text, /야간 기록 \(3\)/);
  });
});
