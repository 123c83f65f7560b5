import type { QualityTargetRecord } from "../evaluation/quality-targets.js";
import { CHART_CONFIG, MODEL_COLOURS, roundForChart, type Chart } from "./chart.js";
import { hedgeLabel } from "./report-data.js";

/** The three summaries of the figure, in panel order, with the value axis of each and its target line. */
const PANELS = [
  { measure: "correlation error / floor", axis: "corr. error / floor (ratio)", target: 1.5 },
  { measure: "discriminative score", axis: "disc. score (accuracy − 0.5)", target: 0.15 },
  { measure: "worst KS / market KS", axis: "worst KS / market KS (ratio)", target: 1 },
] as const;

/** One point of the figure: a summary of one source's targets on one hedge set. */
export interface QualityAssetsPoint {
  /** The panel: `correlation error / floor`, `discriminative score` or `worst KS / market KS`. */
  measure: string;
  source: string;
  /** Hedge-set label (`AAPL+MSFT`). */
  hedge: string;
  /** H, assets in the hedge set. */
  assets: number;
  value: number;
  /** The value the target allows at most (the dashed line). */
  target: number;
}

/**
 * "Quality against number of assets": for each source (one colour), three summaries of its quality
 * targets on each hedge set against the hedge set's number of assets, each in its own panel with its
 * target as a dashed line: the correlation error over the market's floor ‖C_train − C_validation‖_F
 * (target 1.5; none for one asset), the discriminative score (target 0.15), and the largest over the
 * assets of KS(source, training) / KS(training, validation) of the one-window return (target 1).
 */
export function qualityAssetsChart(records: readonly QualityTargetRecord[]): Chart {
  const points = qualityAssetsPoints(records);
  const sources = [...new Set(points.map((p) => p.source))];
  let k = 0;
  const colour = {
    field: "source",
    type: "nominal" as const,
    title: "source",
    scale: {
      domain: sources,
      range: sources.map((s) =>
        s.startsWith("market") ? "#222222" : MODEL_COLOURS[k++ % MODEL_COLOURS.length]!,
      ),
    },
    legend: { orient: "bottom" as const, direction: "horizontal" as const },
  };
  const most = Math.max(1, ...points.map((p) => p.assets));
  const x = {
    field: "assets",
    type: "quantitative" as const,
    title: "assets in the hedge set (count)",
    scale: { domain: [1, Math.max(2, most)] },
    axis: { tickMinStep: 1, tickCount: Math.max(2, most), format: "d" },
  };
  const panel = ({ measure, axis }: (typeof PANELS)[number]) => ({
    width: 240,
    height: 170,
    transform: [{ filter: { field: "measure", equal: measure } }],
    layer: [
      {
        mark: { type: "rule" as const, color: "#888888", strokeDash: [4, 3] },
        encoding: { y: { aggregate: "max" as const, field: "target", type: "quantitative" as const } },
      },
      {
        mark: { type: "line" as const, strokeWidth: 1.5, point: { filled: true, size: 40 } },
        encoding: {
          x,
          y: { field: "value", type: "quantitative" as const, title: axis, scale: { zero: true } },
          color: colour,
        },
      },
    ],
  });
  return {
    id: "quality-assets",
    title: "Quality against number of assets: correlation error, discriminative score and KS of each source",
    caption:
      "Each line is a source's quality-target summary on each hedge set, against the hedge set's number of assets; the dashed line is " +
      "the target (≤ 1.5× the market's correlation floor ‖C_train − C_validation‖_F, a discriminative score ≤ 0.15, the worst asset's KS of " +
      "the one-window return at most the market's own train-vs-validation KS). Ratios and scores are unitless; the market's validation " +
      "windows (black) are the floor: at 1 for the two ratios by construction.",
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      config: CHART_CONFIG,
      data: { values: points },
      hconcat: PANELS.filter((p) => points.some((q) => q.measure === p.measure)).map(panel),
    },
  };
}

/** The points of {@link qualityAssetsChart}: up to three per source and hedge set. */
export function qualityAssetsPoints(records: readonly QualityTargetRecord[]): QualityAssetsPoint[] {
  const points: QualityAssetsPoint[] = [];
  const groups = new Map<string, QualityTargetRecord[]>();
  for (const r of records) {
    const key = `${r.source}\u0000${hedgeLabel(r.hedge)}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const rows of groups.values()) {
    const { source, hedge } = rows[0]!;
    const push = (measure: string, value: number, target: number): void => {
      if (Number.isFinite(value))
        points.push({
          measure,
          source,
          hedge: hedgeLabel(hedge),
          assets: hedge.length,
          value: roundForChart(value),
          target,
        });
    };
    const correlation = rows.find((r) => r.statistic === "correlation error (Frobenius)");
    if (correlation) push(PANELS[0].measure, correlation.value / correlation.reference, PANELS[0].target);
    const score = rows.find((r) => r.statistic === "discriminative score");
    if (score) push(PANELS[1].measure, score.value, PANELS[1].target);
    const ks = rows.filter((r) => r.statistic.startsWith("KS log-return"));
    if (ks.length > 0)
      push(PANELS[2].measure, Math.max(...ks.map((r) => r.value / r.reference)), PANELS[2].target);
  }
  return points;
}
