import { describeClaim } from "../../instruments/registry.js";
import { HedgelabError } from "../../errors.js";
import { comparisonTableKey, formatComparisonTable } from "../../evaluation/comparison-table.js";
import {
  evaluateModels,
  type ModelsEvaluation,
  type SavedEnsemble,
  type SavedModel,
} from "../../study/evaluate-models.js";
import { loadModelPolicy, type ModelFile } from "../../store/model-file.js";
import { compareWithModel, describeModelChanges } from "../../config/model-compatibility.js";
import { resolveRunConfig, type RunConfig } from "../../config/run-config.js";
import { formatLearnedTables, formatRunFiles, labelledEvaluations } from "../../study/run-files.js";
import { formatHoldingsCsv } from "../../store/holdings-csv.js";
import { assertWritableFile, writeFileAtomically } from "../../store/atomic-file.js";
import {
  describeRemovedPartials,
  releaseOutputFolder,
  reserveOutputFolder,
} from "../../store/output-folder.js";
import { reportDataFromFiles } from "../../store/read-run.js";
import { renderReport } from "../../report/render-report.js";
import { writeStudyOutput } from "../results-folder.js";
import { folderRecovery, timestamp, type CliIo } from "../io.js";
import { buildRunConfigInput, flagNames, withAbsolutePaths, type RunFlags } from "../run-options.js";
import {
  flagValues,
  readEnsembleArgument,
  readModelArgument,
  splitNamed,
  type ModelArgument,
} from "../model-arguments.js";

/**
 * `hedgelab evaluate --model [NAME=]FOLDER … [--ensemble [NAME=]A,B,C|FOLDER …] [--holdings FILE]
 * [--prices FILE] [--test FROM..TO] [--in-sample]`: scores saved hedgers, any number per hedge set,
 * and ensembles of them (one row averaging the members' holdings) beside the delta hedge and no hedge
 * on a test period of any price file (default: the models' own test period) without re-splitting it,
 * with every fitted parameter taken from the models' training runs; prints one table and writes it
 * like `run` (report.html included), with every row's holdings with `--holdings FILE` (also `holdings.csv` in the results folder). A test period
 * that overlaps a model's training or validation period is refused unless `--in-sample`.
 */
export async function commandEvaluate(flags: RunFlags, io: CliIo): Promise<void> {
  const given = flagValues(flags.model).map((value) => {
    const { label, path } = splitNamed(value);
    return readModelArgument(path, label);
  });
  const ensembles = flagValues(flags.ensemble).map(readEnsembleArgument);
  if (given.length === 0 && ensembles.length === 0)
    throw new HedgelabError(
      "evaluate needs --model FOLDER (a folder written by hedgelab train or run) or --ensemble A,B,C",
    );
  const holdingsFile = typeof flags.holdings === "string" ? flags.holdings : undefined;
  if (holdingsFile !== undefined) assertWritableFile(holdingsFile, "--holdings");
  const all: ModelArgument[] = [...given, ...ensembles.flatMap((e) => e.members)];
  // Flags written over each model's own configuration: what contradicts a model (hedge set, option,
  // T, architecture) is refused.
  for (const { model, file } of all) {
    const { name: _own, ...own } = model.config;
    const requested = resolveRunConfig(buildRunConfigInput(flags, own), flagNames(flags));
    const { contradictions } = compareWithModel(
      { ...model.config, hedgeSets: [model.hedge] },
      Array.isArray(flags.hedge) ? requested : { ...requested, hedgeSets: [model.hedge] },
      flagNames(flags),
    );
    if (contradictions[0]) throw new HedgelabError(`${contradictions[0]} (model ${file})`);
  }
  const { name: _name, ...base } = all[0]!.model.config;
  // The first model's configuration is the base and flags given here override it; each model keeps its hedge set.
  const hedgeSets = [...new Map(all.map(({ model }) => [model.hedge.join("+"), model.hedge])).values()];
  const config = resolveRunConfig({ ...buildRunConfigInput(flags, base), hedgeSets }, flagNames(flags));
  // What changes the question (prices, period, stride, cost, λ) is said once when every model shares it.
  const notes = describeChanges(all, config, flags);
  const out = typeof flags.out === "string" ? flags.out : "runs";
  const folder = reserveOutputFolder(out, {
    ...(config.name !== undefined ? { name: config.name } : {}),
    base: timestamp((io.now ?? (() => new Date()))()),
  });
  const removed = describeRemovedPartials(folder);
  if (removed) io.stderr(`${removed}\n`);
  io.recover?.(folderRecovery(folder));
  const loaded: SavedModel[] = [];
  const load = ({ name, file, model, label }: ModelArgument): SavedModel => {
    const saved = { name, file, model, trained: loadModelPolicy(model, file), ...(label ? { label } : {}) };
    loaded.push(saved);
    return saved;
  };
  let result: ModelsEvaluation;
  try {
    const models = given.map(load);
    const saved: SavedEnsemble[] = ensembles.map(({ name, members, label }) => ({
      name,
      members: members.map(load),
      ...(label ? { label } : {}),
    }));
    result = evaluateModels({ ...config, name: folder.name }, models, {
      inSample: flags.inSample === true,
      ensembles: saved,
    });
  } catch (error) {
    releaseOutputFolder(folder);
    throw error;
  } finally {
    for (const { trained } of loaded) trained.policy.dispose();
  }
  const key = comparisonTableKey(
    result.evaluations,
    result.config.evaluation.premium,
    result.config.evaluation.bootstrap.method,
  );
  const labelled = labelledEvaluations(result);
  const learned = formatLearnedTables(labelled);
  io.stdout(
    `${[describeEvaluation(result), ...notes].join("\n")}\n\n${formatComparisonTable(labelled)}\n${key}\n\n${learned ? `${learned}\n\n` : ""}`,
  );
  // Holdings are N · T · H lines per row (13 MB for five rows of one hedge set): only when asked for.
  const holdings =
    holdingsFile === undefined
      ? undefined
      : formatHoldingsCsv(
          labelled.filter((e) => e.strategy !== "no-hedge"),
          result.windows,
          result.dates,
        );
  const files = {
    ...formatRunFiles({ ...result, config: withAbsolutePaths(result.config) }),
    ...(holdings !== undefined ? { "holdings.csv": holdings } : {}),
  };
  // The same page as run's, from the same files: the sections an evaluation lacks say so.
  await writeStudyOutput(io, folder, files, (written) =>
    renderReport(reportDataFromFiles(written, folder.name)),
  );
  if (holdingsFile !== undefined && holdings !== undefined) {
    writeFileAtomically(holdingsFile, holdings, "--holdings");
    io.stdout(`holdings: ${holdingsFile}\n`);
  }
}

/**
 * The header of an evaluation: the price file and seed, the test period with its windows (count,
 * T, stride) once, the option, the training periods once when the models share them, then one line
 * per learned row (its hedger and training) and the notes.
 */
export function describeEvaluation(result: ModelsEvaluation): string {
  const { config, split, sources, notes, training, evaluated = [] } = result;
  const period = (p: { start: string; end: string } | undefined): string => (p ? `${p.start}..${p.end}` : "");
  const trainedOn = (m: (typeof evaluated)[number]): string =>
    `trained on ${period(m.train)}` +
    (m.validation ? `, validated on ${period(m.validation)}` : ", no validation period");
  const inSample = evaluated.some((m) => m.sample === "in-sample");
  const shared = new Set(evaluated.map(trainedOn)).size === 1 ? trainedOn(evaluated[0]!) : undefined;
  const { test } = split;
  const describeRow = (m: (typeof evaluated)[number]): string => {
    const sample = inSample && m.sample === "in-sample" ? " (in-sample)" : "";
    const periods = shared ? "" : `; ${trainedOn(m)}`;
    if (m.members) {
      const members = training.filter((t) => t.strategy.startsWith(`${m.strategy} member `));
      const kinds = [...new Set(members.map((t) => t.model))];
      const data = [...new Set(members.map((t) => t.data ?? "its training paths"))];
      const epochs = members.map((t) => t.bestEpoch).join(", ");
      return (
        `${m.strategy} on ${m.hedge.join("+")}: the mean holding of ${m.members.length} models (${m.members.join(", ")})` +
        `${kinds.length === 1 ? `, each ${kinds[0]!}` : ""}, trained on ${data.join(" and ")} paths, weights of epochs ${epochs}` +
        periods +
        sample
      );
    }
    const t = training.find((s) => s.strategy === m.strategy && s.hedge.join("+") === m.hedge.join("+"));
    const weights = !t
      ? ""
      : t.bestEpoch === 0 && t.initialRisk !== undefined
        ? `, kept its initial weights (the delta hedge): no epoch beat their validation risk ${t.initialRisk.toFixed(4)}`
        : `, weights of epoch ${t.bestEpoch}${t.stoppedEarly ? " (early stop)" : ""}`;
    return `${m.strategy} on ${m.hedge.join("+")}: ${t ? `${t.model}, trained on ${t.source}` : `model ${m.name}`}${weights}${periods}${sample}`;
  };
  return [
    `hedgelab ${result.version} · prices ${sources.join(", ")} · seed ${config.seed}`,
    `test ${period(test)}: ${test.windows} windows of T = ${config.data.steps} days, stride ${config.data.stride} (${test.dates} dates)` +
      (inSample
        ? ": IN-SAMPLE — the test windows overlap a model's training or validation period (--in-sample)"
        : ": every figure below is on these out-of-sample windows"),
    `short ${describeClaim(config.option)} on ${config.option.underlying ?? "the first asset of each hedge set"} ` +
      `(rebased S0 = 100), cost ${config.evaluation.cost}, premium ${config.evaluation.premium}; P&L in rebased units`,
    ...(shared ? [`${evaluated.length > 1 ? "every model" : "the model"} ${shared}`] : []),
    ...evaluated.map(describeRow),
    ...notes,
  ].join("\n");
}

/**
 * The settings under which the evaluation differs from each model's training (prices, period,
 * stride, cost, λ): one line for the changes every model shares, and one per model for its own.
 */
function describeChanges(models: readonly ModelArgument[], config: RunConfig, flags: RunFlags): string[] {
  const changes = models.map(
    ({ model }: { model: ModelFile }) =>
      compareWithModel(
        { ...model.config, hedgeSets: [model.hedge] },
        { ...config, hedgeSets: [model.hedge] },
        flagNames(flags),
      ).changes,
  );
  const common = changes[0]!.filter((change) => changes.every((list) => list.includes(change)));
  const lines: string[] = [];
  const all = describeModelChanges(common);
  if (all)
    lines.push(models.length > 1 ? all.replace("the model's training", "every model's training") : all);
  models.forEach(({ name }, k) => {
    const own = describeModelChanges(changes[k]!.filter((change) => !common.includes(change)));
    if (own) lines.push(`model ${name}: ${own}`);
  });
  return lines;
}
