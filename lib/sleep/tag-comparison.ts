// Nights with a tag against nights without it: for each tag, the mean of each figure on either side,
// from the same nightReport the night page shows. Only complete nights are compared (an incomplete
// night stopped early, its figures would pull the means down for reasons that are not the tag).
//
// A difference is shown only when it is both large enough to matter (SMALLEST_MEANINGFUL_CHANGE) and
// unlikely to be chance with the nights available: a two-sided permutation test on the difference of
// means (PERMUTATIONS reshuffles, a fixed seed so the page says the same thing every time it is
// read), p < SIGNIFICANCE, with at least MIN_NIGHTS_EACH_SIDE nights on each side. Method in
// docs/DEFINITIONS.md ("Tags: nights with and without").

import { duration } from "../format";
import type { Locale } from "../i18n/locales";
import { tagKey } from "./tags";
import { nightReport } from "./report";
import type { StagePlan } from "./plan";
import type { Words } from "./words";

/** Fewer nights than this on either side and the means say more about chance than about the tag. */
export const MIN_NIGHTS_EACH_SIDE = 5;

/** Reshuffles of the nights' labels in the permutation test. */
export const PERMUTATIONS = 2000;
/** A difference this likely under reshuffling (or more) is not shown: it could be chance. */
export const SIGNIFICANCE = 0.05;
/** The permutation test's seed: the same nights always give the same answer. */
const SEED = 0x5eed;

export type ComparedFigure = "totalSleep" | "deep" | "rem" | "efficiency" | "latency" | "waso";

/** One night's figures; null where the night has none (no sleep: no latency, no efficiency). */
export type NightFigures = Record<ComparedFigure, number | null>;

/**
 * How each figure is measured: durations in seconds (a difference is longer or shorter), efficiency in
 * percent, 0–100 (higher or lower). Their names are the catalogue's (TagComparison `figure.<key>`).
 */
export const COMPARED_FIGURES: ReadonlyArray<{ key: ComparedFigure; unit: "seconds" | "percent" }> = [
  { key: "totalSleep", unit: "seconds" },
  { key: "deep", unit: "seconds" },
  { key: "rem", unit: "seconds" },
  { key: "efficiency", unit: "percent" },
  { key: "latency", unit: "seconds" },
  { key: "waso", unit: "seconds" },
];

/**
 * The smallest difference worth a word, in each figure's unit (seconds, or points of efficiency):
 * 15 min of total sleep, 10 min of a stage, of latency or of WASO, 3 points of efficiency. Smaller
 * differences are within what one person's nights vary by anyway.
 */
export const SMALLEST_MEANINGFUL_CHANGE: Record<ComparedFigure, number> = { totalSleep: 15 * 60, deep: 10 * 60, rem: 10 * 60, efficiency: 3, latency: 10 * 60, waso: 10 * 60 };

export interface NightWithTags {
  id: string;
  tags: readonly string[];
  sleepStages: readonly number[];
  snoringStages: readonly number[];
  /** Left out: 4-stage. A 2-stage night (./plan.ts) has no deep or REM figure. */
  stagePlan?: StagePlan;
}

/** A night's compared figures, as its report shows them; deep and REM null on a 2-stage night (never measured). */
export function nightFigures(stages: readonly number[], snoring: readonly number[], plan: StagePlan = "4-stage"): NightFigures {
  const r = nightReport(stages, snoring, plan);
  const stage = (key: "deep" | "rem") => r.stageShares.find((s) => s.stage === key)?.seconds ?? null;
  return {
    totalSleep: r.totalSleepSeconds,
    deep: stage("deep"),
    rem: stage("rem"),
    efficiency: r.sleepEfficiency === null ? null : r.sleepEfficiency * 100,
    latency: r.sleepLatencySeconds,
    waso: r.wasoSeconds,
  };
}

export interface FigureComparison {
  key: ComparedFigure;
  /** Mean over the nights with the tag that have the figure; null if none has it. */
  withMean: number | null;
  withoutMean: number | null;
  /** withMean − withoutMean; null when either side has no value. */
  difference: number | null;
  /** Two-sided permutation p-value of the difference; null when a side has fewer than MIN_NIGHTS_EACH_SIDE values. */
  p: number | null;
  /** Larger than the smallest meaningful change and p < SIGNIFICANCE: the only differences shown as findings. */
  clear: boolean;
}

export interface TagComparison {
  tag: string;
  withNights: number;
  withoutNights: number;
  /** Both sides have at least MIN_NIGHTS_EACH_SIDE nights: only then are differences worded as findings. */
  enough: boolean;
  figures: FigureComparison[];
}

const present = (values: Array<number | null>): number[] => values.filter((v): v is number => v !== null);
const mean = (values: readonly number[]): number | null => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);

/** mulberry32: a small, fast, seeded generator (uniform in [0, 1)). */
export function seededRandom(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Two-sided permutation test of a difference of means: the share of PERMUTATIONS random relabellings
 * of the pooled nights (Fisher–Yates, seeded) whose difference is at least as far from zero as the one
 * observed, counting the observed labelling itself: (1 + hits) ÷ (1 + PERMUTATIONS), never 0.
 */
export function permutationP(a: readonly number[], b: readonly number[], permutations = PERMUTATIONS, seed = SEED): number {
  const pooled = [...a, ...b];
  const total = pooled.reduce((x, y) => x + y, 0);
  const n = a.length;
  const diffOf = (sumA: number) => sumA / n - (total - sumA) / b.length;
  const observed = Math.abs(diffOf(a.reduce((x, y) => x + y, 0)));
  // A relabelling as far out as the observed one, but for float noise in the sums.
  const tolerance = 1e-9 * Math.max(1, observed);
  const random = seededRandom(seed);
  let hits = 0;
  for (let k = 0; k < permutations; k++) {
    // Only the first n places need shuffling: they are the reshuffled "with" side.
    let sumA = 0;
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(random() * (pooled.length - i));
      const v = pooled[j]!;
      pooled[j] = pooled[i]!;
      pooled[i] = v;
      sumA += v;
    }
    if (Math.abs(diffOf(sumA)) >= observed - tolerance) hits++;
  }
  return (1 + hits) / (1 + permutations);
}

/**
 * For each tag used on any of the nights (spelled as on its first night, case ignored), the nights
 * with it against all the other nights given. Tags ordered by how many nights carry them, then by name.
 */
export function compareTags(nights: ReadonlyArray<{ tags: readonly string[]; figures: NightFigures }>): TagComparison[] {
  const spelling = new Map<string, string>();
  for (const n of nights) for (const t of n.tags) if (!spelling.has(tagKey(t))) spelling.set(tagKey(t), t);
  const comparisons = [...spelling].map(([key, tag]) => {
    const has = (n: { tags: readonly string[] }) => n.tags.some((t) => tagKey(t) === key);
    const withTag = nights.filter(has);
    const without = nights.filter((n) => !has(n));
    return {
      tag,
      withNights: withTag.length,
      withoutNights: without.length,
      enough: withTag.length >= MIN_NIGHTS_EACH_SIDE && without.length >= MIN_NIGHTS_EACH_SIDE,
      // A figure no night has (deep and REM when every night is 2-stage) is left out, not shown as "—".
      figures: COMPARED_FIGURES.filter(({ key }) => nights.some((n) => n.figures[key] !== null)).map(({ key }) => {
        const a = present(withTag.map((n) => n.figures[key]));
        const b = present(without.map((n) => n.figures[key]));
        const withMean = mean(a);
        const withoutMean = mean(b);
        const difference = withMean === null || withoutMean === null ? null : withMean - withoutMean;
        const p = a.length >= MIN_NIGHTS_EACH_SIDE && b.length >= MIN_NIGHTS_EACH_SIDE ? permutationP(a, b) : null;
        const clear = difference !== null && p !== null && Math.abs(difference) >= SMALLEST_MEANINGFUL_CHANGE[key] && p < SIGNIFICANCE;
        return { key, withMean, withoutMean, difference, p, clear };
      }),
    };
  });
  return comparisons.sort((a, b) => b.withNights - a.withNights || a.tag.localeCompare(b.tag));
}

/** Shorthand: the comparison of nights given with their stages. */
export function compareTaggedNights(nights: readonly NightWithTags[]): TagComparison[] {
  return compareTags(nights.map((n) => ({ tags: n.tags, figures: nightFigures(n.sleepStages, n.snoringStages, n.stagePlan) })));
}

export const figureOf = (key: ComparedFigure) => COMPARED_FIGURES.find((f) => f.key === key)!;

/** A mean as shown: whole minutes, or a whole percent, like the night page. */
export function figureText(key: ComparedFigure, value: number | null, locale: Locale = "en"): string {
  if (value === null) return "—";
  if (figureOf(key).unit === "percent") return `${Math.round(value)}%`;
  return duration(value, locale);
}

/** A difference as facts: none (a side has no value), about the same (0 once rounded), or an amount one way. */
export type DifferenceFact = { kind: "none" } | { kind: "same" } | { kind: "change"; amount: number; unit: "minutes" | "points"; more: boolean };

export function differenceOf(key: ComparedFigure, difference: number | null): DifferenceFact {
  if (difference === null) return { kind: "none" };
  const percent = figureOf(key).unit === "percent";
  const amount = percent ? Math.round(Math.abs(difference)) : Math.round(Math.abs(difference) / 60);
  if (amount === 0) return { kind: "same" };
  return { kind: "change", amount, unit: percent ? "points" : "minutes", more: difference > 0 };
}

/**
 * The words below take `t`, a translator of the "TagComparison" catalogue (the page's language).
 * The difference as shown: "12 min shorter", "3 points higher", "about the same".
 */
export function differenceText(key: ComparedFigure, difference: number | null, t: Words): string {
  const d = differenceOf(key, difference);
  if (d.kind !== "change") return t(`difference.${d.kind}`);
  const way = d.unit === "points" ? (d.more ? "higher" : "lower") : d.more ? "longer" : "shorter";
  return t(`difference.${way}`, { amount: d.amount });
}

/** "with alcohol: deep sleep 12 min shorter on average (9 nights vs 31)"; `tag`: the tag as the page names it. */
export function comparisonSentence(c: TagComparison, key: ComparedFigure, t: Words, tag: string = c.tag): string {
  const f = c.figures.find((x) => x.key === key)!;
  const changed = differenceOf(key, f.difference).kind === "change";
  return t(changed ? "sentence.onAverage" : "sentence.plain", { tag, what: t(`figureInSentence.${key}`), difference: differenceText(key, f.difference, t), withNights: c.withNights, without: c.withoutNights });
}

/** The figures of a tag whose difference is clear (large enough, and unlikely to be chance). */
export const clearFigures = (c: TagComparison) => c.figures.filter((f) => f.clear);

/** One line for a tag with no clear difference: "No clear difference yet (6 nights with, 13 without)." */
export function noClearDifferenceText(c: TagComparison, t: Words): string {
  return t("noClearDifference", { withNights: c.withNights, without: c.withoutNights });
}

/** The method, in a sentence, shown beside the comparison. */
export function methodText(t: Words): string {
  return t("method", {
    totalSleep: SMALLEST_MEANINGFUL_CHANGE.totalSleep / 60,
    stage: SMALLEST_MEANINGFUL_CHANGE.deep / 60,
    efficiency: SMALLEST_MEANINGFUL_CHANGE.efficiency,
    permutations: PERMUTATIONS,
    significance: SIGNIFICANCE,
    minNights: MIN_NIGHTS_EACH_SIDE,
  });
}
