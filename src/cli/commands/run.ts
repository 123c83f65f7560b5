import { describeClaim } from "../../instruments/registry.js";
import { HedgelabError } from "../../errors.js";
import { reportDataFromFiles } from "../../store/read-run.js";
import { renderReport } from "../../report/render-report.js";
import { comparisonTableKey, formatComparisonTable } from "../../evaluation/comparison-table.js";
import { resolveRunConfig } from "../../config/run-config.js";
import { runStudy, type RunResult, type SplitSummary } from "../../study/run-study.js";
import { releaseOutputFolder } from "../../store/output-folder.js";
import { formatLearnedTables, formatRunFiles, labelledEvaluations } from "../../study/run-files.js";
import type { CliIo } from "../io.js";
import { openStudyOutput, writeStudyOutput } from "../results-folder.js";
import type { StudySpec } from "../cell-children.js";
import { prepareStudyInputs, studyExecution, studyHooks } from "../study-command.js";
import {
  buildRunConfigInput,
  flagNames,
  shareTrainingLength,
  withAbsolutePaths,
  type RunFlags,
} from "../run-options.js";

/**
 * `hedgelab run`: trains the neural hedgers on the training windows, evaluates every strategy on
 * every hedge set on the test windows, prints the table and writes `<out>/<name>/` atomically, with
 * its `report.html`.
 * The study runs as a graph of cells (`runStudy`); finished cells are read from and stored in the
 * store `<out>/.cache` (`--cache`), so a second run, or a resumed one, computes only what changed.
 */
export async function commandRun(flags: RunFlags, io: CliIo): Promise<void> {
  const config = withConfigFile(flags, () =>
    resolveRunConfig(shareTrainingLength(buildRunConfigInput(flags), flags), flagNames(flags)),
  );
  const execution = studyExecution(flags);
  const output = openStudyOutput(flags, io, config, "run");
  const { folder } = output;
  const named = { ...config, name: folder.name };
  let result: RunResult;
  try {
    const spec: StudySpec = { command: "run", config: named, resume: flags.resume === true };
    const inputs = await prepareStudyInputs(spec, execution, output, flags, io);
    result = runStudy(named, inputs, {
      periods: (split) => io.stdout(`periods: ${describePeriods(split)}\n`),
      ...studyHooks(config, output, flags, io),
    });
  } catch (error) {
    releaseOutputFolder(folder);
    throw error;
  }
  const key = comparisonTableKey(
    result.evaluations,
    result.config.evaluation.premium,
    result.config.evaluation.bootstrap.method,
  );
  const labelled = labelledEvaluations(result);
  const learned = formatLearnedTables(labelled);
  io.stdout(
    `${describeRun(result, { periodsShown: true })}\n\n${formatComparisonTable(labelled)}\n${key}\n\n${learned ? `${learned}\n\n` : ""}`,
  );
  const files = formatRunFiles({
    ...result,
    config: withAbsolutePaths(result.config),
    ...(result.models
      ? {
          models: result.models.map((m) => ({
            ...m,
            model: { ...m.model, config: withAbsolutePaths(m.model.config) },
          })),
        }
      : {}),
  });
  await writeStudyOutput(io, folder, files, (written) =>
    renderReport(reportDataFromFiles(written, folder.name)),
  );
}

/**
 * Runs `resolve` (the validation of the configuration) and, when its one-line error names a field of
 * the `--config` file rather than a flag, says which file: `invalid training.epochs in config file
 * experiments/my.json: -1 (…)`.
 */
export function withConfigFile<T>(flags: RunFlags, resolve: () => T): T {
  try {
    return resolve();
  } catch (error) {
    const file = flags.config;
    if (!(error instanceof HedgelabError) || typeof file !== "string" || /config file/.test(error.message)) {
      throw error;
    }
    const field = /^invalid ([^\s:]+): /.exec(error.message);
    if (field && !field[1]!.startsWith("--")) {
      throw new HedgelabError(
        `invalid ${field[1]} in config file ${file}: ${error.message.slice(field[0].length)}`,
      );
    }
    if (/ in the config$/.test(error.message)) {
      throw new HedgelabError(error.message.replace(/ in the config$/, ` in config file ${file}`));
    }
    throw error;
  }
}

/** One line per period: its dates, number of dates and of windows. */
export function describePeriods(split: RunResult["split"]): string {
  const span = (s: SplitSummary): string => `${s.start}..${s.end} (${s.dates} dates, ${s.windows} windows)`;
  const lines: string[] = [];
  if (split.train) lines.push(`train ${span(split.train)}`);
  if (split.validation) {
    lines.push(
      split.validation.dates > 0
        ? `validation ${span(split.validation)}`
        : "validation: none (no early stopping on validation)",
    );
  }
  lines.push(`test ${span(split.test)}`);
  return lines.join(" · ");
}

/**
 * The lines printed above the table: data, periods, instrument and notes. With `periodsShown` (the
 * `periods:` line was printed before the study ran) the periods are not repeated: the line says the
 * figures are on the test period above.
 */
export function describeRun(result: RunResult, options: { periodsShown?: boolean } = {}): string {
  const { config, split, sources, notes, training, evaluated } = result;
  const inSample = evaluated?.some((m) => m.sample === "in-sample") ?? false;
  const period = (p: { start: string; end: string }): string => `${p.start}..${p.end}`;
  return [
    `hedgelab ${result.version} · prices ${sources.join(", ")} · seed ${config.seed}`,
    config.evaluation.testSource !== "market"
      ? `test set: ${config.evaluation.testPaths} simulated ${config.evaluation.testSource} paths per hedge set, not the market's test windows ` +
        "(--test-source; each set's world in the notes below); every figure below is on these paths, which no model trained on"
      : (options.periodsShown ? "test period above" : describePeriods(split)) +
        (inSample
          ? ": IN-SAMPLE — the test windows overlap a model's training or validation period (--in-sample)"
          : ": every figure below is on these out-of-sample windows"),
    ...(evaluated ?? []).map(
      (m) =>
        `${m.strategy} on ${m.hedge.join("+")}: model ${m.name}, trained on ${period(m.train)}` +
        (m.validation ? `, validated on ${period(m.validation)}` : ", no validation period") +
        ` (${m.sample})`,
    ),
    `short ${describeClaim(config.option)} on ${config.option.underlying ?? "the first asset of each hedge set"} ` +
      `(rebased S0 = 100), T = ${config.data.steps} trading days, cost ${config.evaluation.cost}, ` +
      `premium ${config.evaluation.premium}; P&L in rebased units`,
    ...training.map(
      (t) =>
        `${t.strategy} on ${t.hedge.join("+")}: ${t.model}, trained on ${t.source}, ` +
        (t.bestEpoch === 0 && t.initialRisk !== undefined
          ? `kept its initial weights (the delta hedge): no epoch beat their validation risk ${t.initialRisk.toFixed(4)}`
          : `weights of epoch ${t.bestEpoch}`) +
        `${t.stoppedEarly ? " (early stop)" : ""}`,
    ),
    ...notes,
  ].join("\n");
}
