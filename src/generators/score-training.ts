import { assertOption, HedgelabError } from "../errors.js";
import type { RandomSource } from "../random/random-source.js";
import { Adam, type AdamState } from "../tensor/adam.js";
import { backward } from "../tensor/backward.js";
import { decodeElements, encodeElements, type SavedTensor } from "../tensor/serialize.js";
import { noGrad, tidy } from "../tensor/tensor.js";
import { ScoreNetwork, type ScoreNetworkOptions } from "./score-network.js";
import { DEFAULT_VP_SCHEDULE, denoisingLoss, type VpSchedule } from "./vp-sde.js";

/** Options of {@link trainScoreNetwork}. */
export interface ScoreTrainingOptions {
  /** Passes over the data; default 1200 (SigDiffusions). */
  epochs?: number;
  /** Samples per Adam step; default 128. */
  batchSize?: number;
  /** Adam's learning rate; default 1e-3. */
  learningRate?: number;
  /** EMA decay of the sampling weights; default 0.999 (with warm-up min(d, (1 + n)/(10 + n)) at step n). */
  emaDecay?: number;
  /** Default β from 0.1 to 5. */
  schedule?: VpSchedule;
}

/** One epoch of score training. */
export interface ScoreEpoch {
  epoch: number;
  /** Mean denoising loss over the epoch's steps. */
  loss: number;
  /** Denoising loss of the EMA weights on the validation samples (fixed noise), when given. */
  validationLoss?: number;
}

/** The state after an epoch: enough to resume exactly. */
export interface ScoreCheckpoint {
  epoch: number;
  weights: SavedTensor[];
  /** The EMA weights, base64 float32 per parameter (as {@link SavedTensor}'s `data`). */
  ema: string[];
  optimizer: AdamState;
  history: ScoreEpoch[];
}

/** Progress callbacks and checkpoint hooks of {@link trainScoreNetwork}. */
export interface ScoreTrainingHooks {
  onStep?: (epoch: number, step: number, steps: number, loss: number) => void;
  onEpoch?: (record: ScoreEpoch) => void;
  /** Receives the state after every epoch. */
  saveCheckpoint?: (checkpoint: ScoreCheckpoint) => void;
  /** A state to resume from (the epochs after it are run). */
  resume?: ScoreCheckpoint;
}

/** A trained score network: its EMA weights (what sampling uses) and its history. */
export interface TrainedScore {
  network: ScoreNetworkOptions;
  ema: SavedTensor[];
  history: ScoreEpoch[];
}

/** The seed streams of a training run: epoch e shuffles and noises with fork(1000 + e). */
const EPOCH_STREAM = 1000;

/**
 * Trains a {@link ScoreNetwork} by denoising score matching ({@link denoisingLoss}) with Adam on
 * shuffled mini-batches (the last incomplete batch of an epoch is dropped, as SigDiffusions), keeping
 * an exponential moving average of the weights for sampling. Every epoch draws from its own fork of
 * `random`, so a run resumed from a checkpoint continues exactly as an uninterrupted one. A
 * non-finite loss stops the run with a {@link HedgelabError}.
 *
 * Shapes: `data` [N, L, C] float32 (standardised log-signatures); `validation` [M, L, C].
 */
export function trainScoreNetwork(
  data: Float32Array,
  n: number,
  network: ScoreNetworkOptions,
  options: ScoreTrainingOptions,
  random: RandomSource,
  hooks: ScoreTrainingHooks = {},
  validation?: { data: Float32Array; n: number },
): TrainedScore {
  const { epochs = 1200, batchSize = 128, learningRate = 1e-3, emaDecay = 0.999 } = options;
  const schedule = options.schedule ?? DEFAULT_VP_SCHEDULE;
  assertOption(Number.isInteger(epochs) && epochs >= 1, "epochs", epochs, "must be a positive integer");
  assertOption(
    Number.isInteger(batchSize) && batchSize >= 2,
    "batchSize",
    batchSize,
    "must be an integer ≥ 2",
  );
  assertOption(emaDecay >= 0 && emaDecay < 1, "emaDecay", emaDecay, "must be in [0, 1)");
  if (n < batchSize) {
    throw new HedgelabError(
      `too few training windows: ${n} for a batch size of ${batchSize} (use a smaller batch size or a longer training span)`,
    );
  }
  const { tokens, channels } = network;
  const width = tokens * channels;
  const net = new ScoreNetwork(network);
  try {
    const adam = new Adam(net.parameters, { learningRate });
    const ema = net.parameters.map((p) => Float32Array.from(p.values()));
    let history: ScoreEpoch[] = [];
    let first = 1;
    if (hooks.resume) {
      net.load(hooks.resume.weights, "the checkpoint");
      adam.load(hooks.resume.optimizer);
      hooks.resume.ema.forEach((data, k) => {
        const values = decodeElements(data, "float32", ema[k]!.length);
        if (!values) throw new HedgelabError(`the checkpoint's EMA weights do not fit parameter ${k}`);
        ema[k]!.set(values);
      });
      history = [...hooks.resume.history];
      first = hooks.resume.epoch + 1;
    }
    const steps = Math.floor(n / batchSize);
    const batch = new Float32Array(batchSize * width);
    for (let epoch = first; epoch <= epochs; epoch++) {
      const stream = random.fork(EPOCH_STREAM + epoch);
      const order = shuffled(n, stream);
      let total = 0;
      for (let step = 0; step < steps; step++) {
        for (let b = 0; b < batchSize; b++) {
          const i = order[step * batchSize + b]!;
          batch.set(data.subarray(i * width, (i + 1) * width), b * width);
        }
        const loss = tidy(() => {
          adam.zeroGrad();
          const l = denoisingLoss(net, batch, [batchSize, tokens, channels], stream, schedule);
          backward(l);
          return l.item();
        });
        if (!Number.isFinite(loss)) {
          throw new HedgelabError(
            `score training diverged at epoch ${epoch}, step ${step + 1}: loss ${loss} (try a lower learning rate)`,
          );
        }
        adam.step();
        const decay = Math.min(emaDecay, (1 + adam.stepCount) / (10 + adam.stepCount));
        net.parameters.forEach((p, k) => {
          const [e, v] = [ema[k]!, p.values()];
          for (let i = 0; i < e.length; i++) e[i] = decay * e[i]! + (1 - decay) * v[i]!;
        });
        total += loss;
        hooks.onStep?.(epoch, step + 1, steps, loss);
      }
      const record: ScoreEpoch = { epoch, loss: total / steps };
      if (validation && validation.n > 0)
        record.validationLoss = emaLoss(net, ema, validation, network, schedule, random);
      history.push(record);
      hooks.onEpoch?.(record);
      hooks.saveCheckpoint?.({
        epoch,
        weights: net.save(),
        ema: ema.map((e) => encodeElements(e)),
        optimizer: adam.state(),
        history,
      });
    }
    const weights = net.save();
    return {
      network,
      ema: weights.map((w, k) => ({
        name: w.name,
        shape: w.shape,
        dtype: w.dtype,
        data: encodeElements(ema[k]!),
      })),
      history,
    };
  } finally {
    net.dispose();
  }
}

/** The denoising loss of the EMA weights on validation samples, with a fixed noise stream. */
function emaLoss(
  net: ScoreNetwork,
  ema: Float32Array[],
  validation: { data: Float32Array; n: number },
  network: ScoreNetworkOptions,
  schedule: VpSchedule,
  random: RandomSource,
): number {
  const saved = net.parameters.map((p) => Float32Array.from(p.values()));
  net.parameters.forEach((p, k) => p.values().set(ema[k]!));
  const stream = random.fork(7);
  const chunk = 256;
  const width = network.tokens * network.channels;
  let total = 0;
  for (let start = 0; start < validation.n; start += chunk) {
    const count = Math.min(chunk, validation.n - start);
    const part = validation.data.subarray(start * width, (start + count) * width);
    total +=
      count *
      noGrad(() =>
        tidy(() =>
          denoisingLoss(net, part, [count, network.tokens, network.channels], stream, schedule).item(),
        ),
      );
  }
  net.parameters.forEach((p, k) => p.values().set(saved[k]!));
  return total / validation.n;
}

/** A uniformly random permutation of 0..n − 1 (Fisher–Yates). */
function shuffled(n: number, random: RandomSource): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = random.integer(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
