import { assertOption, HedgelabError } from "../errors.js";
import { createRandom, DEFAULT_SEED } from "../random/random-source.js";
import { gatherPaths, type PathBatch } from "../data/path-batch.js";
import { TRADING_DAYS_PER_YEAR } from "../generators/gbm.js";
import type { Claim } from "../instruments/claim.js";
import { hedgePnl } from "../hedgers/hedge-pnl.js";
import type { NeuralPolicy, SavedPolicy } from "../hedgers/neural-policy.js";
import { Adam, type AdamState } from "../tensor/adam.js";
import { backward } from "../tensor/backward.js";
import type { LearningRateSchedule } from "../tensor/learning-rate.js";
import { tidy, variable, type Tensor } from "../tensor/tensor.js";
import {
  hedgingLoss,
  lossNeedsOmega,
  lossRisk,
  resolveLossOptions,
  type HedgingLossOptions,
} from "./hedging-loss.js";
import { pnlTensor } from "./pnl-tensor.js";
import { splitStepGradient } from "./split-step.js";

/** Options of {@link fit}; every field has a default. */
export interface FitOptions {
  /** Passes over the training paths; default 20 (the paper relies on few epochs). */
  epochs?: number;
  /** Paths per optimiser step; default 256. */
  batchSize?: number;
  /** Learning rate or schedule of Adam; default 1e-3. */
  learningRate?: number | LearningRateSchedule;
  /** The training objective; default the clipped entropic risk, λ = 1.3, clip −10. */
  loss?: HedgingLossOptions;
  /** Epochs without a better validation risk before stopping; default 5 (Infinity: never stop early). */
  patience?: number;
  /** Which weights to keep: the best validation epoch's (default) or the last epoch's. */
  selection?: "best" | "last";
  /**
   * Count the initial weights as epoch 0 of the selection: measure their validation risk before
   * training, and keep them when no epoch beats it (with `selection: "best"` and validation paths).
   * Default false. A residual policy starts as the delta hedge, so this keeps the delta hedge
   * unless training improves on it on the validation period.
   */
  keepInitial?: boolean;
  /** Proportional transaction cost in the training P&L; default 0. */
  cost?: number;
  /** Step length in years; default 1/252. */
  dt?: number;
  /** Seed of the shuffling; default 42. */
  seed?: number;
  /** Called after every epoch (progress display, history files). */
  onEpoch?: (record: EpochRecord) => void;
  /** Called after every optimiser step with the epoch, step and number of steps of the epoch. */
  onStep?: (epoch: number, step: number, steps: number, loss: number) => void;
  /** Where checkpoints go after every epoch, and come from to resume an interrupted run. */
  checkpoints?: CheckpointStore;
}

/** One line of the training history. */
export interface EpochRecord {
  /** 1-based epoch. */
  epoch: number;
  /** Mean training loss over the epoch's steps. */
  loss: number;
  /** Risk of the validation P&L (the loss's measure, unclipped), or the training loss without validation paths. */
  validationRisk: number;
  /** Mean holding of the underlying over the validation paths and dates. */
  meanHolding: number;
  /**
   * Mean P&L of the epoch's training batches, each measured before its step (rebased units): where
   * the training stands on the mean, beside the loss's view of the tail.
   */
  trainingPnl?: number;
  /**
   * Share, in [0, 1], of the epoch's training P&Ls below the entropic loss's clip (each batch before
   * its step): those paths give the loss no gradient, so a high share means the training no longer
   * sees its losses (the paper's section 5 "mean seeking"). Absent without a clip.
   */
  clippedShare?: number;
  /** Learning rate of the epoch's last step. */
  learningRate: number;
  /** The OCE's ω after the epoch (learned premium or VaR), when the loss has one. */
  omega?: number;
}

/** What {@link fit} returns. */
export interface FitResult {
  history: EpochRecord[];
  /** The epoch whose weights the policy holds at the end. */
  bestEpoch: number;
  /** True when early stopping ended the run before `epochs`. */
  stoppedEarly: boolean;
  /** When training diverged (a NaN or infinite loss or weight): what happened; the last good weights are kept. */
  diverged?: string;
  /** The epoch the run resumed after (0 for a fresh run). */
  resumedFrom: number;
  /** Validation risk of the initial weights, when `keepInitial` measured it. */
  initialRisk?: number;
}

/** The state saved after every epoch to resume a run. */
export interface Checkpoint {
  epoch: number;
  policy: SavedPolicy;
  best: SavedPolicy;
  bestEpoch: number;
  bestRisk: number;
  optimizer: AdamState;
  omega: number;
  history: EpochRecord[];
  epochsWithoutImprovement: number;
  /** Validation risk of the initial weights (`keepInitial`), so that a resumed run can still keep them. */
  initialRisk?: number;
}

/** Storage of checkpoints, supplied by the caller (the CLI writes files atomically). */
export interface CheckpointStore {
  save(checkpoint: Checkpoint): void;
  load(): Checkpoint | undefined;
}

/**
 * Trains `policy` on `train` paths to minimise the hedging loss of its P&L against `option`
 * (short), with Adam on shuffled mini-batches, validation after every epoch, early stopping on the
 * validation risk with the best weights restored, checkpoints to resume, and a divergence guard.
 *
 * @param train - training paths [N, T + 1, H] (market windows or a generator's output).
 * @param validation - validation paths (the validation span's windows); may be empty.
 */
export function fit(
  policy: NeuralPolicy,
  train: PathBatch,
  validation: PathBatch | undefined,
  option: Claim,
  options: FitOptions = {},
): FitResult {
  const {
    epochs = 20,
    batchSize = 256,
    learningRate = 1e-3,
    patience = 5,
    selection = "best",
    keepInitial = false,
    cost = 0,
    dt = 1 / TRADING_DAYS_PER_YEAR,
    seed = DEFAULT_SEED,
  } = options;
  assertOption(Number.isInteger(epochs) && epochs >= 1, "epochs", epochs, "must be a positive integer");
  assertOption(
    Number.isInteger(batchSize) && batchSize >= 2,
    "batchSize",
    batchSize,
    "must be an integer ≥ 2",
  );
  assertOption(patience >= 1, "patience", patience, "must be ≥ 1");
  assertOption(
    selection === "best" || selection === "last",
    "selection",
    selection,
    'must be "best" or "last"',
  );
  if (train.n < 2) throw new HedgelabError(`training needs at least 2 paths, got ${train.n}`);
  const loss = resolveLossOptions(options.loss);
  // The P&L below which the loss has no gradient: the entropic loss's clip, when it has one.
  const clip = loss.kind === "entropic" ? loss.clip : null;
  const withOmega = lossNeedsOmega(loss);
  const omega = variable([0], [1], policy.parameters[0]?.dtype ?? "float32", "omega");
  const trainable = withOmega ? [...policy.parameters, omega] : [...policy.parameters];
  const stepsPerEpoch = Math.ceil(train.n / batchSize);
  // A batch larger than the policy can hold in one pass is split (same gradient, see split-step.ts).
  const passSize = Math.max(1, Math.min(batchSize, policy.maxTrainingPaths ?? batchSize));
  const adam = new Adam(trainable, { learningRate, totalSteps: epochs * stepsPerEpoch });
  const random = createRandom(seed);
  const measure = (pnl: Float64Array): number => lossRisk(pnl, loss);
  const hasValidation = validation !== undefined && validation.n > 0;
  const validate = (paths: PathBatch): { holdings: Float64Array; pnl: Float64Array } => {
    const holdings = policy.holdings({ paths, option, dt });
    return { holdings, pnl: hedgePnl(paths, holdings, option.payoff(paths), { cost }) };
  };

  let history: EpochRecord[] = [];
  let best = policy.save();
  let bestEpoch = 0;
  let bestRisk = Number.POSITIVE_INFINITY;
  let sinceBest = 0;
  let startEpoch = 1;
  const resumed = options.checkpoints?.load();
  if (resumed) {
    policy.load(resumed.policy);
    adam.load(resumed.optimizer);
    omega.values()[0] = resumed.omega;
    best = resumed.best;
    bestEpoch = resumed.bestEpoch;
    bestRisk = resumed.bestRisk;
    history = [...resumed.history];
    sinceBest = resumed.epochsWithoutImprovement;
    startEpoch = resumed.epoch + 1;
  }
  let initialRisk = resumed?.initialRisk;
  if (keepInitial && hasValidation && selection === "best" && !resumed) {
    initialRisk = measure(validate(validation).pnl);
    if (Number.isFinite(initialRisk)) bestRisk = initialRisk;
  }
  let lastGood = policy.save();
  let diverged: string | undefined;
  let stoppedEarly = false;

  try {
    for (let epoch = startEpoch; epoch <= epochs; epoch++) {
      if (sinceBest >= patience) {
        stoppedEarly = true;
        break;
      }
      const order = permutation(train.n, random.fork(epoch));
      let total = 0;
      let count = 0;
      const tally = { paths: 0, sum: 0, clipped: 0 };
      const onPnl = (pnl: ArrayLike<number>): void => {
        for (let i = 0; i < pnl.length; i++) {
          const x = pnl[i]!;
          tally.sum += x;
          if (clip !== null && x < clip) tally.clipped++;
        }
        tally.paths += pnl.length;
      };
      for (let s = 0; s < stepsPerEpoch; s++) {
        const indices = order.subarray(s * batchSize, Math.min((s + 1) * batchSize, train.n));
        if (indices.length < 2) continue;
        const batch = gatherPaths(train, indices);
        const split = (): number => {
          adam.zeroGrad();
          const l = splitStepGradient(policy, batch, {
            option,
            dt,
            cost,
            loss,
            omega: withOmega ? omega : undefined,
            passSize,
            onPnl,
          });
          adam.step();
          return l;
        };
        const value =
          batch.n > passSize
            ? split()
            : tidy(() => {
                const holdings = policy.forward({ paths: batch, option, dt }, "train");
                const pnl = pnlTensor(holdings, batch, option.payoff(batch), { cost });
                onPnl(pnl.values());
                const l = hedgingLoss(pnl, loss, withOmega ? omega : undefined);
                adam.zeroGrad();
                backward(l);
                adam.step();
                return l.item();
              });
        if (!Number.isFinite(value) || !trainable.every(isFinite)) {
          diverged = `training diverged at epoch ${epoch}, step ${s + 1}: the ${Number.isFinite(value) ? "weights" : "loss"} became ${Number.isFinite(value) ? "non-finite" : value}; kept the weights of epoch ${epoch - 1}`;
          break;
        }
        total += value;
        count++;
        options.onStep?.(epoch, s + 1, stepsPerEpoch, value);
      }
      if (diverged) break;
      const evaluation = hasValidation ? validation : train;
      const { holdings, pnl } = validate(evaluation);
      const risk = hasValidation ? measure(pnl) : total / Math.max(count, 1);
      const record: EpochRecord = {
        epoch,
        loss: total / Math.max(count, 1),
        validationRisk: risk,
        meanHolding: meanUnderlyingHolding(holdings, evaluation.assets),
        ...(tally.paths > 0 ? { trainingPnl: tally.sum / tally.paths } : {}),
        ...(tally.paths > 0 && clip !== null ? { clippedShare: tally.clipped / tally.paths } : {}),
        learningRate: adam.learningRate,
        ...(withOmega ? { omega: omega.values()[0]! } : {}),
      };
      history.push(record);
      lastGood = policy.save();
      if (risk < bestRisk) {
        bestRisk = risk;
        bestEpoch = epoch;
        best = lastGood;
        sinceBest = 0;
      } else {
        sinceBest++;
      }
      options.checkpoints?.save({
        epoch,
        policy: lastGood,
        best,
        bestEpoch,
        bestRisk,
        optimizer: adam.state(),
        omega: omega.values()[0]!,
        history,
        epochsWithoutImprovement: sinceBest,
        ...(initialRisk !== undefined ? { initialRisk } : {}),
      });
      options.onEpoch?.(record);
    }
  } finally {
    omega.dispose();
  }
  if (diverged) policy.load(lastGood);
  else if (selection === "best" && (bestEpoch > 0 || initialRisk !== undefined)) policy.load(best);
  const finalEpoch = diverged || selection === "last" ? (history[history.length - 1]?.epoch ?? 0) : bestEpoch;
  return {
    history,
    bestEpoch: finalEpoch,
    stoppedEarly,
    ...(diverged ? { diverged } : {}),
    resumedFrom: startEpoch - 1,
    ...(initialRisk !== undefined ? { initialRisk } : {}),
  };
}

function isFinite(t: Tensor): boolean {
  const v = t.values();
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) return false;
  return true;
}

function permutation(n: number, random: ReturnType<typeof createRandom>): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = random.integer(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

function meanUnderlyingHolding(holdings: Float64Array, assets: number): number {
  let total = 0;
  let count = 0;
  for (let k = 0; k < holdings.length; k += assets) {
    total += holdings[k]!;
    count++;
  }
  return count === 0 ? 0 : total / count;
}
