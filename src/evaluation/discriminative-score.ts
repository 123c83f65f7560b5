import { assertOption } from "../errors.js";
import type { RandomSource } from "../random/random-source.js";
import type { PathBatch } from "../data/path-batch.js";
import { Adam } from "../tensor/adam.js";
import { backward } from "../tensor/backward.js";
import { linearUniform } from "../tensor/init.js";
import { linear } from "../tensor/ops/linear.js";
import { logSumExp, mean } from "../tensor/ops/reduce.js";
import { concat } from "../tensor/ops/shape.js";
import { mul } from "../tensor/ops/binary.js";
import { noGrad, tensor, tidy, variable, zeros } from "../tensor/tensor.js";

/** Options of {@link discriminativeScore}. */
export interface DiscriminativeOptions {
  /** Paths drawn from each side at most; default 2000. */
  maxPaths?: number;
  /** Fraction of each side the classifier trains on (the rest is held out); default 0.7. */
  trainFraction?: number;
  /** Hidden width of the classifier; default 32. */
  hidden?: number;
  /** Full-batch Adam steps; default 300. */
  steps?: number;
}

/**
 * The discriminative score of generated paths against real ones (Yoon, Jarrett & van der Schaar
 * 2019, "Time-series Generative Adversarial Networks"): a small classifier — one hidden ReLU layer
 * on the daily log-returns of every asset, scaled by the real returns' standard deviation — is
 * trained to tell the two apart on 70% of a balanced sample (logistic loss, Adam), and the score is
 * its accuracy on the held-out 30% minus 0.5: 0 when the classifier cannot do better than chance,
 * 0.5 when it separates them perfectly (slightly negative values are chance).
 *
 * Shapes: `generated`, `real` [N, T + 1, H] with the same T and H.
 */
export function discriminativeScore(
  generated: PathBatch,
  real: PathBatch,
  random: RandomSource,
  options: DiscriminativeOptions = {},
): number {
  const { maxPaths = 2000, trainFraction = 0.7, hidden = 32, steps = 300 } = options;
  assertOption(
    generated.steps === real.steps && generated.assets === real.assets,
    "paths",
    [generated.steps, generated.assets],
    `must have the real paths' ${real.steps} steps and ${real.assets} assets`,
  );
  const n = Math.min(maxPaths, generated.n, real.n);
  assertOption(n >= 10, "paths", n, "need at least 10 paths on each side");
  const width = real.steps * real.assets;
  const features = (batch: PathBatch, picks: Int32Array): Float64Array => {
    const out = new Float64Array(picks.length * width);
    picks.forEach((i, row) => {
      for (let t = 0; t < batch.steps; t++) {
        for (let a = 0; a < batch.assets; a++) {
          const at = (i * (batch.steps + 1) + t) * batch.assets + a;
          out[row * width + t * batch.assets + a] = Math.log(
            batch.values[at + batch.assets]! / batch.values[at]!,
          );
        }
      }
    });
    return out;
  };
  const x = [features(generated, sample(generated.n, n, random)), features(real, sample(real.n, n, random))];
  let scale = 0;
  for (const v of x[1]!) scale += v * v;
  scale = Math.sqrt(scale / x[1]!.length) || 1;
  const cut = Math.round(trainFraction * n);
  // Rows: generated (label −1) then real (+1), split into training and held-out parts.
  const split = (from: number, to: number): { inputs: Float64Array; labels: Float64Array } => {
    const rows = 2 * (to - from);
    const inputs = new Float64Array(rows * width);
    const labels = new Float64Array(rows);
    [0, 1].forEach((side) => {
      for (let k = from; k < to; k++) {
        const row = side * (to - from) + (k - from);
        for (let j = 0; j < width; j++) inputs[row * width + j] = x[side]![k * width + j]! / scale;
        labels[row] = side === 1 ? 1 : -1;
      }
    });
    return { inputs, labels };
  };
  const training = split(0, cut);
  const held = split(cut, n);
  const w1 = variable(linearUniform(width, width * hidden, random), [width, hidden]);
  const b1 = variable(new Float64Array(hidden), [hidden]);
  const w2 = variable(linearUniform(hidden, hidden, random), [hidden, 1]);
  const b2 = variable(new Float64Array(1), [1]);
  const parameters = [w1, b1, w2, b2];
  try {
    const adam = new Adam(parameters, { learningRate: 1e-2 });
    const inputs = tensor(training.inputs, [training.labels.length, width]);
    const labels = tensor(
      training.labels.map((y) => -y),
      [training.labels.length, 1],
    );
    for (let s = 0; s < steps; s++) {
      tidy(() => {
        adam.zeroGrad();
        const logits = linear(linear(inputs, w1, b1, "relu"), w2, b2);
        // Logistic loss log(1 + e^{−y f}) = logSumExp([0, −y f]).
        const margin = mul(logits, labels);
        backward(mean(logSumExp(concat([zeros(margin.shape), margin], -1), -1)));
        adam.step();
      });
    }
    const predictions = noGrad(() =>
      tidy(() =>
        linear(linear(tensor(held.inputs, [held.labels.length, width]), w1, b1, "relu"), w2, b2).toArray(),
      ),
    );
    let correct = 0;
    held.labels.forEach((y, k) => {
      if ((predictions[k]! > 0 ? 1 : -1) === y) correct++;
    });
    return correct / held.labels.length - 0.5;
  } finally {
    for (const p of parameters) p.dispose();
  }
}

/** `count` distinct indices in 0..n − 1, uniformly at random (partial Fisher–Yates). */
function sample(n: number, count: number, random: RandomSource): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + random.integer(n - i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order.subarray(0, count);
}
