import { test } from "node:test";
import assert from "node:assert/strict";
import { isDelivered, MAX_ATTEMPTS, retryDelayMs, retryHorizonMs } from "./retry";

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
