import { histogram } from "../math/histogram.js";
import { quantile } from "../math/quantile.js";
import { CHART_CONFIG, niceTicks, roundForChart, type Chart } from "./chart.js";
import { hedgeLabel, strategyLabel, type ReportResult } from "./report-data.js";

/** One bin of one P&L histogram: a learned strategy's, or the delta hedge's on the same hedge set. */
export interface PnlHistogramRow {
  hedge: string;
  /** The panel's learned strategy (`rnn · market`). */
  panel: string;
  /** `model` (the panel's strategy) or `delta`. */
  series: "model" | "delta";
  /** Bin centre, P&L in rebased units. */
  x: number;
  density: number;
}

/**
 * P&L distributions of every learned strategy against the delta hedge on the same test windows: one
 * panel per hedge set (rows) and learned strategy (columns), on one common range (the pooled 0.5% to
 * 99.5% quantiles) and the same bins. Left tails are where the entropic risk and CVaR are decided.
 * Panels narrow with the number of learned strategies so that the grid fits the report's column; the
 * hedge-set and strategy labels are written on several lines.
 */
export function pnlHistogramChart(results: readonly ReportResult[], bins = 40): Chart {
  const rows = pnlHistogramRows(results, bins);
  const hedges = [...new Set(results.map((r) => hedgeLabel(r.hedge)))];
  const panels = [...new Set(rows.map((r) => r.panel))];
  // One column per learned strategy within the 1100 px column: about 200 px beside the panels for the
  // hedge-set labels and the density axis, 10 px between panels, panels 120 to 180 px wide.
  const width = Math.max(120, Math.min(180, Math.floor(870 / Math.max(1, panels.length)) - 10));
  // Four P&L labels at most on a panel of 120 px: explicit values, so that none is hidden for lack of room.
  const xs = rows.map((r) => r.x);
  const ticks = niceTicks(
    Math.min(...xs),
    Math.max(...xs),
    4,
    [0.5, 1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 500],
  );
  return {
    id: "pnl-histograms",
    title: "P&L distributions of the learned strategies against the delta hedge",
    caption:
      `Density of the test-window P&L (rebased units, S_0 = 100), ${bins} bins over the pooled 0.5%–99.5% range; ` +
      `each panel overlays a learned strategy (colour) on the delta hedge (black) on the same windows.`,
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      config: CHART_CONFIG,
      data: { values: rows },
      facet: {
        row: {
          field: "hedge",
          type: "nominal",
          title: "hedge set",
          sort: hedges,
          // Horizontal, one ticker a line: a vertical label longer than its row would overlap the next.
          header: {
            labelAngle: 0,
            labelAlign: "left",
            labelExpr: "split(replace(datum.label, regexp('[+]', 'g'), '+|'), '|')",
          },
        },
        column: {
          field: "panel",
          type: "nominal",
          title: null,
          sort: panels,
          header: { labelExpr: "split(replace(replace(datum.label, '-', '-|'), ' · ', '|· '), '|')" },
        },
      },
      spec: {
        width,
        height: 110,
        mark: { type: "line", interpolate: "step", strokeWidth: 1.3 },
        encoding: {
          x: { field: "x", type: "quantitative", title: "P&L (rebased)", axis: { values: ticks } },
          y: { field: "density", type: "quantitative", title: "density", axis: { tickCount: 4 } },
          color: {
            field: "series",
            type: "nominal",
            title: "P&L of",
            scale: { domain: ["model", "delta"], range: ["#4e79a7", "#222222"] },
            legend: {
              orient: "top",
              direction: "horizontal",
              labelExpr: "datum.label === 'model' ? 'the learned strategy of the panel' : 'the delta hedge'",
            },
          },
        },
      },
    },
  };
}

/** The rows of {@link pnlHistogramChart}; empty when there is no delta hedge or no learned strategy. */
export function pnlHistogramRows(results: readonly ReportResult[], bins = 40): PnlHistogramRow[] {
  const learned = results.filter((r) => r.source !== undefined);
  const deltaOf = new Map(results.filter((r) => r.strategy === "delta").map((r) => [hedgeLabel(r.hedge), r]));
  const shown = learned.filter((r) => deltaOf.has(hedgeLabel(r.hedge)));
  if (shown.length === 0) return [];
  const pooled: number[] = [];
  for (const r of [...shown, ...deltaOf.values()]) pooled.push(...r.pnl);
  const range: [number, number] = [quantile(pooled, 0.005), quantile(pooled, 0.995)];
  if (!(range[1] > range[0])) range[1] = range[0] + 1e-6;
  const rows: PnlHistogramRow[] = [];
  for (const r of shown) {
    const hedge = hedgeLabel(r.hedge);
    const panel = strategyLabel(r);
    for (const [series, pnl] of [
      ["model", r.pnl],
      ["delta", deltaOf.get(hedge)!.pnl],
    ] as const) {
      const h = histogram(pnl, { bins, range });
      for (let j = 0; j < bins; j++) {
        rows.push({
          hedge,
          panel,
          series,
          x: roundForChart((h.edges[j]! + h.edges[j + 1]!) / 2),
          density: roundForChart(h.density[j]!),
        });
      }
    }
  }
  return rows;
}
