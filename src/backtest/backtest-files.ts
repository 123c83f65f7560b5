import type { RunFiles } from "../store/output-folder.js";
import { PAIRED_CSV_HEADER, pairedCsvLines } from "../evaluation/paired-table.js";
import type { PairedComparison } from "../evaluation/paired-comparison.js";
import type { PnlSummary } from "../evaluation/pnl-summary.js";
import type { ScoredRecord, StrategyPair } from "./backtest-record.js";
import type { FoldSpan } from "./fold-cell.js";
import { formatBacktest } from "./backtest-tables.js";
import type { BacktestResult } from "./run-backtest.js";

/** A scored record as backtest.json holds it: every strategy's summary and comparisons, without P&L arrays. */
export interface ScoredJson {
  strategies: { hedge: string[]; strategy: string; summary: PnlSummary; paired?: PairedComparison }[];
  pairs: StrategyPair[];
}

/** What backtest.json holds (see {@link formatBacktestFiles}); the report reads it back. */
export interface BacktestJson {
  version: string;
  scheme: string;
  sources: string[];
  folds: { name: string; train: FoldSpan; validation: FoldSpan; test: FoldSpan }[];
  costs: {
    cost: number;
    notes: string[];
    folds: (ScoredJson & { name: string })[];
    pooled: ScoredJson & { windows: number };
    validation: ScoredJson & { windows: number };
  }[];
}

/** A scored record without its P&L arrays: what backtest.json keeps of it. */
function scoredJson(scored: ScoredRecord): ScoredJson {
  return {
    strategies: scored.evaluations.map(({ hedge, strategy, summary, paired }) => ({
      hedge: [...hedge],
      strategy,
      summary,
      ...(paired ? { paired } : {}),
    })),
    pairs: scored.pairs,
  };
}

/**
 * A summary's fields in the columns of metrics.csv: windows, mean and its interval, std, VaR and
 * CVaR at 95% and 99% (empty where the run measured other levels), entropic risk and its interval,
 * indifference price.
 */
function summaryFields(s: PnlSummary): (number | string)[] {
  const tail = (level: number): (number | string)[] => {
    const t = s.tails.find((x) => x.level === level);
    return t ? [t.valueAtRisk, t.expectedShortfall] : ["", ""];
  };
  return [
    s.n,
    s.mean,
    s.meanInterval.lower,
    s.meanInterval.upper,
    s.std,
    ...tail(0.95),
    ...tail(0.99),
    s.entropicRisk,
    s.entropicInterval.lower,
    s.entropicInterval.upper,
    s.indifferencePrice,
  ];
}

/** The CSV lines of one paired comparison ({@link pairedCsvLines}), after its cost and scope. */
function pairedLines(
  cost: number,
  scope: string,
  hedge: readonly string[],
  strategy: string,
  comparison: PairedComparison,
): string[] {
  return pairedCsvLines(hedge, strategy, comparison).map((line) => `${cost},${scope},${line}`);
}

/**
 * The files of a backtest's results folder:
 * - `tables.txt`: what the command printed;
 * - `backtest.json`: the configuration, the folds and, per cost, every fold's and the pooled
 *   record's metrics and paired comparisons (no P&L arrays);
 * - `folds.csv`: each fold's periods, dates and windows;
 * - `pnl.csv`: every test window's P&L and mean holding of the underlying, per cost, fold, hedge
 *   set and strategy (the pooled record, in time order);
 * - `paired.csv`: every paired difference, per cost and scope (a fold's name, or `pooled`);
 * - `metrics.csv`: every strategy's metrics, per cost and scope: mean with its interval, std, VaR
 *   and CVaR at 95% and 99%, entropic risk with its interval, indifference price;
 * - `training.csv`: how every hedger of every fold trained (best epoch, validation risk).
 *
 * @param config - the configuration as written to `config.json` (with absolute paths).
 */
export function formatBacktestFiles(result: BacktestResult, config: unknown = result.config): RunFiles {
  const folds = [
    "fold,train_start,train_end,train_windows,validation_start,validation_end,validation_windows,test_start,test_end,test_windows",
  ];
  const first = result.costs[0];
  for (const record of first?.folds ?? []) {
    const { train, validation, test } = record;
    folds.push(
      [
        record.name,
        train.start,
        train.end,
        train.windows,
        validation.start,
        validation.end,
        validation.windows,
        test.start,
        test.end,
        test.windows,
      ].join(","),
    );
  }
  const pnl = ["cost,fold,window_start,window_end,hedge,strategy,pnl,holding"];
  const paired = [`cost,scope,${PAIRED_CSV_HEADER}`];
  const metrics = [
    "cost,scope,hedge,strategy,windows,mean,mean_lower,mean_upper,std,var95,cvar95,var99,cvar99,entropic,entropic_lower,entropic_upper,price",
  ];
  const training = [
    "cost,fold,hedge,strategy,source,best_epoch,epochs,validation_risk,initial_risk,diverged",
  ];
  for (const backtest of result.costs) {
    const { windows, rows } = backtest.pooled;
    for (const row of rows) {
      row.pnl.forEach((value, i) => {
        pnl.push(
          [
            backtest.cost,
            windows.fold[i],
            windows.start[i],
            windows.end[i],
            row.hedge.join("+"),
            row.strategy,
            value,
            row.holding[i],
          ].join(","),
        );
      });
    }
    const scopes: [string, ScoredRecord][] = [
      ...backtest.perFold.map((s, k): [string, ScoredRecord] => [backtest.folds[k]!.name, s]),
      ["pooled", backtest.scored],
    ];
    for (const [scope, scored] of scopes) {
      for (const e of scored.evaluations) {
        if (e.paired) paired.push(...pairedLines(backtest.cost, scope, e.hedge, e.strategy, e.paired));
        metrics.push(
          [backtest.cost, scope, e.hedge.join("+"), e.strategy, ...summaryFields(e.summary)].join(","),
        );
      }
      for (const p of scored.pairs) paired.push(...pairedLines(backtest.cost, scope, p.hedge, p.strategy, p));
    }
    for (const record of backtest.folds) {
      for (const t of record.training) {
        training.push(
          [
            backtest.cost,
            record.name,
            t.hedge.join("+"),
            t.strategy,
            t.source,
            t.bestEpoch,
            t.epochs,
            t.validationRisk,
            t.initialRisk ?? "",
            t.diverged ? JSON.stringify(t.diverged) : "",
          ].join(","),
        );
      }
    }
  }
  const json: BacktestJson = {
    version: result.version,
    scheme: result.scheme,
    sources: result.sources,
    folds: first?.folds.map(({ name, train, validation, test }) => ({ name, train, validation, test })) ?? [],
    costs: result.costs.map((backtest) => ({
      cost: backtest.cost,
      notes: [...new Set(backtest.folds.flatMap((r) => r.notes.map((note) => `${r.name}: ${note}`)))],
      folds: backtest.folds.map((record, k) => ({
        name: record.name,
        ...scoredJson(backtest.perFold[k]!),
      })),
      pooled: { windows: backtest.pooled.windows.start.length, ...scoredJson(backtest.scored) },
      validation: {
        windows: backtest.validation.windows.start.length,
        ...scoredJson(backtest.validationScored),
      },
    })),
  };
  return {
    "config.json": `${JSON.stringify(config, null, 2)}\n`,
    "backtest.json": `${JSON.stringify(json, null, 2)}\n`,
    "tables.txt": `${formatBacktest(result)}\n`,
    "folds.csv": `${folds.join("\n")}\n`,
    "pnl.csv": `${pnl.join("\n")}\n`,
    "paired.csv": `${paired.join("\n")}\n`,
    "metrics.csv": `${metrics.join("\n")}\n`,
    "training.csv": `${training.join("\n")}\n`,
  };
}
