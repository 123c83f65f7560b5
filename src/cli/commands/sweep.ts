import { join } from "node:path";
import { HedgelabError } from "../../errors.js";
import { resolveRunConfig, type RunConfig } from "../../config/run-config.js";
import { releaseOutputFolder } from "../../store/output-folder.js";
import { describeTrial, resolveSweep, type Sweep } from "../../sweep/search-space.js";
import { runSweep, type SweepResult } from "../../sweep/run-sweep.js";
import { formatSweepFiles } from "../../sweep/sweep-files.js";
import { sweepReportDataFromFiles } from "../../sweep/sweep-report-data.js";
import { formatSweep } from "../../sweep/sweep-tables.js";
import { renderSweepReport } from "../../report/sweep-report.js";
import { countFlag, type StudySpec } from "../cell-children.js";
import type { CliIo } from "../io.js";
import { prepareStudyInputs, studyExecution, studyHooks } from "../study-command.js";
import { openStudyOutput, writeStudyOutput } from "../results-folder.js";
import {
  buildRunConfigInput,
  flagNames,
  readConfigFile,
  shareTrainingLength,
  withAbsolutePaths,
  type RunFlags,
} from "../run-options.js";
import { withConfigFile } from "./run.js";

/**
 * The sweep of `--config FILE`: its `sweep` section (the search space) and the run configuration
 * beside it with the command line's flags written over it, both validated; `--trials N` sets the
 * draws of a random search.
 *
 * @throws HedgelabError naming the file, the field or the flag.
 */
export function sweepOfFlags(flags: RunFlags): { config: RunConfig; sweep: Sweep; trials?: number } {
  const file = flags.config;
  if (typeof file !== "string")
    throw new HedgelabError(
      "hedgelab sweep needs --config FILE: a run configuration with a sweep section (see experiments/rnn-search.json)",
    );
  const { sweep: section, ...base } = readConfigFile(file);
  if (section === undefined)
    throw new HedgelabError(
      `config file ${file} has no "sweep" section: add one naming the search space, e.g. "sweep": { "space": { "training.learningRate": [0.001, 0.003] } }`,
    );
  let sweep: Sweep;
  try {
    sweep = resolveSweep(section);
  } catch (error) {
    if (!(error instanceof HedgelabError)) throw error;
    throw new HedgelabError(`${error.message} in config file ${file}`);
  }
  const trials = flags.trials === undefined ? undefined : countFlag(flags.trials, "--trials");
  if (trials !== undefined && sweep.method === "grid")
    throw new HedgelabError(
      `--trials applies to a random search; the sweep of ${file} is a grid, which runs every combination (give "method": "random" to draw --trials of them)`,
    );
  const config = withConfigFile(flags, () =>
    resolveRunConfig(
      shareTrainingLength(buildRunConfigInput({ ...flags, config: undefined }, base), flags),
      flagNames(flags),
    ),
  );
  return { config, sweep, ...(trials !== undefined ? { trials } : {}) };
}

/**
 * `hedgelab sweep --config FILE`: a hyperparameter search. Every trial of the file's `sweep` section
 * is the study `run` would make with the trial's values, trained as `run` trains it and scored on
 * the validation windows only; the trial with the least mean validation risk is chosen. Prints the
 * trials ranked, writes `<out>/<name>/` atomically (sweep.json, trials.csv, tables.txt, report.html
 * and chosen.json, the chosen configuration ready for `hedgelab run --config`). Trainings are stored
 * in the cache, so the run of the chosen configuration, and an interrupted sweep run again, reuse
 * them. `--workers N` and `--queue URL` spread the trainings as for `run`.
 */
export async function commandSweep(flags: RunFlags, io: CliIo): Promise<void> {
  const { config, sweep, trials } = sweepOfFlags(flags);
  const execution = studyExecution(flags);
  const output = openStudyOutput(flags, io, config, "sweep", "sweep-");
  const { folder } = output;
  const named: RunConfig = { ...config, name: folder.name };
  const options = trials !== undefined ? { trials } : {};
  const started = (io.now ?? (() => new Date()))().getTime();
  let result: SweepResult;
  try {
    const spec: StudySpec = {
      command: "sweep",
      config: named,
      sweep,
      ...options,
      resume: flags.resume === true,
    };
    const inputs = await prepareStudyInputs(spec, execution, output, flags, io);
    result = runSweep(named, sweep, options, inputs, {
      trial: (trial, total, stored) =>
        io.stdout(
          `trial ${trial.index}/${total}: ${describeTrial(trial)}${stored ? " (from the cache)" : ""}\n`,
        ),
      ...studyHooks(config, output, flags, io),
    });
  } catch (error) {
    releaseOutputFolder(folder);
    throw error;
  }
  const seconds = ((io.now ?? (() => new Date()))().getTime() - started) / 1000;
  io.stdout(
    `\nhedgelab ${result.version} · prices ${result.sources.join(", ")} · seed ${config.seed} · ${seconds.toFixed(0)} s\n\n` +
      `${formatSweep(result)}\n\n`,
  );
  const chosen = result.chosen ? withAbsolutePaths(result.chosen) : undefined;
  const files = formatSweepFiles(result, withAbsolutePaths(result.config), chosen);
  await writeStudyOutput(io, folder, files, (written) =>
    renderSweepReport(sweepReportDataFromFiles(written, folder.name)),
  );
  if (chosen)
    io.stdout(
      `next: hedgelab run --config ${join(folder.path, "chosen.json")} scores the chosen configuration on the test windows (its trainings come from the cache)\n`,
    );
}
