// Every colour a chart draws a line or a mark in, in one place, with the background it is drawn on:
// the dark theme's panel. WCAG 2.x asks graphical objects for 3:1 against what is next to them
// (success criterion 1.4.11); palette.test.ts holds every colour here to that.

/** Charts sit on the panel (app/globals.css --panel). */
export const CHART_BACKGROUND = "#1e293b";

/** The least contrast a line or mark needs against CHART_BACKGROUND (WCAG 1.4.11, non-text contrast). */
export const MIN_GRAPHIC_CONTRAST = 3;

/**
 * Per sleep stage (lib/sleep/stages.ts codes). Okabe–Ito where it reads on the dark panel; Okabe–Ito's
 * blue (#0072B2, 2.8:1) did not, so Deep is a lighter violet-blue, still apart from Light's sky blue in
 * hue, and the trend lines differ in dash as well as colour.
 */
export const STAGE_COLOURS: Record<number, string> = { 0: "#E69F00", 3: "#CC79A7", 1: "#56B4E9", 2: "#7F7FFF", [-1]: "#999999" };

/** The trend lines that are not a stage, and the hypnogram's marks. */
export const FIGURE_COLOURS = {
  totalSleep: "#56B4E9",
  efficiency: "#009E73",
  latency: "#F0E442",
  bedtime: "#E69F00",
  wake: "#E69F00",
  snoring: "#D55E00",
  noData: "#94a3b8",
  hypnogramLine: "#cbd5e1",
  now: "#F0E442",
} as const;

/** Axis ticks and labels. */
export const AXIS_COLOUR = "#94a3b8";

/**
 * Text in a chart (legend entries, tooltip items): the page's text colour (app/globals.css --text), not
 * the series colour recharts uses by default, since text needs 4.5:1 (WCAG 1.4.3) where a line needs
 * only 3:1, and Deep's #7F7FFF is 4.45:1 on the panel. The swatch beside each entry keeps the colour.
 */
export const CHART_TEXT_COLOUR = "#e2e8f0";

/** The tooltip's box (app/globals.css --bg). */
export const TOOLTIP_BACKGROUND = "#0f172a";

/** The least contrast text needs against its background (WCAG 1.4.3, AA). */
export const MIN_TEXT_CONTRAST = 4.5;

/** Every colour a chart writes text in, with the background it is written on. */
export const TEXT_COLOURS: Record<string, { colour: string; on: string }> = {
  "axis ticks": { colour: AXIS_COLOUR, on: CHART_BACKGROUND },
  "legend entries": { colour: CHART_TEXT_COLOUR, on: CHART_BACKGROUND },
  "tooltip items": { colour: CHART_TEXT_COLOUR, on: TOOLTIP_BACKGROUND },
};

/**
 * The hypnogram's shading is drawn see-through, so what the eye gets is the colour blended over the
 * panel: these opacities keep the blend at 3:1 or better (palette.test.ts blends them). The snoring
 * band is opaque (at 0.8 it blended to 2.85:1); no data is the palette's grey at 0.7 (3.6:1; the
 * hypnogram's line breaks there, so nothing is drawn over it).
 */
export const SNORING_OPACITY = 1;
export const NO_DATA_OPACITY = 0.7;

/** `colour` at `opacity` over `background`, as the screen shows it (sRGB channels, alpha-composited). */
export function blendOver(colour: string, opacity: number, background: string = CHART_BACKGROUND): string {
  const [fg, bg] = [channels(colour), channels(background)];
  return `#${fg.map((v, i) => Math.round(v * opacity + bg[i]! * (1 - opacity)).toString(16).padStart(2, "0")).join("")}`;
}

function channels(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
}

/** WCAG relative luminance of a #rrggbb colour. */
export function relativeLuminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((h) => {
    const v = parseInt(h, 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio, 1 to 21, whichever colour is lighter. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
