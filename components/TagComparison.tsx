// Nights with each tag against nights without it (lib/sleep/tag-comparison.ts), in words first ("with
// alcohol: deep sleep 12 min shorter on average (9 nights vs 31)") and as a table. A tag with too few
// nights on either side says so instead of showing a difference that chance alone could make.

import { COMPARED_FIGURES, comparisonSentence, differenceText, figureText, MIN_NIGHTS_EACH_SIDE, tooFewText, type TagComparison as Comparison } from "@/lib/sleep/tag-comparison";

export const TAG_COMPARISON_RANGES = [30, 90] as const;

export function TagComparison({ comparisons, nights, over }: { comparisons: Comparison[]; nights: number; over: number }) {
  return (
    <>
      <form method="get" className="compare-form">
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
      <p className="muted small" data-testid="tag-comparison-scope">
        {nights} complete {nights === 1 ? "night" : "nights"} compared. Nights closed as incomplete are left out (the recording stopped early, so their figures would
        not be like for like). A tag needs at least {MIN_NIGHTS_EACH_SIDE} nights with it and {MIN_NIGHTS_EACH_SIDE} without before a difference is shown; these are
        averages, not causes.
      </p>
      {comparisons.length === 0 ? (
        <p className="muted">No tagged nights in this range yet. Tag a night from its page or from your home page.</p>
      ) : (
        <>
          {comparisons.map((c) => (
            <article key={c.tag} className="tag-comparison" data-testid="tag-comparison" data-tag={c.tag}>
              <h3>
                {c.tag} <span className="muted small">({c.withNights} with, {c.withoutNights} without)</span>
              </h3>
              {c.enough ? (
                <ul>
                  {COMPARED_FIGURES.map((f) => (
                    <li key={f.key}>{comparisonSentence(c, f.key)}</li>
                  ))}
                </ul>
              ) : (
                <p>{tooFewText(c)}</p>
              )}
            </article>
          ))}
          <details>
            <summary>The comparison as a table</summary>
            <div className="table-scroll" role="region" aria-label="Tag comparison table" tabIndex={0}>
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
                        <td>{COMPARED_FIGURES[i]!.label}</td>
                        <td>{figureText(f.key, f.withMean)}</td>
                        <td>{figureText(f.key, f.withoutMean)}</td>
                        <td>{c.enough ? differenceText(f.key, f.difference) : "too few nights to tell"}</td>
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
