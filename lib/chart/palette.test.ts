import assert from "node:assert/strict";
import { test } from "node:test";
import { AXIS_COLOUR, blendOver, CHART_BACKGROUND, contrastRatio, FIGURE_COLOURS, MIN_GRAPHIC_CONTRAST, MIN_TEXT_CONTRAST, NO_DATA_OPACITY, SNORING_OPACITY, STAGE_COLOURS, TEXT_COLOURS } from "./palette";

test("contrast ratio matches WCAG's worked values", () => {
  assert.equal(contrastRatio("#000000", "#ffffff"), 21);
  assert.equal(contrastRatio("#ffffff", "#000000"), 21);
  assert.equal(contrastRatio("#777777", "#777777"), 1);
  // #767676 on white is the classic 4.5:1 grey.
  assert.equal(contrastRatio("#767676", "#ffffff").toFixed(2), "4.54");
  // Okabe–Ito blue on the panel: the 2.8:1 the issue reported, which is why Deep is not that blue any more.
  assert.equal(contrastRatio("#0072B2", CHART_BACKGROUND).toFixed(1), "2.8");
});

test("every line and mark a chart draws reads at 3:1 or better on the dark panel", () => {
  const colours = { ...Object.fromEntries(Object.entries(STAGE_COLOURS).map(([k, v]) => [`stage ${k}`, v])), ...FIGURE_COLOURS, axis: AXIS_COLOUR };
  for (const [name, colour] of Object.entries(colours)) {
    const ratio = contrastRatio(colour, CHART_BACKGROUND);
    assert.ok(ratio >= MIN_GRAPHIC_CONTRAST, `${name} ${colour} is ${ratio.toFixed(2)}:1 on ${CHART_BACKGROUND}`);
  }
});

test("the three sleep stages drawn side by side in the trends have three different colours", () => {
  assert.equal(new Set([STAGE_COLOURS[1], STAGE_COLOURS[2], STAGE_COLOURS[3]]).size, 3);
});

test("a colour that is not #rrggbb is refused, not guessed", () => {
  assert.throws(() => contrastRatio("blue", CHART_BACKGROUND), /not a #rrggbb/);
});

test("every colour a chart writes text in reads at 4.5:1 or better on what it is written on", () => {
  for (const [name, { colour, on }] of Object.entries(TEXT_COLOURS)) {
    const ratio = contrastRatio(colour, on);
    assert.ok(ratio >= MIN_TEXT_CONTRAST, `${name} ${colour} is ${ratio.toFixed(2)}:1 on ${on}`);
  }
  // Why legend text is not in its line's colour: Deep is enough for a line (3:1), not for text.
  assert.equal(contrastRatio(STAGE_COLOURS[2]!, CHART_BACKGROUND).toFixed(2), "4.45");
  assert.ok(contrastRatio(STAGE_COLOURS[2]!, CHART_BACKGROUND) < MIN_TEXT_CONTRAST);
});

test("a colour drawn see-through is blended over the panel as the screen does", () => {
  assert.equal(blendOver("#ffffff", 1), "#ffffff");
  assert.equal(blendOver("#ffffff", 0), CHART_BACKGROUND);
  // Half of white over black is the middle grey, channel by channel (255 / 2 rounds to 128).
  assert.equal(blendOver("#ffffff", 0.5, "#000000"), "#808080");
  // The audit's figures: the old snoring band and no-data shading were 2.85:1 and 1.46:1 once blended.
  assert.equal(contrastRatio(blendOver("#D55E00", 0.8), CHART_BACKGROUND).toFixed(2), "2.85");
  assert.equal(contrastRatio(blendOver("#64748b", 0.35), CHART_BACKGROUND).toFixed(2), "1.46");
});

test("the hypnogram's shading reads at 3:1 or better once blended over the panel", () => {
  const shading = { snoring: blendOver(FIGURE_COLOURS.snoring, SNORING_OPACITY), "no data": blendOver(FIGURE_COLOURS.noData, NO_DATA_OPACITY) };
  for (const [name, colour] of Object.entries(shading)) {
    const ratio = contrastRatio(colour, CHART_BACKGROUND);
    assert.ok(ratio >= MIN_GRAPHIC_CONTRAST, `${name} blends to ${colour}, ${ratio.toFixed(2)}:1 on ${CHART_BACKGROUND}`);
  }
});
