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
    if (mark[2] === "✔" || mark[2] === "✓") passed++;
    else failures.push(line.trim());
  }
  return { passed, failed: failures.length, failures };
}

/**
 * The tests Playwright's summary lists under "N failed" (and "interrupted", "timed out"). Its list
 * reporter marks a test that is meant to fail, and did, with ✘ as well: only this list is failures.
 */
export function playwrightFailures(output: string): string[] {
  const names: string[] = [];
  let inList = false;
  for (const line of output.split("\n")) {
    if (/^\s+\d+ (failed|interrupted|timed out)$/.test(line)) inList = true;
    else if (inList && /^ {4}\S/.test(line)) names.push(line.trim());
    else inList = false;
  }
  return names;
}
