import { checkMlpOptions, denseLayers, type DenseLayer } from "./dense-layers.js";
import { assertOption, HedgelabError } from "../errors.js";
import { createRandom, DEFAULT_SEED } from "../random/random-source.js";
import { linear } from "../tensor/ops/linear.js";
import { slice } from "../tensor/ops/shape.js";
import { tanh } from "../tensor/ops/unary.js";
import { loadTensors, saveTensors } from "../tensor/serialize.js";
import { tensor, type DType, type Tensor } from "../tensor/tensor.js";
import { holdingsInChunks } from "./chunked-holdings.js";
import type { HedgeContext } from "./hedging-policy.js";
import type { NeuralPolicy, PolicyMode, SavedPolicy } from "./neural-policy.js";

/** Default hidden widths of {@link FeedForwardHedger}: two layers of 32. */
export const DEFAULT_FEED_FORWARD_HIDDEN: readonly number[] = [32, 32];

/** Options of {@link FeedForwardHedger}. */
export interface FeedForwardHedgerOptions {
  /** H, the number of hedge assets (outputs). */
  assets: number;
  /** T, the number of hedging dates (the paths must have as many). */
  steps: number;
  /**
   * Hidden layer widths; default [32, 32] ({@link DEFAULT_FEED_FORWARD_HIDDEN}). pfhedge's
   * `MultiLayerPerceptron` defaults to four layers of 32 (`[32, 32, 32, 32]` here); two are enough
   * for the delta of one option (the test learns it in about a second) and train twice as fast.
   */
  hidden?: number[];
  /** Hidden activation; default `"relu"` (pfhedge's). */
  activation?: "relu" | "tanh";
  /** K, the number of regime labels fed one-hot (0: none); default 0. */
  regimes?: number;
  /** F, the number of extra inputs per date read from the context's `features` [N, T, F]; default 0. */
  features?: number;
  /** Element type of the parameters; default float32. */
  dtype?: DType;
  /** Seed of the initial weights; default 42. */
  seed?: number;
}

/** Paths per chunk when `holdings` evaluates many paths. */
const EVAL_CHUNK = 4096;

/**
 * The feed-forward (no-recurrence) deep hedger of Buehler et al. (2019) and pfhedge's
 * `MultiLayerPerceptron`: one MLP shared across dates maps what is known on date t to the holdings
 * on that date,
 *
 *   δ_t = f_θ(x_t),   x_t = (m_t^0, …, m_t^{H−1}, τ_t, z_t, φ_t),
 *
 * with
 * - m_t^0 = log(S_t^0 / K), the log-moneyness of the option's underlying (asset 0), and for the
 *   other hedge assets m_t^h = log(S_t^h / S_0^h), their log-return since the path's first date
 *   (the same quantity when windows are rebased to K = S_0 = 100; the strike is the underlying's);
 * - τ_t = (T − t)·dt, the time to maturity in years (pfhedge's `expiry_time`), so that the one
 *   network is date-aware;
 * - z_t the regime label one-hot (`regimes` > 0, from `paths.regimes`);
 * - φ_t the context's extra features (`features` > 0, e.g. `deltaFeatures` set by a
 *   `ResidualHedger` with `inputs: "delta"`).
 * The previous holding is not an input (that is the RNN hedger), so the policy is Markov in x_t
 * and cannot see transaction costs it already paid. f_θ is Linear → act → … → Linear(H) with a
 * linear output; weights initialised like PyTorch's `nn.Linear`, from `createRandom(seed)`.
 *
 * All T dates go through the network as one batch of N·T rows (date-major), which the caller
 * sees as T tensors [N, H]: the holdings on date t depend only on x_t, so the policy is causal.
 *
 * Shapes: paths [N, T + 1, H]; `context.features` [N, T, F]; `paths.regimes` [N, T]; `forward`
 * returns T tensors [N, H]; `holdings` [N, T, H] (units of each hedge asset).
 *
 * Reference: H. Buehler, L. Gonon, J. Teichmann and B. Wood, "Deep hedging", Quantitative
 * Finance 19 (2019) 1271–1291, section 4 (the semi-recurrent network without the previous
 * holding); pfhedge, `pfhedge.nn.MultiLayerPerceptron` with inputs `log_moneyness`, `expiry_time`.
 *
 * @example
 * const ff = new FeedForwardHedger({ assets: 1, steps: 30 });
 * fit(ff, trainPaths, validationPaths, option, { epochs: 10 });
 */
export class FeedForwardHedger implements NeuralPolicy {
  readonly name = "feed-forward";
  readonly options: Required<FeedForwardHedgerOptions>;
  readonly parameters: Tensor[];
  private readonly layers: DenseLayer[];

  constructor(options: FeedForwardHedgerOptions) {
    const resolved: Required<FeedForwardHedgerOptions> = {
      assets: options.assets,
      steps: options.steps,
      hidden: options.hidden ?? [...DEFAULT_FEED_FORWARD_HIDDEN],
      activation: options.activation ?? "relu",
      regimes: options.regimes ?? 0,
      features: options.features ?? 0,
      dtype: options.dtype ?? "float32",
      seed: options.seed ?? DEFAULT_SEED,
    };
    const { assets, steps, hidden, activation, regimes, features, dtype } = resolved;
    assertOption(Number.isInteger(assets) && assets >= 1, "assets", assets, "must be a positive integer");
    assertOption(Number.isInteger(steps) && steps >= 1, "steps", steps, "must be a positive integer");
    checkMlpOptions({ hidden, activation, regimes, dtype });
    assertOption(
      Number.isInteger(features) && features >= 0,
      "features",
      features,
      "must be a non-negative integer",
    );
    this.options = resolved;
    const random = createRandom(resolved.seed);
    this.layers = denseLayers([this.inputWidth, ...hidden, assets], dtype, random);
    this.parameters = this.layers.flatMap((layer) => [layer.weight, layer.bias]);
  }

  /** The width of the input x_t: H moneyness values, the time to maturity, K regimes, F features. */
  get inputWidth(): number {
    const { assets, regimes, features } = this.options;
    return assets + 1 + regimes + features;
  }

  /** Holdings δ_t for t = 0, …, T − 1, each a tensor [N, H] of the parameters' dtype. */
  forward(context: HedgeContext, _mode: PolicyMode): Tensor[] {
    const { paths } = context;
    const { assets, steps, activation, dtype } = this.options;
    if (paths.assets !== assets) {
      throw new HedgelabError(
        `the feed-forward hedger was built for ${assets} hedge assets, the paths have ${paths.assets}`,
      );
    }
    if (paths.steps !== steps) {
      throw new HedgelabError(
        `the feed-forward hedger was built for T = ${steps} steps, the paths have ${paths.steps}`,
      );
    }
    const n = paths.n;
    let x = tensor(this.inputs(context), [steps * n, this.inputWidth], dtype);
    this.layers.forEach((layer, l) => {
      if (l === this.layers.length - 1) x = linear(x, layer.weight, layer.bias);
      else if (activation === "relu") x = linear(x, layer.weight, layer.bias, "relu");
      else x = tanh(linear(x, layer.weight, layer.bias));
    });
    const out = x;
    return Array.from({ length: steps }, (_, t) => slice(out, 0, t * n, (t + 1) * n));
  }

  /** Holdings, shape [N, T, H], in float64, evaluated in chunks of 4096 paths without gradients. */
  holdings(context: HedgeContext): Float64Array {
    return holdingsInChunks((c, mode) => this.forward(c, mode), context, EVAL_CHUNK);
  }

  save(): SavedPolicy {
    return {
      kind: "feed-forward",
      options: { ...this.options, hidden: [...this.options.hidden] },
      parameters: saveTensors(this.parameters),
      buffers: {},
    };
  }

  load(saved: SavedPolicy): void {
    if (saved.kind !== "feed-forward")
      throw new HedgelabError(`cannot load a ${saved.kind} model into the feed-forward hedger`);
    loadTensors(this.parameters, saved.parameters);
  }

  dispose(): void {
    for (const p of this.parameters) p.dispose();
  }

  toString(): string {
    const { hidden, activation } = this.options;
    const count = this.parameters.reduce((s, p) => s + p.size, 0);
    return `FeedForwardHedger(hidden=[${hidden.join(", ")}], ${activation}, inputs=${this.inputWidth}, ${count} parameters)`;
  }

  /** The inputs x_t of every path and date, date-major: row t·N + i, shape [T·N, inputWidth]. */
  private inputs(context: HedgeContext): Float64Array {
    const { paths, option, dt } = context;
    const { assets, steps, regimes, features } = this.options;
    const { n, values } = paths;
    if (regimes > 0 && !paths.regimes)
      throw new HedgelabError("the feed-forward hedger expects regime labels, the paths have none");
    const extra = context.features;
    if (features > 0 && extra?.length !== n * steps * features)
      throw new HedgelabError(`the feed-forward hedger expects ${features} features per date in the context`);
    const width = this.inputWidth;
    const input = new Float64Array(steps * n * width);
    for (let t = 0; t < steps; t++) {
      const tau = (steps - t) * dt;
      for (let i = 0; i < n; i++) {
        let k = (t * n + i) * width;
        const now = (i * (steps + 1) + t) * assets;
        const start = i * (steps + 1) * assets;
        input[k++] = Math.log(values[now]! / option.strike);
        for (let h = 1; h < assets; h++) input[k++] = Math.log(values[now + h]! / values[start + h]!);
        input[k++] = tau;
        if (regimes > 0) {
          const label = paths.regimes![i * steps + t]!;
          if (!(label >= 0 && label < regimes)) {
            throw new HedgelabError(
              `the feed-forward hedger was built for ${regimes} regimes, path ${i} has label ${label} on date ${t}`,
            );
          }
          input[k + label] = 1;
          k += regimes;
        }
        for (let f = 0; f < features; f++) input[k++] = extra![(i * steps + t) * features + f]!;
      }
    }
    return input;
  }
}
