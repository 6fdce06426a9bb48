// Rounding parts so they add up to the rounded whole (largest-remainder, or Hamilton, method): stage
// minutes that sum to the total sleep shown, and stage shares that sum to 100 %. Rounding each part
// on its own does not: 10.5 + 3.5 + 2 minutes shows as 11 + 4 + 2 = 17 beside a total of 16.

/**
 * Whole numbers, one per value, that sum to `total`: each value rounded down, then the units still
 * missing go to the largest remainders (ties: the larger value, then the earlier one), or, if the
 * floors already exceed `total`, units are taken from the smallest remainders. Values must be ≥ 0.
 */
export function apportion(values: readonly number[], total: number): number[] {
  if (values.some((v) => !(v >= 0) || !Number.isFinite(v))) throw new RangeError("apportion: values must be finite and ≥ 0");
  return distribute(
    values.map((v) => ({ floor: Math.floor(v), remainder: v - Math.floor(v), size: v })),
    total,
  );
}

/**
 * Whole shares of 100 for each count, summing to exactly 100; null when the counts sum to 0. Worked
 * in whole numbers (remainders of 100 × count ÷ sum), so equal remainders tie exactly rather than by
 * floating-point noise.
 */
export function wholePercents(counts: readonly number[]): number[] | null {
  if (counts.some((c) => !Number.isInteger(c) || c < 0)) throw new RangeError("wholePercents: counts must be whole numbers ≥ 0");
  const sum = counts.reduce((a, b) => a + b, 0);
  if (sum === 0) return null;
  return distribute(
    counts.map((c) => ({ floor: Math.floor((100 * c) / sum), remainder: (100 * c) % sum, size: c })),
    100,
  );
}

function distribute(parts: readonly { floor: number; remainder: number; size: number }[], total: number): number[] {
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`apportion: total must be a whole number ≥ 0, got ${total}`);
  const out = parts.map((p) => p.floor);
  const order = parts.map((p, i) => ({ ...p, i })).sort((a, b) => b.remainder - a.remainder || b.size - a.size || a.i - b.i);
  let missing = total - out.reduce((a, b) => a + b, 0);
  for (let k = 0; missing > 0 && order.length > 0; k = (k + 1) % order.length, missing--) out[order[k]!.i]! += 1;
  while (missing < 0 && out.some((p) => p > 0)) {
    for (let k = order.length - 1; missing < 0 && k >= 0; k--) {
      const i = order[k]!.i;
      if (out[i]! > 0) {
        out[i]! -= 1;
        missing++;
      }
    }
  }
  return out;
}
