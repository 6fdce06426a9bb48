// A report is batch work: on a busy machine the event loop (webhooks, sockets, health checks) and the
// database come first. On Linux a nice value belongs to a thread, so a worker thread can lower its own
// priority without touching the event loop's: setpriority(2) with the thread's id.

import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";

/** The nice value of a report worker: about a tenth of the event loop's share of a contended core. */
export const REPORT_NICE = 10;

/** The calling thread's kernel id (/proc/thread-self is `<pid>/task/<tid>`), or null off Linux. */
function currentThreadId(): number | null {
  if (process.platform !== "linux") return null;
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

/** Lowers the calling thread's priority to `nice`; off Linux, or where refused, does nothing. Returns the thread id it lowered, or null. */
export function lowerThisThreadPriority(nice = REPORT_NICE): number | null {
  const tid = currentThreadId();
  if (tid === null) return null;
  try {
    setPriority(tid, nice);
    return tid;
  } catch {
    // Refused (a sandbox's seccomp policy): the report is drawn at the usual priority, not refused.
    return null;
  }
}
