import { CHART_CONFIG, roundForChart, strategyColourScale, type Chart } from "./chart.js";
import { hedgeLabel, strategyLabel, type ReportResult } from "./report-data.js";

/** One point with its interval in Figure 3. */
export interface RiskPoint {
  /** `mean P&L`, `entropic risk` or `CVaR95`. */
  metric: string;
  /** Hedge-set label (`AAPL+MSFT`). */
  hedge: string;
  /** Strategy label (`rnn · market`, `delta`). */
  strategy: string;
  estimate: number;
  lower: number;
  upper: number;
}

/** The expected-shortfall level Figure 3 shows: 95%, the paper's CVaR95. */
export const FIGURE_3_LEVEL = 0.95;

/**
 * The paper's Figure 3, extended: mean P&L (higher is better), entropic risk and CVaR95 (lower is
 * better) of every learned model × source and of the delta hedge, across the hedge sets in their
 * configured order, each with its bootstrap interval. (No hedge is left out: its risk dwarfs the
 * others' scale; it is in the risk table.)
 */
export function riskAcrossHedgeSetsChart(results: readonly ReportResult[]): Chart {
  const points = riskPoints(results);
  const hedges = [...new Set(results.map((r) => hedgeLabel(r.hedge)))];
  const strategies = [...new Set(points.map((p) => p.strategy))];
  const metrics = [...new Set(points.map((p) => p.metric))];
  const level = results[0]?.summary.meanInterval.level ?? 0.95;
  const x = {
    field: "hedge",
    type: "nominal" as const,
    title: "hedge set",
    sort: hedges,
    axis: { labelAngle: -30 },
  };
  const colour = {
    field: "strategy",
    type: "nominal" as const,
    title: "strategy",
    scale: strategyColourScale(strategies),
  };
  return {
    id: "figure-3",
    title: "Figure 3. Mean P&L, entropic risk and CVaR95 across hedge sets",
    caption:
      `Each point is a strategy's metric on the test windows, with its ${Math.round(level * 100)}% interval (the run's interval method, as in the risk table); ` +
      `mean P&L: higher is better; entropic risk and CVaR95: lower is better. P&L in rebased units (S_0 = 100).`,
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      config: CHART_CONFIG,
      data: { values: points },
      facet: { column: { field: "metric", type: "nominal", title: null, sort: metrics } },
      spec: {
        width: 230,
        height: 220,
        layer: [
          {
            mark: { type: "rule", strokeWidth: 1.5 },
            encoding: {
              x,
              xOffset: { field: "strategy", type: "nominal", sort: strategies },
              y: { field: "lower", type: "quantitative", title: "value", scale: { zero: false } },
              y2: { field: "upper" },
              color: colour,
            },
          },
          {
            mark: { type: "point", filled: true, size: 40 },
            encoding: {
              x,
              xOffset: { field: "strategy", type: "nominal", sort: strategies },
              y: { field: "estimate", type: "quantitative", title: "value" },
              color: colour,
            },
          },
        ],
      },
      resolve: { scale: { y: "independent" } },
    },
  };
}

/** The points of {@link riskAcrossHedgeSetsChart}: three metrics per learned strategy and delta hedge. */
export function riskPoints(results: readonly ReportResult[]): RiskPoint[] {
  const points: RiskPoint[] = [];
  const shown = results.filter((r) => r.strategy !== "no-hedge");
  for (const metric of ["mean P&L", "entropic risk", `CVaR${FIGURE_3_LEVEL * 100}`]) {
    for (const r of shown) {
      const s = r.summary;
      const interval =
        metric === "mean P&L"
          ? s.meanInterval
          : metric === "entropic risk"
            ? s.entropicInterval
            : s.tails.find((t) => t.level === FIGURE_3_LEVEL)?.expectedShortfallInterval;
      if (!interval) continue;
      points.push({
        metric,
        hedge: hedgeLabel(r.hedge),
        strategy: strategyLabel(r),
        estimate: roundForChart(interval.estimate),
        lower: roundForChart(interval.lower),
        upper: roundForChart(interval.upper),
      });
    }
  }
  return points;
}
