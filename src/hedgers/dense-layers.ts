import { assertOption } from "../errors.js";
import type { RandomSource } from "../random/random-source.js";
import { linearUniform } from "../tensor/init.js";
import { variable, type DType, type Tensor } from "../tensor/tensor.js";

/** One linear layer of a multilayer perceptron: weight [in, out], bias [out]. */
export interface DenseLayer {
  weight: Tensor;
  bias: Tensor;
}

/**
 * The linear layers widths[0] → widths[1] → … → widths[L], initialised like PyTorch's `nn.Linear`
 * (uniform ±1/√fan-in) from `random`, each weight then its bias, named `layer{l}.weight` and
 * `layer{l}.bias`. `lastBias`, when given, is the last layer's initial bias instead of a draw (so
 * the draws of the other layers are the same).
 */
export function denseLayers(
  widths: readonly number[],
  dtype: DType,
  random: RandomSource,
  lastBias?: Float64Array,
): DenseLayer[] {
  const layers: DenseLayer[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    const [fanIn, fanOut] = [widths[l]!, widths[l + 1]!];
    const weight = variable(
      linearUniform(fanIn, fanIn * fanOut, random),
      [fanIn, fanOut],
      dtype,
      `layer${l}.weight`,
    );
    const last = l + 2 === widths.length;
    const start = last && lastBias ? lastBias : linearUniform(fanIn, fanOut, random);
    layers.push({ weight, bias: variable(start, [fanOut], dtype, `layer${l}.bias`) });
  }
  return layers;
}

/**
 * Refuses, with one line naming the option, the settings every per-date MLP hedger shares: hidden
 * widths (positive integers), the activation (`relu` or `tanh`), K regime labels (an integer ≥ 0)
 * and the dtype.
 */
export function checkMlpOptions(options: {
  hidden: readonly number[];
  activation: string;
  regimes: number;
  dtype: string;
}): void {
  const { hidden, activation, regimes, dtype } = options;
  assertOption(
    hidden.length >= 1 && hidden.every((h) => Number.isInteger(h) && h >= 1),
    "hidden",
    hidden,
    "must be positive integers",
  );
  assertOption(
    activation === "relu" || activation === "tanh",
    "activation",
    activation,
    'must be "relu" or "tanh"',
  );
  assertOption(
    Number.isInteger(regimes) && regimes >= 0,
    "regimes",
    regimes,
    "must be a non-negative integer",
  );
  assertOption(dtype === "float32" || dtype === "float64", "dtype", dtype, 'must be "float32" or "float64"');
}
