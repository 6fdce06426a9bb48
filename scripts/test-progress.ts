// What `npm test` says while suites run side by side: their output is held back until each ends (so it
// does not interleave), so without this a run is silent for the length of the longest suite.

/**
 * Finished tests in a suite's output so far: node's spec reporter marks them ✔/✖, Playwright's list
 * reporter ✓/✘. Node closes a suite ("▶ name" … "✔ name (ms)") with a mark too: suites are not tests.
 * A last line still being written is not counted yet.
 */
export function finishedTests(output: string): { passed: number; failed: number; failures: string[] } {
  const lines = output.split("\n");
  if (!output.endsWith("\n")) lines.pop();
  const openSuites = new Set<string>();
  let passed = 0;
  const failures: string[] = [];
  for (const line of lines) {
    const suite = /^(\s*)▶ (.*)$/.exec(line);
    if (suite) {
      openSuites.add(`${suite[1]}${suite[2]}`);
      continue;
    }
    const mark = /^(\s*)(✔|✖|✓|✘) (.*?)(?: \([\d.]+m?s\))?$/.exec(line);
    if (!mark) continue;
    if (openSuites.delete(`${mark[1]}${mark[3]}`)) continue;
    // node's closing list ("✖ failing tests:" and each failure again) is not a test of its own
    if (mark[3] === "failing tests:") break;
    if (mark[2] === "✔" || mark[2] === "✓") passed++;
    else failures.push(line.trim());
  }
  return { passed, failed: failures.length, failures };
}

/** Playwright ends a test's name with a rule ("─────") when it thinks it writes to a terminal. */
const withoutRule = (line: string) => line.replace(/[\s─]+$/, "").trim();

/**
 * The tests Playwright's summary lists under "N failed" (and "interrupted", "timed out"). Its list
 * reporter marks a test that is meant to fail, and did, with ✘ as well: only this list is failures.
 */
export function playwrightFailures(output: string): string[] {
  const names: string[] = [];
  let inList = false;
  for (const line of output.split("\n")) {
    if (/^\s+\d+ (failed|interrupted|timed out)$/.test(line)) inList = true;
    else if (inList && /^ {4}\S/.test(line)) names.push(withoutRule(line));
    else inList = false;
  }
  return names;
}

/**
 * Why each node test failed: the error under its name in the spec reporter's closing "✖ failing tests:"
 * list, without the stack. The end of a long run's log is often all that is read (CI shows its tail), so
 * the reason must be there too, not only 20 minutes up in the suite's output. Capped per test.
 */
export function failureReasons(output: string, maxLines = 20): Array<{ test: string; reason: string[] }> {
  const start = output.lastIndexOf("✖ failing tests:");
  if (start < 0) return [];
  const out: Array<{ test: string; reason: string[] }> = [];
  let current: { test: string; reason: string[]; inStack: boolean } | undefined;
  for (const line of output.slice(start).split("\n").slice(1)) {
    const name = /^✖ (.*?)(?: \([\d.]+m?s\))?$/.exec(line);
    if (name) {
      current = { test: name[1]!, reason: [], inStack: false };
      out.push(current);
      continue;
    }
    if (!current || /^test at /.test(line)) continue;
    if (/^\s+at /.test(line)) current.inStack = true;
    if (current.inStack || current.reason.length >= maxLines) continue;
    const text = line.replace(/^ {2}/, "");
    if (text.trim() === "" && current.reason.at(-1)?.trim() === "") continue;
    current.reason.push(text.length > 300 ? `${text.slice(0, 300)}…` : text);
  }
  return out.map(({ test, reason }) => ({ test, reason: reason.filter((l, i, all) => l.trim() !== "" || i < all.length - 1) }));
}

/**
 * Why each Playwright test failed: the error under its numbered heading in the list reporter's closing
 * report ("  1) file:line › title"), without the code frame, the stack or the attachments. Capped per test.
 */
export function playwrightFailureReasons(output: string, maxLines = 20): Array<{ test: string; reason: string[] }> {
  const out: Array<{ test: string; reason: string[]; done: boolean }> = [];
  for (const line of output.split("\n")) {
    const heading = /^ {2}\d+\) (.*)$/.exec(line);
    if (heading) {
      out.push({ test: withoutRule(heading[1]!).replace(/^\[[^\]]+\] › /, ""), reason: [], done: false });
      continue;
    }
    const current = out.at(-1);
    if (!current || current.done) continue;
    // The report's end, a test's attachments or a retry's own section: nothing after it explains more.
    if (/^ {2}\d+ (passed|failed|flaky|skipped|interrupted|timed out)\b/.test(line) || /^\s+(attachment #\d+|Error Context:|Retry #\d+)/.test(line)) {
      current.done = true;
      continue;
    }
    // The code frame ("  > 72 |", "     |   ^") and the stack ("    at fn (file:line)") say where, not why.
    if (/^\s+>?\s*\d*\s\|/.test(line) || /^\s+at .+\(.+\)$/.test(line) || /^\s+at \/.+:\d+:\d+$/.test(line)) continue;
    if (current.reason.length >= maxLines) continue;
    const text = line.replace(/^ {4}/, "");
    if (text.trim() === "" && (current.reason.length === 0 || current.reason.at(-1)!.trim() === "")) continue;
    current.reason.push(text.length > 300 ? `${text.slice(0, 300)}…` : text);
  }
  return out.map(({ test, reason }) => ({ test, reason: reason.filter((l, i, all) => l.trim() !== "" || i < all.length - 1) }));
}
