import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { HedgelabError } from "../../errors.js";
import { comparisonTableKey, formatComparisonTable } from "../../evaluation/comparison-table.js";
import { evaluateModels, type SavedModel } from "../../study/evaluate-models.js";
import type { RunResult } from "../../study/run-study.js";
import { loadModelPolicy, parseModelFile } from "../../store/model-file.js";
import { compareWithModel, describeModelChanges } from "../../config/model-compatibility.js";
import { resolveRunConfig } from "../../config/run-config.js";
import { formatLearnedTables, formatRunFiles } from "../../study/run-files.js";
import {
  describeRemovedPartials,
  releaseOutputFolder,
  reserveOutputFolder,
  writeOutputFolder,
} from "../../store/output-folder.js";
import { timestamp, type CliIo } from "../io.js";
import { buildRunConfigInput, flagNames, withAbsolutePaths, type RunFlags } from "../run-options.js";
import { describeRun } from "./run.js";

/**
 * `hedgelab evaluate --model A [--model B …] [--prices FILE] [--test FROM..TO] [--in-sample]`:
 * scores saved hedgers beside the delta hedge and no hedge on a test period of any price file
 * (default: the models' own test period) without re-splitting it, with every fitted parameter taken
 * from the models' training runs; prints one table and writes it like `run`. A test period that
 * overlaps a model's training or validation period is refused unless `--in-sample`.
 */
export function commandEvaluate(flags: RunFlags, io: CliIo): void {
  const given =
    typeof flags.model === "string" ? [flags.model] : Array.isArray(flags.model) ? flags.model : [];
  if (given.length === 0)
    throw new HedgelabError("evaluate needs --model FOLDER (a folder written by hedgelab train or run)");
  const files = given.map((m) => (m.endsWith(".json") ? m : join(m, "model.json")));
  const parsed = files.map((file) => {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new HedgelabError(`cannot read model ${file}: ${(error as Error).message}`);
    }
    return parseModelFile(text, file);
  });
  const names = given.map((m) => basename(m.endsWith(".json") ? m.slice(0, -".json".length) : m));
  const unique = new Set(names).size === names.length;
  // Flags written over each model's own configuration: what contradicts a model (hedge set, option,
  // T, architecture) is refused, what changes the question (period, cost, λ) is said in the header.
  const notes: string[] = [];
  parsed.forEach((model, k) => {
    const { name: _own, ...own } = model.config;
    const requested = resolveRunConfig(buildRunConfigInput(flags, own), flagNames(flags));
    const { contradictions, changes } = compareWithModel(
      { ...model.config, hedgeSets: [model.hedge] },
      Array.isArray(flags.hedge) ? requested : { ...requested, hedgeSets: [model.hedge] },
      flagNames(flags),
    );
    if (contradictions[0]) throw new HedgelabError(`${contradictions[0]} (model ${files[k]})`);
    const changed = describeModelChanges(changes);
    if (changed) notes.push(parsed.length > 1 ? `${names[k]}: ${changed}` : changed);
  });
  const { name: _name, ...base } = parsed[0]!.config;
  // The first model's configuration is the base and flags given here override it; each model keeps its hedge set.
  const config = resolveRunConfig(
    { ...buildRunConfigInput(flags, base), hedgeSets: parsed.map((m) => m.hedge) },
    flagNames(flags),
  );
  const out = typeof flags.out === "string" ? flags.out : "runs";
  const folder = reserveOutputFolder(out, {
    ...(config.name !== undefined ? { name: config.name } : {}),
    base: timestamp((io.now ?? (() => new Date()))()),
  });
  const removed = describeRemovedPartials(folder);
  if (removed) io.stderr(`${removed}\n`);
  io.recover?.({ partialFolder: folder.partial });
  const models: SavedModel[] = [];
  let result: RunResult;
  try {
    parsed.forEach((model, k) => {
      models.push({
        name: unique ? names[k]! : given[k]!,
        file: files[k]!,
        model,
        trained: loadModelPolicy(model, files[k]!),
      });
    });
    result = evaluateModels({ ...config, name: folder.name }, models, { inSample: flags.inSample === true });
  } catch (error) {
    releaseOutputFolder(folder);
    throw error;
  } finally {
    for (const { trained } of models) trained.policy.dispose();
  }
  const key = comparisonTableKey(
    result.evaluations,
    result.config.evaluation.premium,
    result.config.evaluation.bootstrap.method,
  );
  const header = [describeRun(result), ...notes].join("\n");
  const learned = formatLearnedTables(result.evaluations);
  io.stdout(
    `${header}\n\n${formatComparisonTable(result.evaluations)}\n${key}\n\n${learned ? `${learned}\n\n` : ""}`,
  );
  io.stdout(
    `results: ${writeOutputFolder(folder, formatRunFiles({ ...result, config: withAbsolutePaths(result.config) }))}\n`,
  );
}
