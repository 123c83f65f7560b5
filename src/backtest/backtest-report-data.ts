import { pairedVerdict } from "../evaluation/paired-table.js";
import type { PairedDifference } from "../evaluation/paired-comparison.js";
import type { BacktestDifference, BacktestReportData } from "../report/backtest-report.js";
import type { ScoredRecord } from "./backtest-record.js";
import type { BacktestResult } from "./run-backtest.js";

/** The differences of a scored record: every learned strategy with delta, then the pairs of learned strategies. */
function differencesOf(scored: ScoredRecord): BacktestDifference[] {
  const of = (
    hedge: readonly string[],
    strategy: string,
    baseline: string,
    blockLength: number,
    d: PairedDifference,
  ): BacktestDifference => ({
    hedge: hedge.join("+"),
    strategy,
    baseline,
    metric: d.metric,
    estimate: d.estimate,
    lower: d.lower,
    upper: d.upper,
    verdict: pairedVerdict(d),
    blockLength,
  });
  return [
    ...scored.evaluations.flatMap((e) =>
      e.paired
        ? e.paired.differences.map((d) =>
            of(e.hedge, e.strategy, e.paired!.baseline, e.paired!.blockLength, d),
          )
        : [],
    ),
    ...scored.pairs.flatMap((p) =>
      p.differences.map((d) => of(p.hedge, p.strategy, p.baseline, p.blockLength, d)),
    ),
  ];
}

/** What the backtest report shows of a result (see `buildBacktestReport`). */
export function backtestReportData(result: BacktestResult, name: string): BacktestReportData {
  const { config } = result;
  const main = result.costs[0]!;
  return {
    title: `hedgelab walk-forward backtest ${name}`,
    header: [
      `Prices: ${result.sources.join(", ")}. ${result.scheme}.`,
      "Every figure is on the folds' test windows, which no model of their fold saw in training or model selection.",
      `A short ${config.option.kind} struck at ${config.option.strike} (every window rebased to S_0 = 100), T = ${config.data.steps} trading days, windows every ${config.data.stride} day${config.data.stride === 1 ? "" : "s"}, ` +
        `premium ${config.evaluation.premium}; P&L in rebased units.`,
      `hedgelab ${result.version}, seed ${config.seed}.`,
    ],
    folds: main.folds.map((r) => ({
      name: r.name,
      start: r.test.start,
      end: r.test.end,
      windows: r.test.windows,
    })),
    costs: result.costs.map((c) => ({
      cost: c.cost,
      windows: { start: c.pooled.windows.start, fold: c.pooled.windows.fold },
      series: c.pooled.rows.map((row) => ({
        hedge: row.hedge.join("+"),
        strategy: row.strategy,
        learned: row.learned,
        pnl: row.pnl,
        holding: row.holding,
      })),
      pooled: c.scored.evaluations.map((e) => ({
        hedge: e.hedge.join("+"),
        strategy: e.strategy,
        summary: e.summary,
      })),
      pooledDifferences: differencesOf(c.scored),
      foldDifferences: c.perFold.flatMap((scored, k) =>
        differencesOf(scored)
          .filter((d) => d.baseline === "delta")
          .map((d) => ({ ...d, fold: c.folds[k]!.name })),
      ),
    })),
  };
}
