// Structured logs (pino, JSON lines). Secrets, cookies and payload bodies never reach them: the
// redaction list is a safety net; the code logs only ids, outcomes and timings to begin with.
//
// Logging never stops the app, nor its shutdown. stdout may be a pipe whose reader has gone (a log
// shipper restarted, `npm start | tee` interrupted) or stopped reading: a write error silences the log
// (there is nowhere left to write it), and before the process exits the log is given a bounded time
// to drain (settleLogs), then let go, so exiting never waits on it. Without that, pino's exit hook
// flushes synchronously and, on EPIPE or a full pipe, retries for ever: the process closed its port and
// never exited.

import pino from "pino";

type Destination = ReturnType<typeof pino.destination>;

/** Every log destination made in this process, to settle before exit. */
const destinations = new Set<Destination>();

/** From now on the destination takes lines and drops them; exiting never flushes it. */
function silence(destination: Destination) {
  destination.write = () => true;
  destination.flushSync = () => {};
  destination.end = () => {};
}

export function createLogger(level: string) {
  // Asynchronous writes: under load, lines written while a write is in flight go out together in one
  // system call instead of one each (a synchronous write per delivery cost ~0.2 ms of the event loop).
  // Nothing is held back when idle; shutdown flushes (settleLogs).
  const destination = pino.destination({ sync: false });
  destinations.add(destination);
  // pino silences EPIPE itself; any other write error would be thrown as an unhandled 'error' event.
  destination.on("error", (error: NodeJS.ErrnoException) => {
    silence(destination);
    try {
      process.stderr.write(`Logging stopped: stdout failed (${error.code ?? error.message})\n`);
    } catch {
      // stderr is gone too
    }
  });
  return pino(
    {
      level,
      base: { service: "sleep-dashboard" },
      redact: {
        paths: ["apiKey", "authSecret", "body", "headers['x-api-key']", "headers.cookie", "req.headers['x-api-key']", "req.headers.cookie"],
        censor: "[redacted]",
      },
    },
    destination,
  );
}

/**
 * A broken stdout or stderr (EPIPE) is no reason to crash or to stop: plain writes to them (the
 * welcome text) are dropped instead of surfacing as uncaught errors.
 */
export function tolerateBrokenOutput() {
  for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});
}

/**
 * Lets the log drain for at most `withinMs` (a reader that has stopped reading holds it no longer),
 * then lets go of it: call before process.exit, which would otherwise wait on it.
 */
export async function settleLogs(withinMs = 2_000): Promise<void> {
  await Promise.all([...destinations].map((destination) => drained(destination, withinMs)));
  releaseLogs();
}

/**
 * Resolves once the destination has written everything it holds ('drain'), fails ('error'), or
 * `withinMs` passes. Its flush(cb) does not wait for writes under way (minLength 0), so whether it still
 * holds lines is read from its own state; should that ever read otherwise, this waits for nothing and
 * the last lines may be lost, but exiting never hangs.
 */
function drained(destination: Destination, withinMs: number): Promise<void> {
  const state = destination as unknown as { _writing?: boolean; _len?: number };
  if (!state._writing && !state._len) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      destination.off("drain", done);
      destination.off("error", done);
      resolve();
    };
    const timer = setTimeout(done, withinMs);
    destination.once("drain", done);
    destination.once("error", done);
  });
}

/** Lets go of the log at once (a forced exit): nothing more is written, and exiting never waits on it. */
export function releaseLogs() {
  for (const destination of destinations) silence(destination);
}

export type Logger = pino.Logger;
