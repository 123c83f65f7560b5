import { createRandom } from "../random/random-source.js";
import { selectAssets, type PathBatch } from "../data/path-batch.js";
import { TRADING_DAYS_PER_YEAR } from "../generators/gbm.js";
import { EuropeanOption } from "../instruments/european-option.js";
import { RnnHedger } from "../hedgers/rnn-hedger.js";
import { SigFormerHedger } from "../hedgers/sigformer-hedger.js";
import { ResidualHedger } from "../hedgers/residual-hedger.js";
import { DELTA_FEATURE_COUNT } from "../hedgers/delta-features.js";
import type { NeuralPolicy } from "../hedgers/neural-policy.js";
import { fit, type CheckpointStore, type EpochRecord, type FitResult } from "../training/fit.js";
import type { MarketData } from "./market-data.js";
import { regimeTrainingPaths, windowReturns } from "./market-regimes.js";
import type { NeuralStrategy, RunConfig } from "./run-config.js";
import { loadGeneratedPaths } from "./generated-paths.js";
import { HedgelabError } from "../errors.js";
import { fittedParameters, type FittedParameters } from "./fitted-parameters.js";
import {
  perAssetSigDiffusionPaths,
  sigDiffusionPaths,
  type SigDiffusionPaths,
  type SigDiffusionRunHooks,
} from "./sigdiffusion-source.js";

/** Progress callbacks of a training run (the CLI's progress bar). */
export interface TrainingHooks {
  onEpoch?: (record: EpochRecord) => void;
  onStep?: (epoch: number, step: number, steps: number, loss: number) => void;
  checkpoints?: CheckpointStore;
  /** Progress and cache of the SigDiffusion source (`training.data: "sigdiffusion"`). */
  sigdiffusion?: SigDiffusionRunHooks;
  /** Called once when training ends, with its result (a summary line). */
  onEnd?: (result: FitResult) => void;
}

/** A trained hedger with its training record. */
export interface TrainedPolicy {
  policy: NeuralPolicy;
  hedge: string[];
  fit: FitResult;
  /** Where its training paths came from, in words. */
  source?: string;
  /** The underlying's return S_T/S_0 − 1 on each training path, shape [N] (the report's Figure 1). */
  trainingReturns?: Float64Array;
  /** What its training run fitted besides the weights (periods, training volatility, regime model). */
  fitted?: FittedParameters;
}

/**
 * The training paths of one hedge set: the training windows of `data` (`training.data: "market"`),
 * regime-switching Black–Scholes paths generated from the training span (`"regime-bs"`, which needs
 * `data.regimes`, see `withRegimes`), or SigDiffusion paths fitted on the training windows
 * (`"sigdiffusion"`, cached under `sigdiffusion.cacheDir`), with a description. In SigDiffusion's
 * per-asset mode the paths are made asset by asset ({@link perAssetSigDiffusionPaths}); `shared`
 * keeps each asset's paths for the other hedge sets of a run.
 */
export function trainingPaths(
  config: RunConfig,
  hedge: readonly string[],
  data: MarketData,
  sigdiffusion: SigDiffusionRunHooks = {},
  shared?: Map<string, SigDiffusionPaths>,
): { paths: PathBatch; source: string } {
  if (config.training.data === "market") {
    if (config.training.paths !== undefined) {
      throw new HedgelabError("--paths takes the paths of hedgelab generate, for --data regime-bs");
    }
    const paths = selectAssets(data.windows.train, hedge);
    return { paths, source: `${paths.n} market training windows` };
  }
  if (config.training.data === "sigdiffusion") {
    if (config.training.paths !== undefined) {
      throw new HedgelabError(
        "--paths takes the paths of hedgelab generate --source regime-bs; SigDiffusion paths are cached by the hash of the settings, data and seed instead",
      );
    }
    if (config.sigdiffusion.mode === "per-asset") {
      // One model per asset, shared by every hedge set that holds it; progress told per asset of `hedge`.
      const { onStep, onEpoch, onSample, ...rest } = sigdiffusion;
      const { paths, source } = perAssetSigDiffusionPaths(
        config,
        hedge,
        data,
        (_ticker, k) => ({
          ...rest,
          ...(onStep ? { onStep: (_k, _c, ...step) => onStep(k, hedge.length, ...step) } : {}),
          ...(onEpoch ? { onEpoch: (_k, _c, record) => onEpoch(k, hedge.length, record) } : {}),
          ...(onSample ? { onSample } : {}),
        }),
        shared,
      );
      return { paths, source };
    }
    const { paths, source } = sigDiffusionPaths(config, hedge, data, sigdiffusion);
    return { paths, source };
  }
  if (!data.regimes) throw new Error("regime-bs training paths need the run's regimes (withRegimes)");
  if (config.training.paths !== undefined)
    return loadGeneratedPaths(config.training.paths, config, hedge, data);
  const { regime } = config;
  const { paths, dynamics } = regimeTrainingPaths(
    data,
    data.regimes,
    hedge,
    {
      allocation: regime.allocation,
      pathsPerRegime: regime.pathsPerRegime,
      switching: regime.switching,
      steps: config.data.steps,
      ...(regime.paths !== undefined ? { paths: regime.paths } : {}),
    },
    createRandom(config.training.seed ?? config.seed).fork(1),
  );
  const repairs = dynamics.repairs.map((r, k) => (r ? ` (regime ${k}: ${r})` : "")).join("");
  return {
    paths,
    source: `${paths.n} regime-switching Black–Scholes paths, K = ${dynamics.regimes}, ${regime.switching} regimes${repairs}`,
  };
}

/**
 * The configured neural hedger of `hedge`, untrained: the RNN (`kind` `"rnn"`, the `rnn` section)
 * or the SigFormer (`"sigformer"`, the `sigformer` section), wrapped in a {@link ResidualHedger}
 * around the delta with the training volatility of the underlying when `policy.output` is
 * `"residual"`.
 */
export function buildPolicy(
  config: RunConfig,
  hedge: readonly string[],
  data: MarketData,
  fitted: FittedParameters = fittedParameters(data, hedge),
  kind: NeuralStrategy = "rnn",
): NeuralPolicy {
  const { training, rnn, sigformer, policy } = config;
  const regimes = training.data === "regime-bs" ? (data.regimes?.model.regimes ?? 0) : 0;
  const common = {
    assets: hedge.length,
    steps: config.data.steps,
    regimes,
    features: policy.inputs === "delta" ? DELTA_FEATURE_COUNT : 0,
    seed: training.seed ?? config.seed,
  };
  const { dim, order, heads, blocks } = sigformer;
  const network =
    kind === "sigformer"
      ? new SigFormerHedger({
          ...common,
          size: sigformer.size,
          dropout: sigformer.dropout,
          inputs: [...sigformer.inputs],
          ...(dim !== undefined ? { dim } : {}),
          ...(order !== undefined ? { order } : {}),
          ...(heads !== undefined ? { heads } : {}),
          ...(blocks !== undefined ? { blocks } : {}),
        })
      : new RnnHedger({
          ...common,
          variant: rnn.variant,
          lags: rnn.lags,
          activation: rnn.activation,
          ...(rnn.hidden ? { hidden: rnn.hidden } : {}),
          ...(rnn.moneyness !== undefined ? { moneyness: rnn.moneyness } : {}),
        });
  if (policy.output === "direct") return network;
  return new ResidualHedger(network, {
    assets: hedge.length,
    volatility: fitted.volatility.volatility,
    rate: config.delta.rate,
    inputs: policy.inputs === "delta" ? "delta" : "none",
  });
}

/**
 * Epochs and paths per step of a hedger of kind `kind` trained on `paths` paths: the `training`
 * section's for the RNN, the `sigformer` section's for the SigFormer (`"all"`: every path, at
 * least 2).
 */
export function trainingLength(
  config: RunConfig,
  kind: NeuralStrategy,
  paths: number,
): { epochs: number; batchSize: number } {
  if (kind === "rnn") return { epochs: config.training.epochs, batchSize: config.training.batchSize };
  const { epochs, batchSize } = config.sigformer;
  return { epochs, batchSize: batchSize === "all" ? Math.max(2, paths) : batchSize };
}

/**
 * Builds the configured hedger of kind `kind` for `hedge` ({@link buildPolicy}) and trains it on the
 * configured source's paths (validation on the market validation windows), with the run's training
 * options; the SigFormer takes its own epochs and batch ({@link trainingLength}: by default the
 * paper's 5 epochs of the whole training set per step). With the regime-bs source the hedger sees
 * the regime label one-hot.
 *
 * @param given - the training paths when the caller has them already (a cache), else made here.
 */
export function trainPolicy(
  config: RunConfig,
  hedge: string[],
  data: MarketData,
  hooks: TrainingHooks = {},
  kind: NeuralStrategy = "rnn",
  given?: { paths: PathBatch; source: string },
): TrainedPolicy {
  const { training } = config;
  const seed = training.seed ?? config.seed;
  const fitted = fittedParameters(data, hedge);
  const { paths: train, source } = given ?? trainingPaths(config, hedge, data, hooks.sigdiffusion);
  const validation = selectAssets(data.windows.validation, hedge);
  const { epochs, batchSize } = trainingLength(config, kind, train.n);
  const policy = buildPolicy(config, hedge, data, fitted, kind);
  let result: FitResult;
  try {
    result = fit(policy, train, validation, new EuropeanOption(config.option), {
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
      keepInitial: config.policy.output === "residual",
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
