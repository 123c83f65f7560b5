import type { TopLevelSpec } from "vega-lite";
import { quantile } from "../math/quantile.js";
import { CHART_CONFIG, niceTicks, type Chart } from "./chart.js";
import { MIN_SURFACE_COUNT, surfaceCells } from "./holding-surface-chart.js";
import { hedgeLabel, type ReportDifferenceSurface } from "./report-data.js";

/** One drawn cell of one difference surface. */
export interface DifferenceCell {
  /** Strategy label (`rnn · market`). */
  strategy: string;
  /** The hedge asset whose holdings are compared. */
  asset: string;
  /** Lower and upper moneyness S_t/K of the cell (the underlying's). */
  m0: number;
  m1: number;
  /** The cell's vertical extent, days to maturity ± 0.5. */
  t0: number;
  t1: number;
  /** Mean learned − delta holding of `asset` in the cell, in units of the asset. */
  difference: number;
  /** (path, date) pairs averaged. */
  count: number;
}

/** The page's column is 1,100 px: panel columns per row are chosen to fit in this width. */
export const DIFFERENCE_CHART_WIDTH = 1060;
const PANEL_WIDTH = 120;
const PANEL_HEIGHT = 90;
/** Width of the strategy labels (about 150 px), the y axis and the legend beside the panels. */
const MARGIN = 330;

type ConcatRows = Extract<TopLevelSpec, { vconcat: unknown }>["vconcat"];

/**
 * The difference-from-delta holding surfaces: for every learned strategy (rows) and every hedge asset
 * (columns), the mean learned − delta holding of that asset per cell of the underlying's moneyness
 * S_t/K × days to maturity, binned like Figure 4, on one diverging colour scale centred at 0 (clamped
 * to ±the 99% quantile of |difference| over all cells; the caption gives the full range). Only panels
 * with a cell of {@link MIN_SURFACE_COUNT} or more pairs are drawn; assets wrap into further rows of
 * panels when they do not fit in {@link DIFFERENCE_CHART_WIDTH}.
 *
 * @param surfaces - surfaces of one or more hedge sets; only `hedge`'s (default: the first one's) are drawn.
 */
export function differenceSurfaceChart(
  surfaces: readonly ReportDifferenceSurface[],
  hedge?: readonly string[],
): Chart {
  const target = hedgeLabel(hedge ?? surfaces[0]?.hedge ?? []);
  const cells = differenceCells(surfaces.filter((s) => hedgeLabel(s.hedge) === target));
  const magnitudes = cells.map((c) => Math.abs(c.difference));
  const bound = magnitudes.length > 0 ? quantile(magnitudes, 0.99) : 0;
  const extent = bound > 0 ? bound : 1;
  const min = Math.min(...cells.map((c) => c.difference));
  const max = Math.max(...cells.map((c) => c.difference));
  const strategies = [...new Set(cells.map((c) => c.strategy))];
  const assets = [...new Set(cells.map((c) => c.asset))];
  const perRow = Math.max(1, Math.floor((DIFFERENCE_CHART_WIDTH - MARGIN) / (PANEL_WIDTH + 10)));
  const groups: string[][] = [];
  for (let k = 0; k < assets.length; k += perRow) groups.push(assets.slice(k, k + perRow));
  const edges = cells.flatMap((c) => [c.m0, c.m1]);
  const ticks = moneynessTicks(Math.min(...edges), Math.max(...edges));
  const facet = (group: string[]): object => ({
    transform: [{ filter: { field: "asset", oneOf: group } }],
    facet: {
      row: {
        field: "strategy",
        type: "nominal",
        title: null,
        sort: strategies,
        header: {
          labelAngle: 0,
          labelAlign: "left",
          labelExpr: "split(datum.label, ' · ')",
          labelLimit: 0,
        },
      },
      column: { field: "asset", type: "nominal", title: null, sort: group },
    },
    spacing: 10,
    spec: {
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
      mark: { type: "rect" },
      encoding: {
        x: {
          field: "m0",
          type: "quantitative",
          title: "moneyness S/K",
          scale: { zero: false, nice: false },
          axis: { values: ticks },
        },
        x2: { field: "m1" },
        y: {
          field: "t0",
          type: "quantitative",
          title: "days to maturity",
          scale: { zero: false, nice: false },
          axis: { values: [10, 20, 30] },
        },
        y2: { field: "t1" },
        color: {
          field: "difference",
          type: "quantitative",
          title: "learned − delta",
          scale: { scheme: "purpleorange", domain: [-extent, extent], domainMid: 0, clamp: true },
        },
      },
    },
  });
  return {
    id: "figure-difference-surfaces",
    title: `Difference-from-delta holding surfaces on ${target}, every hedge asset`,
    caption:
      `Mean learned − delta holding of each asset (columns) per cell of ${surfaces[0]?.hedge[0] ?? "the underlying"}'s moneyness S_t/K × days to maturity, ` +
      `over the test windows of ${target}, for each learned strategy (rows); orange: the learned strategy holds more than delta, purple: less. ` +
      `The delta hedge holds the underlying only, so another asset's panel shows the learned strategy's own holding of it. ` +
      `Cells with fewer than ${MIN_SURFACE_COUNT} (window, date) pairs are blank. Differences range from ${fmt(min)} to ${fmt(max)}; ` +
      `colours are clamped to ±${fmt(extent)}.`,
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      config: CHART_CONFIG,
      data: { values: cells },
      vconcat: groups.map(facet) as unknown as ConcatRows,
      resolve: { scale: { color: "shared" } },
    },
  };
}

/** The cells of {@link differenceSurfaceChart}, without the blank (sparse or empty) ones. */
export function differenceCells(surfaces: readonly ReportDifferenceSurface[]): DifferenceCell[] {
  // The learned − delta means sit in the surfaces' `holding`: the cells of Figure 4, renamed.
  return surfaces.flatMap((s) =>
    surfaceCells([s]).map(({ strategy, m0, m1, t0, t1, holding, count }) => ({
      strategy,
      asset: s.asset,
      m0,
      m1,
      t0,
      t1,
      difference: holding,
      count,
    })),
  );
}

/** At most four ticks of the moneyness axis at multiples of 0.05, 0.1, 0.2, 0.25 or 0.5 inside [lower, upper]. */
export function moneynessTicks(lower: number, upper: number): number[] {
  return niceTicks(lower, upper, 4, [0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5]);
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toFixed(3) : String(x);
}
