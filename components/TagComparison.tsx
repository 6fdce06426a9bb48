// Nights with each tag against nights without it (lib/sleep/tag-comparison.ts), in words first ("with
// alcohol: deep sleep 32 min shorter on average (9 nights vs 31)") and as a table. Only clear
// differences (large enough to matter, unlikely to be chance) are worded as findings; otherwise one
// line: "No clear difference yet (6 nights with, 13 without)".

import { clearFigures, comparisonSentence, differenceText, figureOf, figureText, noClearDifferenceText, TAG_METHOD_TEXT, type TagComparison as Comparison } from "@/lib/sleep/tag-comparison";
import ui from "./ui.module.css";
import styles from "./TagComparison.module.css";

export const TAG_COMPARISON_RANGES = [30, 90] as const;

/**
 * `sleeper`: the page is the sleeper's own. Only sleepers tag their nights, so an empty comparison tells a
 * sleeper how to tag and a clinician whose tags these would be.
 */
export function TagComparison({ comparisons, nights, over, sleeper }: { comparisons: Comparison[]; nights: number; over: number; sleeper: boolean }) {
  return (
    <>
      <form method="get" className={ui.compareForm}>
        <label>
          Compare over{" "}
          <select name="tagNights" defaultValue={String(over)}>
            {TAG_COMPARISON_RANGES.map((n) => (
              <option key={n} value={n}>
                the last {n} complete nights
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Show</button>
      </form>
      <p className={`${ui.muted} ${ui.small}`} data-testid="tag-comparison-scope">
        {nights} complete {nights === 1 ? "night" : "nights"} compared. Nights closed as incomplete are left out (the recording stopped early, so their figures would
        not be like for like). {TAG_METHOD_TEXT} These are averages, not causes.
      </p>
      {comparisons.length === 0 ? (
        <p className={ui.muted} data-testid="tag-comparison-empty">
          {sleeper
            ? "No tagged nights in this range yet. Tag a night from its page or from your home page."
            : "No tagged nights in this range yet. Tags (caffeine, alcohol, …) are added by the sleeper, on their own nights; the comparison appears here once they do."}
        </p>
      ) : (
        <>
          {comparisons.map((c) => (
            <article key={c.tag} className={styles.tagComparison} data-testid="tag-comparison" data-tag={c.tag}>
              <h3>
                {c.tag} <span className={`${ui.muted} ${ui.small}`}>({c.withNights} with, {c.withoutNights} without)</span>
              </h3>
              {clearFigures(c).length > 0 ? (
                <>
                  <ul>
                    {clearFigures(c).map((f) => (
                      <li key={f.key}>{comparisonSentence(c, f.key)}</li>
                    ))}
                  </ul>
                  {clearFigures(c).length < c.figures.length && <p className={`${ui.muted} ${ui.small}`}>No clear difference in the other figures.</p>}
                </>
              ) : (
                <p data-testid="no-clear-difference">{noClearDifferenceText(c)}</p>
              )}
            </article>
          ))}
          <details>
            <summary>The comparison as a table</summary>
            <div className={ui.tableScroll} role="region" aria-label="Tag comparison table" tabIndex={0}>
              <table data-testid="tag-comparison-table">
                <thead>
                  <tr>
                    <th scope="col">Tag</th>
                    <th scope="col">Figure</th>
                    <th scope="col">With (mean)</th>
                    <th scope="col">Without (mean)</th>
                    <th scope="col">Difference</th>
                  </tr>
                </thead>
                <tbody>
                  {comparisons.flatMap((c) =>
                    c.figures.map((f, i) => (
                      <tr key={`${c.tag}-${f.key}`}>
                        {i === 0 && (
                          <th scope="rowgroup" rowSpan={c.figures.length}>
                            {c.tag} ({c.withNights} vs {c.withoutNights})
                          </th>
                        )}
                        <td>{figureOf(f.key).label}</td>
                        <td>{figureText(f.key, f.withMean)}</td>
                        <td>{figureText(f.key, f.withoutMean)}</td>
                        <td>{f.clear ? differenceText(f.key, f.difference) : "no clear difference"}</td>
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </>
  );
}
