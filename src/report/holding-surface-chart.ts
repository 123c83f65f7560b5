import { quantile } from "../math/quantile.js";
import { surfaceCellList } from "../evaluation/holding-surface.js";
import { CHART_CONFIG, roundForChart, type Chart } from "./chart.js";
import { hedgeLabel, strategyLabel, type ReportSurface } from "./report-data.js";

/** Cells with fewer (path, date) pairs are left blank in Figure 4: their mean is mostly noise. */
export const MIN_SURFACE_COUNT = 5;

/** One cell of one holding surface. */
export interface SurfaceCell {
  strategy: string;
  /** Lower and upper moneyness S_t/K of the cell. */
  m0: number;
  m1: number;
  /** Time to maturity in trading days. */
  maturity: number;
  /** The cell's vertical extent, maturity ± 0.5 days. */
  t0: number;
  t1: number;
  /** Mean holding of the underlying in the cell. */
  holding: number;
  /** (path, date) pairs averaged. */
  count: number;
}

/**
 * The paper's Figure 4: each strategy's mean holding of the underlying over moneyness S_t/K × time to
 * maturity, on the test windows of one hedge set, one panel per strategy (the delta hedge included as
 * the reference), on one colour scale (clamped to the 1%–99% quantiles of all cells so that a few
 * extreme cells do not wash out the rest; the caption gives the full range).
 *
 * @param surfaces - surfaces of several strategies; only those of `hedge` (default: the first one's hedge set) are drawn.
 */
export function holdingSurfaceChart(surfaces: readonly ReportSurface[], hedge?: readonly string[]): Chart {
  const target = hedgeLabel(hedge ?? surfaces[0]?.hedge ?? []);
  const chosen = surfaces.filter((s) => hedgeLabel(s.hedge) === target && s.strategy !== "no-hedge");
  const cells = surfaceCells(chosen);
  const holdings = cells.map((c) => c.holding);
  const lower = holdings.length > 0 ? quantile(holdings, 0.01) : 0;
  const upper = holdings.length > 0 ? quantile(holdings, 0.99) : 1;
  const min = Math.min(...holdings);
  const max = Math.max(...holdings);
  const strategies = chosen.map(strategyLabel);
  return {
    id: "figure-4",
    title: `Figure 4. Holding surfaces on ${target}: mean holding of the underlying over moneyness × time to maturity`,
    caption:
      `Mean holding δ of ${chosen[0]?.hedge[0] ?? "the underlying"} per cell over the test windows of ${target}; ` +
      `cells with fewer than ${MIN_SURFACE_COUNT} (window, date) pairs are blank. Holdings range from ${fmt(min)} to ${fmt(max)}; ` +
      `colours are clamped to [${fmt(lower)}, ${fmt(upper)}].`,
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      config: CHART_CONFIG,
      data: { values: cells },
      facet: { field: "strategy", type: "nominal", title: null, sort: strategies },
      columns: 3,
      // Every panel with its own moneyness axis: a wrapped grid's last row may be short, and axes
      // drawn once per column would then hang under empty slots.
      resolve: { axis: { x: "independent" } },
      spec: {
        width: 220,
        height: 160,
        mark: { type: "rect" },
        encoding: {
          x: {
            field: "m0",
            type: "quantitative",
            title: "moneyness S/K",
            scale: { zero: false },
            axis: { tickCount: 4 },
          },
          x2: { field: "m1" },
          y: {
            field: "t0",
            type: "quantitative",
            title: "days to maturity",
            scale: { zero: false, nice: false },
          },
          y2: { field: "t1" },
          color: {
            field: "holding",
            type: "quantitative",
            title: "holding",
            legend: { tickCount: 3 },
            scale: {
              scheme: "blueorange",
              domain: upper > lower ? [lower, upper] : [lower - 0.5, lower + 0.5],
              clamp: true,
            },
          },
        },
      },
    },
  };
}

/** The cells of {@link holdingSurfaceChart}, without the blank (sparse or empty) ones. */
export function surfaceCells(surfaces: readonly ReportSurface[]): SurfaceCell[] {
  const cells: SurfaceCell[] = [];
  for (const s of surfaces) {
    for (const c of surfaceCellList(s.surface)) {
      if (c.count < MIN_SURFACE_COUNT || !Number.isFinite(c.holding)) continue;
      cells.push({
        strategy: strategyLabel(s),
        m0: roundForChart(c.lower),
        m1: roundForChart(c.upper),
        maturity: c.maturity,
        t0: c.maturity - 0.5,
        t1: c.maturity + 0.5,
        holding: roundForChart(c.holding),
        count: c.count,
      });
    }
  }
  return cells;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toFixed(2) : String(x);
}
