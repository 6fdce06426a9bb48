// The bench's verdicts (scripts/bench.ts), against figures of the same run so they hold on any machine:
// the open-loop latency targets relative to the no-op route's closed-loop rate, and CPU per delivery
// relative to the no-op route's. Pure, and unit-tested (bench-verdict.test.ts); nothing asserts a timing.

export interface OpenRate {
  /** Offered per second. */
  rate: number;
  p99: number;
  failed: number;
}

/** The offered rates per second: "30%" is 30 % of the no-op route's closed-loop rate of this run. */
export function offeredRates(given: string[], noopPerSecond: number): number[] {
  return given.map((r) => (r.endsWith("%") ? Math.max(1, Math.round((parseFloat(r) / 100) * noopPerSecond)) : Number(r)));
}

/**
 * The open-loop targets against this run's no-op route: p99 under `underMs` (and nothing failed) at
 * every offered rate up to `share` of its closed-loop rate. No rate offered in that range is no verdict.
 */
export function openLoopVerdict(open: Array<OpenRate>, noopPerSecond: number, share: number, underMs: number): { holds: boolean | null; text: string } {
  const ceiling = share * noopPerSecond;
  const inRange = open.filter((o) => o.rate <= ceiling + 0.5);
  const misses = inRange.filter((o) => o.failed > 0 || !(o.p99 < underMs));
  const target = `p99 < ${underMs} ms at every offered rate up to ${Math.round(share * 100)} % of the no-op route's ${noopPerSecond.toFixed(0)}/s (${ceiling.toFixed(0)}/s)`;
  if (inRange.length === 0) return { holds: null, text: `${target}: NO VERDICT (no rate offered in that range)` };
  if (misses.length === 0) return { holds: true, text: `${target}: HOLDS (${inRange.map((o) => `${o.rate}/s p99 ${o.p99.toFixed(1)} ms`).join(", ")})` };
  return { holds: false, text: `${target}: MISSED at ${misses.map((o) => `${o.rate}/s (p99 ${Number.isFinite(o.p99) ? o.p99.toFixed(1) : "—"} ms${o.failed ? `, ${o.failed} failed` : ""})`).join(", ")}` };
}

/** CPU per delivery of the app within `factor` × the no-op route's (both of the app process, ms). */
export function cpuVerdict(appMs: number, noopMs: number, factor: number): string {
  const ratio = appMs / noopMs;
  return `CPU per delivery ${appMs.toFixed(2)} ms = ${ratio.toFixed(2)} × the no-op route's ${noopMs.toFixed(2)} ms (target ≤ ${factor} ×): ${ratio <= factor ? "HOLDS" : "MISSED"}`;
}
