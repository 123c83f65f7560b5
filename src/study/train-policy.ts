import { hedgeTickers } from "../data/hedge-sets.js";
import { hedgeSetPaths } from "./listed-pricing.js";
import { gatherPaths, selectAssets, type PathBatch } from "../data/path-batch.js";
import { TRADING_DAYS_PER_YEAR } from "../generators/gbm.js";
import { createInstrument } from "../instruments/registry.js";
import { ResidualHedger } from "../hedgers/residual-hedger.js";
import { DELTA_FEATURE_COUNT } from "../hedgers/delta-features.js";
import type { NeuralPolicy } from "../hedgers/neural-policy.js";
import { fit, type CheckpointStore, type EpochRecord, type FitResult } from "../training/fit.js";
import type { MarketData } from "../market/market-data.js";
import { windowReturns } from "../market/market-regimes.js";
import { fittedParameters, type FittedParameters } from "../market/fitted-parameters.js";
import { modelEntry, type ModelName } from "../models/registry.js";
import type { TrainingLength } from "../models/model-entry.js";
import type { TrainedPolicy } from "../models/trained-policy.js";
import { sourceEntry } from "../sources/registry.js";
import type { TrainingPaths } from "../sources/source-entry.js";
import type { RunConfig } from "../config/run-config.js";

export type { TrainedPolicy } from "../models/trained-policy.js";

/** Progress callbacks of a training run (the CLI's progress bar). */
export interface TrainingHooks {
  onEpoch?: (record: EpochRecord) => void;
  onStep?: (epoch: number, step: number, steps: number, loss: number) => void;
  checkpoints?: CheckpointStore;
  /** Called once when training ends, with its result (a summary line). */
  onEnd?: (result: FitResult) => void;
}

/** The section of a model in a configuration. */
function sectionOf(config: RunConfig, model: ModelName): unknown {
  return (config as unknown as Record<string, unknown>)[modelEntry(model).section];
}

/**
 * The configured neural hedger `model` of `hedge`, untrained: the model registry's network, built
 * from its section, wrapped in a {@link ResidualHedger} around the delta with the training
 * volatility of the underlying when `policy.output` is `"residual"` (per date the delta hedge's own
 * volatility source, `delta.volatility`, so that "− delta" compares with the models' base). A model trained on a source with
 * regime labels (`regime-bs`) reads the label one-hot. A model that defines its holding itself
 * (`output: "own"`, the no-transaction band) is never wrapped ({@link residualOutput}).
 */
export function buildPolicy(
  config: RunConfig,
  hedge: readonly string[],
  data: MarketData,
  fitted: FittedParameters = fittedParameters(data, hedge),
  model: ModelName = "rnn",
): NeuralPolicy {
  const { training, policy } = config;
  const regimes = sourceEntry(training.data).regimeLabels ? (data.regimes?.model.regimes ?? 0) : 0;
  const residual = residualOutput(config, model);
  const network = modelEntry(model).build(sectionOf(config, model), {
    assets: hedge.length,
    steps: config.data.steps,
    regimes,
    features: residual && policy.inputs === "delta" ? DELTA_FEATURE_COUNT : 0,
    seed: training.seed ?? config.seed,
    volatility: fitted.volatility.volatility,
    rate: config.delta.rate,
  });
  if (!residual) return network;
  return new ResidualHedger(network, {
    assets: hedge.length,
    volatility: fitted.volatility.volatility,
    rate: config.delta.rate,
    inputs: policy.inputs === "delta" ? "delta" : "none",
    base: config.delta.volatility,
  });
}

/**
 * Whether the study wraps `model` in a {@link ResidualHedger}: `policy.output` is `"residual"` and
 * the model does not define its holding itself (`output: "own"`, the no-transaction band).
 */
export function residualOutput(config: RunConfig, model: ModelName): boolean {
  return config.policy.output === "residual" && modelEntry(model).output !== "own";
}

/**
 * Epochs and paths per step of the model `model` trained on `paths` paths: the `training` section's,
 * or the model's own (the SigFormer's, `"all"`: every path, at least 2).
 */
export function trainingLength(config: RunConfig, model: ModelName, paths: number): TrainingLength {
  return modelEntry(model).trainingLength(sectionOf(config, model), config.training, paths);
}

/** The share of a world's training paths held out for model selection when the test set is simulated too. */
export const WORLD_VALIDATION_SHARE = 0.2;

/** The integers start … end − 1. */
function range(start: number, end: number): Int32Array {
  return Int32Array.from({ length: end - start }, (_, k) => start + k);
}

/**
 * Builds the configured hedger `model` for `hedge` ({@link buildPolicy}) and trains it on `given`,
 * the configured source's training paths (validation on the market validation windows, or on a
 * simulated test set on the last {@link WORLD_VALIDATION_SHARE} of the world's training paths), with the
 * run's training options and the model's epochs and batch ({@link trainingLength}).
 *
 * @param data - the run's market data (with regime labels when the source has them).
 * @param given - the training paths (a source's cell); default the market's training windows, for
 *   `training.data: "market"` only (the other sources' paths come from their cells, see `trainingInputs`).
 */
export function trainPolicy(
  config: RunConfig,
  hedge: string[],
  data: MarketData,
  hooks: TrainingHooks = {},
  model: ModelName = "rnn",
  given?: TrainingPaths,
): TrainedPolicy {
  const { training } = config;
  const seed = training.seed ?? config.seed;
  // A world's parameters go with the model, as the training volatility does.
  const world = (given as { parameters?: Record<string, unknown> } | undefined)?.parameters;
  const fitted = {
    ...fittedParameters(data, hedgeTickers(hedge)),
    ...(world ? { world: { source: training.data, parameters: world } } : {}),
  };
  if (!given && training.data !== "market")
    throw new Error(`trainPolicy needs the ${training.data} paths (see trainingInputs)`);
  const trainingPaths = given ?? marketTrainingPaths(data, hedge);
  const { source } = trainingPaths;
  // The hedge set as it trades: its tickers' prices with its listed options priced on them.
  const all = hedgeSetPaths(data, hedge, trainingPaths.paths, given);
  // On a simulated test set the model is chosen on the world too: the last fifth of its (independent)
  // training paths; else on the market's validation windows.
  const worldValidation = config.evaluation.testSource !== "market" && training.data !== "market";
  const held = worldValidation ? Math.max(1, Math.floor(all.n * WORLD_VALIDATION_SHARE)) : 0;
  const train = worldValidation ? gatherPaths(all, range(0, all.n - held)) : all;
  const validation = worldValidation
    ? gatherPaths(all, range(all.n - held, all.n))
    : hedgeSetPaths(data, hedge, selectAssets(data.windows.validation, hedgeTickers(hedge)));
  const { epochs, batchSize } = trainingLength(config, model, train.n);
  const policy = buildPolicy(config, hedge, data, fitted, model);
  let result: FitResult;
  try {
    result = fit(policy, train, validation, createInstrument(config.option), {
      epochs,
      batchSize,
      learningRate:
        training.schedule === "constant"
          ? training.learningRate
          : { kind: training.schedule, learningRate: training.learningRate },
      loss: {
        ...training.loss,
        riskAversion: training.loss.riskAversion ?? config.evaluation.riskAversion,
      },
      patience: training.patience,
      selection: training.selection,
      keepInitial: residualOutput(config, model),
      cost: config.evaluation.cost,
      dt: 1 / TRADING_DAYS_PER_YEAR,
      seed,
      ...(hooks.onEpoch ? { onEpoch: hooks.onEpoch } : {}),
      ...(hooks.onStep ? { onStep: hooks.onStep } : {}),
      ...(hooks.checkpoints ? { checkpoints: hooks.checkpoints } : {}),
    });
  } catch (error) {
    policy.dispose();
    throw error;
  }
  hooks.onEnd?.(result);
  return { policy, hedge, fit: result, source, fitted, trainingReturns: windowReturns(train) };
}

/** The market's training windows of a hedge set, as the market source describes them. */
function marketTrainingPaths(data: MarketData, hedge: readonly string[]): TrainingPaths {
  const paths: PathBatch = selectAssets(data.windows.train, hedgeTickers(hedge));
  return { paths, source: `${paths.n} market training windows` };
}

/**
 * A line saying what whole-set batches do, when the model `model` trains on `paths` paths in batches
 * of all of them (the SigFormer's `batchSize: "all"`, the paper's profile): one optimiser step per
 * epoch, so `epochs` steps in all, which barely move the model from its start (a residual hedger's
 * start is the delta hedge). Undefined for smaller batches.
 */
export function wholeSetBatchNote(config: RunConfig, model: ModelName, paths: number): string | undefined {
  const { epochs, batchSize } = trainingLength(config, model, paths);
  if (batchSize < paths) return undefined;
  return (
    `${model}: batches of the whole training set (the paper's, batchSize "all"): one optimiser step per epoch, ` +
    `${epochs} in all on ${paths} paths, which barely move the model from where it starts` +
    (residualOutput(config, model) ? " (the delta hedge)" : "") +
    `; batches of 32 paths (the default) would make ${Math.ceil(paths / 32)} steps per epoch`
  );
}
