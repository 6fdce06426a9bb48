import { test } from "node:test";
import assert from "node:assert/strict";
import { isDelivered, isGone, MAX_ATTEMPTS, nextRetryDelayMs, retryAfterMs, retryDelayMs, retryHorizonMs } from "./retry";

test("retries back off exponentially from 30 s, capped at 6 h, and span more than a day", () => {
  assert.equal(retryDelayMs(1), 30_000);
  assert.equal(retryDelayMs(2), 60_000);
  assert.equal(retryDelayMs(10), 30_000 * 512);
  assert.equal(retryDelayMs(12), 6 * 3600_000);
  assert.equal(retryDelayMs(MAX_ATTEMPTS), null, "the last attempt is not retried");
  const horizon = retryHorizonMs();
  assert.ok(horizon >= 24 * 3600_000, `${horizon / 3600_000} h`);
  assert.ok(horizon <= 30 * 3600_000, `${horizon / 3600_000} h`);
});

test("a shortened base (tests) keeps the shape", () => {
  assert.equal(retryDelayMs(1, 100), 100);
  assert.equal(retryDelayMs(3, 100), 400);
});

test("only 2xx counts as delivered", () => {
  assert.ok(isDelivered(200) && isDelivered(204));
  assert.ok(!isDelivered(301) && !isDelivered(410) && !isDelivered(500));
});

test("jitter: each wait up to a fifth longer, never shorter, so failures of one outage come back spread out", () => {
  assert.equal(nextRetryDelayMs(1, 30_000, null, 0), 30_000);
  assert.equal(nextRetryDelayMs(1, 30_000, null, 0.5), 33_000);
  assert.equal(nextRetryDelayMs(3, 30_000, null, 0.999), Math.round(120_000 * 1.1998));
  const waits = new Set(Array.from({ length: 50 }, () => nextRetryDelayMs(2, 30_000, null)));
  assert.ok(waits.size > 40, "random by default");
  // Math.random() below 1 can still round up to exactly a fifth longer (60 000 × 1.2 = 72 000 ms).
  for (const w of waits) assert.ok(w! >= 60_000 && w! <= 72_000, String(w));
  assert.equal(nextRetryDelayMs(MAX_ATTEMPTS, 30_000, 1000, 0), null, "the last attempt is not retried, whatever the receiver asks");
});

test("Retry-After: never sooner than the receiver asks, held to 6 hours", () => {
  const now = Date.parse("2026-12-06T04:00:00Z");
  assert.equal(retryAfterMs("120", now), 120_000);
  assert.equal(retryAfterMs(" 0 ", now), 0);
  assert.equal(retryAfterMs("Sun, 06 Dec 2026 04:10:00 GMT", now), 600_000);
  assert.equal(retryAfterMs("Sun, 06 Dec 2026 03:00:00 GMT", now), 0, "a date in the past: now");
  assert.equal(retryAfterMs("86400", now), 6 * 3600_000, "a day is held to 6 h");
  assert.equal(retryAfterMs(null, now), null);
  assert.equal(retryAfterMs("soon", now), null);
  assert.equal(retryAfterMs("-5", now), null);
  assert.equal(retryAfterMs("1.5", now), null);
  // Longer than the backoff: the receiver's wait; shorter: the backoff.
  assert.equal(nextRetryDelayMs(1, 30_000, 600_000, 0), 600_000);
  assert.equal(nextRetryDelayMs(5, 30_000, 1_000, 0), 480_000);
});

test("410 Gone is the receiver's 'never again'", () => {
  assert.ok(isGone(410));
  assert.ok(!isGone(404) && !isGone(500) && !isGone(200));
});
