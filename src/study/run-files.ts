import { existsSync } from "node:fs";
import { join } from "node:path";
import { HedgelabError } from "../errors.js";
import { formatComparisonTable } from "../evaluation/comparison-table.js";
import { formatPairedTable, pairedCsv } from "../evaluation/paired-table.js";
import { formatSeedTable, summarizeSeeds } from "../evaluation/seed-summary.js";
import type { StrategyEvaluation } from "../evaluation/evaluate-policy.js";
import { strategyLabel } from "../report/report-data.js";
import { qualityTables } from "../report/quality-tables.js";
import { qualityCsv } from "../evaluation/path-quality.js";
import { formatQualityTargetsCsv } from "../store/quality-targets-csv.js";
import {
  fillOutputFolder,
  reserveOutputFolder,
  writeOutputFolder,
  type RunFiles,
} from "../store/output-folder.js";
import type { RunResult } from "./run-study.js";
import { formatRegimesCsv, formatReturnsCsv, formatSurfacesCsv } from "../store/report-files.js";
import { modelFiles } from "../store/model-file.js";
import { formatDifferenceSurfacesJson, formatPathsJson } from "../store/figure-files.js";
import type { ReportDifferenceSurface } from "../report/report-data.js";
import { EPOCH_COLUMNS, epochCsvCells } from "../training/epoch-csv.js";

export type { RunFiles } from "../store/output-folder.js";

/**
 * The files a run writes, as text (pure: no I/O):
 * - `config.json`: the resolved configuration (seed included), valid input to `--config`;
 * - `metrics.json`: hedgelab version, seed, price sources, the split and, per hedge set and
 *   strategy, every metric with its intervals;
 * - `pnl.csv`: one row per test window, hedge set and strategy (`window,start,end,hedge,strategy,source,pnl`,
 *   `source` the training source of a learned strategy, empty for a baseline);
 * - `table.txt`: the comparison table and the paired comparisons with the delta hedge, as printed;
 * - with several training seeds, `metrics.json` also has `seeds`: each metric's mean and spread
 *   across seeds;
 * - `paired.csv` (when a learned strategy was evaluated): its paired differences with the delta
 *   hedge, one row per hedge set, strategy and metric;
 * - `training.csv` (when a hedger was trained): the training history, one row per hedge set,
 *   strategy, source and epoch;
 * - `surfaces.csv`, `returns.csv` and `regimes.csv` (when regimes were fitted): the data of the
 *   report's Figures 4, 1 and 2 (see report-files.ts);
 * - `paths.json` (when a learned strategy was evaluated): for each one compared with delta, the test windows of
 *   largest |P&L − delta P&L| with the underlying's price and both holdings ("the hedge on a path");
 * - `difference-surfaces.json` (likewise): the difference-from-delta holding surfaces of every asset of
 *   the widest hedge set ({@link widestHedgeSurfaces}), see figure-files.ts;
 * - `quality.csv` and `quality.json` (when a hedger trained on generated paths): the generators'
 *   quality rows (`metric,asset,source,reference,value`) and the report's tables made from them;
 * - `quality-targets.csv` (likewise): the quality targets of every generated source and the market's
 *   validation windows on every hedge set (`source,hedge,statistic,asset,value,lower,upper,reference,pass`);
 * - `models/<hedge set>/` (when a hedger was trained): its model folder (`model.json`,
 *   `config.json`, `history.csv`), with the fitted parameters of this run, for `hedgelab evaluate`.
 */
export function formatRunFiles(result: RunResult): RunFiles {
  const { config, version, sources, split, notes, evaluations, testWindows, training } = result;
  const seeds = summarizeSeeds(evaluations);
  const metrics = {
    hedgelab: version,
    seed: config.seed,
    sources,
    split,
    ...(result.evaluated ? { models: result.evaluated } : {}),
    notes,
    ...(seeds.length > 0 ? { seeds } : {}),
    training: training.map(({ history: _history, ...summary }) => summary),
    results: evaluations.map(
      ({ hedge, strategy, summary, paired, untrained, blackScholesPrice, leverage }, k) => ({
        hedge,
        strategy,
        ...(result.evaluationSources?.[k] ? { source: result.evaluationSources?.[k] } : {}),
        ...summary,
        ...(blackScholesPrice !== undefined ? { blackScholesPrice } : {}),
        ...(leverage ? { leverage } : {}),
        ...(paired ? { paired } : {}),
        ...(untrained ? { untrained } : {}),
      }),
    ),
  };
  const lines = ["window,start,end,hedge,strategy,source,pnl"];
  evaluations.forEach(({ hedge, strategy, pnl }, k) => {
    const label = hedge.join("+");
    const source = result.evaluationSources?.[k] ?? "";
    pnl.forEach((value, i) => {
      lines.push(
        `${i},${testWindows.start[i]},${testWindows.end[i]},${label},${strategy},${source},${value}`,
      );
    });
  });
  const history = [["hedge", "strategy", "source", ...EPOCH_COLUMNS].join(",")];
  for (const { hedge, strategy, data = "", history: records } of training) {
    for (const r of records) history.push(`${hedge.join("+")},${strategy},${data},${epochCsvCells(r)}`);
  }
  return {
    "config.json": `${JSON.stringify(config, null, 2)}\n`,
    "metrics.json": `${JSON.stringify(metrics, null, 2)}\n`,
    "pnl.csv": `${lines.join("\n")}\n`,
    "table.txt": `${formatTables(labelledEvaluations(result))}\n`,
    ...(evaluations.some((e) => e.paired) ? { "paired.csv": pairedCsv(labelledEvaluations(result)) } : {}),
    ...(training.length > 0 ? { "training.csv": `${history.join("\n")}\n` } : {}),
    ...(result.surfaces ? { "surfaces.csv": formatSurfacesCsv(result.surfaces) } : {}),
    // Written by a run with a learned strategy even with no window (every learned P&L equal to delta's), so
    // that the report tells that from an older run.
    ...(result.hedgePaths && result.evaluationSources?.some((source) => source !== undefined)
      ? { "paths.json": formatPathsJson(result.hedgePaths) }
      : {}),
    ...(result.differenceSurfaces && result.differenceSurfaces.length > 0
      ? {
          "difference-surfaces.json": formatDifferenceSurfacesJson(
            widestHedgeSurfaces(result.differenceSurfaces),
          ),
        }
      : {}),
    ...(result.returns ? { "returns.csv": formatReturnsCsv(result.returns) } : {}),
    ...(result.regimes ? { "regimes.csv": formatRegimesCsv(result.regimes) } : {}),
    ...(result.quality
      ? {
          "quality.csv": qualityCsv(result.quality),
          "quality.json": `${JSON.stringify(qualityTables(result.quality), null, 2)}\n`,
        }
      : {}),
    ...(result.qualityTargets
      ? { "quality-targets.csv": formatQualityTargetsCsv(result.qualityTargets) }
      : {}),
    ...Object.fromEntries(
      (result.models ?? []).flatMap(({ label, model }) =>
        Object.entries(modelFiles(model)).map(([file, text]) => [`models/${label}/${file}`, text]),
      ),
    ),
  };
}

/**
 * The difference surfaces of the hedge set with the most assets (the first such, in the run's order):
 * the one whose every asset the report draws, and the only one `difference-surfaces.json` keeps (all
 * hedge sets would make the file five times larger for panels the report does not show).
 */
export function widestHedgeSurfaces(surfaces: readonly ReportDifferenceSurface[]): ReportDifferenceSurface[] {
  let widest = surfaces[0]?.hedge ?? [];
  for (const s of surfaces) if (s.hedge.length > widest.length) widest = s.hedge;
  const label = widest.join("+");
  return surfaces.filter((s) => s.hedge.join("+") === label);
}

/**
 * The run's evaluations with each learned strategy labelled by its training source (`rnn · regime-bs`)
 * when the run trained on several sources: what the printed table shows.
 */
export function labelledEvaluations(result: RunResult): RunResult["evaluations"] {
  const sources = new Set((result.evaluationSources ?? []).filter((s) => s !== undefined));
  if (sources.size < 2) return result.evaluations;
  return result.evaluations.map((e, k) => {
    const source = result.evaluationSources?.[k];
    return source ? { ...e, strategy: strategyLabel({ ...e, source }) } : e;
  });
}

/**
 * Fails when `dir/name` exists already, before any work is done: a run never overwrites results.
 */
export function assertRunFolderFree(dir: string, name: string): void {
  const target = join(dir, name);
  if (existsSync(target)) {
    throw new HedgelabError(`results folder ${target} already exists: choose another --name`);
  }
}

/**
 * The first of `base`, `base-2`, `base-3`, … that names no folder in `dir` (finished or being
 * written). Only a hint: {@link reserveOutputFolder} is what keeps two runs apart.
 */
export function freeRunName(dir: string, base: string): string {
  let name = base;
  for (let k = 2; existsSync(join(dir, name)) || existsSync(join(dir, `.${name}.partial`)); k++) {
    name = `${base}-${k}`;
  }
  return name;
}

/**
 * Writes `files` into the folder `dir/name` atomically: reserves it ({@link reserveOutputFolder}),
 * then writes and renames ({@link writeOutputFolder}, which keeps a copy in the temporary directory
 * if the write fails).
 *
 * @returns the path of the results folder.
 */
export function writeRunFolder(files: RunFiles, dir: string, name: string): string {
  return writeOutputFolder(reserveOutputFolder(dir, { name, base: name }), files);
}

/**
 * Fills the folder `dir/name` atomically: `fill` writes into the hidden folder `dir/.name.partial`
 * ({@link reserveOutputFolder}), which is renamed to `dir/name` only once `fill` returns. If `fill`
 * throws, the hidden folder is removed, so no half-written folder ever looks complete.
 *
 * @returns the path of the folder.
 */
export function writeFolderAtomically(dir: string, name: string, fill: (folder: string) => void): string {
  return fillOutputFolder(reserveOutputFolder(dir, { name, base: name }), fill);
}

/** The comparison table, then the paired comparisons with the delta hedge when there are any. */
export function formatTables(evaluations: readonly StrategyEvaluation[]): string {
  return [formatComparisonTable(evaluations), formatLearnedTables(evaluations)]
    .filter((table) => table !== "")
    .join("\n\n");
}

/** The tables printed under the comparison table's key: paired comparisons with delta, and the spread across seeds ("" when neither applies). */
export function formatLearnedTables(evaluations: readonly StrategyEvaluation[]): string {
  return [formatPairedTable(evaluations), formatSeedTable(summarizeSeeds(evaluations))]
    .filter((table) => table !== "")
    .join("\n\n");
}
