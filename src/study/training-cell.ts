import { defineCell, type Cell } from "../graph/cell.js";
import { arrayFile, bytesFile, bytesOf, textFile } from "../graph/cell-files.js";
import type { MarketData } from "../market/market-data.js";
import { modelEntry, type ModelName } from "../models/registry.js";
import type { TrainingPaths } from "../sources/source-entry.js";
import type { RunConfig } from "../config/run-config.js";
import {
  loadModelPolicy,
  modelFileOf,
  modelFiles,
  parseModelFile,
  WEIGHTS_FILE,
} from "../store/model-file.js";
import type { StudyRunContext } from "./study-context.js";
import { trainPolicy, type TrainedPolicy } from "./train-policy.js";

/**
 * What a training's output depends on besides its inputs' cells (the market data, whose id holds the
 * prices and periods, and the training paths, whose id holds the source's settings and seed): the
 * option, the hedge set, the model and its section, the policy's form, the training options with the
 * member's seed, the loss's risk aversion, the cost and the delta's rate. Evaluation-only settings
 * (bootstrap, levels, premium, the delta hedge's volatility) are left out, so changing them reuses
 * the trained model; so is the number of seeds, so a member keeps its model when more are added.
 */
export function trainingIdentity(
  config: RunConfig,
  model: ModelName,
  hedge: readonly string[],
): Record<string, unknown> {
  const { seeds: _seeds, ...training } = config.training;
  const { section } = modelEntry(model);
  return {
    option: config.option,
    hedge,
    model,
    [section]: (config as unknown as Record<string, unknown>)[section],
    policy: config.policy,
    training: { ...training, seed: training.seed ?? config.seed },
    riskAversion: config.evaluation.riskAversion,
    cost: config.evaluation.cost,
    rate: config.delta.rate,
    // Chosen on held-out world paths when the test set is simulated (train-policy.ts).
    ...(config.evaluation.testSource !== "market" ? { validation: "world" } : {}),
    // The residual base's volatility; left out for the default, so that stored models keep their ids.
    ...(config.delta.volatility !== "training" && config.policy.output === "residual"
      ? { base: config.delta.volatility }
      : {}),
  };
}

/**
 * The cell of one training: `model` on `hedge`, trained on the paths of `paths` with validation on
 * the market validation windows of `market`, under the cell's configuration `config` (the run's with
 * `training.data` and the member's seed). Stored as its model file (`model.json`) and the underlying's
 * returns on the training paths (`returns.f64`, the report's Figure 1).
 */
export function trainingCell(
  config: RunConfig,
  model: ModelName,
  hedge: readonly string[],
  market: Cell<MarketData, StudyRunContext>,
  paths: Cell<TrainingPaths, StudyRunContext>,
  label: string,
): Cell<TrainedPolicy, StudyRunContext> {
  const cell: Cell<TrainedPolicy, StudyRunContext> = defineCell<
    readonly [typeof market, typeof paths],
    TrainedPolicy,
    StudyRunContext
  >({
    kind: "training",
    label,
    identity: trainingIdentity(config, model, hedge),
    inputs: [market, paths],
    run: ([data, given], context) => {
      // The summary line (onEnd) is the executor's, once the model is stored: a run interrupted after it finds it.
      const { onEnd: _onEnd, ...hooks } = context.training?.(cell.id) ?? {};
      return trainPolicy(config, [...hedge], data, hooks, model, given);
    },
    codec: {
      encode: (trained) => {
        const files = modelFiles(modelFileOf(trained, config));
        return {
          "model.json": files["model.json"]!,
          [WEIGHTS_FILE]: files[WEIGHTS_FILE]!,
          "returns.f64": bytesOf(trained.trainingReturns ?? new Float64Array(0)),
        };
      },
      decode: (files) => {
        const model = parseModelFile(textFile(files, "model.json"), `stored training ${cell.id}`, () =>
          bytesFile(files, WEIGHTS_FILE),
        );
        const returns = files["returns.f64"];
        const count = returns === undefined || typeof returns === "string" ? 0 : returns.byteLength / 8;
        const trained = loadModelPolicy(model, `stored training ${cell.id}`);
        return {
          ...trained,
          ...(model.source !== undefined ? { source: model.source } : {}),
          trainingReturns: arrayFile(files, "returns.f64", Float64Array, count),
        };
      },
    },
  });
  return cell;
}
