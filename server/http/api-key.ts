import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Constant-time comparison of a presented API key with the configured one. Both sides are hashed
 * first so neither the content nor the length of the key leaks through timing.
 */
export function apiKeyMatches(presented: string | null, expected: string): boolean {
  if (!presented) return false;
  const a = createHash("sha256").update(presented).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}
