// A shutdown that ends, whatever hangs. Each step (closing the port, the queue, the database, the log)
// is named while it runs; if they have not all finished by the deadline, the process writes what was
// still open to stderr (best effort: stderr may be gone too) and exits with 1, so a supervisor never
// finds it alive minutes later. A step stuck on the event loop (a promise that never settles) is caught
// by a timer; one that blocks the main thread itself (a synchronous write to a pipe nobody reads) by a
// watchdog thread, which ends the process with SIGKILL a little later, saying the same.

import { writeSync } from "node:fs";
import { Worker } from "node:worker_threads";

/** How much later the watchdog thread acts, if the main thread has not been able to. */
export const WATCHDOG_GRACE_MS = 2_000;

// Plain JavaScript, run in its own thread: it needs nothing from the app, and keeps its own clock.
const WATCHDOG = `
const { parentPort, workerData } = require("node:worker_threads");
const { writeSync } = require("node:fs");
let open = [];
parentPort.on("message", (names) => { open = names; });
setTimeout(() => {
  try {
    writeSync(2, "Shutdown did not finish in " + workerData.seconds + " s and the process is not responding; still open: " + (open.join(", ") || "nothing named") + ". Killing it.\\n");
  } catch {}
  process.kill(workerData.pid, "SIGKILL");
}, workerData.ms);
`;

export interface Deadline {
  /** Runs one named step; its name is reported as still open until it settles. */
  step<T>(name: string, work: Promise<T> | (() => Promise<T> | T)): Promise<T>;
}

/** What keeps the event loop busy, counted by kind ("TCPSocketWrap ×3, Timeout ×2"). */
function activeResources(): string {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => (n > 1 ? `${kind} ×${n}` : kind)).join(", ") || "none";
}

/** Best effort: a write to a closed or full stderr must not throw into shutdown, nor block it for long. */
function tellStderr(text: string) {
  try {
    writeSync(2, text);
  } catch {
    // nobody is listening
  }
}

/**
 * Starts the deadline: from now, `ms` for every step to finish. `beforeExit` runs just before a forced
 * exit (the log is silenced there, so exiting never waits on its output).
 */
export function startDeadline(ms: number, { beforeExit }: { beforeExit?: () => void } = {}): Deadline {
  const open = new Set<string>();
  const seconds = Math.round(ms / 100) / 10;
  let watchdog: Worker | null = null;
  try {
    watchdog = new Worker(WATCHDOG, { eval: true, workerData: { ms: ms + WATCHDOG_GRACE_MS, pid: process.pid, seconds } });
    // It must never keep the process alive, nor take it down for a reason of its own.
    watchdog.unref();
    watchdog.on("error", () => {});
  } catch {
    watchdog = null;
  }
  const report = () => {
    try {
      watchdog?.postMessage([...open]);
    } catch {
      // the watchdog is gone: the timer below still holds
    }
  };
  // Unref'd: the deadline never keeps an otherwise finished process alive.
  const timer = setTimeout(() => {
    tellStderr(`Shutdown did not finish in ${seconds} s; still open: ${[...open].join(", ") || "nothing named"} (event loop: ${activeResources()}). Exiting.\n`);
    try {
      beforeExit?.();
    } finally {
      process.exit(1);
    }
  }, ms);
  timer.unref();
  return {
    async step(name, work) {
      open.add(name);
      report();
      try {
        return await (typeof work === "function" ? work() : work);
      } finally {
        open.delete(name);
        report();
      }
    },
  };
}
