// Nights with a tag against nights without it: for each tag, the mean of each figure on either side,
// from the same nightReport the night page shows. Only complete nights are compared (an incomplete
// night stopped early, its figures would pull the means down for reasons that are not the tag).

import { duration } from "../format";
import { tagKey } from "./tags";
import { nightReport } from "./report";

/** Fewer nights than this on either side and the means say more about chance than about the tag. */
export const MIN_NIGHTS_EACH_SIDE = 3;

export type ComparedFigure = "totalSleep" | "deep" | "rem" | "efficiency" | "latency" | "waso";

/** One night's figures; null where the night has none (no sleep: no latency, no efficiency). */
export type NightFigures = Record<ComparedFigure, number | null>;

/** How each figure is named and measured: durations in seconds, efficiency in percent (0–100). */
export const COMPARED_FIGURES: ReadonlyArray<{ key: ComparedFigure; label: string; unit: "seconds" | "percent"; more: string; less: string }> = [
  { key: "totalSleep", label: "Total sleep", unit: "seconds", more: "longer", less: "shorter" },
  { key: "deep", label: "Deep sleep", unit: "seconds", more: "longer", less: "shorter" },
  { key: "rem", label: "REM sleep", unit: "seconds", more: "longer", less: "shorter" },
  { key: "efficiency", label: "Sleep efficiency", unit: "percent", more: "higher", less: "lower" },
  { key: "latency", label: "Sleep onset latency", unit: "seconds", more: "longer", less: "shorter" },
  { key: "waso", label: "WASO (awake after sleep onset)", unit: "seconds", more: "longer", less: "shorter" },
];

export interface NightWithTags {
  id: string;
  tags: readonly string[];
  sleepStages: readonly number[];
  snoringStages: readonly number[];
}

/** A night's compared figures, as its report shows them. */
export function nightFigures(stages: readonly number[], snoring: readonly number[]): NightFigures {
  const r = nightReport(stages, snoring);
  const stage = (key: "deep" | "rem") => r.stageShares.find((s) => s.stage === key)!.seconds;
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
}

export interface TagComparison {
  tag: string;
  withNights: number;
  withoutNights: number;
  /** Both sides have at least MIN_NIGHTS_EACH_SIDE nights: only then are differences worded as findings. */
  enough: boolean;
  figures: FigureComparison[];
}

const mean = (values: Array<number | null>): number | null => {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : present.reduce((a, b) => a + b, 0) / present.length;
};

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
      figures: COMPARED_FIGURES.map(({ key }) => {
        const withMean = mean(withTag.map((n) => n.figures[key]));
        const withoutMean = mean(without.map((n) => n.figures[key]));
        return { key, withMean, withoutMean, difference: withMean === null || withoutMean === null ? null : withMean - withoutMean };
      }),
    };
  });
  return comparisons.sort((a, b) => b.withNights - a.withNights || a.tag.localeCompare(b.tag));
}

/** Shorthand: the comparison of nights given with their stages. */
export function compareTaggedNights(nights: readonly NightWithTags[]): TagComparison[] {
  return compareTags(nights.map((n) => ({ tags: n.tags, figures: nightFigures(n.sleepStages, n.snoringStages) })));
}

const figureOf = (key: ComparedFigure) => COMPARED_FIGURES.find((f) => f.key === key)!;

/** A mean as shown: whole minutes, or a whole percent, like the night page. */
export function figureText(key: ComparedFigure, value: number | null): string {
  if (value === null) return "—";
  if (figureOf(key).unit === "percent") return `${Math.round(value)}%`;
  return duration(value);
}

/** The difference as shown: "12 min shorter", "3 points higher", "about the same". */
export function differenceText(key: ComparedFigure, difference: number | null): string {
  if (difference === null) return "not comparable (no value on one side)";
  const f = figureOf(key);
  const amount = f.unit === "percent" ? Math.round(Math.abs(difference)) : Math.round(Math.abs(difference) / 60);
  if (amount === 0) return "about the same";
  const unit = f.unit === "percent" ? (amount === 1 ? "point" : "points") : "min";
  return `${amount} ${unit} ${difference > 0 ? f.more : f.less}`;
}

const nightsText = (n: number) => `${n} ${n === 1 ? "night" : "nights"}`;

/** "with alcohol: deep sleep 12 min shorter on average (9 nights vs 31)". */
export function comparisonSentence(c: TagComparison, key: ComparedFigure): string {
  const f = c.figures.find((x) => x.key === key)!;
  const what = figureOf(key).label.replace(/^[A-Z](?=[a-z])/, (s) => s.toLowerCase());
  const diff = differenceText(key, f.difference);
  const average = diff === "about the same" || f.difference === null ? diff : `${diff} on average`;
  return `with ${c.tag}: ${what} ${average} (${nightsText(c.withNights)} vs ${c.withoutNights})`;
}

/** Said plainly when a tag's nights are too few on either side to compare. */
export function tooFewText(c: TagComparison): string {
  return `Too few nights to tell: ${nightsText(c.withNights)} with ${c.tag} and ${nightsText(c.withoutNights)} without; a comparison needs at least ${MIN_NIGHTS_EACH_SIDE} on each side.`;
}
