import { CHART_CONFIG, roundForChart, strategyColourScale, type Chart } from "./chart.js";
import { hedgeLabel, strategyLabel, type ReportTraining } from "./report-data.js";

/** The three curves of each training, in the order of the chart's rows. */
export const TRAINING_METRICS = ["training loss", "validation risk", "mean holding"] as const;

/** One epoch of one training on one curve. */
export interface TrainingCurveRow {
  hedge: string;
  strategy: string;
  metric: (typeof TRAINING_METRICS)[number];
  epoch: number;
  value: number;
  /** True on the epoch whose weights were kept. */
  kept: boolean;
}

/**
 * Training curves of every learned model: training loss, validation risk and the mean holding of the
 * underlying over the validation windows per epoch (the paper's appendix 8.4 reads the "long
 * everywhere, then short" dynamics from the last), one column per hedge set; the kept epoch is the
 * filled point.
 */
export function trainingCurvesChart(training: readonly ReportTraining[]): Chart {
  const rows = trainingCurveRows(training);
  const hedges = [...new Set(training.map((t) => hedgeLabel(t.hedge)))];
  const strategies = [...new Set(training.map(strategyLabel))];
  const colour = {
    field: "strategy",
    type: "nominal" as const,
    title: "strategy",
    scale: strategyColourScale(strategies),
  };
  const x = { field: "epoch", type: "quantitative" as const, title: "epoch", axis: { tickMinStep: 1 } };
  return {
    id: "training-curves",
    title: "Training curves: loss, validation risk and mean holding per epoch",
    caption:
      "Per epoch: the mean training loss, the risk of the validation P&L (the loss's measure, unclipped) and the mean holding " +
      "of the underlying over the validation windows and dates; the filled point is the epoch whose weights were kept.",
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      config: CHART_CONFIG,
      data: { values: rows },
      facet: {
        row: { field: "metric", type: "nominal", title: null, sort: [...TRAINING_METRICS] },
        column: { field: "hedge", type: "nominal", title: "hedge set", sort: hedges },
      },
      spec: {
        width: 160,
        height: 110,
        layer: [
          {
            mark: { type: "line", strokeWidth: 1.3 },
            encoding: {
              x,
              y: { field: "value", type: "quantitative", title: "value", scale: { zero: false } },
              color: colour,
            },
          },
          {
            transform: [{ filter: "datum.kept" }],
            mark: { type: "point", filled: true, size: 36 },
            encoding: { x, y: { field: "value", type: "quantitative", title: "value" }, color: colour },
          },
        ],
      },
      resolve: { scale: { y: "independent" } },
    },
  };
}

/** The rows of {@link trainingCurvesChart}: three per epoch of every training. */
export function trainingCurveRows(training: readonly ReportTraining[]): TrainingCurveRow[] {
  const rows: TrainingCurveRow[] = [];
  for (const t of training) {
    const hedge = hedgeLabel(t.hedge);
    const strategy = strategyLabel(t);
    for (const r of t.history) {
      const values = [r.loss, r.validationRisk, r.meanHolding];
      TRAINING_METRICS.forEach((metric, k) => {
        const value = values[k]!;
        if (!Number.isFinite(value)) return;
        rows.push({
          hedge,
          strategy,
          metric,
          epoch: r.epoch,
          value: roundForChart(value),
          kept: r.epoch === t.bestEpoch,
        });
      });
    }
  }
  return rows;
}
