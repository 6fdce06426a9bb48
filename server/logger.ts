// Structured logs (pino, JSON lines). Secrets, cookies and payload bodies never reach them: the
// redaction list is a safety net; the code logs only ids, outcomes and timings to begin with.

import pino from "pino";

export function createLogger(level: string) {
  return pino({
    level,
    base: { service: "sleep-dashboard" },
    redact: {
      paths: ["apiKey", "authSecret", "body", "headers['x-api-key']", "headers.cookie", "req.headers['x-api-key']", "req.headers.cookie"],
      censor: "[redacted]",
    },
  });
}

export type Logger = pino.Logger;
