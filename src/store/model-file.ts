import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { HedgelabError } from "../errors.js";
import {
  decodeModelWeights,
  encodeModelWeights,
  isDescription,
  policyWeights,
} from "../hedgers/policy-weights.js";
import { restoreModel } from "../models/registry.js";
import type { SavedPolicy } from "../hedgers/neural-policy.js";
import type { FitResult } from "../training/fit.js";
import { resolveRunConfig, type RunConfig } from "../config/run-config.js";
import type { RunFiles } from "./output-folder.js";
import type { TrainedPolicy } from "../models/trained-policy.js";
import { VERSION } from "../version.js";
import type { FittedParameters } from "../market/fitted-parameters.js";
import { EPOCH_COLUMNS, epochCsvCells } from "../training/epoch-csv.js";

/** The content of a model folder's `model.json`: enough to rebuild and evaluate a trained hedger. */
export interface ModelFile {
  hedgelab: string;
  /** The hedge set the model trades, underlying first. */
  hedge: string[];
  /** The configuration it was trained with (data, option, architecture, training). */
  config: RunConfig;
  /** Parameters and running statistics. */
  policy: SavedPolicy;
  /** The training record. */
  training: FitResult;
  /** Where its training paths came from, in words. */
  source?: string;
  /** What the training run fitted besides the weights: periods, training volatility, regime model. */
  fitted: FittedParameters;
}

/** The files of a model folder of a trained hedger (pure): see {@link modelFiles}. */
export function formatModelFiles(trained: TrainedPolicy, config: RunConfig): RunFiles {
  return modelFiles(modelFileOf(trained, config));
}

/** The {@link ModelFile} of a trained hedger (its weights as they are now). */
export function modelFileOf(trained: TrainedPolicy, config: RunConfig): ModelFile {
  if (!trained.fitted) throw new Error("a model file needs the fitted parameters of its training run");
  return {
    hedgelab: VERSION,
    hedge: trained.hedge,
    config,
    policy: trained.policy.save(),
    training: trained.fit,
    ...(trained.source ? { source: trained.source } : {}),
    fitted: trained.fitted,
  };
}

/** The name of a model folder's weights file, beside its `model.json`. */
export const WEIGHTS_FILE = "weights.safetensors";

/**
 * The files of a model folder for `model`: `model.json` (configuration, fitted parameters, training
 * record and the policy's description, no weights), `weights.safetensors` (every tensor of the
 * policy, named after what it is: `network.layer0.weight`, `residual.bias`, …; see
 * `encodeModelWeights`), `config.json` and `history.csv`.
 */
export function modelFiles(model: ModelFile): RunFiles {
  const history = [EPOCH_COLUMNS.join(",")];
  for (const r of model.training.history) history.push(epochCsvCells(r));
  const { description } = policyWeights(model.policy);
  return {
    "model.json": `${JSON.stringify({ ...model, policy: description })}\n`,
    [WEIGHTS_FILE]: encodeModelWeights(model.policy),
    "config.json": `${JSON.stringify(model.config, null, 2)}\n`,
    "history.csv": `${history.join("\n")}\n`,
  };
}

/**
 * Reads a model folder's `model.json` text and, when it describes its weights rather than holding
 * them, its weights file (`weights()`, the bytes of `weights.safetensors`); a `model.json` of an
 * earlier hedgelab with its weights inside is read as it is. Fails with one line naming the file when
 * it is not a hedgelab model.
 */
export function parseModelFile(text: string, file: string, weights?: () => Uint8Array): ModelFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new HedgelabError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const model = parsed as Partial<ModelFile>;
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    !Array.isArray(model.hedge) ||
    typeof model.policy !== "object" ||
    !model.config ||
    !model.training
  ) {
    throw new HedgelabError(`${file} is not a hedgelab model (expected hedge, config, policy and training)`);
  }
  if (typeof model.fitted !== "object" || model.fitted === null || !model.fitted.volatility) {
    throw new HedgelabError(
      `${file} has no fitted parameters of its training run (saved by an older hedgelab): train it again`,
    );
  }
  const policy = isDescription(model.policy)
    ? decodeModelWeights(model.policy, readWeights(weights, file), weightsPath(file))
    : model.policy;
  return { ...(model as ModelFile), policy, config: resolveRunConfig(model.config) };
}

/** Where the weights of the model file `file` are: `weights.safetensors` in its folder. */
export function weightsPath(file: string): string {
  return join(dirname(file), WEIGHTS_FILE);
}

function readWeights(weights: (() => Uint8Array) | undefined, file: string): Uint8Array {
  try {
    return weights ? weights() : new Uint8Array(readFileSync(weightsPath(file)));
  } catch (error) {
    throw new HedgelabError(
      `${file} keeps its weights in ${weightsPath(file)}, which cannot be read (${(error as Error).message.split(",")[0]})`,
    );
  }
}

/** Rebuilds the trained hedger of a model file. */
export function loadModelPolicy(model: ModelFile, file: string): TrainedPolicy {
  let policy;
  try {
    policy = restoreModel(model.policy);
  } catch (error) {
    if (error instanceof HedgelabError) throw new HedgelabError(`${file}: ${error.message}`);
    throw error;
  }
  return {
    policy,
    hedge: model.hedge,
    fit: model.training,
    source: `${model.source ?? "its training paths"} (saved model ${file})`,
    fitted: model.fitted,
  };
}
