import { CHART_CONFIG, roundForChart, strategyColourScale, type Chart } from "./chart.js";
import { hedgeLabel, strategyLabel, type ReportTraining } from "./report-data.js";

/**
 * The curves of each training, in the order of the chart's rows; a curve no training recorded (the
 * share below the clip of a run without one, the training P&L of a run written before it was
 * recorded) is left out.
 */
export const TRAINING_METRICS = [
  "training loss",
  "validation risk",
  "mean holding",
  "training P&L",
  "below the clip",
] as const;

/** The value axis of each curve, with its unit. */
const TRAINING_AXIS_TITLES: Readonly<Record<(typeof TRAINING_METRICS)[number], string>> = {
  "training loss": "loss (rebased)",
  "validation risk": "val. risk (rebased)",
  "mean holding": "holding (shares)",
  "training P&L": "mean P&L (rebased)",
  "below the clip": "share of P&Ls (%)",
};

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
 * everywhere, then short" dynamics from the last), the mean P&L of the training batches and, with a
 * clipped loss, the share of them below the clip (where the loss gives no gradient: the paper's
 * switch from tail control to mean seeking), one column per hedge set; the kept epoch is the filled
 * point.
 */
export function trainingCurvesChart(training: readonly ReportTraining[]): Chart {
  const rows = trainingCurveRows(training);
  const metrics = TRAINING_METRICS.filter((metric) => rows.some((r) => r.metric === metric));
  const hedges = [...new Set(training.map((t) => hedgeLabel(t.hedge)))];
  const strategies = [...new Set(training.map(strategyLabel))];
  const colour = {
    field: "strategy",
    type: "nominal" as const,
    title: "strategy",
    scale: strategyColourScale(strategies),
    legend: { orient: "bottom" as const, direction: "horizontal" as const, columns: 2 },
  };
  const x = {
    field: "epoch",
    type: "quantitative" as const,
    title: "epoch",
    axis: { tickMinStep: 1, tickCount: 5 },
  };
  // Hedge sets side by side, wrapped into rows of at most five, each panel with its own value axis
  // (about 80 px), within the report's 1100 px column.
  const columns = Math.max(1, Math.min(5, hedges.length));
  const width = Math.max(110, Math.min(220, Math.floor(1040 / columns) - 90));
  const block = (metric: (typeof TRAINING_METRICS)[number], first: boolean) => ({
    transform: [{ filter: { field: "metric", equal: metric } }],
    facet: {
      field: "hedge",
      type: "nominal" as const,
      title: first ? "hedge set" : null,
      sort: hedges,
      // A long hedge set on two lines (two tickers, then the rest), so that the panels stay aligned.
      header: {
        labelFontSize: 11,
        labelExpr:
          "length(datum.label) > 14 ? [join(slice(split(datum.label, '+'), 0, 2), '+') + '+', " +
          "join(slice(split(datum.label, '+'), 2), '+')] : datum.label",
      },
    },
    columns,
    spec: {
      width,
      height: 110,
      layer: [
        {
          mark: { type: "line" as const, strokeWidth: 1.3 },
          encoding: {
            x,
            y: {
              field: "value",
              type: "quantitative" as const,
              title: TRAINING_AXIS_TITLES[metric],
              scale: { zero: false },
              axis: { tickCount: 4 },
            },
            color: colour,
          },
        },
        {
          transform: [{ filter: "datum.kept" }],
          mark: { type: "point" as const, filled: true, size: 36 },
          encoding: { x, y: { field: "value", type: "quantitative" as const }, color: colour },
        },
      ],
    },
    resolve: { scale: { y: "independent" as const } },
  });
  return {
    id: "training-curves",
    title: "Training curves: loss, validation risk, mean holding and training P&L per epoch",
    caption:
      "Per epoch: the mean training loss, the risk of the validation P&L (the loss's measure, unclipped), the mean holding " +
      "of the underlying over the validation windows and dates, the mean P&L of the training batches (each before its step) " +
      "and, when the loss clips the P&L, the share of those P&Ls below the clip, which give the loss no gradient; the filled " +
      "point is the epoch whose weights were kept. Loss, risk and P&L in rebased units (S_0 = 100); holdings in shares of " +
      "the underlying.",
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      config: CHART_CONFIG,
      data: { values: rows },
      vconcat: metrics.map((metric, k) => block(metric, k === 0)),
    },
  };
}

/** The rows of {@link trainingCurvesChart}: one per recorded curve and epoch of every training (the share below the clip in %). */
export function trainingCurveRows(training: readonly ReportTraining[]): TrainingCurveRow[] {
  const rows: TrainingCurveRow[] = [];
  for (const t of training) {
    const hedge = hedgeLabel(t.hedge);
    const strategy = strategyLabel(t);
    for (const r of t.history) {
      const values = [
        r.loss,
        r.validationRisk,
        r.meanHolding,
        r.trainingPnl,
        r.clippedShare === undefined ? undefined : 100 * r.clippedShare,
      ];
      TRAINING_METRICS.forEach((metric, k) => {
        const value = values[k];
        if (value === undefined || !Number.isFinite(value)) return;
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
