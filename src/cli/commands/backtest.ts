import { HedgelabError } from "../../errors.js";
import { isPeriodText, parsePeriod } from "../../data/date-periods.js";
import { resolveRunConfig } from "../../config/run-config.js";
import { releaseOutputFolder } from "../../store/output-folder.js";
import { basisPoints, renderBacktestReport } from "../../report/backtest-report.js";
import { formatBacktestFiles } from "../../backtest/backtest-files.js";
import { backtestReportDataFromFiles } from "../../backtest/backtest-report-data.js";
import { formatBacktest } from "../../backtest/backtest-tables.js";
import { runBacktest, type BacktestOptions, type BacktestResult } from "../../backtest/run-backtest.js";
import type { FoldScheme } from "../../backtest/folds.js";
import type { CliIo } from "../io.js";
import { openStudyOutput, writeStudyOutput } from "../results-folder.js";
import type { StudySpec } from "../cell-children.js";
import { prepareStudyInputs, studyExecution, studyHooks } from "../study-command.js";
import {
  buildRunConfigInput,
  flagNames,
  readDecimal,
  shareTrainingLength,
  withAbsolutePaths,
  type RunFlags,
} from "../run-options.js";
import { withConfigFile } from "./run.js";

/**
 * The backtest's own options from the command line: `--folds yearly|quarterly|FROM..TO,…`,
 * `--backtest FROM..TO` (the span the test periods cover), `--train-years N`, `--validation-years N`
 * and `--costs BP,BP,…` (basis points).
 *
 * @throws HedgelabError naming the flag and what is wrong.
 */
export function backtestOptions(flags: RunFlags): BacktestOptions {
  const text = (name: string): string | undefined => {
    const value = flags[name];
    return typeof value === "string" ? value : undefined;
  };
  const out: { -readonly [K in keyof BacktestOptions]: BacktestOptions[K] } = {};
  const folds = text("folds");
  if (folds !== undefined) {
    let scheme: FoldScheme;
    if (folds === "yearly" || folds === "quarterly") scheme = folds;
    else {
      const periods = folds.split(",").map((p) => p.trim());
      for (const period of periods)
        if (!isPeriodText(period))
          throw new HedgelabError(
            `invalid --folds: ${JSON.stringify(folds)} (yearly, quarterly, or test periods FROM..TO separated by commas)`,
          );
      scheme = periods;
    }
    out.folds = scheme;
  }
  const span = text("backtest");
  if (span !== undefined) {
    const { start, end } = parsePeriod(span, "--backtest");
    if (start !== undefined) out.from = start;
    if (end !== undefined) out.to = end;
  }
  const years = (name: string, flag: string): number | undefined => {
    const value = text(name);
    if (value === undefined) return undefined;
    const n = readDecimal(value, flag);
    if (!Number.isFinite(n) || n <= 0 || Math.round(n * 12) !== n * 12)
      throw new HedgelabError(
        `invalid ${flag}: ${JSON.stringify(value)} (a positive number of years, in whole months)`,
      );
    return n;
  };
  const train = years("trainYears", "--train-years");
  if (train !== undefined) out.trainYears = train;
  const validation = years("validationYears", "--validation-years");
  if (validation !== undefined) out.validationYears = validation;
  const costs = text("costs");
  if (costs !== undefined) {
    const values = costs.split(",").map((c) => readDecimal(c.trim(), "--costs"));
    if (values.some((c) => !Number.isFinite(c) || c < 0) || values.length === 0)
      throw new HedgelabError(
        `invalid --costs: ${JSON.stringify(costs)} (proportional costs in basis points, ≥ 0, separated by commas, e.g. 0,5,20)`,
      );
    if (new Set(values).size !== values.length)
      throw new HedgelabError(`invalid --costs: ${JSON.stringify(costs)} (a cost is given twice)`);
    out.costs = values.map((c) => c / 1e4);
  }
  return out;
}

/**
 * `hedgelab backtest`: a walk-forward backtest of the study `run` would make with the same flags —
 * yearly folds 2012…2024 on the embedded data by default, each trained on the dates before its
 * validation year and scored on its test year — then the pooled out-of-sample record of every
 * fold's test windows; prints the tables and writes `<out>/<name>/` atomically, with its
 * `report.html`. Finished folds and cells are read from the cache `<out>/.cache`, so an interrupted
 * backtest run again with the same flags picks up where it stopped.
 */
export async function commandBacktest(flags: RunFlags, io: CliIo): Promise<void> {
  const options = backtestOptions(flags);
  const config = withConfigFile(flags, () =>
    resolveRunConfig(shareTrainingLength(buildRunConfigInput(flags), flags), flagNames(flags)),
  );
  // The folds cut the periods: a split given as well would be silently replaced.
  const split = (["train", "validation", "test"] as const).find((name) => flags[name] !== undefined);
  if (split !== undefined || config.data.periods !== undefined)
    throw new HedgelabError(
      `${split !== undefined ? `--${split}` : "data.periods"} does not apply to backtest, whose folds cut the periods: ` +
        "give the span of the test periods with --backtest FROM..TO, their length with --folds, the training and validation lengths with --train-years and --validation-years",
    );
  if (options.costs && flags.cost !== undefined)
    throw new HedgelabError(
      "give either --cost (one cost) or --costs (a backtest per cost in basis points), not both",
    );
  const execution = studyExecution(flags);
  const output = openStudyOutput(flags, io, config, "backtest", "backtest-");
  const { folder } = output;
  const named = { ...config, name: folder.name };
  const started = (io.now ?? (() => new Date()))().getTime();
  let result: BacktestResult;
  try {
    const spec: StudySpec = {
      command: "backtest",
      config: named,
      backtest: options,
      resume: flags.resume === true,
    };
    const inputs = await prepareStudyInputs(spec, execution, output, flags, io);
    result = runBacktest(named, options, inputs, {
      fold: (fold, cost, index, total, stored) =>
        io.stdout(
          `fold ${fold.name} (${index}/${total}${options.costs ? `, cost ${basisPoints(cost)}` : ""}): ` +
            `train ${fold.train.start}..${fold.train.end} · validation ${fold.validation.start}..${fold.validation.end} · ` +
            `test ${fold.test.start}..${fold.test.end}${stored ? " (from the cache)" : ""}\n`,
        ),
      ...studyHooks(config, output, flags, io),
    });
  } catch (error) {
    releaseOutputFolder(folder);
    throw error;
  }
  const seconds = ((io.now ?? (() => new Date()))().getTime() - started) / 1000;
  io.stdout(
    `\nhedgelab ${result.version} · prices ${result.sources.join(", ")} · seed ${config.seed} · ${result.scheme} · ${seconds.toFixed(0)} s\n\n` +
      `${formatBacktest(result)}\n\n`,
  );
  const files = formatBacktestFiles(result, withAbsolutePaths(result.config));
  await writeStudyOutput(io, folder, files, (written) =>
    renderBacktestReport(backtestReportDataFromFiles(written, folder.name)),
  );
}
