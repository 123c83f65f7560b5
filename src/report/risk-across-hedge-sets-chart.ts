import type { PairedMetric } from "../evaluation/paired-comparison.js";
import { pairedVerdict, type PairedDirection, type PairedReliability } from "../evaluation/paired-verdict.js";
import { CHART_CONFIG, roundForChart, strategyColourScale, type Chart } from "./chart.js";
import { hedgeLabel, strategyLabel, type ReportResult } from "./report-data.js";

/** One paired difference learned − delta with its interval and verdict in Figure 3. */
export interface PairedPoint {
  /** The panel: `Δ mean P&L`, `Δ entropic risk` or `Δ CVaR95`. */
  metric: string;
  /** Hedge-set label (`AAPL+MSFT`). */
  hedge: string;
  /** Learned strategy label (`rnn · market`). */
  strategy: string;
  /** metric(learned) − metric(delta) on the same test windows, rebased units. */
  estimate: number;
  lower: number;
  upper: number;
  /** `better`, `same` or `worse` than the baseline, as in the paired table. */
  verdict: PairedDirection;
  reliability: PairedReliability;
}

/** The expected-shortfall level Figure 3 shows: 95%, the paper's CVaR95. */
export const FIGURE_3_LEVEL = 0.95;

/**
 * The paired metrics Figure 3 shows, in panel order, with their panel titles. (Each is drawn on three
 * lines, at `:` and `;`: Vega estimates text without a canvas at 0.8 em per character and would push
 * the panels apart for a title wider than a panel.)
 */
const PANELS: readonly [PairedMetric, string][] = [
  ["mean", "Δ mean P&L: learned − delta; higher is better"],
  ["entropic", "Δ entropic risk: learned − delta; lower is better"],
  ["cvar", `Δ CVaR${FIGURE_3_LEVEL * 100}: learned − delta; lower is better`],
];

/** The shape of each verdict in Figure 3. */
const VERDICT_SHAPES: Readonly<Record<PairedDirection, string>> = {
  better: "triangle-up",
  same: "circle",
  worse: "triangle-down",
};

/**
 * The paper's Figure 3 as paired differences: for every learned model × source on every hedge set,
 * mean P&L, entropic risk and CVaR95 of the learned strategy minus the delta hedge's on the same test
 * windows, with the paired interval and its verdict (the shape), one panel per metric, hedge sets down
 * the rows in their configured order and a line at 0 (no difference). The same numbers as the paired
 * table; strategies without a paired comparison are left out.
 *
 * Laid out to fit the report's 1100 px column: hedge sets on the vertical axis (their labels written
 * in full, horizontally), the legends under the panels.
 */
export function riskAcrossHedgeSetsChart(results: readonly ReportResult[]): Chart {
  const points = pairedPoints(results);
  const hedges = [...new Set(points.map((p) => p.hedge))];
  const strategies = [...new Set(points.map((p) => p.strategy))];
  const metrics = PANELS.map(([, title]) => title).filter((t) => points.some((p) => p.metric === t));
  const first = results.find((r) => r.paired)?.paired;
  const d0 = first?.differences[0];
  const interval = d0 ? `${Math.round(d0.level * 100)}% paired ${d0.method} interval` : "paired interval";
  const y = {
    field: "hedge",
    type: "nominal" as const,
    title: "hedge set",
    sort: hedges,
    axis: { labelLimit: 0 },
  };
  const yOffset = { field: "strategy", type: "nominal" as const, sort: strategies };
  const colour = {
    field: "strategy",
    type: "nominal" as const,
    title: "strategy",
    scale: strategyColourScale(strategies),
    legend: { orient: "bottom" as const, direction: "horizontal" as const, columns: 2 },
  };
  const x = {
    type: "quantitative" as const,
    title: "Δ (rebased units)",
    axis: { tickCount: 3 },
  };
  return {
    id: "figure-3",
    title: `Figure 3. Learned − ${first?.baseline ?? "delta"}: paired differences in mean P&L, entropic risk and CVaR${FIGURE_3_LEVEL * 100} across hedge sets`,
    caption:
      `Each point is a learned strategy's metric minus the delta hedge's on the same test windows, with its ${interval} (the paired table's); ` +
      `the shape is the verdict (better / worse: the interval excludes 0; same: it includes 0). ` +
      `Right of 0 is better for the mean P&L, left of 0 for the entropic risk and CVaR${FIGURE_3_LEVEL * 100}. Rebased units (S_0 = 100).`,
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      config: CHART_CONFIG,
      data: { values: points },
      facet: {
        column: {
          field: "metric",
          type: "nominal",
          title: null,
          sort: metrics,
          header: { labelFontWeight: "bold", labelExpr: "split(replace(datum.label, '; ', ';: '), ': ')" },
        },
      },
      spec: {
        width: 230,
        // Each hedge set's band holds one line per strategy, 7 px apart, and a gap.
        height: Math.max(120, hedges.length * (7 * Math.max(1, strategies.length) + 12)),
        layer: [
          {
            mark: { type: "rule", color: "#888888", strokeDash: [3, 3] },
            encoding: { x: { datum: 0, type: "quantitative" } },
          },
          {
            mark: { type: "rule", strokeWidth: 1.5 },
            encoding: { y, yOffset, x: { field: "lower", ...x }, x2: { field: "upper" }, color: colour },
          },
          {
            mark: { type: "point", filled: true, size: 45, opacity: 1 },
            encoding: {
              y,
              yOffset,
              x: { field: "estimate", ...x },
              color: colour,
              shape: {
                field: "verdict",
                type: "nominal",
                title: `verdict vs ${first?.baseline ?? "delta"}`,
                scale: { domain: Object.keys(VERDICT_SHAPES), range: Object.values(VERDICT_SHAPES) },
                legend: { orient: "bottom", direction: "horizontal" },
              },
            },
          },
        ],
      },
      resolve: { scale: { x: "independent" } },
    },
  };
}

/** The points of {@link riskAcrossHedgeSetsChart}: three paired differences per learned strategy and hedge set. */
export function pairedPoints(results: readonly ReportResult[]): PairedPoint[] {
  const points: PairedPoint[] = [];
  for (const [metric, title] of PANELS) {
    for (const r of results) {
      const d = r.paired?.differences.find((x) => x.metric === metric);
      if (!r.paired || !d) continue;
      const verdict = pairedVerdict(d, r.paired);
      points.push({
        metric: title,
        hedge: hedgeLabel(r.hedge),
        strategy: strategyLabel(r),
        estimate: roundForChart(d.estimate),
        lower: roundForChart(d.lower),
        upper: roundForChart(d.upper),
        verdict: verdict.direction,
        reliability: verdict.reliability,
      });
    }
  }
  return points;
}
