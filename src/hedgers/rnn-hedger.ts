import { assertOption, HedgelabError } from "../errors.js";
import { createRandom, DEFAULT_SEED } from "../random/random-source.js";
import { linearUniform } from "../tensor/init.js";
import { batchNorm, type BatchNormState } from "../tensor/ops/batch-norm.js";
import { linear } from "../tensor/ops/linear.js";
import { concat } from "../tensor/ops/shape.js";
import { tanh } from "../tensor/ops/unary.js";
import { loadTensors, saveTensors } from "../tensor/serialize.js";
import { tensor, variable, zeros, type DType, type Tensor } from "../tensor/tensor.js";
import { holdingsInChunks } from "./chunked-holdings.js";
import type { HedgeContext } from "./hedging-policy.js";
import type { NeuralPolicy, PolicyMode, SavedPolicy } from "./neural-policy.js";

/**
 * The two RNN hedgers of the paper's code family:
 * - `"shared"`: one MLP shared across time that sees, by default, the lagged returns, its previous
 *   holding, the time to maturity and the log-moneyness: a true recurrent policy (the W1 workload);
 *   with `previousHolding`, `timeToMaturity` and `moneyness` false it reads the lagged returns only,
 *   the paper's section 4.1 exactly;
 * - `"per-step"`: one MLP per date, BN → Linear(h1) → BN → ReLU → Linear(h2) → BN → ReLU →
 *   Linear(H), on the lagged returns only by default (the paper's code, h1 = h2 = 20).
 */
export type RnnVariant = "shared" | "per-step";

/** Hidden widths of an {@link RnnHedger} by variant when `hidden` is not given (per-step: the paper's code). */
export const DEFAULT_RNN_HIDDEN: Readonly<Record<RnnVariant, readonly number[]>> = {
  shared: [64, 64],
  "per-step": [20, 20],
};

/** Options of {@link RnnHedger}. */
export interface RnnHedgerOptions {
  /** H, the number of hedge assets (outputs). */
  assets: number;
  /** T, the number of hedging dates. */
  steps: number;
  /** Default `"shared"`. */
  variant?: RnnVariant;
  /** Hidden layer widths; default [64, 64] (shared) or [20, 20] (per-step, as the paper's code). */
  hidden?: number[];
  /** L, the number of lagged daily log-returns per asset in the input; default 1. */
  lags?: number;
  /** Hidden activation; default `"relu"`. */
  activation?: "relu" | "tanh";
  /**
   * Also feed log(S_t/K) of the underlying (information up to t, beyond the paper's inputs);
   * default true for `"shared"`, false for `"per-step"`.
   */
  moneyness?: boolean;
  /**
   * Also feed the network's own holding of the previous date δ_{t−1} ([n, H], 0 on the first date;
   * beyond the paper's inputs, what makes the shared variant recurrent); default true for
   * `"shared"`, false for `"per-step"`.
   */
  previousHolding?: boolean;
  /**
   * Also feed the time to maturity (T − t)/T (beyond the paper's inputs); default true for
   * `"shared"`, false for `"per-step"`.
   */
  timeToMaturity?: boolean;
  /**
   * Also feed the world's instantaneous volatility √v_t of each hedge asset (`PathBatch.variance`,
   * annualised; only paths of a stochastic-volatility world have it, market windows do not);
   * default false.
   */
  worldVolatility?: boolean;
  /** K, the number of regime labels fed one-hot (0: none); default 0. */
  regimes?: number;
  /** F, the number of extra inputs per date read from the context's `features` [N, T, F]; default 0. */
  features?: number;
  /** Element type of the parameters; default float32. */
  dtype?: DType;
  /** Seed of the initial weights; default 42. */
  seed?: number;
}

interface Layer {
  weight: Tensor;
  bias: Tensor;
}

interface Norm {
  gamma: Tensor;
  beta: Tensor;
  state: BatchNormState;
  name: string;
}

/** Paths per chunk when `holdings` evaluates many paths. */
const EVAL_CHUNK = 4096;

/**
 * The paper's RNN hedger (section 4.1): δ_t = f_θ(r̃_t, z_t) with r̃_t = (r_{t−L}, …, r_{t−1}) the
 * lagged log-returns r_τ = log(S_{τ+1}/S_τ) of every hedge asset (zero before the first date), so
 * that the decision on date t uses prices up to S_t; z_t the regime label one-hot when given, then
 * the context's extra features (`features` of them, e.g. `deltaFeatures`) when asked for.
 *
 * @example
 * const rnn = new RnnHedger({ assets: 1, steps: 30 });
 * fit(rnn, trainPaths, validationPaths, option, { epochs: 10 });
 */
export class RnnHedger implements NeuralPolicy {
  readonly name = "rnn";
  readonly options: Required<RnnHedgerOptions>;
  readonly parameters: Tensor[] = [];
  private readonly layers: Layer[][];
  private readonly norms: Norm[][];

  constructor(options: RnnHedgerOptions) {
    const variant = options.variant ?? "shared";
    assertOption(
      variant === "shared" || variant === "per-step",
      "variant",
      variant,
      'must be "shared" or "per-step"',
    );
    const resolved: Required<RnnHedgerOptions> = {
      assets: options.assets,
      steps: options.steps,
      variant,
      hidden: options.hidden ?? [...DEFAULT_RNN_HIDDEN[variant]],
      lags: options.lags ?? 1,
      activation: options.activation ?? "relu",
      moneyness: options.moneyness ?? variant === "shared",
      previousHolding: options.previousHolding ?? variant === "shared",
      timeToMaturity: options.timeToMaturity ?? variant === "shared",
      worldVolatility: options.worldVolatility ?? false,
      regimes: options.regimes ?? 0,
      features: options.features ?? 0,
      dtype: options.dtype ?? "float32",
      seed: options.seed ?? DEFAULT_SEED,
    };
    const { assets, steps, hidden, lags, activation, regimes, features } = resolved;
    assertOption(Number.isInteger(assets) && assets >= 1, "assets", assets, "must be a positive integer");
    assertOption(Number.isInteger(steps) && steps >= 1, "steps", steps, "must be a positive integer");
    assertOption(
      hidden.length >= 1 && hidden.every((h) => Number.isInteger(h) && h >= 1),
      "hidden",
      hidden,
      "must be positive integers",
    );
    assertOption(Number.isInteger(lags) && lags >= 1, "lags", lags, "must be a positive integer");
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
    assertOption(
      Number.isInteger(features) && features >= 0,
      "features",
      features,
      "must be a non-negative integer",
    );
    this.options = resolved;
    const random = createRandom(resolved.seed);
    const widths = [this.inputWidth, ...hidden, assets];
    const copies = variant === "shared" ? 1 : steps;
    this.layers = [];
    this.norms = [];
    for (let c = 0; c < copies; c++) {
      const prefix = variant === "shared" ? "" : `step${c}.`;
      const layers: Layer[] = [];
      for (let l = 0; l + 1 < widths.length; l++) {
        const [fanIn, fanOut] = [widths[l]!, widths[l + 1]!];
        const weight = variable(
          linearUniform(fanIn, fanIn * fanOut, random),
          [fanIn, fanOut],
          resolved.dtype,
          `${prefix}layer${l}.weight`,
        );
        const bias = variable(
          linearUniform(fanIn, fanOut, random),
          [fanOut],
          resolved.dtype,
          `${prefix}layer${l}.bias`,
        );
        layers.push({ weight, bias });
        this.parameters.push(weight, bias);
      }
      this.layers.push(layers);
      // Per-step: a batch normalisation before each linear layer (input, then every hidden layer).
      const norms: Norm[] = [];
      if (variant === "per-step") {
        for (let l = 0; l + 1 < widths.length; l++) {
          const f = widths[l]!;
          const name = `${prefix}bn${l}`;
          const gamma = variable(new Float64Array(f).fill(1), [f], resolved.dtype, `${name}.gamma`);
          const beta = variable(new Float64Array(f), [f], resolved.dtype, `${name}.beta`);
          norms.push({
            gamma,
            beta,
            name,
            state: { mean: new Float64Array(f), variance: new Float64Array(f).fill(1) },
          });
          this.parameters.push(gamma, beta);
        }
      }
      this.norms.push(norms);
    }
  }

  /** F, the width of the input at each date. */
  get inputWidth(): number {
    const { assets, lags, regimes, moneyness, previousHolding, timeToMaturity, features, worldVolatility } =
      this.options;
    return (
      lags * assets +
      (previousHolding ? assets : 0) +
      (timeToMaturity ? 1 : 0) +
      (moneyness ? 1 : 0) +
      (worldVolatility ? assets : 0) +
      regimes +
      features
    );
  }

  forward(context: HedgeContext, mode: PolicyMode): Tensor[] {
    const { paths, option } = context;
    const { assets, steps, variant, lags, moneyness, regimes, features, dtype, activation } = this.options;
    const { previousHolding, timeToMaturity, worldVolatility } = this.options;
    if (paths.assets !== assets) {
      throw new HedgelabError(
        `the RNN hedger was built for ${assets} hedge assets, the paths have ${paths.assets}`,
      );
    }
    if (paths.steps !== steps) {
      throw new HedgelabError(
        `the RNN hedger was built for T = ${steps} steps, the paths have ${paths.steps}`,
      );
    }
    if (regimes > 0 && !paths.regimes)
      throw new HedgelabError("the RNN hedger expects regime labels, the paths have none");
    if (worldVolatility && !paths.variance)
      throw new HedgelabError(
        "the RNN hedger reads the world's volatility (rnn.inputs world-volatility), the paths have none: only the paths of a stochastic-volatility world (heston, rough-bergomi) carry it",
      );
    const variance = paths.variance;
    const extra = context.features;
    if (features > 0 && extra?.length !== paths.n * steps * features)
      throw new HedgelabError(`the RNN hedger expects ${features} features per date in the context`);
    const n = paths.n;
    if (mode === "train" && variant === "per-step" && n < 2) {
      throw new HedgelabError(
        "training the per-step RNN needs batches of at least 2 paths (batch normalisation)",
      );
    }
    const width = steps + 1;
    const staticWidth = this.inputWidth - (previousHolding ? assets : 0);
    const values = paths.values;
    const holdings: Tensor[] = [];
    let previous = previousHolding ? zeros([n, assets], dtype) : undefined;
    for (let t = 0; t < steps; t++) {
      // Static inputs on date t: lagged returns, then time to maturity, log-moneyness, the world's
      // volatility and regime.
      const input = new Float64Array(n * staticWidth);
      for (let i = 0; i < n; i++) {
        const row = i * staticWidth;
        for (let lag = 1; lag <= lags; lag++) {
          const tau = t - lag; // r_τ = log(S_{τ+1}/S_τ), known on date t when τ ≤ t − 1
          if (tau < 0) continue;
          for (let h = 0; h < assets; h++) {
            const now = values[(i * width + tau + 1) * assets + h]!;
            const before = values[(i * width + tau) * assets + h]!;
            input[row + (lag - 1) * assets + h] = Math.log(now / before);
          }
        }
        let k = row + lags * assets;
        if (timeToMaturity) input[k++] = (steps - t) / steps;
        if (moneyness) input[k++] = Math.log(values[(i * width + t) * assets]! / option.strike);
        if (worldVolatility)
          for (let h = 0; h < assets; h++)
            input[k++] = Math.sqrt(Math.max(variance![(i * width + t) * assets + h]!, 0));
        if (regimes > 0) {
          const label = paths.regimes![i * steps + t]!;
          if (label >= 0 && label < regimes) input[k + label] = 1;
          k += regimes;
        }
        for (let f = 0; f < features; f++) input[k++] = extra![(i * steps + t) * features + f]!;
      }
      let x = tensor(input, [n, staticWidth], dtype);
      if (previous) x = concat([x, previous], 1);
      const copy = variant === "shared" ? 0 : t;
      const layers = this.layers[copy]!;
      const norms = this.norms[copy]!;
      layers.forEach((layer, l) => {
        const norm = norms[l];
        if (norm) x = batchNorm(x, norm.gamma, norm.beta, norm.state, { training: mode === "train" });
        const last = l === layers.length - 1;
        if (last) x = linear(x, layer.weight, layer.bias);
        else if (activation === "relu") x = linear(x, layer.weight, layer.bias, "relu");
        else x = tanh(linear(x, layer.weight, layer.bias));
      });
      holdings.push(x);
      if (previousHolding) previous = x;
    }
    return holdings;
  }

  holdings(context: HedgeContext): Float64Array {
    return holdingsInChunks((c, mode) => this.forward(c, mode), context, EVAL_CHUNK);
  }

  save(): SavedPolicy {
    const buffers: Record<string, number[]> = {};
    for (const norm of this.norms.flat()) {
      buffers[`${norm.name}.running_mean`] = Array.from(norm.state.mean);
      buffers[`${norm.name}.running_var`] = Array.from(norm.state.variance);
    }
    return { kind: "rnn", options: { ...this.options }, parameters: saveTensors(this.parameters), buffers };
  }

  load(saved: SavedPolicy): void {
    if (saved.kind !== "rnn")
      throw new HedgelabError(`cannot load a ${saved.kind} model into the RNN hedger`);
    loadTensors(this.parameters, saved.parameters);
    for (const norm of this.norms.flat()) {
      // Files written before the statistics were named as PyTorch's call them `.mean` and `.variance`.
      const mean = saved.buffers[`${norm.name}.running_mean`] ?? saved.buffers[`${norm.name}.mean`];
      const variance = saved.buffers[`${norm.name}.running_var`] ?? saved.buffers[`${norm.name}.variance`];
      if (!mean || !variance)
        throw new HedgelabError(`the saved model has no running statistics for ${norm.name}`);
      if (mean.length !== norm.state.mean.length || variance.length !== norm.state.variance.length) {
        throw new HedgelabError(
          `the saved model's running statistics of ${norm.name} are not ${norm.state.mean.length} numbers`,
        );
      }
      norm.state.mean.set(mean);
      norm.state.variance.set(variance);
    }
  }

  dispose(): void {
    for (const p of this.parameters) p.dispose();
  }

  toString(): string {
    const { variant, hidden, lags, activation } = this.options;
    return `RnnHedger(${variant}, hidden=[${hidden.join(", ")}], lags=${lags}, ${activation}, ${this.parameters.reduce((s, p) => s + p.size, 0)} parameters)`;
  }
}
