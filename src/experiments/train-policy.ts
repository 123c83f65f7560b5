import { selectAssets } from "../data/path-batch.js";
import { TRADING_DAYS_PER_YEAR } from "../generators/gbm.js";
import { EuropeanOption } from "../instruments/european-option.js";
import { RnnHedger } from "../hedgers/rnn-hedger.js";
import { fit, type CheckpointStore, type EpochRecord, type FitResult } from "../training/fit.js";
import type { MarketData } from "./market-data.js";
import type { RunConfig } from "./run-config.js";

/** Progress callbacks of a training run (the CLI's progress bar). */
export interface TrainingHooks {
  onEpoch?: (record: EpochRecord) => void;
  onStep?: (epoch: number, step: number, steps: number, loss: number) => void;
  checkpoints?: CheckpointStore;
}

/** A trained hedger with its training record. */
export interface TrainedPolicy {
  policy: RnnHedger;
  hedge: string[];
  fit: FitResult;
}

/**
 * Builds the configured RNN hedger for `hedge` and trains it on the training windows of `data`
 * (validation on the validation windows), with the run's training options.
 */
export function trainPolicy(
  config: RunConfig,
  hedge: string[],
  data: MarketData,
  hooks: TrainingHooks = {},
): TrainedPolicy {
  const { training, rnn } = config;
  const seed = training.seed ?? config.seed;
  const policy = new RnnHedger({
    assets: hedge.length,
    steps: config.data.steps,
    variant: rnn.variant,
    lags: rnn.lags,
    activation: rnn.activation,
    seed,
    ...(rnn.hidden ? { hidden: rnn.hidden } : {}),
    ...(rnn.moneyness !== undefined ? { moneyness: rnn.moneyness } : {}),
  });
  const train = selectAssets(data.windows.train, hedge);
  const validation = selectAssets(data.windows.validation, hedge);
  const result = fit(policy, train, validation, new EuropeanOption(config.option), {
    epochs: training.epochs,
    batchSize: training.batchSize,
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
    cost: config.evaluation.cost,
    dt: 1 / TRADING_DAYS_PER_YEAR,
    seed,
    ...(hooks.onEpoch ? { onEpoch: hooks.onEpoch } : {}),
    ...(hooks.onStep ? { onStep: hooks.onStep } : {}),
    ...(hooks.checkpoints ? { checkpoints: hooks.checkpoints } : {}),
  });
  return { policy, hedge, fit: result };
}
