import type { TopLevelSpec } from "vega-lite";

/**
 * A chart as data: its id, title and caption, and a Vega-Lite specification holding its data inline
 * (`data.values`). Chart functions return this and draw nothing, so that tests check the numbers;
 * {@link renderChartSvg} (render-chart.ts) turns it into SVG.
 */
export interface Chart {
  /** Anchor of the figure in the page (`figure-3`). */
  id: string;
  /** Title above the figure. */
  title: string;
  /** Caption under the figure: what is drawn and in which units. */
  caption: string;
  /** The Vega-Lite specification, data inline. */
  spec: TopLevelSpec;
}

/** One colour per strategy label, in a stable order: the learned models first, then the baselines. */
export const BASELINE_COLOURS: Readonly<Record<string, string>> = {
  delta: "#222222",
  "no-hedge": "#999999",
};

/** Categorical colours of the learned models (Tableau 10 without its grey). */
export const MODEL_COLOURS: readonly string[] = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
];

/**
 * The colour scale of a set of strategy labels: baselines in black and grey, learned models in
 * categorical colours, so that a strategy has the same colour in every figure of a report.
 */
export function strategyColourScale(labels: readonly string[]): { domain: string[]; range: string[] } {
  const domain = [...labels];
  let k = 0;
  const range = domain.map((label) => BASELINE_COLOURS[label] ?? MODEL_COLOURS[k++ % MODEL_COLOURS.length]!);
  return { domain, range };
}

/** Settings shared by every chart: fonts, sizes and an opaque background, no actions, no tooltips. */
export const CHART_CONFIG = {
  background: "white",
  font: "Helvetica, Arial, sans-serif",
  view: { stroke: "#dddddd" },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: "#eeeeee" },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 400 },
  header: { labelFontSize: 12, titleFontSize: 12 },
} as const;

/** Rounds for chart data: numbers drawn need no more than 6 significant digits. */
export function roundForChart(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(6)) : x;
}

/**
 * At most `most` axis ticks inside [lower, upper] at the multiples of the smallest step of `steps`
 * that gives so few: explicit tick values, so that no font or renderer can make two labels overlap
 * (Vega would hide one, which the layout check counts as an overlap).
 *
 * @example niceTicks(0.885, 1.147, 4, [0.05, 0.1]); // [0.9, 1, 1.1]
 */
export function niceTicks(
  lower: number,
  upper: number,
  most: number,
  steps: readonly number[] = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5],
): number[] {
  if (!(upper > lower)) return [];
  for (const step of steps) {
    const ticks: number[] = [];
    for (let k = Math.ceil(lower / step - 1e-9); k * step <= upper + 1e-9; k++)
      ticks.push(+(k * step).toFixed(4));
    if (ticks.length <= most) return ticks;
  }
  return [lower, upper];
}
