// Loaded into a test's server process (`--import`): says when its event loop ran a 10 ms timer late, as
// a JSON log line, so a stall test can tell the server's own stall from the machine's. Node runs
// `--import` in worker threads too: only the main thread (the event loop that answers) is measured.
import { isMainThread } from "node:worker_threads";

const EVERY_MS = 10;
const REPORT_OVER_MS = 20;
let last = performance.now();
if (isMainThread) setInterval(() => {
  const now = performance.now();
  const late = now - last - EVERY_MS;
  if (late > REPORT_OVER_MS) {
    process.stdout.write(`${JSON.stringify({ msg: "event loop late", ms: Math.round(late), at: performance.timeOrigin + last + EVERY_MS })}\n`);
  }
  last = now;
}, EVERY_MS).unref();
