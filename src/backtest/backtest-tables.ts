import { alignColumns } from "../evaluation/comparison-table.js";
import { formatComparisonTable } from "../evaluation/comparison-table.js";
import type { PairedBlocks, PairedDifference } from "../evaluation/paired-comparison.js";
import { formatPairedTable } from "../evaluation/paired-table.js";
import { formatPairedVerdict, pairedVerdict } from "../evaluation/paired-verdict.js";
import type { StrategyPair } from "./backtest-record.js";
import { basisPoints } from "../report/backtest-report.js";
import type { BacktestResult, CostBacktest } from "./run-backtest.js";
import { untrainedLabel } from "../training/training-outcome.js";

/** A paired difference as `+0.123 [0.010, 0.236] better`, its verdict read on the comparison's blocks. */
export function formatDifference(d: PairedDifference, record: PairedBlocks, digits = 3): string {
  const f = (x: number): string => (Object.is(x, -0) ? 0 : x).toFixed(digits);
  const signed = (x: number): string => (x > 0 ? `+${f(x)}` : f(x));
  return `${signed(d.estimate)} [${f(d.lower)}, ${f(d.upper)}] ${formatPairedVerdict(pairedVerdict(d, record))}`;
}

/** The pairs of learned strategies of a record as a table: strategy − baseline per metric. Empty without pairs. */
export function formatStrategyPairs(pairs: readonly StrategyPair[]): string {
  const first = pairs[0];
  if (!first) return "";
  const header = ["hedge set", "strategy − baseline", ...first.differences.map((d) => `Δ${d.metric}`)];
  const rows = pairs.map((p) => [
    p.hedge.join("+"),
    `${p.strategy} − ${p.baseline}`,
    ...p.differences.map((d) => formatDifference(d, p)),
  ]);
  return [
    `learned strategies paired with each other on the same windows (${first.blocks} blocks of ${first.blockLength} windows):`,
    ...alignColumns(header, rows),
  ].join("\n");
}

/**
 * Every fold's paired differences with the delta hedge, one line per fold, hedge set and learned
 * strategy: the fold's windows, Δmean, ΔCVaR95 and Δentropic with their intervals and verdicts.
 */
export function formatFoldDifferences(backtest: CostBacktest): string {
  const header = ["fold", "windows", "hedge set", "strategy", "Δmean", "ΔCVaR95", "Δentropic", ""];
  const rows: string[][] = [];
  backtest.perFold.forEach((scored, k) => {
    const fold = backtest.folds[k]!;
    for (const e of scored.evaluations) {
      if (!e.paired) continue;
      const of = (metric: string): string =>
        formatDifference(
          e.paired!.differences.find((d) => d.metric === metric)!,
          e.paired!,
        );
      const row = fold.rows.find((r) => r.strategy === e.strategy && r.hedge.join("+") === e.hedge.join("+"));
      const delta = fold.rows.find((r) => r.strategy === "delta" && r.hedge.join("+") === e.hedge.join("+"));
      // A fold stored before the marker was recorded: P&L equal to delta's on every window is kept initial weights.
      const same = row && delta && row.pnl.every((x, i) => x === delta.pnl[i]);
      const untrained = row?.untrained ?? (same ? "equals-delta" : undefined);
      rows.push([
        fold.name,
        String(fold.test.windows),
        e.hedge.join("+"),
        e.strategy,
        of("mean"),
        of("cvar"),
        of("entropic"),
        untrained ? untrainedLabel(untrained) : "",
      ]);
    }
  });
  if (rows.length === 0) return "";
  return ["each fold's test windows: learned − delta", ...alignColumns(header, rows)].join("\n");
}

/** What `hedgelab backtest` prints: per cost, the folds' differences, the pooled table and its paired tables. */
export function formatBacktest(result: BacktestResult): string {
  const parts: string[] = [];
  for (const backtest of result.costs) {
    const windows = backtest.pooled.windows.start.length;
    const title = `cost ${basisPoints(backtest.cost)}`;
    const folds = formatFoldDifferences(backtest);
    if (folds) parts.push(`${title} · ${folds}`);
    parts.push(
      `${title} · pooled out-of-sample record: ${windows} test windows of ${result.folds.length} folds ` +
        `(${result.folds[0]!.test.start}..${result.folds[result.folds.length - 1]!.test.end})`,
      formatComparisonTable(backtest.scored.evaluations),
    );
    const paired = formatPairedTable(backtest.scored.evaluations);
    if (paired) parts.push(`${title} · pooled ${paired}`);
    const pairs = formatStrategyPairs(backtest.scored.pairs);
    if (pairs) parts.push(`${title} · pooled ${pairs}`);
    const validation = formatPairedTable(backtest.validationScored.evaluations);
    if (validation)
      parts.push(
        `${title} · pooled validation record (${backtest.validation.windows.start.length} windows: each fold's validation ` +
          `period scored by the fold's own models; what a choice between hedgers may read, never the test record) · ${validation}`,
      );
  }
  return parts.join("\n\n");
}
