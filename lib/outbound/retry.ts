// When a failed outbound delivery is tried again: exponential backoff with jitter, capped, given up
// after a day; later when the receiver asks so (Retry-After). Standard Webhooks' recommendations.

/** First retry after 30 s; each next one waits twice as long. */
export const DEFAULT_RETRY_BASE_MS = 30_000;
/** No wait is longer than 6 hours, so a receiver back after an outage hears within a quarter day. */
export const MAX_RETRY_DELAY_MS = 6 * 3600_000;
/**
 * Attempts in all, the first included: with the defaults the last one is 26.5 to 32 hours after the
 * first (0.5, 1, 2, ... 256 minutes, then 6 h three times; each wait up to RETRY_JITTER longer).
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

/**
 * Each wait is lengthened by up to this share, at random: deliveries that failed together (a receiver's
 * outage) come back spread out rather than all at once.
 */
export const RETRY_JITTER = 0.2;

/** A Retry-After longer than this is held to it: the receiver is asked again within a quarter day. */
export const MAX_RETRY_AFTER_MS = MAX_RETRY_DELAY_MS;

/**
 * A Retry-After header (delay-seconds or an HTTP-date, RFC 9110 §10.2.3) as a wait from `now`, held to
 * MAX_RETRY_AFTER_MS; null when absent or unreadable (then only the backoff counts).
 */
export function retryAfterMs(header: string | null | undefined, now: number): number | null {
  const value = header?.trim();
  if (!value) return null;
  let ms: number;
  if (/^\d+$/.test(value)) ms = Number(value) * 1000;
  else {
    const at = Date.parse(value);
    if (Number.isNaN(at) || !/[a-z]/i.test(value)) return null;
    ms = at - now;
  }
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

/**
 * The wait before the next attempt after the `attempt`-th failed one, or null when that was the last:
 * the backoff lengthened by jitter (`random` in [0, 1)), and never sooner than the receiver asked.
 */
export function nextRetryDelayMs(attempt: number, baseMs: number, retryAfter: number | null, random: number = Math.random()): number | null {
  const backoff = retryDelayMs(attempt, baseMs);
  if (backoff === null) return null;
  return Math.max(Math.round(backoff * (1 + RETRY_JITTER * random)), retryAfter ?? 0);
}

/** A receiver's answer that counts as delivered: any 2xx. Everything else is retried. */
export function isDelivered(status: number): boolean {
  return status >= 200 && status < 300;
}

/** A receiver's answer that means "never again": Standard Webhooks says to turn the endpoint off. */
export function isGone(status: number): boolean {
  return status === 410;
}
