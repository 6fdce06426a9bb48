// Nights with each tag against nights without it (lib/sleep/tag-comparison.ts), in words first ("with
// alcohol: deep sleep 32 min shorter on average (9 nights vs 31)") and as a table. Only clear
// differences (large enough to matter, unlikely to be chance) are worded as findings; otherwise one
// line: "No clear difference yet (6 nights with, 13 without)".

import { useLocale, useTranslations } from "next-intl";
import { isLocale } from "@/lib/i18n/locales";
import { clearFigures, comparisonSentence, differenceText, figureText, methodText, noClearDifferenceText, type TagComparison as Comparison } from "@/lib/sleep/tag-comparison";
import { presetTagId } from "@/lib/sleep/tags";
import ui from "./ui.module.css";
import styles from "./TagComparison.module.css";

export const TAG_COMPARISON_RANGES = [30, 90] as const;

/**
 * `sleeper`: the page is the sleeper's own. Only sleepers tag their nights, so an empty comparison tells a
 * sleeper how to tag and a clinician whose tags these would be.
 */
export function TagComparison({ comparisons, nights, over, sleeper }: { comparisons: Comparison[]; nights: number; over: number; sleeper: boolean }) {
  const t = useTranslations("TagComparison");
  const tags = useTranslations("NightTags");
  const pageLocale = useLocale();
  const locale = isLocale(pageLocale) ? pageLocale : "en";
  /** A tag as the page names it: a preset in the page's language, the sleeper's own words as written. */
  const tagName = (tag: string) => {
    const preset = presetTagId(tag);
    return preset ? tags(`preset.${preset}`) : tag;
  };
  return (
    <>
      <form method="get" className={ui.compareForm}>
        <label>
          {t("compareOver")}{" "}
          <select name="tagNights" defaultValue={String(over)}>
            {TAG_COMPARISON_RANGES.map((n) => (
              <option key={n} value={n}>
                {t("range", { nights: n })}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t("show")}</button>
      </form>
      <p className={`${ui.muted} ${ui.small}`} data-testid="tag-comparison-scope">
        {t("scope", { nights })} {methodText(t)} {t("notCauses")}
      </p>
      {comparisons.length === 0 ? (
        <p className={ui.muted} data-testid="tag-comparison-empty">
          {sleeper ? t("empty.sleeper") : t("empty.clinician")}
        </p>
      ) : (
        <>
          {comparisons.map((c) => (
            <article key={c.tag} className={styles.tagComparison} data-testid="tag-comparison" data-tag={c.tag}>
              <h3>
                {tagName(c.tag)} <span className={`${ui.muted} ${ui.small}`}>{t("counts", { withNights: c.withNights, without: c.withoutNights })}</span>
              </h3>
              {clearFigures(c).length > 0 ? (
                <>
                  <ul>
                    {clearFigures(c).map((f) => (
                      <li key={f.key}>{comparisonSentence(c, f.key, t, tagName(c.tag))}</li>
                    ))}
                  </ul>
                  {clearFigures(c).length < c.figures.length && <p className={`${ui.muted} ${ui.small}`}>{t("otherFiguresUnclear")}</p>}
                </>
              ) : (
                <p data-testid="no-clear-difference">{noClearDifferenceText(c, t)}</p>
              )}
            </article>
          ))}
          <details>
            <summary>{t("table.summary")}</summary>
            <div className={ui.tableScroll} role="region" aria-label={t("table.label")} tabIndex={0}>
              <table data-testid="tag-comparison-table">
                <thead>
                  <tr>
                    <th scope="col">{t("table.tag")}</th>
                    <th scope="col">{t("table.figure")}</th>
                    <th scope="col">{t("table.withMean")}</th>
                    <th scope="col">{t("table.withoutMean")}</th>
                    <th scope="col">{t("table.difference")}</th>
                  </tr>
                </thead>
                <tbody>
                  {comparisons.flatMap((c) =>
                    c.figures.map((f, i) => (
                      <tr key={`${c.tag}-${f.key}`}>
                        {i === 0 && (
                          <th scope="rowgroup" rowSpan={c.figures.length}>
                            {t("table.tagRow", { tag: tagName(c.tag), withNights: c.withNights, without: c.withoutNights })}
                          </th>
                        )}
                        <td>{t(`figure.${f.key}`)}</td>
                        <td>{figureText(f.key, f.withMean, locale)}</td>
                        <td>{figureText(f.key, f.withoutMean, locale)}</td>
                        <td>{f.clear ? differenceText(f.key, f.difference, t) : t("table.noClearDifference")}</td>
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
