import { describeClaim } from "../instruments/registry.js";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { HedgelabError } from "../errors.js";
import { formatPairedVerdict, pairedVerdict } from "../evaluation/paired-verdict.js";
import type { PairedComparison } from "../evaluation/paired-comparison.js";
import type { BacktestDifference, BacktestReportData, BacktestSeries } from "../report/backtest-report.js";
import type { RunFiles } from "../store/output-folder.js";
import type { BacktestJson, ScoredJson } from "./backtest-files.js";

/** The files of a backtest folder that its report reads. */
export const BACKTEST_REPORT_INPUTS = ["config.json", "backtest.json", "pnl.csv"] as const;

/**
 * Reads the files of a backtest folder that its report needs.
 *
 * @throws HedgelabError with one line when `dir` is not a complete backtest folder.
 */
export function readBacktestFiles(dir: string): RunFiles {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new HedgelabError(`${dir} is not a folder: give the results folder of a backtest`);
  const files: RunFiles = {};
  for (const name of BACKTEST_REPORT_INPUTS) {
    const path = join(dir, name);
    if (!existsSync(path))
      throw new HedgelabError(`${dir} is not a complete backtest folder: ${name} is missing`);
    files[name] = readFileSync(path, "utf8");
  }
  return files;
}

/** Every difference of a scored record: each learned strategy with delta, then the pairs of learned strategies. */
function differencesOf(scored: ScoredJson): BacktestDifference[] {
  const of = (
    hedge: readonly string[],
    strategy: string,
    comparison: PairedComparison,
  ): BacktestDifference[] =>
    comparison.differences.map((d) => ({
      hedge: hedge.join("+"),
      strategy,
      baseline: comparison.baseline,
      metric: d.metric,
      estimate: d.estimate,
      lower: d.lower,
      upper: d.upper,
      verdict: formatPairedVerdict(pairedVerdict(d, comparison)),
      blocks: comparison.blocks,
      blockLength: comparison.blockLength,
    }));
  return [
    ...scored.strategies.flatMap((e) => (e.paired ? of(e.hedge, e.strategy, e.paired) : [])),
    ...scored.pairs.flatMap((p) => of(p.hedge, p.strategy, p)),
  ];
}

/**
 * The backtest report's data from the text of a backtest folder's files (pure: no I/O), so that
 * `backtest` and `hedgelab report` draw the report from exactly the same numbers.
 *
 * @param name - the backtest's name (its folder's).
 * @throws HedgelabError naming the file at fault.
 */
export function backtestReportDataFromFiles(files: RunFiles, name: string): BacktestReportData {
  const text = (file: string): string => {
    const value = files[file];
    if (value === undefined) throw new HedgelabError(`the backtest folder has no ${file}`);
    return typeof value === "string" ? value : Buffer.from(value).toString("utf8");
  };
  const parse = <T>(file: string): T => {
    try {
      return JSON.parse(text(file)) as T;
    } catch (error) {
      throw new HedgelabError(`${file}: not valid JSON (${(error as Error).message})`);
    }
  };
  const config = parse<{
    seed: number;
    option: { kind: string; strike: number };
    data: { steps: number; stride: number };
    evaluation: { premium: number };
  }>("config.json");
  const json = parse<BacktestJson>("backtest.json");
  if (!Array.isArray(json.costs) || !Array.isArray(json.folds) || json.costs.length === 0)
    throw new HedgelabError("backtest.json: no folds or costs (not a backtest's file)");
  const lines = text("pnl.csv").trimEnd().split("\n");
  if (lines[0] !== "cost,fold,window_start,window_end,hedge,strategy,pnl,holding")
    throw new HedgelabError(`pnl.csv: unexpected header ${JSON.stringify(lines[0])}`);
  // cost → its windows (first date, fold) and series, in the file's order.
  type CostSeries = { start: string[]; fold: string[]; series: Map<string, BacktestSeries> };
  const byCost = new Map<number, CostSeries>();
  lines.slice(1).forEach((line, k) => {
    const [cost, fold, start, , hedge, strategy, pnl, holding] = line.split(",");
    const values = [Number(cost), Number(pnl), Number(holding)];
    if (strategy === undefined || holding === undefined || values.some((v) => !Number.isFinite(v)))
      throw new HedgelabError(`pnl.csv line ${k + 2}: expected 8 fields with finite numbers`);
    const entry: CostSeries = byCost.get(values[0]!) ?? { start: [], fold: [], series: new Map() };
    byCost.set(values[0]!, entry);
    const key = `${hedge} ${strategy}`;
    let series = entry.series.get(key);
    if (!series) {
      series = {
        hedge: hedge!,
        strategy,
        learned: strategy !== "delta" && strategy !== "no-hedge",
        pnl: [],
        holding: [],
      };
      entry.series.set(key, series);
    }
    // The windows are those of the first series of the cost, in order.
    if (entry.series.size === 1) {
      entry.start.push(start!);
      entry.fold.push(fold!);
    }
    (series.pnl as number[]).push(values[1]!);
    (series.holding as number[]).push(values[2]!);
  });
  return {
    title: `hedgelab walk-forward backtest ${name}`,
    header: [
      `Prices: ${json.sources.join(", ")}. ${json.scheme}.`,
      "Every figure is on the folds' test windows, which no model of their fold saw in training or model selection.",
      `A short ${describeClaim(config.option)} (every window rebased to S_0 = 100), T = ${config.data.steps} trading days, windows every ${config.data.stride} day${config.data.stride === 1 ? "" : "s"}, ` +
        `premium ${config.evaluation.premium}; P&L in rebased units.`,
      `hedgelab ${json.version}, seed ${config.seed}.`,
    ],
    folds: json.folds.map((f) => ({
      name: f.name,
      start: f.test.start,
      end: f.test.end,
      windows: f.test.windows,
    })),
    costs: json.costs.map((c) => {
      const series = byCost.get(c.cost);
      if (!series) throw new HedgelabError(`pnl.csv holds no window at the cost ${c.cost} of backtest.json`);
      return {
        cost: c.cost,
        windows: { start: series.start, fold: series.fold },
        series: [...series.series.values()],
        pooled: c.pooled.strategies.map((e) => ({
          hedge: e.hedge.join("+"),
          strategy: e.strategy,
          summary: e.summary,
        })),
        pooledDifferences: differencesOf(c.pooled),
        foldDifferences: c.folds.flatMap((scored) =>
          differencesOf(scored)
            .filter((d) => d.baseline === "delta")
            .map((d) => ({ ...d, fold: scored.name })),
        ),
      };
    }),
  };
}
