// npm test: every suite, in order — unit (pure domain, schemas), a fresh production build, integration
// (the real server over HTTP on PGlite and PostgreSQL), browser (Chromium via Playwright). Each runs
// even if an earlier one failed; the exit code is non-zero if any did. Ends with one summary line.

import { spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { failureReasons, finishedTests, playwrightFailureReasons, playwrightFailures } from "./test-progress";

const ROOT = path.resolve(__dirname, "..");

function testFiles(dir: string, pattern: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(ROOT, dir))) {
    const rel = path.join(dir, name);
    if (name === "node_modules" || name === "generated" || name.startsWith(".")) continue;
    if (statSync(path.join(ROOT, rel)).isDirectory()) out.push(...testFiles(rel, pattern));
    else if (pattern.test(name)) out.push(rel);
  }
  return out.sort();
}

interface Step {
  name: string;
  args: string[];
  count?: (output: string) => { passed: number; failed: number };
}

const nodeTestCounts = (output: string) => ({
  passed: Number(/^ℹ pass (\d+)/m.exec(output)?.[1] ?? 0),
  failed: Number(/^ℹ fail (\d+)/m.exec(output)?.[1] ?? 0) + Number(/^ℹ cancelled (\d+)/m.exec(output)?.[1] ?? 0),
});
const playwrightCounts = (output: string) => ({
  passed: Number(/(\d+) passed/.exec(output)?.[1] ?? 0),
  failed: Number(/(\d+) failed/.exec(output)?.[1] ?? 0) + Number(/(\d+) (?:timed out|interrupted)/.exec(output)?.[1] ?? 0),
});

/** The spec report, then one line naming the slowest files (scripts/file-times-reporter.mjs). */
const REPORTERS = ["--test-reporter=spec", "--test-reporter-destination=stdout", "--test-reporter=./scripts/file-times-reporter.mjs", "--test-reporter-destination=stdout"];
const only = process.argv.slice(2);
/** Integration tests that need the machine to themselves: they time 200 live pages coming back, or bound
 * how long webhooks wait while a year's PDF is drawn or the server is attacked (a bound on the app, not on
 * the machine's other work). */
const ALONE = ["test/reconnect.test.ts", "test/report-stall.test.ts", "test/stalls.test.ts"];
/**
 * The longest integration files (their time in a full run), started first: two at a time, a long file
 * begun last kept the run going alone for minutes after everything else had finished.
 */
const LONGEST_FIRST = ["test/outbound-delivery.test.ts", "test/alerts.test.ts", "test/readme.test.ts", "test/enrolment.test.ts", "test/crash.test.ts", "test/backfill.test.ts", "test/incomplete.test.ts", "test/webhook.hardening.test.ts", "test/locks.test.ts"];
const longestFirst = (files: string[]) => [...LONGEST_FIRST.filter((f) => files.includes(f)), ...files.filter((f) => !LONGEST_FIRST.includes(f))];
const steps: Step[] = [
  {
    name: "unit",
    args: ["--import", "tsx", "--test", ...REPORTERS, ...["lib", "server", "scripts", "components"].flatMap((d) => testFiles(d, /\.test\.ts$/))],
    count: nodeTestCounts,
  },
  { name: "build", args: [require.resolve("next/dist/bin/next"), "build"] },
  {
    name: "integration",
    args: ["--import", "tsx", "--test", "--test-concurrency=2", ...REPORTERS, ...longestFirst(testFiles("test", /\.test\.ts$/).filter((f) => !ALONE.includes(f)))],
    count: nodeTestCounts,
  },
  { name: "e2e", args: [require.resolve("@playwright/test/cli"), "test", "-c", "e2e/playwright.config.ts"], count: playwrightCounts },
  // Measured against the clock (200 sockets at once, stalls timed while attacks run): run after the others, with the machine to itself.
  { name: "integration-alone", args: ["--import", "tsx", "--test", "--test-concurrency=1", ...REPORTERS, ...ALONE], count: nodeTestCounts },
].filter((s) => only.length === 0 || only.some((o) => s.name === o || s.name.startsWith(`${o}-`)));

/** What a suite running buffered has done so far, for the progress line: tests finished, and failures by title. */
interface Progress {
  name: string;
  started: number;
  output: string;
  done: boolean;
}

/** Every 30 s while suites run side by side (their output is held back until each ends): one line each, and any new failure at once. */
function reportProgress(running: Progress[]): () => void {
  const printedFailures = new Set<string>();
  const tick = (final = false) => {
    for (const suite of running) {
      const { failures } = finishedTests(suite.output);
      for (const failure of failures) {
        if (printedFailures.has(`${suite.name}\0${failure}`)) continue;
        printedFailures.add(`${suite.name}\0${failure}`);
        console.log(`  ${suite.name}: failed (or expected to fail): ${failure.slice(2)}`);
      }
    }
    if (final) return;
    const parts = running.map((suite) => {
      const { passed, failed } = finishedTests(suite.output);
      const minutes = ((Date.now() - suite.started) / 60_000).toFixed(1);
      return `${suite.name} ${suite.done ? "done" : `${minutes} min`}: ${passed} passed, ${failed} failed so far`;
    });
    console.log(`… ${parts.join(" · ")}`);
  };
  const failuresTimer = setInterval(() => tick(true), 2_000);
  const linesTimer = setInterval(() => tick(), 30_000);
  return () => {
    clearInterval(failuresTimer);
    clearInterval(linesTimer);
  };
}

/** Runs one suite; `buffered` keeps its output until it ends, so suites running side by side do not interleave. */
function run(step: Step, buffered = false, progress?: Progress): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const print = (text: string | Buffer) => (buffered ? undefined : process.stdout.write(text));
    const printErr = (text: string | Buffer) => (buffered ? undefined : process.stderr.write(text));
    if (!buffered) console.log(`\n━━ ${step.name} ━━`);
    const child = spawn(process.execPath, step.args, {
      cwd: ROOT,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => {
      output += d;
      if (progress) progress.output = output;
      print(d);
    });
    child.stderr.on("data", (d: Buffer) => {
      output += d;
      if (progress) progress.output = output;
      printErr(d);
    });
    child.on("close", (code) => {
      if (progress) progress.done = true;
      if (buffered) console.log(`\n━━ ${step.name} ━━\n${output}`);
      console.log(`(${step.name}: ${((Date.now() - started) / 60_000).toFixed(1)} min)`);
      resolve({ code: code ?? 1, output });
    });
  });
}

/** The tests that failed, by name: Playwright's from its own summary, node's from their ✖ lines. */
function failedTests(step: Step, output: string): string[] {
  return step.count === playwrightCounts ? playwrightFailures(output) : finishedTests(output).failures.map((f) => f.slice(2));
}

async function main() {
  let passed = 0;
  let failed = 0;
  const failedSteps: string[] = [];
  const figures: string[] = [];
  const slowest: string[] = [];
  const failures: string[] = [];
  const reasons: string[] = [];
  // The integration suite (servers over HTTP, two files at a time: each has its own databases, ports and
  // Redis key prefix) and the browser suite (one app, one Chromium) mostly wait on I/O and timers, so
  // after the build they run side by side: the whole run takes as long as the longer of the two.
  const phases: Step[][] = [];
  for (const step of steps) {
    const last = phases.at(-1);
    if (step.name === "e2e" && last?.[0]?.name === "integration") last.push(step);
    else phases.push([step]);
  }
  for (const phase of phases) {
    const side = phase.length > 1;
    const progress = phase.map((step): Progress => ({ name: step.name, started: Date.now(), output: "", done: false }));
    if (side) console.log(`\n━━ ${phase.map((s) => s.name).join(" and ")}, side by side: each one's output follows when it ends; progress every 30 s ━━`);
    const stopProgress = side ? reportProgress(progress) : () => {};
    const results = await Promise.all(phase.map((step, i) => run(step, side, progress[i])));
    stopProgress();
    for (const [i, { code, output }] of results.entries()) {
      const step = phase[i]!;
      // What the fault, abuse and data-rights tests measured, gathered for docs/RELIABILITY.md.
      figures.push(...output.split("\n").flatMap((line) => (line.includes("[figures] ") ? [line.slice(line.indexOf("[figures] ") + 10).trim()] : [])));
      slowest.push(...output.split("\n").flatMap((line) => (/^\[file times\] |Slow test file: /.test(line.trim()) ? [`${step.name}: ${line.trim()}`] : [])));
      // Named again at the very end: a long run's log is often read from its tail only.
      failures.push(...failedTests(step, output).map((f) => `${step.name}: ${f}`));
      const why = step.count === playwrightCounts ? playwrightFailureReasons(output) : step.count === nodeTestCounts ? failureReasons(output) : [];
      reasons.push(...why.map(({ test, reason }) => [`${step.name}: ${test}`, ...reason.map((l) => `    ${l}`)].join("\n")));
      const counts = step.count?.(output);
      if (counts) {
        passed += counts.passed;
        failed += counts.failed;
      }
      if (code !== 0) {
        failedSteps.push(step.name);
        if (counts && counts.failed === 0) failed += 1; // the suite itself broke (no browser, no database)
      }
    }
    if (phase[0]!.name === "build" && results[0]!.code !== 0) break; // nothing after it can run on a stale build
  }
  if (figures.length) console.log(`\nFigures measured by the tests (see docs/RELIABILITY.md):\n${figures.map((f) => `  ${f}`).join("\n")}`);
  if (slowest.length) console.log(`\nWhere the time went:\n${slowest.map((l) => `  ${l}`).join("\n")}`);
  if (reasons.length) console.log(`\nWhy (each failed test's error, without its stack):\n${reasons.map((r) => `  ${r}`).join("\n")}`);
  if (failures.length) console.log(`\nFailed tests:\n${[...new Set(failures)].map((f) => `  ${f}`).join("\n")}`);
  console.log(`\n${failedSteps.length ? `Failed: ${failedSteps.join(", ")}` : "All suites passed."}`);
  console.log(`tests: ${passed} passed, ${failed} failed`);
  process.exit(failedSteps.length ? 1 : 0);
}

void main();
