// Rounding parts so they add up to the rounded whole (largest-remainder, or Hamilton, method): stage
// minutes that sum to the total sleep shown, and stage shares that sum to 100 %. Rounding each part
// on its own does not: 10.5 + 3.5 + 2 minutes shows as 11 + 4 + 2 = 17 beside a total of 16.

/**
 * Whole numbers, one per value, that sum to `total`: each value rounded down, then the units still
 * missing go to the largest remainders (ties: the larger value, then the earlier one), or, if the
 * floors already exceed `total`, units are taken from the smallest remainders. Values must be ≥ 0.
 */
export function apportion(values: readonly number[], total: number): number[] {
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`apportion: total must be a whole number ≥ 0, got ${total}`);
  if (values.some((v) => !(v >= 0) || !Number.isFinite(v))) throw new RangeError("apportion: values must be finite and ≥ 0");
  const parts = values.map((v) => Math.floor(v));
  const byRemainder = values
    .map((v, i) => ({ i, v, remainder: v - Math.floor(v) }))
    .sort((a, b) => b.remainder - a.remainder || b.v - a.v || a.i - b.i);
  let missing = total - parts.reduce((a, b) => a + b, 0);
  for (let k = 0; missing > 0 && byRemainder.length > 0; k = (k + 1) % byRemainder.length, missing--) parts[byRemainder[k]!.i]! += 1;
  while (missing < 0 && parts.some((p) => p > 0)) {
    for (let k = byRemainder.length - 1; missing < 0 && k >= 0; k--) {
      const i = byRemainder[k]!.i;
      if (parts[i]! > 0) {
        parts[i]! -= 1;
        missing++;
      }
    }
  }
  return parts;
}

/** Whole shares of 100 for each count, summing to exactly 100; null when the counts sum to 0. */
export function wholePercents(counts: readonly number[]): number[] | null {
  const sum = counts.reduce((a, b) => a + b, 0);
  return sum === 0 ? null : apportion(counts.map((c) => (100 * c) / sum), 100);
}
