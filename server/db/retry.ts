// A transaction that lost to another (a deadlock, 40P01, or a serialisation failure, 40001) did
// nothing, and the same transaction run again usually succeeds: PostgreSQL chose it as the victim of
// a moment's contention. So it is run again a few times, after a short wait with jitter (two
// instances that deadlocked should not collide again in step), before the failure is answered 503.
// Anything else is thrown at once: other faults are not made better by running again here.

/** Attempts in all, the first included. */
export const CONFLICT_ATTEMPTS = 4;
/** The wait after the first lost attempt; it doubles after each next one (10, 20, 40 ms, ±50 %). */
export const CONFLICT_BASE_DELAY_MS = 10;

export interface ConflictRetryOptions {
  isRetryable: (error: unknown) => boolean;
  attempts?: number;
  baseDelayMs?: number;
  /** For tests: the wait and the jitter's source. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** The wait after the `attempt`-th lost attempt (1-based): base · 2^(attempt−1), times 0.5 to 1.5. */
export function conflictDelayMs(attempt: number, baseDelayMs: number, random: number): number {
  return baseDelayMs * 2 ** (attempt - 1) * (0.5 + random);
}

export async function retryOnConflict<T>(run: () => Promise<T>, options: ConflictRetryOptions): Promise<T> {
  const attempts = options.attempts ?? CONFLICT_ATTEMPTS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !options.isRetryable(error)) throw error;
      await sleep(conflictDelayMs(attempt, options.baseDelayMs ?? CONFLICT_BASE_DELAY_MS, random()));
    }
  }
}
