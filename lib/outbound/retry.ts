// When a failed outbound delivery is tried again: exponential backoff, capped, given up after a day.

/** First retry after 30 s; each next one waits twice as long. */
export const DEFAULT_RETRY_BASE_MS = 30_000;
/** No wait is longer than 6 hours, so a receiver back after an outage hears within a quarter day. */
export const MAX_RETRY_DELAY_MS = 6 * 3600_000;
/**
 * Attempts in all, the first included: with the defaults the last one is about 26.5 hours after the
 * first (0.5, 1, 2, ... 256 minutes, then 6 h three times).
 */
export const MAX_ATTEMPTS = 14;

/** The wait after the `attempt`-th failed attempt (1-based), or null when that was the last. */
export function retryDelayMs(attempt: number, baseMs: number = DEFAULT_RETRY_BASE_MS): number | null {
  if (attempt >= MAX_ATTEMPTS) return null;
  const cap = Math.max(baseMs, (MAX_RETRY_DELAY_MS * baseMs) / DEFAULT_RETRY_BASE_MS);
  return Math.min(baseMs * 2 ** (attempt - 1), cap);
}

/** From the first attempt to the last, when every attempt fails. */
export function retryHorizonMs(baseMs: number = DEFAULT_RETRY_BASE_MS): number {
  let total = 0;
  for (let a = 1; a < MAX_ATTEMPTS; a++) total += retryDelayMs(a, baseMs)!;
  return total;
}

/** A receiver's answer that counts as delivered: any 2xx. Everything else is retried. */
export function isDelivered(status: number): boolean {
  return status >= 200 && status < 300;
}
